/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
// Stock / Order Status / Article → Get Changes, Batch → Acknowledge, Stock → Request Full Resync and
// Account → Register Callbacks against the Specter simulator, with changes made through its control API.
import assert from 'node:assert/strict';
import type { IDataObject } from 'n8n-workflow';
import { type NodeHarness, jsonOf, pairingOf, rejectionOf, startHarness } from './harness';

const getChanges = (resource: string, options: IDataObject = {}) => ({ resource, operation: 'getChanges', options });

/** Batch → Acknowledge for `items` (the batch number parameter resolved per item, as n8n does for {{ $json.batchNo }}). */
function acknowledgeParameters(items: IDataObject[]) {
	return (itemIndex: number) => ({
		resource: 'batch',
		operation: 'acknowledge',
		queue: items[itemIndex].queue,
		batchNo: items[itemIndex].batchNo,
	});
}

describe('change queues', () => {
	let harness: NodeHarness;

	beforeEach(async () => {
		harness = await startHarness();
		for (const articleNo of ['A-1', 'A-2', 'A-3']) await harness.control('articles', { articleNo, stock: 0 });
	});
	afterEach(() => harness.close());

	it('Stock → Get Changes outputs one item per change, once however many items come in', async () => {
		await harness.control('stock', { articleNo: 'A-1', quantity: 7 });
		await harness.control('stock', { articleNo: 'A-2', quantity: 3, stockSiteId: '2' });
		const output = await harness.run({ parameters: getChanges('stock'), items: [{}, {}] });

		assert.equal(await harness.callsOf('getArticleExternalNeedUpdate'), 1);
		assert.deepEqual(pairingOf(output), [0, 0]);
		const json = jsonOf(output);
		const batchNo = json[0].batchNo;
		assert.equal(typeof batchNo, 'string');
		assert.deepEqual(
			json.map((item) => [item.queue, item.batchNo, item.articleNo, item.quantity]),
			[
				['stock', batchNo, 'A-1', 7],
				['stock', batchNo, 'A-2', 3],
			],
		);
	});

	it('Stock → Get Changes per stock site, and as one item per batch', async () => {
		await harness.control('stock', { articleNo: 'A-1', quantity: 4, stockSiteId: '2' });
		const [perSite] = jsonOf(await harness.run({ parameters: getChanges('stock', { multipleStockSites: true }) }));
		assert.deepEqual(perSite.stockSites, [
			{ stockSiteId: '1', quantity: 0 },
			{ stockSiteId: '2', quantity: 4 },
		]);
		assert.equal(perSite.quantity, 4);

		// the batch is still open: the same batch comes again, now as one item
		const output = await harness.run({ parameters: getChanges('stock', { oneItemPerBatch: true }) });
		assert.deepEqual(pairingOf(output), [0]);
		const [batch] = jsonOf(output);
		assert.equal(batch.batchNo, perSite.batchNo);
		assert.equal(batch.queue, 'stock');
		assert.equal(batch.changeCount, 1);
		assert.equal(batch.recovered, true);
		assert.equal((batch.changes as IDataObject[])[0].articleNo, 'A-1');
	});

	it('Order Status → Get Changes reports a delivery with its tracking number', async () => {
		await harness.control('customers', { customerId: '777', name: 'Kund AB', emailAddress: 'kund@example.se' });
		const [created] = jsonOf(
			await harness.run({
				parameters: {
					resource: 'order',
					operation: 'create',
					customerId: '777',
					externalOrderNo: 'WC-1',
					rows: { row: [{ articleNo: 'A-1', priceExclVat: 10, quantity: 1, vatPercent: 25 }] },
				},
			}),
		);
		await harness.control(`orders/${created.specterOrderNo}/deliver`, { trackingNo: '00340434161094042557' });

		const json = jsonOf(await harness.run({ parameters: getChanges('orderStatus') }));
		assert.equal(json.length, 1);
		assert.deepEqual(
			{ ...json[0], batchNo: undefined },
			{
				queue: 'orderStatus',
				batchNo: undefined,
				orderNo: created.specterOrderNo,
				statusId: 1,
				deliveryStatus: 'D',
				delivered: true,
				cancelled: false,
				trackingNumbers: ['00340434161094042557'],
			},
		);
	});

	it('Article → Get Changes reports data changed in Specter', async () => {
		await harness.control('articles/A-2/edit', { name: 'Nytt namn', priceExclVat: 99.5 });
		const [change] = jsonOf(await harness.run({ parameters: getChanges('article') }));

		assert.equal(change.queue, 'articleInfo');
		assert.equal(change.articleNo, 'A-2');
		assert.equal(change.name, 'Nytt namn');
		assert.equal(change.priceExclVat, 99.5);
		assert.equal(change.vatPercent, 25);
	});

	it('an empty queue gives no items', async () => {
		assert.deepEqual(await harness.run({ parameters: getChanges('orderStatus') }), []);
		assert.deepEqual(await harness.run({ parameters: getChanges('stock', { oneItemPerBatch: true }) }), []);
	});

	it('Batch → Acknowledge calls Specter once per distinct batch and outputs every item', async () => {
		for (const [articleNo, quantity] of [['A-1', 1], ['A-2', 2], ['A-3', 3]] as const) {
			await harness.control('stock', { articleNo, quantity });
		}
		await harness.control('articles/A-1/edit', { name: 'Ändrad' });
		const changes = [
			...jsonOf(await harness.run({ parameters: getChanges('stock') })),
			...jsonOf(await harness.run({ parameters: getChanges('article') })),
		];
		assert.equal(changes.length, 4);

		const output = await harness.run({ parameters: acknowledgeParameters(changes), items: changes });

		assert.equal(await harness.callsOf('updateArticlesFromBatch'), 1);
		assert.equal(await harness.callsOf('updateArticleInfosFromBatch'), 1);
		assert.deepEqual(pairingOf(output), [0, 1, 2, 3]);
		assert.deepEqual(
			jsonOf(output),
			changes.map((change) => ({ queue: change.queue, batchNo: change.batchNo, acknowledged: true })),
		);
		const state = await harness.state();
		assert.equal(state.queues.stock.bound, null);
		assert.equal(state.queues.articleInfo.bound, null);
		// acknowledged: the next fetch starts a new, empty batch
		assert.deepEqual(await harness.run({ parameters: getChanges('stock') }), []);
	});

	it('Batch → Acknowledge: a reply that does not confirm it still counts, with a warning on the item', async () => {
		await harness.control('stock', { articleNo: 'A-1', quantity: 1 });
		const changes = jsonOf(await harness.run({ parameters: getChanges('stock') }));
		await harness.control('faults', { kind: 'empty', action: 'updateArticlesFromBatch' });

		const [acknowledged] = jsonOf(await harness.run({ parameters: acknowledgeParameters(changes), items: changes }));

		assert.equal(acknowledged.acknowledged, true);
		assert.match(String(acknowledged.warning), new RegExp(`updateArticlesFromBatch for batch ${changes[0].batchNo} with an empty body`));
	});

	it('Batch → Acknowledge of a batch that is no longer open (Specter: error 99 naming the open one) counts, with a warning', async () => {
		await harness.control('stock', { articleNo: 'A-1', quantity: 1 });
		const first = jsonOf(await harness.run({ parameters: getChanges('stock') }));
		assert.deepEqual(jsonOf(await harness.run({ parameters: acknowledgeParameters(first), items: first })).map((item) => item.warning), [undefined]);
		// a newer batch is open when a late second run acknowledges the first batch again
		await harness.control('stock', { articleNo: 'A-2', quantity: 2 });
		const second = jsonOf(await harness.run({ parameters: getChanges('stock') }));

		const [late] = jsonOf(await harness.run({ parameters: acknowledgeParameters(first), items: first }));

		assert.equal(late.acknowledged, true);
		assert.match(String(late.warning), new RegExp(`batch '${second[0].batchNo}' is the open one`));
		assert.equal((await harness.state()).queues.stock.bound?.batchNo, second[0].batchNo, 'the newer batch is left open');
	});

	it('Batch → Acknowledge refuses an item without a batch number', async () => {
		const error = await rejectionOf(
			harness.run({ parameters: { resource: 'batch', operation: 'acknowledge', queue: 'stock', batchNo: ' ' } }),
		);
		assert.equal(error.constructor.name, 'NodeOperationError');
		assert.equal(error.message, 'No batch number to acknowledge');
		assert.equal((error.context as IDataObject).itemIndex, 0);
		assert.deepEqual(await harness.requests(), []);
	});

	it('Stock → Request Full Resync queues the stock of every article again', async () => {
		const output = await harness.run({ parameters: { resource: 'stock', operation: 'requestFullResync' } });

		assert.deepEqual(jsonOf(output), [{ resyncRequested: true }]);
		assert.deepEqual(pairingOf(output), [0]);
		assert.equal(await harness.callsOf('clearArticleBatch'), 1);
		const changes = jsonOf(await harness.run({ parameters: getChanges('stock') }));
		assert.deepEqual(
			changes.map((change) => change.articleNo),
			['A-1', 'A-2', 'A-3'],
		);
	});
});

describe('Account → Register Callbacks', () => {
	let harness: NodeHarness;

	beforeEach(async () => {
		harness = await startHarness();
	});
	afterEach(() => harness.close());

	it('registers the given URLs and turns the empty ones off', async () => {
		const output = await harness.run({
			parameters: {
				resource: 'account',
				operation: 'registerCallbacks',
				stockChangeUrl: 'https://n8n.example.com/webhook/stock',
				removeOrderUrl: 'https://n8n.example.com/webhook/removed?order=$orderNo',
			},
		});

		assert.deepEqual((await harness.state()).callbacks, {
			stockChange: 'https://n8n.example.com/webhook/stock',
			orderChange: null,
			articleChange: null,
			newInvoice: null,
			removeOrder: 'https://n8n.example.com/webhook/removed?order=$orderNo',
		});
		assert.deepEqual(jsonOf(output), [
			{
				registered: true,
				stockChangeUrl: 'https://n8n.example.com/webhook/stock',
				orderChangeUrl: null,
				articleChangeUrl: null,
				newInvoiceUrl: null,
				removeOrderUrl: 'https://n8n.example.com/webhook/removed?order=$orderNo',
			},
		]);
	});

	it('refuses a URL that is not http(s) before calling Specter', async () => {
		const output = await harness.run({
			parameters: { resource: 'account', operation: 'registerCallbacks', orderChangeUrl: 'n8n.example.com/hook' },
			continueOnFail: true,
		});
		assert.deepEqual(pairingOf(output), [0]);
		assert.equal(jsonOf(output)[0].error, 'orderChangeUrl is not an http(s) URL: "n8n.example.com/hook"');
		assert.deepEqual(await harness.requests(), []);
	});
});
