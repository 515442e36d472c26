/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
// Acknowledge "When the Workflow Finishes" (the default): the trigger never acknowledges; a batch the workflow
// did not acknowledge is emitted again, so no change is lost and, when every run acknowledges, none is repeated.
import assert from 'node:assert/strict';
import type { IDataObject } from 'n8n-workflow';
import { SpecterTrigger } from '../../../nodes/SpecterTrigger/SpecterTrigger.node';
import { actionsCalled, batchNoOf, emittedBatch, jsonOf, suiteHarness } from './harness';

describe('Specter Trigger, acknowledged by the workflow', () => {
	const harness = suiteHarness({ queuePageSize: 300 });

	it('drains 1 000 stock changes over polls with none lost and none repeated when every run acknowledges', async () => {
		const articleNos = await harness.queueStockChanges(1000);
		const staticData: IDataObject = {};
		const emitted: IDataObject[] = [];
		const batchSizes: number[] = [];
		for (let pollNo = 0; pollNo < 10; pollNo++) {
			const items = jsonOf(await harness.poll({ staticData }));
			if (items.length === 0) break;
			batchSizes.push(items.length);
			emitted.push(...items);
			// the run ends with Specter → Batch → Acknowledge
			await harness.client.acknowledgeBatch('stock', batchNoOf(items));
		}

		assert.deepEqual(batchSizes, [300, 300, 300, 100]);
		assert.equal(emitted.length, 1000);
		assert.deepEqual(
			emitted.map((item) => item.articleNo).sort(),
			[...articleNos].sort(),
			'every article exactly once',
		);
		for (const item of emitted) {
			assert.equal(item.queue, 'stock');
			assert.equal(item.quantity, Number((item.articleNo as string).slice(1)), `${item.articleNo as string} quantity`);
		}
		assert.equal(harness.sim.state.queues.stock.pending.size, 0);
		assert.equal(harness.sim.state.queues.stock.bound, null);
		// the trigger itself fetched 5 times (4 batches and an empty answer) and never acknowledged
		const actions = actionsCalled(harness.httpLog);
		assert.equal(actions.filter((action) => action === 'getArticleExternalNeedUpdate').length, 5);
		assert.equal(actions.filter((action) => action === 'updateArticlesFromBatch').length, 4, 'only the workflow acknowledges');
	});

	it('emits the same changes again at the next poll when a run fails before acknowledging', async () => {
		const articleNos = await harness.queueStockChanges(5);
		const staticData: IDataObject = {};

		const first = jsonOf(await harness.poll({ staticData }));
		const batchNo = batchNoOf(first);
		// the run fails: nothing acknowledges
		const second = jsonOf(await harness.poll({ staticData }));

		assert.deepEqual(second, first, 'the same batch, the same changes');
		assert.deepEqual(
			first.map((item) => item.articleNo),
			articleNos,
		);
		assert.equal(emittedBatch(staticData, 'stock').batchNo, batchNo);
		assert.equal(emittedBatch(staticData, 'stock').timesEmitted, 2);
		const third = jsonOf(await harness.poll({ staticData }));
		assert.equal(batchNoOf(third), batchNo, 'still emitted while it is not acknowledged');

		await harness.client.acknowledgeBatch('stock', batchNo);
		assert.equal(await harness.poll({ staticData }), null, 'nothing left once the run acknowledges');
	});

	it('recovers and emits a batch that another client left open (error 99)', async () => {
		const articleNos = await harness.queueStockChanges(3);
		await harness.control('queues/stock/fetch', { batchNo: 'other-client-batch' });

		const items = jsonOf(await harness.poll({ parameters: { output: 'batch' } }));

		assert.equal(items.length, 1);
		assert.equal(items[0].batchNo, 'other-client-batch');
		assert.equal(items[0].recovered, true);
		assert.equal(items[0].changeCount, 3);
		assert.deepEqual(
			(items[0].changes as IDataObject[]).map((change) => change.articleNo),
			articleNos,
		);
		assert.ok(
			harness.sim.state.requests.some((request) => request.code === 99),
			'Specter answered error 99 first',
		);
		await harness.client.acknowledgeBatch('stock', 'other-client-batch');
		assert.equal(await harness.poll(), null);
	});

	it('loses nothing when n8n restarts between fetch and acknowledge', async () => {
		const articleNos = await harness.queueStockChanges(4);
		const staticData: IDataObject = {};

		const beforeRestart = jsonOf(await harness.poll({ staticData, trigger: new SpecterTrigger() }));
		const batchNo = batchNoOf(beforeRestart);
		// n8n stops before the workflow acknowledged; a new trigger instance starts with the saved static data
		const afterRestart = jsonOf(await harness.poll({ staticData, trigger: new SpecterTrigger() }));

		assert.equal(batchNoOf(afterRestart), batchNo);
		assert.deepEqual(
			afterRestart.map((item) => item.articleNo),
			articleNos,
		);
		assert.equal(emittedBatch(staticData, 'stock').timesEmitted, 2);
		await harness.client.acknowledgeBatch('stock', batchNo);
		assert.equal(await harness.poll({ staticData, trigger: new SpecterTrigger() }), null);
	});

	it('emits a change that arrives for an article while its batch is open in a later batch', async () => {
		await harness.control('articles', { articleNo: 'SKU-1', stock: 0 });
		await harness.control('stock', { articleNo: 'SKU-1', quantity: 10 });
		const staticData: IDataObject = {};

		const first = jsonOf(await harness.poll({ staticData }));
		await harness.control('stock', { articleNo: 'SKU-1', quantity: 7 });
		const stillOpen = jsonOf(await harness.poll({ staticData }));
		await harness.client.acknowledgeBatch('stock', batchNoOf(stillOpen));
		const later = jsonOf(await harness.poll({ staticData }));

		assert.deepEqual(
			first.map((item) => [item.articleNo, item.quantity]),
			[['SKU-1', 10]],
		);
		assert.deepEqual(stillOpen, first, 'the open batch keeps its content');
		assert.deepEqual(
			later.map((item) => [item.articleNo, item.quantity]),
			[['SKU-1', 7]],
		);
		assert.notEqual(batchNoOf(later), batchNoOf(first));
		assert.equal(emittedBatch(staticData, 'stock').timesEmitted, 1, 'a new batch');
	});
});
