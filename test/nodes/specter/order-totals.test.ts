/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
// Order → Create From WooCommerce Order against the simulator, which computes each order's VAT and totals as
// Specter does (docs/specter-api.md §3.2): Specter's total and VAT per rate equal WooCommerce's (issue 9, items 1, 2).
import assert from 'node:assert/strict';
import type { IDataObject } from 'n8n-workflow';
import { loadOrder } from '../../mappers/fixtures';
import { wooOrder, wooVatByRate, nonZero } from '../../mappers/woo-order-builder';
import type { WooOrder } from '../../../nodes/Specter/mappers';
import { type NodeHarness, PSEUDO_ARTICLES, jsonOf, startHarness } from './harness';

interface StoredTotals {
	exclVat: number;
	vat: number;
	inclVat: number;
	vatByRate: Record<string, number>;
}

function parameters(extra: Record<string, unknown> = {}) {
	return { resource: 'order', operation: 'createFromWooCommerce', ...PSEUDO_ARTICLES, ...extra };
}

function inOre(byRate: Record<string, number>): Record<string, number> {
	return nonZero(Object.fromEntries(Object.entries(byRate).map(([rate, amount]) => [rate, Math.round(amount * 100)])));
}

describe('Order → Create From WooCommerce Order: Specter’s totals equal WooCommerce’s', () => {
	let harness: NodeHarness;

	beforeEach(async () => {
		harness = await startHarness();
		for (const articleNo of ['PENNA-BLA', 'KAFFE-MORK-500', 'TE-EARLGREY-100', 'TERMOS-05']) {
			await harness.control('articles', { articleNo, stock: 1000 });
		}
	});
	afterEach(() => harness.close());

	async function transfer(order: WooOrder): Promise<{ output: IDataObject; totals: StoredTotals }> {
		const [output] = jsonOf(await harness.run({ parameters: parameters({ simplify: false }), items: [order as unknown as IDataObject] }));
		const { orders } = await harness.state();
		const stored = orders.find((candidate) => candidate.orderNo === output.specterOrderNo) as unknown as { totals: StoredTotals };
		assert.ok(stored?.totals, 'the simulator stores the totals it computed');
		return { output, totals: stored.totals };
	}

	it('takes 500 × 12.99 kr incl. 25 % plus shipping, with the total and the VAT WooCommerce charged (item 1)', async () => {
		const order = wooOrder({ lines: [{ sku: 'PENNA-BLA', quantity: 500, unitPriceInclVat: 12.99, vatPercent: 25 }], shippingExclVat: 39.2 });
		const { output, totals } = await transfer(order);
		assert.equal(totals.inclVat, 6544);
		assert.equal(totals.vat, Number(order.total_tax));
		assert.deepEqual(inOre(totals.vatByRate), nonZero(wooVatByRate(order)));
		assert.equal(output.totalInclVat, 6544);
		assert.equal(output.totalVat, 1308.8);
		assert.deepEqual(output.vatByRate, { '25': 1308.8 });
		assert.ok((output.notes as string[]).some((note) => /line 1 \(Product PENNA-BLA, SKU PENNA-BLA\): 500 units/.test(note)));
	});

	it('books 649.50 VAT at 25 % for 250 × 12.99 kr, as WooCommerce’s tax line says (item 2)', async () => {
		const order = wooOrder({ lines: [{ sku: 'PENNA-BLA', quantity: 250, unitPriceInclVat: 12.99, vatPercent: 25 }] });
		const { totals } = await transfer(order);
		assert.equal(totals.vatByRate['25'], 649.5);
		assert.equal(totals.inclVat, 3247.5);
	});

	it('books each rate’s VAT as WooCommerce’s tax lines for the fixtures with two rates, coupons and rounding', async () => {
		for (const name of ['order-kco-private-two-rates.json', 'order-bacs-admin.json'] as const) {
			const order = loadOrder(name);
			const { totals, output } = await transfer(order);
			assert.deepEqual(inOre(totals.vatByRate), nonZero(wooVatByRate(order)), name);
			assert.equal(totals.inclVat, Number(order.total), name);
			assert.equal(output.totalInclVat, Number(order.total), name);
			assert.equal(output.totalVat, Number(order.total_tax), name);
		}
	});
});
