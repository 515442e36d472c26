/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
// Fault suite, hostile answers from Specter (issue 12): HTTP 500, an HTML error page, an empty body, malformed XML,
// an answer cut off mid-body, a reset connection and a time-out, before Specter carried the request out or after
// (the answer lost, the change made). Each case is one call of the Specter node over real HTTP against the simulator:
// the error names the WooCommerce order (or the queue batch) and what Specter answered, calls that are safe to repeat
// are retried, and the simulator's state shows nothing half-written and nothing duplicated.
import assert from 'node:assert/strict';
import type { IDataObject } from 'n8n-workflow';
import type { WooOrder } from '../../nodes/Specter/mappers';
import { loadOrder } from '../mappers/fixtures';
import { API_USER_KEY, INTEGRATION_KEY, type NodeHarness, PSEUDO_ARTICLES, clone, everythingIn, jsonOf, startHarness } from '../nodes/specter/harness';

const ORDER = { resource: 'order', operation: 'createFromWooCommerce', ...PSEUDO_ARTICLES };

function order(id: number): IDataObject {
	const woo: WooOrder = clone(loadOrder('order-kco-private-two-rates.json'));
	woo.id = id;
	woo.number = String(id);
	woo.billing.email = `svar-${id}@example.se`;
	return woo as unknown as IDataObject;
}

/** Batch → Acknowledge for the items' batch, as the templates end. */
const acknowledge = (items: IDataObject[]) => (itemIndex: number) => ({ resource: 'batch', operation: 'acknowledge', queue: items[itemIndex].queue, batchNo: items[itemIndex].batchNo });

function assertNoSecrets(value: unknown): void {
	const text = everythingIn(value);
	for (const secret of [API_USER_KEY, INTEGRATION_KEY]) assert.ok(!text.includes(secret), `secret in ${text.slice(0, 300)}`);
	assert.doesNotMatch(text, /[?&]key=[0-9a-f]/i, 'a signed URL');
}

describe('fault suite: hostile answers from Specter at the Specter node', () => {
	let harness: NodeHarness;
	const fault = (body: Record<string, unknown>) => harness.control('faults', body);
	const runOrder = async (id: number) => {
		const [json] = jsonOf(await harness.run({ parameters: ORDER, items: [order(id)], continueOnFail: true }));
		assertNoSecrets(json);
		return json;
	};
	const counts = async () => {
		const state = await harness.state();
		return { orders: state.orders.length, customers: state.customers.length };
	};

	beforeEach(async () => {
		harness = await startHarness();
		for (const articleNo of ['TERMOS-05', 'KAFFE-MORK-500', 'A-1', 'A-2']) await harness.control('articles', { articleNo, stock: 100 });
	});
	afterEach(() => harness.close());

	describe('orders', () => {
		it('HTTP 500 on every attempt: gave up after 4 attempts, naming the order; nothing written', async () => {
			await fault({ kind: 'http500', action: 'newCustomerSubmit', times: 4 });
			const json = await runOrder(6001);
			assert.match(String(json.error), /^WooCommerce order 6001: Specter answered newCustomerSubmit with HTTP 500 \(server error\); gave up after 4 attempts/);
			assert.deepEqual(await counts(), { orders: 0, customers: 0 });
		});

		it('HTTP 500 once: retried, one order', async () => {
			await fault({ kind: 'http500', action: 'newOrderSubmit' });
			const json = await runOrder(6002);
			assert.equal(json.error, undefined);
			assert.equal(json.alreadyTransferred, false);
			assert.deepEqual(await counts(), { orders: 1, customers: 1 });
			assert.equal(await harness.callsOf('newOrderSubmit'), 2);
		});

		it('HTTP 500 after Specter stored the order: the retry finds it already transferred and reports its number; one order', async () => {
			await fault({ kind: 'http500', action: 'newOrderSubmit', after: true });
			const json = await runOrder(6003);
			const [stored] = (await harness.state()).orders;
			assert.equal(json.alreadyTransferred, true);
			assert.equal(json.specterOrderNo, stored.orderNo);
			assert.deepEqual(await counts(), { orders: 1, customers: 1 });
		});

		it('an HTML error page (HTTP 200) on the order: an error naming the order and the page title, not repeated; the customer stays; running it again makes one order', async () => {
			await fault({ kind: 'html', action: 'newOrderSubmit' });
			const json = await runOrder(6004);
			assert.match(String(json.error), /^WooCommerce order 6004: Specter answered newOrderSubmit with an HTML page instead of data \("500 - Internal server error\."\)/);
			assert.equal(await harness.callsOf('newOrderSubmit'), 1, 'a page is not an answer that may be repeated blindly');
			assert.deepEqual(await counts(), { orders: 0, customers: 1 });
			assert.equal((await runOrder(6004)).error, undefined);
			assert.deepEqual(await counts(), { orders: 1, customers: 1 });
		});

		it('an HTML error page on the customer: an error naming the order; nothing written', async () => {
			await fault({ kind: 'html', action: 'newCustomerSubmit' });
			assert.match(String((await runOrder(6005)).error), /^WooCommerce order 6005: Specter answered newCustomerSubmit with an HTML page/);
			assert.deepEqual(await counts(), { orders: 0, customers: 0 });
		});

		it('an empty body on the customer: an error naming the order and the empty body; nothing written', async () => {
			await fault({ kind: 'empty', action: 'newCustomerSubmit' });
			assert.match(String((await runOrder(6006)).error), /^WooCommerce order 6006: Specter answered newCustomerSubmit with an empty body/);
			assert.deepEqual(await counts(), { orders: 0, customers: 0 });
		});

		it('an empty body after Specter stored the order: an error now; running it again finds it already transferred; one order', async () => {
			await fault({ kind: 'empty', action: 'newOrderSubmit', after: true });
			assert.match(String((await runOrder(6007)).error), /^WooCommerce order 6007: Specter answered newOrderSubmit with an empty body/);
			const again = await runOrder(6007);
			assert.equal(again.alreadyTransferred, true);
			assert.deepEqual(await counts(), { orders: 1, customers: 1 });
		});

		it('malformed XML instead of a text answer: an error naming the order and quoting the start of it; nothing stored', async () => {
			await fault({ kind: 'malformedXml', action: 'newOrderSubmit' });
			assert.match(String((await runOrder(6008)).error), /^WooCommerce order 6008: Specter answered newOrderSubmit with malformed XML/);
			assert.equal((await counts()).orders, 0);
		});

		it('an answer cut off mid-body: retried as a network failure; one order', async () => {
			await fault({ kind: 'truncated', action: 'newOrderSubmit' });
			const json = await runOrder(6009);
			assert.equal(json.error, undefined);
			assert.deepEqual(await counts(), { orders: 1, customers: 1 });
		});

		it('an answer cut off after Specter stored the customer: the retry matches the customer; one customer', async () => {
			await fault({ kind: 'truncated', action: 'newCustomerSubmit', after: true });
			assert.equal((await runOrder(6010)).error, undefined);
			assert.deepEqual(await counts(), { orders: 1, customers: 1 });
		});

		it('a reset connection: retried; one order', async () => {
			await fault({ kind: 'reset', action: 'newOrderSubmit', times: 2 });
			assert.equal((await runOrder(6011)).error, undefined);
			assert.deepEqual(await counts(), { orders: 1, customers: 1 });
		});

		it('a time-out after Specter stored the order (no answer within 30 s): retried, found already transferred; one order', async () => {
			await fault({ kind: 'timeout', action: 'newOrderSubmit', after: true });
			const json = await runOrder(6012);
			assert.equal(json.alreadyTransferred, true);
			assert.deepEqual(await counts(), { orders: 1, customers: 1 });
		}, 120_000);

		it('a wrong integration key: refused in-band, no secret in the error; nothing written', async () => {
			const [json] = jsonOf(await harness.run({ parameters: ORDER, items: [order(6013)], continueOnFail: true, credentials: { integrationSecretKey: 'wrong-integration-key' } }));
			assert.match(String(json.error), /^WooCommerce order 6013: Specter rejected newCustomerSubmit \(code 1\)/);
			assertNoSecrets(json);
			assert.ok(!everythingIn(json).includes('wrong-integration-key'));
			assert.deepEqual(await counts(), { orders: 0, customers: 0 });
		});

		it('an API v1 account with a wrong MD5 key: refused, neither MD5 key in the error', async () => {
			await harness.close();
			const [keyOne, keyTwo, wrongKey] = ['hostile-md5-one', 'hostile-md5-two', 'hostile-md5-wrong'];
			harness = await startHarness({ account: { sbmId: '1234', apiVersion: 1, md5Key1: keyOne, md5Key2: keyTwo } });
			const [json] = jsonOf(
				await harness.run({
					parameters: ORDER,
					items: [order(6014)],
					continueOnFail: true,
					credentials: { apiVersion: '1', apiUserId: '', md5SecretKey1: keyOne, md5SecretKey2: wrongKey },
				}),
			);
			assert.match(String(json.error), /^WooCommerce order 6014: Specter rejected newCustomerSubmit \(code 1\)/);
			for (const secret of [keyOne, keyTwo, wrongKey]) assert.ok(!everythingIn(json).includes(secret));
		});
	});

	describe('change queues', () => {
		beforeEach(async () => {
			await harness.control('customers', { customerId: '777', name: 'Kund AB', emailAddress: 'kund@example.se' });
			await harness.run({ parameters: { resource: 'order', operation: 'create', customerId: '777', externalOrderNo: 'WC-1', rows: { row: [{ articleNo: 'A-1', priceExclVat: 10, quantity: 1, vatPercent: 25 }] } } });
			const orderNo = (await harness.state()).orders[0].orderNo;
			await harness.control(`orders/${orderNo}/deliver`, { trackingNo: 'TRACK-1' });
		});

		it('an HTML page on the order-status fetch: an error naming the action; the change stays queued', async () => {
			await fault({ kind: 'html', action: 'getOrdersExternalNeedUpdate' });
			const [json] = jsonOf(await harness.run({ parameters: { resource: 'orderStatus', operation: 'getChanges', options: {} }, continueOnFail: true }));
			assert.match(String(json.error), /getOrdersExternalNeedUpdate with an HTML page/);
			const queue = (await harness.state()).queues.orderStatus;
			assert.equal(queue.pending.length, 1);
			assert.equal(queue.bound, null);
		});

		it('malformed XML after the fetch bound the batch: an error now; the next fetch gets the same batch back; nothing lost', async () => {
			await fault({ kind: 'malformedXml', action: 'getOrdersExternalNeedUpdate', after: true });
			const [failed] = jsonOf(await harness.run({ parameters: { resource: 'orderStatus', operation: 'getChanges', options: {} }, continueOnFail: true }));
			assert.match(String(failed.error), /getOrdersExternalNeedUpdate with malformed XML/);
			const bound = (await harness.state()).queues.orderStatus.bound;
			assert.ok(bound, 'Specter bound the batch before the answer broke');
			const changes = jsonOf(await harness.run({ parameters: { resource: 'orderStatus', operation: 'getChanges', options: {} } }));
			assert.equal(changes.length, 1);
			assert.equal(changes[0].batchNo, bound.batchNo);
			assert.deepEqual(changes[0].trackingNumbers, ['TRACK-1']);
		});

		it('an empty body on the acknowledgement (Specter did not take it): acknowledged with a warning, and Specter hands the batch out again; nothing lost', async () => {
			await harness.control('stock', { articleNo: 'A-2', quantity: 9 });
			const changes = jsonOf(await harness.run({ parameters: { resource: 'stock', operation: 'getChanges', options: {} } }));
			const stockChanges = changes.filter((change) => change.articleNo === 'A-2');
			assert.equal(stockChanges.length, 1);
			await fault({ kind: 'empty', action: 'updateArticlesFromBatch' });
			const [acknowledged] = jsonOf(await harness.run({ parameters: acknowledge(changes), items: changes }));
			assert.equal(acknowledged.acknowledged, true);
			assert.match(String(acknowledged.warning), /empty/i);
			const again = jsonOf(await harness.run({ parameters: { resource: 'stock', operation: 'getChanges', options: {} } }));
			assert.equal(again.find((change) => change.articleNo === 'A-2')?.batchNo, changes[0].batchNo, 'the same batch again');
		});

		it('HTTP 500 on every acknowledgement attempt: an error naming the action (the item carries the batch); the batch stays open', async () => {
			await harness.control('stock', { articleNo: 'A-2', quantity: 8 });
			const changes = jsonOf(await harness.run({ parameters: { resource: 'stock', operation: 'getChanges', options: {} } }));
			await fault({ kind: 'http500', action: 'updateArticlesFromBatch', times: 4 });
			const [json] = jsonOf(await harness.run({ parameters: acknowledge(changes), items: changes, continueOnFail: true }));
			// the message names the action, not the batch; the error item carries queue and batch number
			assert.match(String(json.error), /^Specter answered updateArticlesFromBatch with HTTP 500 \(server error\); gave up after 4 attempts/);
			assert.deepEqual([json.queue, json.batchNo], ['stock', changes[0].batchNo]);
			assert.equal((await harness.state()).queues.stock.bound?.batchNo, changes[0].batchNo);
		});

		it('a stock answer cut off mid-body: retried; each change emitted once', async () => {
			await harness.control('stock', { articleNo: 'A-2', quantity: 5 });
			await fault({ kind: 'truncated', action: 'getArticleExternalNeedUpdate', after: true });
			const changes = jsonOf(await harness.run({ parameters: { resource: 'stock', operation: 'getChanges', options: {} } }));
			assert.deepEqual(
				changes.map((change) => [change.articleNo, change.quantity]).sort(),
				[
					['A-1', 99],
					['A-2', 5],
				],
			);
		});
	});
});
