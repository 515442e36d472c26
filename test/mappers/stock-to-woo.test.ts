/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
import assert from 'node:assert/strict';
import {
	checkStockWriteAnswer,
	planStockWrites,
	STOCK_BATCH_META_KEY,
	STOCK_EMITTED_AT_META_KEY,
	StockPlanError,
	stockGiveUpMessage,
	stockRetryMessage,
	type PlannedStockWrite,
	type StockChunk,
	type WooStockTarget,
} from '../../nodes/Specter/mappers/stock-to-woo';
import type { StockChange } from '../../nodes/Specter/wire/types';

const STORE = 'https://butik.example/wp-json/wc/v3';
const T1 = '2026-03-01T10:00:00.000Z';
const T2 = '2026-03-01T10:05:00.000Z';

const change = (articleNo: string, quantity: number | null): StockChange => ({ articleNo, specterArticleId: null, quantity });
const chunk = (changes: StockChange[], overrides: Partial<StockChunk> = {}): StockChunk => ({
	batchNo: 'b1',
	attempt: 1,
	firstEmittedAt: T1,
	acknowledged: false,
	changes,
	...overrides,
});
/** A product or variation as GET /products?sku= returns it (the parts the planner reads). */
const product = (id: number, sku: string, extra: Partial<WooStockTarget> = {}): WooStockTarget => ({
	id,
	sku,
	type: 'simple',
	parent_id: 0,
	meta_data: [],
	_links: { self: [{ href: `${STORE}/products/${id}` }], collection: [{ href: `${STORE}/products` }] },
	...extra,
});
const variation = (id: number, sku: string, parentId: number, extra: Partial<WooStockTarget> = {}) =>
	product(id, sku, { type: 'variation', parent_id: parentId, ...extra });
const marked = (emittedAt: string, batchNo = 'b0') => ({
	meta_data: [
		{ id: 1, key: STOCK_EMITTED_AT_META_KEY, value: emittedAt },
		{ id: 2, key: STOCK_BATCH_META_KEY, value: batchNo },
	],
});

describe('planStockWrites', () => {
	it('writes products through products/batch and variations through their parent’s variations/batch, at the address WooCommerce gave', () => {
		const plan = planStockWrites(
			[chunk([change('MUG', 7), change('TEE-M', 4.6), change('TEE-S', 0), change('CAP-1', -2)])],
			[product(11, 'MUG'), variation(21, 'TEE-M', 20), variation(22, 'TEE-S', 20), variation(31, 'CAP-1', 30)],
		);
		assert.deepEqual(plan.skipped, []);
		assert.deepEqual(
			plan.requests.map((request) => [request.url, request.body.update.map((item) => [item.id, item.stock_quantity])]),
			[
				[`${STORE}/products/batch`, [[11, 7]]],
				[
					`${STORE}/products/20/variations/batch`,
					[
						[21, 4],
						[22, 0],
					],
				],
				[`${STORE}/products/30/variations/batch`, [[31, -2]]],
			],
		);
		// stock management on, and the mark of the batch in the same save
		assert.deepEqual(plan.requests[1].body.update[0], {
			id: 21,
			manage_stock: true,
			stock_quantity: 4,
			meta_data: [
				{ key: '_specter_stock_emitted_at', value: T1 },
				{ key: '_specter_stock_batch', value: 'b1' },
			],
		});
		assert.deepEqual(plan.requests[1].writes[0], {
			articleNo: 'TEE-M',
			quantity: 4,
			productId: 21,
			parentId: 20,
			batchNo: 'b1',
			attempt: 1,
			firstEmittedAt: T1,
			acknowledged: false,
		});
		assert.deepEqual(plan.requests[1].productIndexes, [1, 2]);
	});

	it('a backlog of 1 000 changes is 10 calls of 100; variations of one parent stay together; a smaller limit splits further', () => {
		const changes = Array.from({ length: 1000 }, (_, i) => change(`A${i}`, i));
		const products = changes.map((item, i) => product(1000 + i, item.articleNo));
		const chunks = Array.from({ length: 10 }, (_, i) => chunk(changes.slice(i * 100, (i + 1) * 100)));
		const plan = planStockWrites(chunks, products);
		assert.deepEqual(
			plan.requests.map((request) => request.body.update.length),
			Array(10).fill(100),
		);
		assert.ok(plan.requests.every((request) => request.url === `${STORE}/products/batch`));

		const mixed = planStockWrites(
			[chunk([change('A', 1), change('V1', 1), change('B', 1), change('V2', 1), change('C', 1)])],
			[product(1, 'A'), product(2, 'B'), product(3, 'C'), variation(5, 'V1', 4), variation(6, 'V2', 4)],
			{ maxPerRequest: 2 },
		);
		assert.deepEqual(
			mixed.requests.map((request) => [request.url.replace(STORE, ''), request.writes.map((write) => write.articleNo)]),
			[
				['/products/batch', ['A', 'B']],
				['/products/batch', ['C']],
				['/products/4/variations/batch', ['V1', 'V2']],
			],
		);
		// WooCommerce takes at most 100: a larger setting is held to it
		const capped = planStockWrites(chunks, products, { maxPerRequest: 500 });
		assert.equal(capped.requests.length, 10);
	});

	it('names every change it leaves alone: not stock-managed in Specter, not in this store', () => {
		const plan = planStockWrites([chunk([change('NOSTOCK', null), change('GONE', 3), change('MUG', 2)])], [product(11, 'MUG')]);
		assert.deepEqual(
			plan.skipped.map((skipped) => [skipped.articleNo, skipped.quantity, skipped.batchNo, skipped.reason]),
			[
				['NOSTOCK', null, 'b1', 'notStockManaged'],
				['GONE', 3, 'b1', 'notInStore'],
			],
		);
		assert.match(plan.skipped[0].message, /noItemsAvailable/);
		assert.equal(plan.requests.length, 1);
	});

	it('does not write a product again whose mark is from this batch or a newer one; an older, unreadable or missing mark is written', () => {
		const plan = planStockWrites(
			[chunk([change('SAME', 1), change('NEWER', 2), change('OLDER', 3), change('JUNK', 4), change('NONE', 5)], { batchNo: 'b1', attempt: 2, firstEmittedAt: T1 })],
			[
				product(1, 'SAME', marked(T1, 'b1')),
				product(2, 'NEWER', marked(T2, 'b2')),
				product(3, 'OLDER', marked('2026-02-28T09:00:00.000Z')),
				product(4, 'JUNK', marked('yesterday')),
				product(5, 'NONE'),
			],
		);
		assert.deepEqual(
			plan.skipped.map((skipped) => [skipped.articleNo, skipped.reason]),
			[
				['SAME', 'alreadyWritten'],
				['NEWER', 'alreadyWritten'],
			],
		);
		assert.match(plan.skipped[1].message, /Specter batch b2 \(first emitted 2026-03-01T10:05:00.000Z\)/);
		assert.deepEqual(
			plan.requests[0].writes.map((write) => write.articleNo),
			['OLDER', 'JUNK', 'NONE'],
		);
	});

	it('of several changes of one article the last wins, also across chunks and batches', () => {
		const plan = planStockWrites(
			[chunk([change('MUG', 5), change('MUG', 6)]), chunk([change('MUG', 4)], { batchNo: 'b2', firstEmittedAt: T2 })],
			[product(11, 'MUG')],
		);
		assert.deepEqual(
			plan.requests[0].body.update.map((item) => [item.stock_quantity, item.meta_data[1].value]),
			[[4, 'b2']],
		);
		assert.deepEqual(
			plan.skipped.map((skipped) => [skipped.quantity, skipped.reason]),
			[
				[5, 'superseded'],
				[6, 'superseded'],
			],
		);
	});

	it('finds a product whose SKU differs only in case when there is exactly one', () => {
		const plan = planStockWrites([chunk([change('mug-01', 3), change('tee', 1)])], [product(11, 'MUG-01'), product(12, 'TEE'), product(13, 'Tee')]);
		assert.deepEqual(
			plan.requests[0].writes.map((write) => [write.articleNo, write.productId]),
			[['mug-01', 11]],
		);
		assert.deepEqual(
			plan.skipped.map((skipped) => [skipped.articleNo, skipped.reason]),
			[['tee', 'notInStore']],
		);
	});

	it('refuses a found product it cannot address, naming the SKU', () => {
		const withoutLinks = product(11, 'MUG', { _links: {} });
		assert.throws(
			() => planStockWrites([chunk([change('MUG', 1)])], [product(10, 'OTHER'), withoutLinks]),
			(error: unknown) => error instanceof StockPlanError && error.articleNo === 'MUG' && error.productIndex === 1 && /_links\.collection/.test(error.message),
		);
		assert.throws(() => planStockWrites([chunk([change('V', 1)])], [variation(5, 'V', 0)]), /without its parent_id/);
	});
});

describe('checkStockWriteAnswer', () => {
	const write = (articleNo: string, productId: number, overrides: Partial<PlannedStockWrite> = {}): PlannedStockWrite => ({
		articleNo,
		quantity: 7,
		productId,
		parentId: 0,
		batchNo: 'b1',
		attempt: 1,
		firstEmittedAt: T1,
		acknowledged: false,
		...overrides,
	});
	const refusal = { code: 'woocommerce_rest_product_not_created', message: 'Nope.', data: { status: 400 } };

	it('reads each item of a batch answer: written, refused (WooCommerce’s code and message), or missing', () => {
		const writes = [write('A', 1), write('B', 2), write('C', 3)];
		const outcome = checkStockWriteAnswer(writes, {
			statusCode: 200,
			body: { update: [{ id: 1, sku: 'A', stock_quantity: 7 }, { id: 2, error: refusal }] },
		});
		assert.deepEqual(
			outcome.written.map((written) => written.articleNo),
			['A'],
		);
		assert.deepEqual(
			outcome.failed.map((failed) => [failed.articleNo, failed.code, failed.message, failed.status, failed.itemRefused, failed.givenUp]),
			[
				['B', 'woocommerce_rest_product_not_created', 'Nope.', 400, true, false],
				['C', 'no_entry', "WooCommerce's batch answer has no entry for this product", null, true, false],
			],
		);
		// an answer with no entries at all is PHP's empty array
		assert.equal(checkStockWriteAnswer([write('A', 1)], { statusCode: 200, body: [] }).failed[0].code, 'no_entry');
	});

	it('gives a refused item up at the batch’s last attempt, or at once when the batch is already acknowledged', () => {
		const answer = { statusCode: 200, body: { update: [{ id: 2, error: refusal }] } };
		assert.equal(checkStockWriteAnswer([write('B', 2, { attempt: 4 })], answer, 5).failed[0].givenUp, false);
		assert.equal(checkStockWriteAnswer([write('B', 2, { attempt: 5 })], answer, 5).failed[0].givenUp, true);
		assert.equal(checkStockWriteAnswer([write('B', 2, { attempt: 7 })], answer, 5).failed[0].givenUp, true);
		assert.equal(checkStockWriteAnswer([write('B', 2, { attempt: 1, acknowledged: true })], answer, 5).failed[0].givenUp, true);
		assert.equal(checkStockWriteAnswer([write('B', 2, { attempt: 1 })], answer, 1).failed[0].givenUp, true);
	});

	it('fails every write of a call that failed as a whole, and never gives those up', () => {
		const writes = [write('A', 1, { attempt: 9 }), write('B', 2, { attempt: 9 })];
		const outcomes = [
			checkStockWriteAnswer(writes, { statusCode: 500, body: { code: 'internal_server_error', message: 'critical error', data: { status: 500 } } }),
			checkStockWriteAnswer(writes, { statusCode: 502, body: '<html>Bad gateway</html>' }),
			checkStockWriteAnswer(writes, { statusCode: 200, body: '<html>Login</html>' }),
			checkStockWriteAnswer(writes, { transportError: 'connect ECONNREFUSED 127.0.0.1:443' }),
		];
		assert.deepEqual(
			outcomes.map((outcome) => [outcome.written.length, outcome.failed.map((failed) => [failed.code, failed.status, failed.itemRefused, failed.givenUp])]),
			[
				[0, [['internal_server_error', 500, false, false], ['internal_server_error', 500, false, false]]],
				[0, [['http_502', 502, false, false], ['http_502', 502, false, false]]],
				[0, [['not_a_batch_answer', 200, false, false], ['not_a_batch_answer', 200, false, false]]],
				[0, [['no_answer', null, false, false], ['no_answer', null, false, false]]],
			],
		);
		assert.match(outcomes[1].failed[0].message, /HTTP 502: <html>Bad gateway<\/html>/);
		// an answer without status (the HTTP Request node's plain body) is read the same way
		assert.equal(checkStockWriteAnswer(writes, { body: { code: 'rest_no_route', message: 'No route', data: { status: 404 } } }).failed[0].status, 404);
		assert.equal(checkStockWriteAnswer(writes, { body: { update: [{ id: 1 }, { id: 2 }] } }).written.length, 2);
	});

	it('says which SKUs, the stock they should have and what WooCommerce answered', () => {
		const [failure] = checkStockWriteAnswer([write('BOOK-01', 12, { quantity: 3, attempt: 5, parentId: 0 })], {
			statusCode: 200,
			body: { update: [{ id: 12, error: refusal }] },
		}).failed;
		const [variationFailure] = checkStockWriteAnswer([write('TEE-M', 21, { quantity: 4, parentId: 20 })], {
			statusCode: 200,
			body: { update: [{ id: 21, error: { ...refusal, code: 'woocommerce_rest_product_variation_not_created' } }] },
		}).failed;
		assert.equal(
			stockRetryMessage([variationFailure]),
			'WooCommerce did not take the stock of 1 SKU of Specter batch b1 (attempt 1): SKU TEE-M (stock 4, WooCommerce variation 21 of product 20): woocommerce_rest_product_variation_not_created: Nope. (HTTP 400)',
		);
		assert.equal(
			stockGiveUpMessage([failure]),
			'Stock not written to WooCommerce, given up after Specter batch b1 (attempt 5): SKU BOOK-01 wanted 3 (WooCommerce product 12): woocommerce_rest_product_not_created: Nope. (HTTP 400). ' +
				'The batch is acknowledged, so Specter sends these figures again only with their next change: set the stock by hand in WooCommerce, or fix the product and change its stock in Specter.',
		);
	});
});
