/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
// What each event emits: the typed change fields of its queue (numbers as numbers, comma decimals read,
// noItemsAvailable as null), with queue and batchNo, per change or per batch.
import assert from 'node:assert/strict';
import type { IDataObject } from 'n8n-workflow';
import { queueStockChange } from '../../simulators/specter/state';
import { batchNoOf, jsonOf, suiteHarness } from './harness';

describe('Specter Trigger events', () => {
	// the simulator writes decimal commas by default, as Specter may
	const harness = suiteHarness();

	const withoutBatchNo = (items: IDataObject[]) =>
		items.map((item) => {
			const copy = { ...item };
			delete copy.batchNo;
			return copy;
		});

	it('Order Status Changed: delivered with a tracking number, and cancelled', async () => {
		await harness.control('articles', { articleNo: 'SKU-1', stock: 10 });
		const { customerId } = (await harness.control('customers', {
			customerOrganizationalForm: 'C',
			name: 'Butik AB',
			emailAddress: 'order@butik.example',
		})) as { customerId: string };
		const createOrder = async (externalOrderNo: string) => {
			const { orderNo } = await harness.client.createOrder({
				customerId,
				externalOrderNo,
				rows: [{ articleNo: 'SKU-1', priceExclVat: 100, quantity: 1, vatPercent: 25 }],
			});
			assert.ok(orderNo);
			return orderNo;
		};
		const delivered = await createOrder('WC-1001');
		const cancelled = await createOrder('WC-1002');
		await harness.control(`orders/${delivered}/deliver`, { trackingNo: '00340434161234567890' });
		await harness.control(`orders/${cancelled}/cancel`);

		const items = jsonOf(await harness.poll({ parameters: { event: 'orderStatusChanged' } }));

		batchNoOf(items); // one batch
		assert.deepEqual(withoutBatchNo(items), [
			{
				queue: 'orderStatus',
				orderNo: delivered,
				statusId: 1,
				deliveryStatus: 'D',
				delivered: true,
				cancelled: false,
				trackingNumbers: ['00340434161234567890'],
			},
			{
				queue: 'orderStatus',
				orderNo: cancelled,
				statusId: 5,
				deliveryStatus: 'N',
				delivered: false,
				cancelled: true,
				trackingNumbers: [],
			},
		]);
	});

	it('Article Changed: name, prices, barcode, weight and VAT as typed values', async () => {
		await harness.control('articles', { articleNo: 'SKU-2', name: 'Gammal titel' });
		await harness.control('articles/SKU-2/edit', {
			name: 'Ny titel, blå',
			priceExclVat: 199.2,
			buyPrice: 100,
			weight: 0.25,
			barCode: '7350000000012',
			vatPercent: 12,
		});

		const [item, ...rest] = jsonOf(await harness.poll({ parameters: { event: 'articleChanged' } }));

		assert.equal(rest.length, 0);
		assert.equal(item.queue, 'articleInfo');
		assert.equal(typeof item.batchNo, 'string');
		assert.equal(item.articleNo, 'SKU-2');
		assert.equal(item.name, 'Ny titel, blå');
		assert.equal(item.priceExclVat, 199.2);
		assert.equal(item.buyPrice, 100);
		assert.equal(item.weight, 0.25);
		assert.equal(item.barCode, '7350000000012');
		assert.equal(item.vatPercent, 12);
	});

	it('Stock Changed: quantities with decimals, and noItemsAvailable as null', async () => {
		await harness.control('articles', { articleNo: 'SKU-3', stock: 0 });
		await harness.control('stock', { articleNo: 'SKU-3', quantity: 2.5 });
		await harness.control('articles', { articleNo: 'SKU-4', stockManaged: false });
		const notStockManaged = harness.sim.state.articles.get('SKU-4');
		assert.ok(notStockManaged);
		queueStockChange(harness.sim.state, notStockManaged);

		const items = jsonOf(await harness.poll());

		assert.deepEqual(
			items.map((item) => [item.queue, item.articleNo, item.quantity]),
			[
				['stock', 'SKU-3', 2.5],
				['stock', 'SKU-4', null],
			],
		);
	});

	it('Stock Changed per stock site: each site and the sum', async () => {
		await harness.control('articles', { articleNo: 'SKU-5', stock: 5, stockSiteId: '1' });
		await harness.control('stock', { articleNo: 'SKU-5', quantity: 3, stockSiteId: '2' });

		const [item] = jsonOf(await harness.poll({ parameters: { multipleStockSites: true } }));

		assert.equal(item.articleNo, 'SKU-5');
		assert.equal(item.quantity, 8);
		assert.deepEqual(item.stockSites, [
			{ stockSiteId: '1', quantity: 5 },
			{ stockSiteId: '2', quantity: 3 },
		]);
	});

	it('One Item per Batch: the batch with its changes', async () => {
		await harness.control('articles', { articleNo: 'SKU-6', stock: 0 });
		await harness.control('articles', { articleNo: 'SKU-7', stock: 0 });
		await harness.control('stock', { articleNo: 'SKU-6', quantity: 1 });
		await harness.control('stock', { articleNo: 'SKU-7', quantity: 2 });

		const items = jsonOf(await harness.poll({ parameters: { output: 'batch' } }));

		assert.equal(items.length, 1);
		const { changes, ...batch } = items[0];
		assert.deepEqual(withoutBatchNo([batch]), [
			{ queue: 'stock', recovered: false, moreAvailable: false, changeCount: 2 },
		]);
		assert.deepEqual(
			(changes as IDataObject[]).map((change) => [change.articleNo, change.quantity]),
			[
				['SKU-6', 1],
				['SKU-7', 2],
			],
		);
	});
});
