/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
// Output "Chunks of 100 Changes": one item per ≤100 changes of a batch, with the article numbers as one comma list
// for a look-up, and how many times the batch has been emitted since when (what a workflow needs to skip what an
// earlier attempt already wrote, and to give up after a bounded number of attempts).
import assert from 'node:assert/strict';
import type { IDataObject } from 'n8n-workflow';
import { CHANGES_PER_CHUNK } from '../../../nodes/Specter/shared/queue-output';
import { emittedBatch, jsonOf, suiteHarness } from './harness';

describe('Specter Trigger, output in chunks', () => {
	const harness = suiteHarness({ queuePageSize: 300 });
	const chunks = (parameters: IDataObject = {}) => ({ event: 'stockChanged', output: 'chunks', ...parameters });

	it('splits a batch of 250 changes into chunks of 100, 100 and 50 in queue order, each with its article numbers', async () => {
		const articleNos = await harness.queueStockChanges(250);
		const staticData: IDataObject = {};
		const items = jsonOf(await harness.poll({ parameters: chunks(), staticData }));

		assert.equal(CHANGES_PER_CHUNK, 100);
		assert.deepEqual(
			items.map((item) => [item.chunk, item.chunks, item.changeCount]),
			[
				[1, 3, 100],
				[2, 3, 100],
				[3, 3, 50],
			],
		);
		const { batchNo, firstEmittedAt } = emittedBatch(staticData, 'stock');
		for (const [index, item] of items.entries()) {
			const expected = articleNos.slice(index * 100, (index + 1) * 100);
			assert.equal(item.queue, 'stock');
			assert.equal(item.batchNo, batchNo);
			assert.equal(item.attempt, 1);
			assert.equal(item.firstEmittedAt, firstEmittedAt);
			assert.equal(item.acknowledged, false);
			assert.equal(item.articleNos, expected.join(','));
			const changes = item.changes as IDataObject[];
			assert.deepEqual(
				changes.map((change) => change.articleNo),
				expected,
			);
			assert.equal(changes[0].quantity, Number(expected[0].slice(1)));
		}
	});

	it('counts the attempts of a batch that is emitted again, keeping the time of its first emission', async () => {
		await harness.queueStockChanges(3);
		const staticData: IDataObject = {};
		const [first] = jsonOf(await harness.poll({ parameters: chunks(), staticData }));
		// the run failed: nothing acknowledged
		const [second] = jsonOf(await harness.poll({ parameters: chunks(), staticData }));
		const [third] = jsonOf(await harness.poll({ parameters: chunks(), staticData }));

		assert.deepEqual([first.attempt, second.attempt, third.attempt], [1, 2, 3]);
		assert.equal(second.batchNo, first.batchNo);
		assert.equal(third.firstEmittedAt, first.firstEmittedAt);
		assert.equal(emittedBatch(staticData, 'stock').timesEmitted, 3);

		// the next batch starts again at attempt 1, first emitted later
		await harness.client.acknowledgeBatch('stock', first.batchNo as string);
		await harness.control('stock', { articleNo: 'A0001', quantity: 9 });
		const [next] = jsonOf(await harness.poll({ parameters: chunks(), staticData }));
		assert.notEqual(next.batchNo, first.batchNo);
		assert.equal(next.attempt, 1);
		assert.ok(Date.parse(next.firstEmittedAt as string) >= Date.parse(first.firstEmittedAt as string));
	});

	it('marks chunks of batches the trigger acknowledged itself (Immediately After Emitting) as acknowledged, attempt 1', async () => {
		await harness.queueStockChanges(301);
		const items = jsonOf(await harness.poll({ parameters: chunks({ acknowledge: 'immediately' }) }));

		assert.equal(items.length, 4, '300 changes in 3 chunks, then 1 in one chunk of the second batch');
		assert.equal(new Set(items.map((item) => item.batchNo)).size, 2);
		for (const item of items) {
			assert.equal(item.acknowledged, true);
			assert.equal(item.attempt, 1);
			assert.equal(typeof item.firstEmittedAt, 'string');
		}
	});

	it('a test event (manual mode) is attempt 1 and remembers nothing', async () => {
		await harness.queueStockChanges(2);
		const staticData: IDataObject = {};
		const [item] = jsonOf(await harness.poll({ parameters: chunks(), staticData, mode: 'manual' }));
		assert.equal(item.attempt, 1);
		assert.equal(item.articleNos, 'A0001,A0002');
		assert.deepEqual(staticData, {});
	});

	it('order-status changes carry their order numbers instead', async () => {
		await harness.control('articles', { articleNo: 'SKU-1', stock: 10 });
		const { customerId } = (await harness.control('customers', {
			customerOrganizationalForm: 'C',
			name: 'Butik AB',
			emailAddress: 'order@butik.example',
		})) as { customerId: string };
		const { orderNo } = await harness.client.createOrder({
			customerId,
			externalOrderNo: 'WC-1',
			rows: [{ articleNo: 'SKU-1', priceExclVat: 100, quantity: 1, vatPercent: 25 }],
		});
		await harness.control(`orders/${orderNo}/cancel`);
		const [item] = jsonOf(await harness.poll({ parameters: { event: 'orderStatusChanged', output: 'chunks' } }));
		assert.equal(item.orderNos, orderNo);
		assert.equal(item.articleNos, undefined);
	});
});
