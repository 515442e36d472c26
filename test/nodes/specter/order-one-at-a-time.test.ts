/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test code runs in Node, not inside n8n */
// Several executions transferring the same WooCommerce order at once (order.created and order.updated, each
// delivered three times) against a Specter whose external-order-number check is not atomic: the simulator waits
// 250 ms between its check and storing, so two calls checked in that window would both be stored.
import assert from 'node:assert/strict';
import type { IDataObject } from 'n8n-workflow';
import { oneAtATime, keysHeld } from '../../../nodes/Specter/shared/one-at-a-time';
import { loadOrder } from '../../mappers/fixtures';
import { type NodeHarness, PSEUDO_ARTICLES, jsonOf, startHarness } from './harness';

const FROM_WOOCOMMERCE = { resource: 'order', operation: 'createFromWooCommerce', ...PSEUDO_ARTICLES };

describe('one transfer of an order at a time (non-atomic Specter)', () => {
	let harness: NodeHarness;

	beforeEach(async () => {
		harness = await startHarness();
		for (const articleNo of ['TERMOS-05', 'KAFFE-MORK-500', 'TYG-LINNE-NAT']) await harness.control('articles', { articleNo, stock: 100 });
		await harness.control('duplicate-check', { windowMs: 250 });
	});
	afterEach(() => harness.close());

	it('six executions of one order at the same moment make one Specter order; five report it already transferred', async () => {
		const order = loadOrder('order-kco-private-two-rates.json') as unknown as IDataObject;
		const outputs = await Promise.all(Array.from({ length: 6 }, () => harness.run({ parameters: FROM_WOOCOMMERCE, items: [order] })));
		const state = await harness.state();
		assert.equal(state.orders.filter((stored) => stored.externalOrderNo === String(order.number)).length, 1);
		const results = outputs.map((output) => jsonOf(output)[0]);
		assert.equal(results.filter((result) => result.alreadyTransferred === false).length, 1);
		assert.equal(results.filter((result) => result.alreadyTransferred === true).length, 5);
		assert.equal(new Set(results.map((result) => result.specterOrderNo)).size, 1, 'every execution reports the same Specter order');
		assert.equal(state.customers.length, 1, 'one customer');
		assert.equal(keysHeld(), 0, 'nothing left held');
	});

	it('Specter answers after the 30 s time-out while still storing: the repeat waits 10 s and meets the stored order', async () => {
		await harness.control('faults', { kind: 'latency', latencyMs: 30_600, action: 'newOrderSubmit', times: 1 });
		const order = loadOrder('order-kco-private-two-rates.json') as unknown as IDataObject;
		const [result] = jsonOf(await harness.run({ parameters: FROM_WOOCOMMERCE, items: [order] }));
		const state = await harness.state();
		assert.equal(state.orders.filter((stored) => stored.externalOrderNo === String(order.number)).length, 1, 'one Specter order');
		assert.equal(result.alreadyTransferred, true, 'the repeat found the first call stored');
		assert.equal(await harness.callsOf('newOrderSubmit'), 2);
	}, 90_000);

	it('two different orders are not held up by each other', async () => {
		const first = loadOrder('order-kco-private-two-rates.json') as unknown as IDataObject;
		const second = { ...first, id: 9002, number: '9002' };
		const outputs = await Promise.all([first, second].map((order) => harness.run({ parameters: FROM_WOOCOMMERCE, items: [order] })));
		assert.deepEqual(outputs.map((output) => jsonOf(output)[0].alreadyTransferred), [false, false]);
		const requests = await harness.requests();
		const submits = requests.filter((request) => request.action === 'newOrderSubmit');
		assert.equal(submits.length, 2);
	});
});

describe('oneAtATime', () => {
	it('runs calls with one key in order, after the earlier one settled even when it failed', async () => {
		const events: string[] = [];
		const step = (name: string, ms: number, fail = false) => async () => {
			events.push(`${name} start`);
			await new Promise((done) => setTimeout(done, ms));
			events.push(`${name} end`);
			if (fail) throw new Error(name);
			return name;
		};
		const results = await Promise.allSettled([oneAtATime('k', step('a', 30, true)), oneAtATime('k', step('b', 5)), oneAtATime('other', step('c', 1))]);
		assert.deepEqual(results.map((result) => result.status), ['rejected', 'fulfilled', 'fulfilled']);
		assert.ok(events.indexOf('b start') > events.indexOf('a end'), events.join(', '));
		assert.ok(events.indexOf('c end') < events.indexOf('a end'), 'another key is not held up');
		assert.equal(keysHeld(), 0);
	});

	it('stops waiting for a holder whose execution was stopped (n8n lets its node run on, and its call may never end)', async () => {
		const stopped = new AbortController();
		const stuck = oneAtATime('stuck', () => new Promise<never>(() => {}), stopped.signal);
		let ran = false;
		const next = oneAtATime('stuck', async () => (ran = true));
		await new Promise((done) => setTimeout(done, 20));
		assert.equal(ran, false, 'waits while the holder runs');
		stopped.abort();
		await next;
		assert.equal(ran, true);
		void stuck;
	});

	it('stops waiting after the longest wait when the holder never ends', async () => {
		void oneAtATime('forever', () => new Promise<never>(() => {}));
		const began = Date.now();
		assert.equal(await oneAtATime('forever', async () => 'went on', undefined, 50), 'went on');
		assert.ok(Date.now() - began >= 45);
	});
});

