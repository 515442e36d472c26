/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
// Orders priced by the WooCommerce simulator (prices incl. VAT, coupons spread over lines, fees, shipping, three
// VAT rates) map to Specter rows whose total and VAT per rate equal WooCommerce's, for any quantity (issue 9,
// items 1 and 2). Each order's numbers come from the simulator, not from the mapper's own arithmetic.
import assert from 'node:assert/strict';
import { mapWooOrderToSpecter, type OrderMappingSettings, type WooOrder } from '../../nodes/Specter/mappers';
import { placeOrderInput } from '../simulators/woocommerce/fixtures';
import { startWooCommerceSimulator, type WooSimulator } from '../simulators/woocommerce/server';
import { control } from '../simulators/woocommerce/test-support';
import { nonZero, specterTotals, wooVatByRate } from './woo-order-builder';

const SETTINGS: OrderMappingSettings = {
	shippingArticleNo: 'FRAKT',
	feeArticleNo: 'AVGIFT',
	discountArticleNo: 'RABATT',
	roundingArticleNo: 'AVRUNDNING',
	payTypeByPaymentMethod: { bacs: 'PP' },
};

const PRODUCTS = [
	{ name: 'Penna', sku: 'PEN', regular_price: '12.99' },
	{ name: 'Block', sku: 'PAD', regular_price: '7.77' },
	{ name: 'Te', sku: 'TEA', regular_price: '19.90', tax_class: 'reduced-rate' },
	{ name: 'Godis', sku: 'SWEET', regular_price: '0.99', tax_class: 'reduced-rate' },
	{ name: 'Bok', sku: 'BOOK', regular_price: '249.00', tax_class: 'six-rate' },
	{ name: 'Tidning', sku: 'MAG', regular_price: '33.33', tax_class: 'six-rate' },
];

const COUPONS = [
	undefined,
	{ code: 'TIO', discount_type: 'percent', amount: '10' },
	{ code: 'FEMTIO', discount_type: 'fixed_cart', amount: '50' },
	{ code: 'FEM', discount_type: 'fixed_product', amount: '0.50' },
	{ code: 'TRE', discount_type: 'percent', amount: '3.5' },
] as const;

/** A small deterministic generator, so a failure names a reproducible order. */
function generator(seed: number): () => number {
	let state = seed;
	return () => {
		state = (state * 1103515245 + 12345) % 2147483648;
		return state / 2147483648;
	};
}

describe('mapWooOrderToSpecter: orders priced by the WooCommerce simulator', () => {
	let sim: WooSimulator;

	beforeAll(async () => {
		sim = await startWooCommerceSimulator();
		await control(sim, 'POST', 'products', PRODUCTS);
	});
	afterAll(() => sim.close());

	it('equal WooCommerce’s total and VAT per rate for any quantities, coupons, fees and shipping', async () => {
		const random = generator(9);
		const quantities = [1, 2, 3, 7, 13, 99, 250, 500, 999, 1000, 4321];
		for (let run = 0; run < 40; run++) {
			const lines = PRODUCTS.filter(() => random() < 0.5).map((product) => ({
				sku: product.sku,
				quantity: quantities[Math.floor(random() * quantities.length)],
			}));
			if (lines.length === 0) lines.push({ sku: 'PEN', quantity: 500 });
			const coupon = COUPONS[run % COUPONS.length];
			const extra: Record<string, unknown> = { payment_method: 'bacs', transaction_id: '', meta_data: [] };
			if (coupon) extra.coupon_lines = [coupon];
			if (run % 3 === 0) extra.fee_lines = [{ name: 'Expeditionsavgift', total: '19.00' }];
			const order = (await control(sim, 'POST', 'orders/place', placeOrderInput(lines, undefined, extra))) as WooOrder;

			const label = `order ${order.number}: ${lines.map((line) => `${line.quantity} × ${line.sku}`).join(', ')}${coupon ? ` with ${coupon.code}` : ''}`;
			const rows = mapWooOrderToSpecter(order, SETTINGS).order.rows;
			const totals = specterTotals(rows);
			assert.equal(totals.inclVat, Math.round(Number(order.total) * 100), `${label}: total`);
			assert.deepEqual(nonZero(totals.vatByRate), nonZero(wooVatByRate(order)), `${label}: VAT per rate`);
			for (const row of rows.filter((candidate) => candidate.articleNo === SETTINGS.roundingArticleNo)) {
				assert.ok(Math.abs(row.priceExclVat) <= 0.5, `${label}: rounding row ${row.priceExclVat}`);
			}
		}
	});
});
