/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
// Acknowledge "Immediately After Emitting": one poll drains the queue batch after batch (fetch → acknowledge →
// fetch …) and stops at an empty answer, the batch cap or n8n's poll budget.
import assert from 'node:assert/strict';
import { NodeApiError } from 'n8n-workflow';
import { actionsCalled, jsonOf, suiteHarness } from './harness';

const IMMEDIATELY = { acknowledge: 'immediately' };

describe('Specter Trigger, acknowledging immediately', () => {
	const harness = suiteHarness({ queuePageSize: 10 });

	const articleNosOf = (items: Array<{ articleNo?: unknown }>) => items.map((item) => item.articleNo);

	it('drains several batches in one poll and acknowledges each', async () => {
		const articleNos = await harness.queueStockChanges(35);

		const items = jsonOf(await harness.poll({ parameters: IMMEDIATELY, pollBudgetMs: 60_000 }));

		assert.deepEqual(articleNosOf(items), articleNos);
		assert.equal(new Set(items.map((item) => item.batchNo)).size, 4);
		assert.deepEqual(actionsCalled(harness.httpLog), [
			...Array.from({ length: 4 }, () => ['getArticleExternalNeedUpdate', 'updateArticlesFromBatch']).flat(),
			'getArticleExternalNeedUpdate',
		]);
		assert.equal(harness.sim.state.queues.stock.pending.size, 0);
		assert.equal(harness.sim.state.queues.stock.bound, null, 'every emitted batch is acknowledged');
		assert.equal(await harness.poll({ parameters: IMMEDIATELY }), null);
	});

	it('stops at Max Batches per Poll and leaves the rest for the next poll', async () => {
		const articleNos = await harness.queueStockChanges(35);
		const parameters = { ...IMMEDIATELY, maxBatchesPerPoll: 2 };

		const first = jsonOf(await harness.poll({ parameters }));
		const second = jsonOf(await harness.poll({ parameters }));

		assert.deepEqual(articleNosOf(first), articleNos.slice(0, 20));
		assert.deepEqual(articleNosOf(second), articleNos.slice(20));
		assert.equal(
			actionsCalled(harness.httpLog).filter((action) => action === 'updateArticlesFromBatch').length,
			4,
		);
	});

	it("stops after one batch when n8n's poll budget is spent", async () => {
		const articleNos = await harness.queueStockChanges(25);

		const first = jsonOf(await harness.poll({ parameters: IMMEDIATELY, pollBudgetMs: 0 }));

		assert.deepEqual(articleNosOf(first), articleNos.slice(0, 10));
		assert.deepEqual(actionsCalled(harness.httpLog), ['getArticleExternalNeedUpdate', 'updateArticlesFromBatch']);
		assert.equal(harness.sim.state.queues.stock.pending.size, 15, 'the rest waits in Specter');
		assert.equal(harness.sim.state.queues.stock.bound, null);
	});

	it('an acknowledgement reply the evidence does not show (a web page, an empty body) counts: the batch is emitted with a warning', async () => {
		const articleNos = await harness.queueStockChanges(5);
		// Specter answers the acknowledgement with something that is not a known Specter reply, and (in the
		// simulator) forgets nothing: the batch comes again, so nothing is lost either way
		await harness.control('faults', { kind: 'html', action: 'updateArticlesFromBatch' });
		await harness.control('faults', { kind: 'empty', action: 'updateArticlesFromBatch' });

		const first = jsonOf(await harness.poll({ parameters: IMMEDIATELY }));
		assert.deepEqual(articleNosOf(first), articleNos);
		assert.match(String(first[0].warning), /updateArticlesFromBatch .*a web page.*counted as acknowledged/);
		assert.equal(harness.sim.state.queues.stock.bound?.changes.length, 5, 'the simulator kept the batch open');

		const again = jsonOf(await harness.poll({ parameters: IMMEDIATELY }));
		assert.deepEqual(articleNosOf(again), articleNos, 'the batch Specter still held comes again');
		assert.match(String(again[0].warning), /an empty body/);
		const third = jsonOf(await harness.poll({ parameters: IMMEDIATELY }));
		assert.deepEqual(articleNosOf(third), articleNos);
		assert.equal(third[0].warning, undefined);
		assert.equal(harness.sim.state.queues.stock.bound, null);
	});

	it('a batch whose acknowledgement fails (HTTP 5xx after every retry) is not emitted and comes at the next poll', async () => {
		const articleNos = await harness.queueStockChanges(5);
		await harness.control('faults', { kind: 'http500', times: 4, action: 'updateArticlesFromBatch' });

		await assert.rejects(harness.poll({ parameters: IMMEDIATELY }), NodeApiError);
		assert.equal(harness.sim.state.queues.stock.bound?.changes.length, 5, 'the batch stays open in Specter');

		const retried = jsonOf(await harness.poll({ parameters: IMMEDIATELY }));
		assert.deepEqual(articleNosOf(retried), articleNos);
		assert.equal(harness.sim.state.queues.stock.bound, null);
	});

	it('emits the batches acknowledged before a failure, and the failed one at the next poll', async () => {
		const articleNos = await harness.queueStockChanges(25);
		// the first acknowledgement goes through (a 0 ms latency fault only uses up the first match), the second fails
		await harness.control('faults', { kind: 'latency', latencyMs: 0, action: 'updateArticlesFromBatch' });
		await harness.control('faults', { kind: 'http500', times: 4, action: 'updateArticlesFromBatch' });

		const first = jsonOf(await harness.poll({ parameters: IMMEDIATELY }));
		assert.deepEqual(articleNosOf(first), articleNos.slice(0, 10));
		assert.deepEqual(
			harness.sim.state.queues.stock.bound?.changes.map((change) => change.articleNo),
			articleNos.slice(10, 20),
			'the batch whose acknowledgement failed stays open',
		);

		const second = jsonOf(await harness.poll({ parameters: IMMEDIATELY }));
		assert.deepEqual(articleNosOf(second), articleNos.slice(10));
		assert.equal(harness.sim.state.queues.stock.bound, null);
	});

	it('recovers a batch another client left open, then drains the rest', async () => {
		const articleNos = await harness.queueStockChanges(15);
		await harness.control('queues/stock/fetch', { batchNo: 'other-client-batch' });

		const items = jsonOf(await harness.poll({ parameters: IMMEDIATELY }));

		assert.deepEqual(articleNosOf(items), articleNos);
		assert.equal(items[0].batchNo, 'other-client-batch');
		assert.equal(harness.sim.state.queues.stock.bound, null);
	});
});
