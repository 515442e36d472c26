/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
// Order Status → Map to WooCommerce: pure, no request; one output item per input item, paired, with n8n's
// parameter defaults (the status map delivered → completed, cancelled → cancelled) and continueOnFail.
import assert from 'node:assert/strict';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';
import { Specter } from '../../../nodes/Specter/Specter.node';
import { executeContext, type HttpCall } from '../../helpers/n8n-context';
import { jsonOf, pairingOf, rejectionOf } from './harness';

const ORDER_URL = 'https://butik.example.se/wp-json/wc/v3/orders/812';

function wooOrder(specterOrderNo: string, overrides: IDataObject = {}): IDataObject {
	return {
		id: 812,
		number: '812',
		status: 'processing',
		payment_method: 'kco',
		meta_data: [{ id: 7, key: '_specter_order_no', value: specterOrderNo }],
		_links: { self: [{ href: ORDER_URL }] },
		...overrides,
	};
}

/** A change as the Specter Trigger emits it (one item per change), with the order the lookup found. */
function changeItem(overrides: IDataObject = {}): IDataObject {
	return {
		queue: 'orderStatus',
		batchNo: 'b1',
		orderNo: '50001',
		statusId: 1,
		deliveryStatus: 'D',
		delivered: true,
		cancelled: false,
		trackingNumbers: ['PN123'],
		...overrides,
	};
}

interface Run {
	items: IDataObject[];
	/** parameters besides resource and operation; `wooOrder` defaults to each item's wooOrder, as {{ $json.wooOrder }} resolves */
	parameters?: IDataObject;
	continueOnFail?: boolean;
}

async function run({ items, parameters = {}, continueOnFail = false }: Run): Promise<{ output: INodeExecutionData[]; httpLog: HttpCall[] }> {
	const node = new Specter();
	const httpLog: HttpCall[] = [];
	const context = executeContext({
		parameters: (itemIndex) => ({
			resource: 'orderStatus',
			operation: 'mapToWooCommerce',
			wooOrder: items[itemIndex].wooOrder ?? '',
			...parameters,
		}),
		// a pure operation: no credential is read and no request made
		credentials: {},
		items: items.map((json) => ({ json })),
		continueOnFail,
		nodeType: node,
		httpLog,
	});
	const [output] = await node.execute.call(context);
	return { output, httpLog };
}

describe('Order Status → Map to WooCommerce', () => {
	it('shows its status map with the defaults and asks for no credential', () => {
		const node = new Specter();
		const parameters = { resource: 'orderStatus', operation: 'mapToWooCommerce' };
		const withDefaults = NodeHelpers.getNodeParameters(node.description.properties, parameters, true, false, null, node.description);
		assert.deepEqual(withDefaults?.statusMap, {
			status: [
				{ specterStatus: 'delivered', wooStatus: 'completed' },
				{ specterStatus: 'cancelled', wooStatus: 'cancelled' },
			],
		});
		assert.equal(withDefaults?.stopKlarnaCapture, true);
		const [credential] = node.description.credentials ?? [];
		assert.equal(NodeHelpers.displayParameter(parameters, credential, null, node.description), false);
		assert.equal(NodeHelpers.displayParameter({ resource: 'orderStatus', operation: 'getChanges' }, credential, null, node.description), true);
	});

	it('outputs the writes for each change, paired, passing queue and batch number on, without a request', async () => {
		const items = [
			changeItem({ wooOrder: wooOrder('50001') }),
			changeItem({ orderNo: '50002', statusId: 5, cancelled: true, deliveryStatus: 'N', delivered: false, trackingNumbers: [], wooOrder: wooOrder('50002', { id: 813, number: '813', payment_method: 'bacs', _links: { self: [{ href: `${ORDER_URL}3` }] } }) }),
			changeItem({ orderNo: '70001' }),
			changeItem({ orderNo: '50003', statusId: 3, deliveryStatus: 'N', delivered: false, trackingNumbers: [] }),
		];
		const { output, httpLog } = await run({ items });
		assert.deepEqual(httpLog, []);
		assert.deepEqual(pairingOf(output), [0, 1, 2, 3]);
		const [delivered, cancelled, foreign, unknown] = jsonOf(output);

		assert.equal(delivered.queue, 'orderStatus');
		assert.equal(delivered.batchNo, 'b1');
		assert.equal(delivered.result, 'update');
		assert.equal(delivered.wooOrderUrl, ORDER_URL);
		assert.equal(delivered.wooNotesUrl, `${ORDER_URL}/notes`);
		assert.deepEqual(delivered.wooOrderUpdate, {
			status: 'completed',
			meta_data: [
				{ key: '_specter_tracking_numbers', value: 'PN123' },
				{ key: '_kom_disconnect', value: '1' },
			],
		});
		assert.deepEqual(delivered.wooOrderNote, { note: 'Your order has been shipped. Tracking number: PN123', customer_note: true });

		assert.equal(cancelled.result, 'update');
		assert.deepEqual(cancelled.wooOrderUpdate, { status: 'cancelled' });
		assert.deepEqual(cancelled.wooOrderNote, { note: 'Cancelled in Specter (order 50002)', customer_note: false });

		assert.equal(foreign.result, 'skipped');
		assert.equal(foreign.wooOrderUpdate, null);
		assert.match(foreign.message as string, /^No WooCommerce order looked up carries Specter order number 70001/);

		assert.equal(unknown.result, 'leftAlone');
		assert.equal(unknown.statusId, 3);
		assert.match(unknown.message as string, /reported status 3, delivery status N, which the status map does not name/);
	});

	it('takes the status map, note text, meta key and Klarna switch from the parameters', async () => {
		const items = [
			changeItem({ deliveryStatus: 'N', wooOrder: wooOrder('50001') }),
			changeItem({ orderNo: '50002', statusId: '3', deliveryStatus: 'N', delivered: false, trackingNumbers: [], wooOrder: wooOrder('50002') }),
			changeItem({ orderNo: '50003', wooOrder: wooOrder('50003') }),
		];
		const { output } = await run({
			items,
			parameters: {
				statusMap: {
					status: [
						{ specterStatus: 'partlyDelivered', wooStatus: 'on-hold' },
						{ specterStatus: 'statusId', statusId: '3', wooStatus: 'on-hold' },
					],
				},
				trackingNote: 'Delvis skickad: {trackingNumbers}',
				stopKlarnaCapture: false,
				options: { trackingMetaKey: '_tracking' },
			},
		});
		const [partly, byId, delivered] = jsonOf(output);
		assert.deepEqual(partly.wooOrderUpdate, { status: 'on-hold', meta_data: [{ key: '_tracking', value: 'PN123' }] });
		assert.deepEqual(partly.wooOrderNote, { note: 'Delvis skickad: PN123', customer_note: true });
		assert.deepEqual(byId.wooOrderUpdate, { status: 'on-hold' });
		// the map has no delivered row any more: a delivery leaves the order alone
		assert.equal(delivered.result, 'leftAlone');

		// without rows nothing is written
		const { output: none } = await run({ items: [changeItem({ wooOrder: wooOrder('50001') })], parameters: { statusMap: {} } });
		assert.equal(jsonOf(none)[0].result, 'leftAlone');
	});

	it('takes the WooCommerce order as an object, as JSON text, or none (empty text, {})', async () => {
		const asText = await run({ items: [changeItem({ wooOrder: JSON.stringify(wooOrder('50001')) })] });
		assert.equal(jsonOf(asText.output)[0].result, 'update');
		for (const none of ['', '  ', {}]) {
			const { output } = await run({ items: [changeItem()], parameters: { wooOrder: none } });
			assert.equal(jsonOf(output)[0].result, 'skipped', JSON.stringify(none));
		}
	});

	it('names the item and the Specter order in errors; with continueOnFail the other items go on', async () => {
		const items = [
			{ queue: 'orderStatus', batchNo: 'b1', articleNo: 'MUG-01' },
			changeItem({ wooOrder: 'not json' }),
			changeItem({ orderNo: '50002', wooOrder: [wooOrder('50002')] }),
			changeItem({ orderNo: '50003', wooOrder: wooOrder('50003', { _links: {} }) }),
			changeItem({ orderNo: '50004', wooOrder: wooOrder('50004') }),
		];
		const error = await rejectionOf(run({ items }));
		assert.equal(error.message, 'The item is not an order status change: it has no orderNo');
		assert.equal((error.context as IDataObject).itemIndex, 0);

		const { output } = await run({ items, continueOnFail: true });
		assert.deepEqual(pairingOf(output), [0, 1, 2, 3, 4]);
		const json = jsonOf(output);
		assert.equal(json[0].error, 'The item is not an order status change: it has no orderNo');
		assert.equal(json[1].error, 'WooCommerce Order is not JSON');
		assert.equal(json[1].specterOrderNo, '50001');
		assert.equal(json[2].error, 'WooCommerce Order must be one order object');
		assert.match(json[3].error as string, /^Specter order 50003: WooCommerce order 812 has no _links.self address to write to/);
		assert.equal(json[4].result, 'update');
		assert.ok(output.slice(0, 4).every((item) => item.error !== undefined));
	});
});

describe('Order Status → Map to WooCommerce with Mapping Tables', () => {
	it('takes the orderStatuses table over the Status Map', async () => {
		const { output } = await run({
			items: [changeItem({ wooOrder: wooOrder('50001') })],
			parameters: { mappingTables: { orderStatuses: [{ specterStatus: 'delivered', wooStatus: 'on-hold' }] } },
		});
		const [delivered] = jsonOf(output);
		assert.equal(delivered.result, 'update');
		assert.equal((delivered.wooOrderUpdate as IDataObject).status, 'on-hold');
	});

	it('fails the item with the table and the row named', async () => {
		const { output } = await run({
			items: [changeItem({ wooOrder: wooOrder('50001') })],
			parameters: { mappingTables: { orderStatuses: [{ specterStatus: 'delivered', wooStatus: 'completed' }, { specterStatus: 'shipped', wooStatus: 'completed' }] } },
			continueOnFail: true,
		});
		assert.match(String(jsonOf(output)[0].error), /^Mapping table orderStatuses, row 2: specterStatus shipped is not one of/);
	});
});
