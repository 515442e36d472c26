/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
// Stock → Plan WooCommerce Writes and Stock → Check WooCommerce Answers, the two request-free operations of the stock
// template, executed as n8n executes them (parameter defaults, pairing, Continue On Fail), and in a loop against the
// WooCommerce simulator: look up, plan, send, check, as the template does, attempt after attempt.
import assert from 'node:assert/strict';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { Specter } from '../../../nodes/Specter/Specter.node';
import { STOCK_BATCH_META_KEY, STOCK_EMITTED_AT_META_KEY } from '../../../nodes/Specter/mappers/stock-to-woo';
import { executeContext } from '../../helpers/n8n-context';
import { sampleCatalogue } from '../../simulators/woocommerce/fixtures';
import { startWooCommerceSimulator, type WooSimulator } from '../../simulators/woocommerce/server';
import { API, control, wooRequest } from '../../simulators/woocommerce/test-support';
import { jsonOf, rejectionOf } from './harness';

const STORE = 'https://butik.example/wp-json/wc/v3';
const T1 = '2026-03-01T10:00:00.000Z';

const node = new Specter();

async function run(parameters: Record<string, unknown> | ((itemIndex: number) => Record<string, unknown>), items: IDataObject[], continueOnFail = false) {
	const context = executeContext({ parameters, credentials: {}, items: items.map((json) => ({ json })), continueOnFail, nodeType: node });
	const [output] = await node.execute.call(context);
	return output;
}

const plan = (stockChanges: unknown, options: IDataObject = {}) => ({ resource: 'stock', operation: 'planWooCommerceWrites', stockChanges, options });
const check = (plannedCall: (itemIndex: number) => unknown, giveUpAfterAttempts = 5) => (itemIndex: number) => ({
	resource: 'stock',
	operation: 'checkWooCommerceAnswers',
	plannedCall: plannedCall(itemIndex),
	giveUpAfterAttempts,
});

const chunkItem = (changes: Array<[string, number | null]>, overrides: IDataObject = {}): IDataObject => ({
	queue: 'stock',
	batchNo: 'b1',
	attempt: 1,
	firstEmittedAt: T1,
	acknowledged: false,
	chunk: 1,
	chunks: 1,
	changeCount: changes.length,
	articleNos: changes.map(([articleNo]) => articleNo).join(','),
	changes: changes.map(([articleNo, quantity]) => ({ articleNo, specterArticleId: null, quantity })),
	...overrides,
});
const product = (id: number, sku: string, extra: IDataObject = {}): IDataObject => ({
	id,
	sku,
	type: 'simple',
	parent_id: 0,
	meta_data: [],
	_links: { collection: [{ href: `${STORE}/products` }] },
	...extra,
});

describe('Stock → Plan WooCommerce Writes', () => {
	it('needs no credential, like every operation that makes no request', () => {
		const [credential] = node.description.credentials ?? [];
		const hiddenFor = credential.displayOptions?.hide?.operation ?? [];
		assert.ok(hiddenFor.includes('planWooCommerceWrites') && hiddenFor.includes('checkWooCommerceAnswers'), JSON.stringify(hiddenFor));
	});

	it('outputs one item per batch call, paired to the products it writes, with what it left alone on the first', async () => {
		const output = await run(plan([chunkItem([['MUG', 7], ['TEE-M', 4], ['NOPE', 2], ['FREE', null]])]), [
			{},
			product(11, 'MUG'),
			product(21, 'TEE-M', { type: 'variation', parent_id: 20 }),
		]);
		assert.deepEqual(
			output.map((item) => [item.json.url, (item.json.body as { update: IDataObject[] }).update.map((update) => update.id), item.pairedItem]),
			[
				[`${STORE}/products/batch`, [11], [{ item: 1 }]],
				[`${STORE}/products/20/variations/batch`, [21], [{ item: 2 }]],
			],
		);
		assert.deepEqual(
			(output[0].json.skipped as IDataObject[]).map((skipped) => [skipped.articleNo, skipped.reason]),
			[
				['NOPE', 'notInStore'],
				['FREE', 'notStockManaged'],
			],
		);
		assert.equal(output[1].json.skipped, undefined);
	});

	it('outputs nothing when nothing is to be written (so no call is made), e.g. all SKUs unknown', async () => {
		assert.deepEqual(await run(plan([chunkItem([['NOPE', 1]])]), [{}]), []);
	});

	it('stops when the look-up failed instead of counting its SKUs as not in the store', async () => {
		const error = await rejectionOf(run(plan([chunkItem([['MUG', 1]])]), [product(11, 'MUG'), { error: 'The service is receiving too many requests from you' }]));
		assert.match(error.message, /^The WooCommerce look-up failed: The service is receiving too many requests from you/);
		assert.equal((error.context as IDataObject).itemIndex, 1);
	});

	it('says to choose the chunk output when the trigger items carry no attempt, and with Continue On Fail outputs that as an error item', async () => {
		const perChange = [{ queue: 'stock', batchNo: 'b1', articleNo: 'MUG', quantity: 1 }];
		const error = await rejectionOf(run(plan(perChange), [product(11, 'MUG')]));
		assert.match(error.message, /^Stock Changes item 1 is not a chunk of stock changes/);
		assert.match(String(error.description), /Chunks of 100 Changes/);
		const noAttempt = await rejectionOf(run(plan([{ ...chunkItem([['MUG', 1]]), attempt: undefined }]), [product(11, 'MUG')]));
		assert.match(noAttempt.message, /has no attempt or firstEmittedAt/);

		const [item] = await run(plan(perChange), [product(11, 'MUG')], true);
		assert.match(String(item.json.error), /not a chunk of stock changes/);
	});

	it('takes the trigger items as JSON text too, and a lower limit per call', async () => {
		const products = [product(1, 'A'), product(2, 'B'), product(3, 'C')];
		const output = await run(plan(JSON.stringify([chunkItem([['A', 1], ['B', 2], ['C', 3]])]), { maxPerRequest: 2 }), products);
		assert.deepEqual(
			output.map((item) => (item.json.writes as IDataObject[]).map((write) => write.articleNo)),
			[['A', 'B'], ['C']],
		);
	});

	it('names the SKU of a found product without the address its writes go to', async () => {
		const error = await rejectionOf(run(plan([chunkItem([['MUG', 1]])]), [product(11, 'MUG', { _links: {} })]));
		assert.match(error.message, /^SKU MUG: WooCommerce product 11 came without _links\.collection/);
	});
});

describe('Stock → Check WooCommerce Answers', () => {
	const planned = (writes: Array<[string, number, number]>, attempt = 1): IDataObject => ({
		url: `${STORE}/products/batch`,
		writes: writes.map(([articleNo, productId, quantity]) => ({
			articleNo,
			productId,
			quantity,
			parentId: 0,
			batchNo: 'b1',
			attempt,
			firstEmittedAt: T1,
			acknowledged: false,
		})),
	});
	const refused = { code: 'woocommerce_rest_product_not_created', message: 'Saving failed.', data: { status: 400 } };
	const fullResponse = (body: unknown, statusCode = 200): IDataObject => ({ statusCode, statusMessage: 'OK', headers: {}, body: body as IDataObject });

	it('fails the run while attempts are left, naming the SKU, its stock and WooCommerce’s answer', async () => {
		const call = planned([
			['MUG', 11, 7],
			['BOOK', 12, 3],
		]);
		const error = await rejectionOf(run(check(() => call), [fullResponse({ update: [{ id: 11, stock_quantity: 7 }, { id: 12, error: refused }] })]));
		assert.equal(
			error.message,
			'WooCommerce did not take the stock of 1 SKU of Specter batch b1 (attempt 1): SKU BOOK (stock 3, WooCommerce product 12): woocommerce_rest_product_not_created: Saving failed. (HTTP 400)',
		);
		assert.match(String(error.description), /The batch is not acknowledged/);
	});

	it('at the last attempt gives the refused SKUs up: written and notWritten per answer, and the alert text', async () => {
		const calls = [planned([['MUG', 11, 7]], 5), planned([['BOOK', 12, 3]], 5)];
		const output = await run(check((itemIndex) => calls[itemIndex]), [
			fullResponse({ update: [{ id: 11, stock_quantity: 7 }] }),
			fullResponse({ update: [{ id: 12, error: refused }] }),
		]);
		const [first, second] = jsonOf(output);
		assert.deepEqual(first.written, [{ articleNo: 'MUG', quantity: 7, productId: 11 }]);
		assert.deepEqual(first.notWritten, []);
		assert.equal(first.alert, '');
		assert.deepEqual(
			(second.notWritten as IDataObject[]).map((failure) => [failure.articleNo, failure.quantity, failure.code, failure.message]),
			[['BOOK', 3, 'woocommerce_rest_product_not_created', 'Saving failed.']],
		);
		assert.match(String(second.alert), /^Stock not written to WooCommerce, given up after Specter batch b1 \(attempt 5\): SKU BOOK wanted 3 \(WooCommerce product 12\): woocommerce_rest_product_not_created: Saving failed\./);
		assert.deepEqual(
			output.map((item) => item.pairedItem),
			[{ item: 0 }, { item: 1 }],
		);
	});

	it('never gives up a call that failed as a whole, and keeps a network error’s own words', async () => {
		const call = planned([['MUG', 11, 7]], 9);
		const http = await rejectionOf(run(check(() => call), [fullResponse({ code: 'rest_no_route', message: 'No route was found.', data: { status: 404 } }, 404)]));
		assert.match(http.message, /SKU MUG \(stock 7, WooCommerce product 11\): rest_no_route: No route was found\. \(HTTP 404\)$/);
		// HTTP Request with On Error: Continue puts the error on the item
		const network = await rejectionOf(run(check(() => call), [{ error: { message: 'connect ECONNREFUSED 127.0.0.1:443', name: 'RequestError' } }]));
		assert.match(network.message, /SKU MUG \(stock 7, WooCommerce product 11\): no_answer: WooCommerce did not answer: connect ECONNREFUSED 127\.0\.0\.1:443$/);
	});

	it('with Continue On Fail: an error item for each answer with SKUs to try again, under "failed" (never "notWritten")', async () => {
		const calls = [planned([['MUG', 11, 7]]), planned([['BOOK', 12, 3]])];
		const output = await run(
			check((itemIndex) => calls[itemIndex]),
			[fullResponse({ update: [{ id: 11, error: refused }] }), fullResponse({ update: [{ id: 12 }] })],
			true,
		);
		const [first, second] = jsonOf(output);
		assert.match(String(first.error), /SKU MUG/);
		assert.equal(first.notWritten, undefined);
		assert.deepEqual((first.failed as IDataObject[]).map((failure) => failure.articleNo), ['MUG']);
		assert.deepEqual(second.written, [{ articleNo: 'BOOK', quantity: 3, productId: 12 }]);
	});

	it('says how to set Planned Call when it is missing', async () => {
		const error = await rejectionOf(run(check(() => ''), [fullResponse({ update: [] })]));
		assert.equal(error.message, 'Planned Call is not an item of Stock → Plan WooCommerce Writes');
	});
});

describe('the stock loop against the WooCommerce simulator: look up, plan, send, check, attempt after attempt', () => {
	let sim: WooSimulator;
	beforeAll(async () => {
		sim = await startWooCommerceSimulator();
	});
	afterAll(async () => {
		await sim.close();
	});
	beforeEach(async () => {
		await control(sim, 'POST', 'reset');
		await control(sim, 'POST', 'products', sampleCatalogue());
	});

	const stockOf = (sku: string) => sim.state.products.find((candidate) => candidate.sku === sku)?.stock_quantity;

	/** One run of the template's upper branch for `trigger` items; resolves with Check's output or its error. */
	async function runOnce(trigger: IDataObject[], giveUpAfterAttempts = 5): Promise<INodeExecutionData[] | Error> {
		const found: IDataObject[] = [];
		for (const item of trigger) {
			const answer = await wooRequest(sim, `${API}/products?sku=${encodeURIComponent(String(item.articleNos))}&per_page=100`);
			found.push(...(answer.json as IDataObject[]));
		}
		const calls = await run(plan(trigger), found.length > 0 ? found : [{}]);
		const answers: IDataObject[] = [];
		for (const call of calls) {
			const response = await wooRequest(sim, String(call.json.url), { method: 'POST', body: call.json.body });
			answers.push({ statusCode: response.status, headers: {}, body: response.json as IDataObject });
		}
		if (calls.length === 0) return [];
		return run(check((itemIndex) => calls[itemIndex].json, giveUpAfterAttempts), answers).catch((error: Error) => error);
	}

	it('writes each product once per batch: a retry writes only what failed, and a sale since the first write stays counted', async () => {
		await control(sim, 'POST', 'faults', { kind: 'refuse', sku: 'BOOK-01', times: 1 });
		const changes: Array<[string, number]> = [
			['MUG-01', 7],
			['BOOK-01', 3],
			['TEE-M', 4],
		];
		const first = await runOnce([chunkItem(changes, { attempt: 1 })]);
		assert.ok(first instanceof Error);
		assert.match(first.message, /SKU BOOK-01 \(stock 3, WooCommerce product \d+\): woocommerce_rest_product_not_created/);
		assert.deepEqual([stockOf('MUG-01'), stockOf('BOOK-01'), stockOf('TEE-M')], [7, 15, 4]);
		const mug = sim.state.products.find((candidate) => candidate.sku === 'MUG-01');
		assert.deepEqual(
			mug?.meta_data.map((meta) => [meta.key, meta.value]),
			[
				[STOCK_EMITTED_AT_META_KEY, T1],
				[STOCK_BATCH_META_KEY, 'b1'],
			],
		);

		// a sale in WooCommerce after the first write
		await control(sim, 'POST', 'orders/place', { line_items: [{ sku: 'MUG-01', quantity: 2 }] });
		assert.equal(stockOf('MUG-01'), 5);

		const writesBefore = sim.state.requests.length;
		const second = await runOnce([chunkItem(changes, { attempt: 2 })]);
		assert.ok(!(second instanceof Error), String(second));
		assert.deepEqual([stockOf('MUG-01'), stockOf('BOOK-01'), stockOf('TEE-M')], [5, 3, 4], 'the retry wrote BOOK-01 only');
		const batches = sim.state.requests.slice(writesBefore).filter((request) => request.batch);
		assert.deepEqual(
			batches.map((request) => [request.path.replace(API, ''), request.batch?.update]),
			[['/products/batch', [mug?.id === undefined ? -1 : sim.state.products.find((candidate) => candidate.sku === 'BOOK-01')?.id]]],
		);
	});

	it('a SKU WooCommerce keeps refusing is given up at the last attempt while the others were written at the first', async () => {
		await control(sim, 'POST', 'faults', { kind: 'refuse', sku: 'TEE-M', times: 100, message: 'Locked by the ERP plugin.' });
		const changes: Array<[string, number]> = [
			['MUG-01', 8],
			['TEE-M', 6],
		];
		for (let attempt = 1; attempt <= 2; attempt++) {
			const result = await runOnce([chunkItem(changes, { attempt })], 3);
			assert.ok(result instanceof Error, `attempt ${attempt} fails`);
			assert.match(result.message, /SKU TEE-M \(stock 6, WooCommerce variation \d+ of product \d+\): woocommerce_rest_product_variation_not_created: Locked by the ERP plugin\./);
		}
		const last = await runOnce([chunkItem(changes, { attempt: 3 })], 3);
		assert.ok(!(last instanceof Error), String(last));
		const [answer] = jsonOf(last);
		assert.deepEqual(
			(answer.notWritten as IDataObject[]).map((failure) => [failure.articleNo, failure.quantity]),
			[['TEE-M', 6]],
		);
		assert.match(String(answer.alert), /SKU TEE-M wanted 6/);
		assert.equal(stockOf('MUG-01'), 8);
		assert.equal(stockOf('TEE-M'), 10, 'never written');
	});
});
