/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
// compareStock: Specter's full stock against a store's products and variations, as WooCommerce lists them.
import assert from 'node:assert/strict';
import { compareStock, type StoreStockItem } from '../../nodes/Specter/mappers/stock-reconcile';
import { planStockWrites } from '../../nodes/Specter/mappers/stock-to-woo';
import type { StockChange } from '../../nodes/Specter/wire/types';

const STORE = 'https://butik.example/wp-json/wc/v3';
const change = (articleNo: string, quantity: number | null): StockChange => ({ articleNo, specterArticleId: null, quantity });
/** a product as GET /products lists it */
const product = (id: number, sku: string, stock: number | null, extra: Partial<StoreStockItem> = {}): StoreStockItem => ({
	id,
	sku,
	type: 'simple',
	parent_id: 0,
	manage_stock: stock !== null,
	stock_quantity: stock,
	meta_data: [],
	_links: { self: [{ href: `${STORE}/products/${id}` }], collection: [{ href: `${STORE}/products` }] },
	...extra,
});
/** a variation as GET /products/<parent>/variations lists it: no type, links on the variations route */
const variation = (id: number, parent: number, sku: string, stock: number | null, extra: Partial<StoreStockItem> = {}): StoreStockItem => ({
	id,
	sku,
	manage_stock: stock !== null,
	stock_quantity: stock,
	meta_data: [],
	_links: {
		self: [{ href: `${STORE}/products/${parent}/variations/${id}` }],
		collection: [{ href: `${STORE}/products/${parent}/variations` }],
		up: [{ href: `${STORE}/products/${parent}` }],
	},
	...extra,
});

describe('compareStock', () => {
	const store = [
		product(1, 'SAME', 5),
		product(2, 'DRIFT', 3),
		product(10, 'TEE', null, { type: 'variable', manage_stock: false }),
		variation(11, 10, 'TEE-S', 4),
		variation(12, 10, 'TEE-M', 9),
		product(3, 'UNMANAGED', null),
		product(4, 'STORE-ONLY', 8),
		product(5, 'NO-SPECTER-STOCK', 2),
		product(6, '', 1),
	];
	const specter = [
		change('SAME', 5.7),
		change('DRIFT', 7),
		change('TEE-S', 4),
		change('TEE-M', 6),
		change('UNMANAGED', 2),
		change('ONLY-SPECTER', 12),
		change('NO-SPECTER-STOCK', null),
	];

	it('lists each kind of difference by SKU and counts the matching ones', () => {
		const result = compareStock(specter, store);
		assert.deepEqual(
			result.differences.map((d) => [d.kind, d.sku, d.productId, d.parentId, d.specterQuantity, d.storeQuantity, d.fixable]),
			[
				['differs', 'DRIFT', 2, 0, 7, 3, true],
				['missingInStore', 'ONLY-SPECTER', null, null, 12, null, false],
				['missingInSpecter', 'STORE-ONLY', 4, 0, null, 8, false],
				['differs', 'TEE-M', 12, 10, 6, 9, true],
				['notStockManagedInStore', 'UNMANAGED', 3, 0, 2, null, true],
			],
		);
		// SAME: 5.7 rounds down to 5, as the stock template writes it; TEE-S equal
		assert.equal(result.matching, 2);
		assert.equal(result.specterArticles, 6);
		assert.deepEqual(result.notStockManagedInSpecter, ['NO-SPECTER-STOCK']);
		assert.equal(result.storeItems, 8, 'the product without SKU is not compared');
	});

	it('hands the planner the fixable changes and targets it can address, variations on their parent route', () => {
		const { fix } = compareStock(specter, store);
		assert.deepEqual(fix.changes.map((c) => c.articleNo), ['DRIFT', 'TEE-M', 'UNMANAGED']);
		const plan = planStockWrites(
			[{ batchNo: 'b1', attempt: 1, firstEmittedAt: '2026-03-01T10:00:00.000Z', acknowledged: false, changes: fix.changes }],
			fix.targets,
		);
		assert.deepEqual(plan.skipped, []);
		assert.deepEqual(
			plan.requests.map((request) => [request.url, request.body.update.map((update) => [update.id, update.stock_quantity])]),
			[
				[`${STORE}/products/batch`, [[2, 7], [3, 2]]],
				[`${STORE}/products/10/variations/batch`, [[12, 6]]],
			],
		);
	});

	it('a variation whose parent holds its stock is not stock-managed itself; grouped and external products cannot be fixed', () => {
		const result = compareStock(
			[change('V-1', 3), change('GROUP', 1), change('EXT', 1)],
			[
				variation(21, 20, 'V-1', 5, { manage_stock: 'parent', parent_id: 20 }),
				product(30, 'GROUP', null, { type: 'grouped' }),
				product(31, 'EXT', null, { type: 'external' }),
			],
		);
		assert.deepEqual(
			result.differences.map((d) => [d.kind, d.sku, d.storeQuantity, d.fixable]),
			[
				['notStockManagedInStore', 'EXT', null, false],
				['notStockManagedInStore', 'GROUP', null, false],
				['notStockManagedInStore', 'V-1', null, true],
			],
		);
		assert.match(result.differences[2].message, /its parent does/);
		assert.deepEqual(result.fix.targets.map((t) => [t.id, t.type, t.parent_id]), [[21, 'variation', 20]]);
	});

	it("the last change of an article counts, a SKU differing only in case is found, and the store's marks travel to the planner", () => {
		const mark = { id: 1, key: '_specter_stock_emitted_at', value: '2026-03-02T00:00:00.000Z' };
		const result = compareStock([change('abc', 1), change('abc', 4)], [product(7, 'ABC', 2, { meta_data: [mark] })]);
		assert.deepEqual(result.differences.map((d) => [d.kind, d.sku, d.specterQuantity]), [['differs', 'abc', 4]]);
		assert.deepEqual(result.fix.targets[0].meta_data, [mark]);
		// the planner leaves alone a product holding a figure newer than the batch
		const plan = planStockWrites(
			[{ batchNo: 'b1', attempt: 1, firstEmittedAt: '2026-03-01T00:00:00.000Z', acknowledged: false, changes: result.fix.changes }],
			result.fix.targets,
		);
		assert.deepEqual(plan.skipped.map((s) => [s.articleNo, s.reason]), [['abc', 'alreadyWritten']]);
	});

	it('nothing differs when the store holds every figure', () => {
		const result = compareStock([change('A', 1), change('B', 0)], [product(1, 'A', 1), product(2, 'B', 0), product(3, 'C', null)]);
		assert.deepEqual(result.differences, []);
		assert.equal(result.matching, 2);
		assert.deepEqual(result.fix, { changes: [], targets: [] });
	});
});
