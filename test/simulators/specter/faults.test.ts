/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
// The simulator's fault modes for the fault suite (test/faults/): a truncated answer, faults that answer after the
// request was carried out (a lost answer), standing faults at a rate, the non-atomic duplicate check, the request
// log's times, batches and order numbers, and the signing secrets it collects in-process only.
import assert from 'node:assert/strict';

import { type SpecterSimulator, startSpecterSimulator } from './server';
import { control, queueCall, seedCustomer, sendRaw, submitCustomer, submitOrder, waitFor } from './sim-test-client';

describe('fault modes', () => {
	let sim: SpecterSimulator;
	const acme = { name: 'Acme AB', emailAddress: 'a@acme.se' };
	const addFault = (body: Record<string, unknown>) => control(sim, 'POST', 'faults', body);

	beforeEach(async () => {
		sim = await startSpecterSimulator();
		await control(sim, 'POST', 'articles', { articleNo: 'A1', name: 'One', priceExclVat: 10, stock: 5 });
	});
	afterEach(() => sim.close());

	const order = (customerId: string, externalOrderNo: string) => ({
		customerId,
		externalOrderNo,
		articleNo_1: 'A1',
		priceExclVAT_1: '10.00',
		noOfItems_1: '1',
		vatPercent_1: '25',
	});

	it('truncated: the connection drops in the middle of the body, and nothing is stored', async () => {
		await addFault({ kind: 'truncated' });
		await assert.rejects(submitCustomer(sim, acme), /aborted|socket hang up|ECONNRESET/i);
		assert.equal(sim.state.customers.size, 0);
		assert.equal(sim.state.requests[0].fault, 'truncated');
		assert.equal((await submitCustomer(sim, acme)).text, '1;10001;OK', 'the fault is used up');
	});

	it('after: the request is carried out, then the fault answers; the log says so', async () => {
		await addFault({ kind: 'http500', after: true });
		const response = await submitCustomer(sim, acme);
		assert.equal(response.status, 500);
		assert.equal(sim.state.customers.size, 1, 'the customer was stored although its answer was lost');
		assert.equal(sim.state.requests[0].ok, true);
		assert.equal(sim.state.requests[0].fault, 'http500');
		assert.equal(sim.state.requests[0].faultAfter, true);
	});

	it('after with truncated cuts the real answer; after with timeout stores and never answers', async () => {
		await addFault({ kind: 'truncated', after: true });
		await assert.rejects(submitCustomer(sim, acme));
		assert.equal(sim.state.customers.size, 1);

		await addFault({ kind: 'timeout', after: true });
		let settled = false;
		const pending = submitCustomer(sim, { name: 'Beta AB', emailAddress: 'b@beta.se' }).finally(() => (settled = true));
		await waitFor(() => sim.state.customers.size === 2, 'the second customer to be stored');
		assert.equal(settled, false);
		await sim.close();
		await assert.rejects(pending);
	});

	it('rate: a standing fault hits matching requests until DELETE faults; counted faults go first', async () => {
		await addFault({ kind: 'empty', rate: 1, action: 'newCustomerSubmit' });
		await addFault({ kind: 'http500', times: 1, action: 'newCustomerSubmit' });
		assert.equal((await submitCustomer(sim, acme)).status, 500, 'the counted fault');
		for (let attempt = 0; attempt < 3; attempt++) assert.equal((await submitCustomer(sim, acme)).body.length, 0);
		assert.equal((await queueCall(sim, 'updateArticlesFromBatch', 'b1')).text, '1;0;OK', 'other actions are not hit');
		assert.equal(sim.state.faults.length, 1, 'a standing fault stays');
		await control(sim, 'DELETE', 'faults');
		assert.equal((await submitCustomer(sim, acme)).text, '1;10001;OK');
	});

	it('rate: about that share of requests is hit', async () => {
		await addFault({ kind: 'html', rate: 0.25 });
		for (let index = 0; index < 200; index++) await queueCall(sim, 'updateArticlesFromBatch', `b${index}`);
		const hit = sim.state.requests.filter((entry) => entry.fault === 'html').length;
		// 200 draws at 25 %: 50 expected; below 20 or above 80 has a probability under one in a million
		assert.ok(hit >= 20 && hit <= 80, `${hit} of 200 hit`);
	});

	it('refuses rates outside (0, 1] and a malformed duplicate-check window', async () => {
		assert.equal((await addFault({ kind: 'html', rate: 0 })).status, 400);
		assert.equal((await addFault({ kind: 'html', rate: 1.5 })).status, 400);
		assert.equal((await addFault({ kind: 'html', after: 'yes' })).status, 400);
		assert.equal((await control(sim, 'POST', 'duplicate-check', { windowMs: -1 })).status, 400);
		assert.equal((await control(sim, 'POST', 'duplicate-check', {})).status, 400);
		assert.equal(sim.state.faults.length, 0);
	});

	describe('the duplicate check', () => {
		it('is atomic by default: of two concurrent orders with one external order number, one is refused', async () => {
			const customerId = await seedCustomer(sim);
			const answers = await Promise.all([submitOrder(sim, order(customerId, 'W-1')), submitOrder(sim, order(customerId, 'W-1'))]);
			assert.deepEqual(answers.map((answer) => answer.text.split(';')[0]).sort(), ['0', '1']);
			assert.equal(sim.state.orders.size, 1);
		});

		it('with a window, concurrent orders with one external order number all pass it and are all stored', async () => {
			const customerId = await seedCustomer(sim);
			assert.deepEqual((await control(sim, 'POST', 'duplicate-check', { windowMs: 200 })).json, { windowMs: 200 });
			const answers = await Promise.all([submitOrder(sim, order(customerId, 'W-2')), submitOrder(sim, order(customerId, 'W-2'))]);
			assert.deepEqual(answers.map((answer) => answer.text), ['1;50001;OK', '1;50002;OK']);
			assert.deepEqual([...sim.state.orders.values()].map((stored) => stored.externalOrderNo), ['W-2', 'W-2']);
			// one after the other, the check still sees the stored order
			assert.match((await submitOrder(sim, order(customerId, 'W-2'))).text, /^0;4;/);
			await control(sim, 'POST', 'duplicate-check', { windowMs: 0 });
			const atomic = await Promise.all([submitOrder(sim, order(customerId, 'W-3')), submitOrder(sim, order(customerId, 'W-3'))]);
			assert.deepEqual(atomic.map((answer) => answer.text.split(';')[0]).sort(), ['0', '1']);
		});
	});

	describe('the request log', () => {
		it('has each request\'s arrival time, the external order number of orders, and the batch and its items of queue calls', async () => {
			const customerId = await seedCustomer(sim);
			await submitOrder(sim, order(customerId, 'W-9'));
			await queueCall(sim, 'getArticleExternalNeedUpdate', 'batch-1');
			await queueCall(sim, 'updateArticlesFromBatch', 'batch-1');
			const [orderEntry, fetchEntry, ackEntry] = sim.state.requests;
			for (const entry of sim.state.requests) assert.ok(!Number.isNaN(Date.parse(entry.at)));
			assert.ok(orderEntry.at <= fetchEntry.at && fetchEntry.at <= ackEntry.at);
			assert.equal(orderEntry.externalOrderNo, 'W-9');
			assert.deepEqual([fetchEntry.batchNo, fetchEntry.items, fetchEntry.changes], ['batch-1', ['A1'], 1]);
			assert.equal(ackEntry.batchNo, 'batch-1');
		});
	});

	it('collects the keys it received and the hashes it computed in-process, never in the state', async () => {
		await submitCustomer(sim, acme);
		assert.equal(sim.signingSecrets.size, 2, 'the key sent (equal to the expected one) and the inner hash');
		const state = (await sendRaw(`${sim.url}__control/state`)).text;
		for (const secret of sim.signingSecrets) {
			assert.match(secret, /^[0-9a-f]{32}$/);
			assert.ok(!state.includes(secret));
		}
	});
});
