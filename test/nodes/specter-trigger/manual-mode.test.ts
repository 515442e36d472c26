/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
// "Fetch Test Event" (manual mode): never acknowledges and stores nothing, so the changes it shows are emitted
// again by the first real poll.
import assert from 'node:assert/strict';
import type { IDataObject } from 'n8n-workflow';
import { actionsCalled, batchNoOf, emittedBatch, jsonOf, suiteHarness } from './harness';

describe('Specter Trigger, Fetch Test Event', () => {
	const harness = suiteHarness({ queuePageSize: 300 });

	const acknowledgements = () =>
		actionsCalled(harness.httpLog).filter((action) => action === 'updateArticlesFromBatch').length;

	for (const acknowledge of ['workflow', 'immediately']) {
		it(`shows pending changes without acknowledging them (Acknowledge: ${acknowledge}), and the next poll emits them`, async () => {
			const articleNos = await harness.queueStockChanges(3);
			const staticData: IDataObject = {};

			const test = jsonOf(await harness.poll({ mode: 'manual', staticData, parameters: { acknowledge } }));

			assert.deepEqual(
				test.map((item) => item.articleNo),
				articleNos,
			);
			assert.equal(acknowledgements(), 0);
			assert.deepEqual(staticData, {}, 'nothing stored');
			assert.equal(harness.sim.state.queues.stock.bound?.batchNo, batchNoOf(test), 'left open in Specter');

			const real = jsonOf(await harness.poll({ staticData, parameters: { acknowledge } }));
			assert.deepEqual(
				real.map((item) => item.articleNo),
				articleNos,
				'the first real poll emits the same changes',
			);
			assert.equal(batchNoOf(real), batchNoOf(test));
		});
	}

	it('shows the batch a real poll emitted and leaves its record alone', async () => {
		await harness.queueStockChanges(2);
		const staticData: IDataObject = {};
		const emitted = jsonOf(await harness.poll({ staticData }));
		const stored = { ...emittedBatch(staticData, 'stock') };

		const test = jsonOf(await harness.poll({ mode: 'manual', staticData }));

		assert.deepEqual(test, emitted);
		assert.deepEqual(emittedBatch(staticData, 'stock'), stored);
		assert.equal(acknowledgements(), 0);
	});

	it('returns nothing when the queue is empty', async () => {
		assert.equal(await harness.poll({ mode: 'manual' }), null);
		assert.equal(harness.sim.state.queues.stock.bound, null);
	});
});
