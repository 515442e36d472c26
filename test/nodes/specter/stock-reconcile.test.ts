/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
// Stock → Compare With WooCommerce as n8n executes it: the Get Changes items in, the store's products as a
// parameter, the summary first and one item per difference out, and a summary the planner takes as it is.
import assert from 'node:assert/strict';
import type { IDataObject } from 'n8n-workflow';
import { Specter } from '../../../nodes/Specter/Specter.node';
import { executeContext } from '../../helpers/n8n-context';
import { jsonOf, rejectionOf } from './harness';

const STORE = 'https://butik.example/wp-json/wc/v3';
const node = new Specter();

async function run(parameters: Record<string, unknown>, items: IDataObject[], continueOnFail = false) {
	const context = executeContext({ parameters, credentials: {}, items: items.map((json) => ({ json })), continueOnFail, nodeType: node });
	const [output] = await node.execute.call(context);
	return output;
}

const compare = (storeProducts: unknown, storeName = 'Butik') => ({ resource: 'stock', operation: 'compareWithWooCommerce', storeProducts, storeName });
const batchItem = (changes: Array<[string, number | null]>, overrides: IDataObject = {}): IDataObject => ({
	queue: 'stock',
	batchNo: 'b-resync',
	recovered: false,
	moreAvailable: false,
	changeCount: changes.length,
	changes: changes.map(([articleNo, quantity]) => ({ articleNo, specterArticleId: null, quantity })),
	...overrides,
});
const product = (id: number, sku: string, stock: number | null): IDataObject => ({
	id,
	sku,
	type: 'simple',
	parent_id: 0,
	manage_stock: stock !== null,
	stock_quantity: stock,
	meta_data: [],
	_links: { collection: [{ href: `${STORE}/products` }] },
});

describe('Stock → Compare With WooCommerce', () => {
	it('needs no credential: it makes no request', () => {
		const hiddenFor = node.description.credentials?.[0].displayOptions?.hide?.operation ?? [];
		assert.ok(hiddenFor.includes('compareWithWooCommerce'));
	});

	it('outputs the summary, then one item per difference with store, SKU, ids, both figures and kind, all paired to the first input', async () => {
		const output = await run(compare([product(1, 'A', 5), product(2, 'B', 1), product(3, 'C', 9)]), [
			batchItem([
				['A', 5],
				['B', 4],
				['D', 2],
			]),
		]);
		const [summary, ...differences] = jsonOf(output);
		assert.deepEqual(
			{ ...summary, stockChanges: undefined, productsToFix: undefined },
			{
				kind: 'summary',
				store: 'Butik',
				batchNo: 'b-resync',
				recovered: false,
				specterArticles: 3,
				storeItems: 3,
				matching: 1,
				differences: 3,
				byKind: { differs: 1, missingInStore: 1, notStockManagedInStore: 0, missingInSpecter: 1 },
				toWrite: 1,
				notStockManagedInSpecter: [],
				notes: [],
				stockChanges: undefined,
				productsToFix: undefined,
			},
		);
		assert.deepEqual(
			differences.map((d) => [d.store, d.batchNo, d.kind, d.sku, d.productId, d.specterQuantity, d.storeQuantity]),
			[
				['Butik', 'b-resync', 'differs', 'B', 2, 4, 1],
				['Butik', 'b-resync', 'missingInSpecter', 'C', 3, null, 9],
				['Butik', 'b-resync', 'missingInStore', 'D', null, 2, null],
			],
		);
		assert.deepEqual(output.map((item) => item.pairedItem), output.map(() => ({ item: 0 })));
	});

	it("its summary feeds Stock → Plan WooCommerce Writes: only the fixable SKUs are planned, under the fetched batch's number", async () => {
		const [summaryItem] = await run(compare(JSON.stringify([product(1, 'A', 5), product(2, 'B', 1)])), [
			batchItem([
				['A', 5],
				['B', 4],
			]),
		]);
		const summary = summaryItem.json;
		const [chunk] = summary.stockChanges as IDataObject[];
		assert.equal(chunk.batchNo, 'b-resync');
		assert.ok(Date.now() - Date.parse(chunk.firstEmittedAt as string) < 60_000, 'first emitted now');
		const plan = await run(
			{ resource: 'stock', operation: 'planWooCommerceWrites', stockChanges: summary.stockChanges, options: {} },
			summary.productsToFix as IDataObject[],
		);
		assert.deepEqual(
			jsonOf(plan).map((call) => [call.url, call.body]),
			[[`${STORE}/products/batch`, { update: [{ id: 2, manage_stock: true, stock_quantity: 4, meta_data: [{ key: '_specter_stock_emitted_at', value: chunk.firstEmittedAt }, { key: '_specter_stock_batch', value: 'b-resync' }] }] }]],
		);
	});

	it('reads one item per change as well, and an empty queue (Always Output Data) as no Specter stock', async () => {
		const perChange = await run(compare([product(1, 'A', 5)]), [{ queue: 'stock', batchNo: 'b2', articleNo: 'A', specterArticleId: null, quantity: 3 }]);
		assert.deepEqual(jsonOf(perChange).slice(1).map((d) => [d.kind, d.sku, d.specterQuantity, d.storeQuantity]), [['differs', 'A', 3, 5]]);

		const empty = await run(compare([product(1, 'A', 5)]), [{}]);
		const [summary, ...differences] = jsonOf(empty);
		assert.equal(summary.batchNo, null);
		assert.deepEqual(summary.stockChanges, []);
		assert.match((summary.notes as string[])[0], /queue was empty/);
		assert.deepEqual(differences.map((d) => [d.kind, d.sku]), [['missingInSpecter', 'A']]);
	});

	it('says so when Specter handed out a batch that was open before the fetch', async () => {
		const [summary] = jsonOf(await run(compare([product(1, 'A', 5)]), [batchItem([['A', 4]], { recovered: true })]));
		assert.equal(summary.recovered, true);
		assert.match((summary.notes as string[])[0], /^Specter handed out batch b-resync, which was open before this fetch .*may predate the resync/);
	});

	it('refuses items of another queue, of two batches, or store products that are not products, naming the item', async () => {
		const otherQueue = await rejectionOf(run(compare([]), [{ queue: 'orderStatus', batchNo: 'x', changes: [] }]));
		assert.match(otherQueue.message, /Input item 1 is not from Specter's stock queue/);
		const twoBatches = await rejectionOf(run(compare([]), [batchItem([['A', 1]]), batchItem([['B', 1]], { batchNo: 'other' })]));
		assert.match(twoBatches.message, /changes of 2 Specter batches \(b-resync, other\)/);
		const notProducts = await rejectionOf(run(compare([{ sku: 'A' }]), [batchItem([['A', 1]])]));
		assert.match(notProducts.message, /Store Products item 1 is not a WooCommerce product or variation/);
		const failedFetch = await run(compare([]), [{ error: 'Specter did not answer' }], true);
		assert.match(String(jsonOf(failedFetch)[0].error), /Fetching Specter's stock failed: Specter did not answer/);
	});
});
