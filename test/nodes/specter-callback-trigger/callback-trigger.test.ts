/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
// The Specter Callback Trigger against the Specter simulator over real HTTP: the secret check and the answer, the
// items it emits (the same as the Specter Trigger's), and the claim that keeps the two triggers from emitting a batch
// whose run may still be writing it.
import assert from 'node:assert/strict';
import type { IDataObject, IWebhookResponseData } from 'n8n-workflow';
import { Specter } from '../../../nodes/Specter/Specter.node';
import { SpecterCallbackTrigger } from '../../../nodes/SpecterCallbackTrigger/SpecterCallbackTrigger.node';
import { CALLBACK_ANSWER, secretMatches, verdictOf } from '../../../nodes/SpecterCallbackTrigger/callback-request';
import { SpecterTrigger } from '../../../nodes/SpecterTrigger/SpecterTrigger.node';
import { type HttpCall, type RecordedResponse, executeContext, pollContext, webhookContext } from '../../helpers/n8n-context';
import { type SpecterSimulator, startSpecterSimulator } from '../../simulators/specter/server';
import { resetState } from '../../simulators/specter/state';
import { postControl, simulatorCredentials } from '../specter-simulator';

const SECRET = 'a-long-random-secret-for-tests';

describe('the secret check', () => {
	it('matches only the exact secret', () => {
		assert.equal(secretMatches(SECRET, SECRET), true);
		for (const wrong of ['', SECRET.slice(0, -1), `${SECRET}x`, SECRET.toUpperCase(), `x${SECRET.slice(1)}`, [SECRET], undefined, 42]) {
			assert.equal(secretMatches(SECRET, wrong), false, JSON.stringify(wrong));
		}
	});

	it('matches nothing when no secret is set', () => {
		assert.equal(secretMatches('', ''), false);
		assert.equal(verdictOf('', { secret: '' }).accepted, false);
	});

	it('answers 401 without a secret, 403 with a wrong one, 200 1;Done with the right one, whatever else the query holds', () => {
		assert.deepEqual(verdictOf(SECRET, {}), { accepted: false, statusCode: 401, body: 'Missing secret' });
		assert.deepEqual(verdictOf(SECRET, { secret: '' }), { accepted: false, statusCode: 401, body: 'Missing secret' });
		assert.deepEqual(verdictOf(SECRET, { secret: 'guess' }), { accepted: false, statusCode: 403, body: 'Wrong secret' });
		assert.deepEqual(verdictOf(SECRET, { secret: [SECRET, SECRET] }), { accepted: false, statusCode: 403, body: 'Wrong secret' });
		assert.deepEqual(verdictOf(SECRET, { secret: SECRET, orderId: '77', invoiceSource: '' }), { accepted: true, statusCode: 200, body: '1;Done' });
		assert.equal(CALLBACK_ANSWER, '1;Done');
	});
});

describe('Specter Callback Trigger', () => {
	let sim: SpecterSimulator;
	const httpLog: HttpCall[] = [];
	const callbackTrigger = new SpecterCallbackTrigger();
	const pollingTrigger = new SpecterTrigger();
	const specter = new Specter();
	const parameters = { event: 'stockChanged', secret: SECRET, output: 'chunks' };

	beforeAll(async () => {
		sim = await startSpecterSimulator({ port: 0 });
	});
	afterAll(() => sim.close());
	beforeEach(() => {
		resetState(sim.state);
		httpLog.length = 0;
	});

	async function call(query: Record<string, unknown>, options: { mode?: 'manual' | 'trigger'; staticData?: IDataObject } = {}) {
		const response: RecordedResponse = {};
		const context = webhookContext({
			parameters,
			credentials: simulatorCredentials(sim),
			nodeType: callbackTrigger,
			node: { name: 'Specter stock callback', type: 'n8n-nodes-specter.specterCallbackTrigger' },
			mode: options.mode,
			staticData: options.staticData,
			httpLog,
			query,
			response,
		});
		const result: IWebhookResponseData = await callbackTrigger.webhook.call(context);
		const items = (result.workflowData?.[0] ?? []).map((item) => item.json);
		return { response, result, items };
	}
	const poll = async (staticData: IDataObject = {}) => {
		const result = await pollingTrigger.poll.call(
			pollContext({ parameters, credentials: simulatorCredentials(sim), nodeType: pollingTrigger, staticData, httpLog }),
		);
		return (result?.[0] ?? []).map((item) => item.json);
	};
	const acknowledge = (batchNo: string) =>
		specter.execute.call(
			executeContext({
				parameters: { resource: 'batch', operation: 'acknowledge', queue: 'stock', batchNo },
				credentials: simulatorCredentials(sim),
				nodeType: specter,
				httpLog,
			}),
		);
	const changeStock = async (articleNo: string, quantity: number) => {
		await postControl(sim, 'articles', { articleNo, stock: 0 });
		await postControl(sim, 'stock', { articleNo, quantity });
	};

	it('refuses a call without the right secret with 401/403 text/plain, without asking Specter anything or starting a run', async () => {
		await changeStock('A1', 5);
		for (const [query, status] of [
			[{}, 401],
			[{ secret: 'wrong' }, 403],
		] as const) {
			const { response, result } = await call(query);
			assert.deepEqual(response, { statusCode: status, contentType: 'text/plain', body: status === 401 ? 'Missing secret' : 'Wrong secret' });
			assert.deepEqual(result, { noWebhookResponse: true }, 'no workflowData: n8n starts no execution');
		}
		assert.deepEqual(httpLog, []);
		assert.equal(sim.state.queues.stock.bound, null, 'nothing fetched: the change still waits');
	});

	it('answers 1;Done and emits the queue in the Specter Trigger\'s shape (chunks of 100, attempt, first emission)', async () => {
		for (let n = 1; n <= 150; n++) await changeStock(`A${String(n).padStart(3, '0')}`, n);
		const { response, result, items } = await call({ secret: SECRET, orderId: '' });

		assert.deepEqual(response, { statusCode: 200, contentType: 'text/plain', body: '1;Done' });
		assert.equal(result.noWebhookResponse, true);
		assert.deepEqual(
			items.map((item) => [item.queue, item.chunk, item.chunks, item.changeCount, item.attempt, item.acknowledged]),
			[
				['stock', 1, 2, 100, 1, false],
				['stock', 2, 2, 50, 1, false],
			],
		);
		assert.equal(items[0].articleNos, Array.from({ length: 100 }, (_, i) => `A${String(i + 1).padStart(3, '0')}`).join(','));
		assert.equal(items[0].batchNo, sim.state.queues.stock.bound?.batchNo);
		// the polling trigger emits the very same keys once the batch comes to it
		await acknowledge(items[0].batchNo as string);
		await changeStock('B1', 1);
		const [polled] = await poll();
		assert.deepEqual(Object.keys(polled).sort(), Object.keys(items[0]).sort());
	});

	it('does not emit a batch again while a run of it may be writing: a second callback and a poll get nothing, until Batch → Acknowledge', async () => {
		await changeStock('A1', 5);
		const first = await call({ secret: SECRET });
		const batchNo = first.items[0].batchNo as string;

		// a callback for a change queued meanwhile: Specter answers error 99 and hands out the open batch, held
		await changeStock('A2', 6);
		const second = await call({ secret: SECRET });
		assert.equal(second.response.body, '1;Done', 'Specter is still answered');
		assert.equal(second.result.workflowData, undefined, 'no second run');
		assert.deepEqual(await poll(), [], 'the poll, too, leaves the batch to the run');

		await acknowledge(batchNo);
		const third = await call({ secret: SECRET });
		assert.notEqual(third.items[0].batchNo, batchNo);
		assert.equal(third.items[0].articleNos, 'A2');
		assert.equal(third.items[0].attempt, 1);
	});

	it('leaves a batch a poll emitted to that run, while the next poll still emits it again (a failed run comes back), counting attempts alike', async () => {
		await changeStock('A1', 5);
		const staticData: IDataObject = {};
		const [first] = await poll(staticData);

		const callback = await call({ secret: SECRET });
		assert.equal(callback.result.workflowData, undefined, 'the callback does not emit the polled batch');

		const [again] = await poll(staticData);
		assert.equal(again.batchNo, first.batchNo);
		assert.deepEqual([again.attempt, again.firstEmittedAt], [2, first.firstEmittedAt]);
	});

	it('a test call in the editor shows the open batch and leaves it to the real triggers', async () => {
		await changeStock('A1', 5);
		const test = await call({ secret: SECRET }, { mode: 'manual' });
		assert.equal(test.items[0].articleNos, 'A1');
		const [polled] = await poll();
		assert.deepEqual([polled.batchNo, polled.attempt], [test.items[0].batchNo, 1], 'not claimed, not counted');
	});

	it('an empty queue starts no run, and Specter is still answered', async () => {
		const { response, result } = await call({ secret: SECRET });
		assert.equal(response.body, '1;Done');
		assert.deepEqual(result, { noWebhookResponse: true });
	});
});
