// Order Status → Map to WooCommerce: turns each order-status change (Specter Trigger, Order Status → Get Changes)
// and the WooCommerce order found for it into the WooCommerce writes, as plain output fields. Pure: no request is
// made, here or to Specter; the workflow sends the writes (the order-status template: two HTTP Requests with the
// WooCommerce credential) and acknowledges the batch after them.
import type { IDataObject, IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import {
	DEFAULT_ORDER_STATUS_MAP,
	DEFAULT_TRACKING_META_KEY,
	DEFAULT_TRACKING_NOTE,
	orderStatusWritesFor,
	type OrderStatusMapEntry,
	type OrderStatusWriteSettings,
	type WooOrderRef,
} from '../../mappers';
import { showFor } from '../../shared/descriptions';
import { forEachItem } from '../../shared/execution';
import { mappingTablesField, mappingTablesOf } from '../../shared/mapping-tables';
import { optionalText } from '../../shared/parameters';
import type { OrderStatusChange } from '../../wire/types';

const displayOptions = showFor('orderStatus', ['mapToWooCommerce']);

/** WooCommerce's own order statuses (wc_get_order_statuses() without `wc-`); a plugin's status goes in as an expression. */
const WOO_STATUS_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Cancelled', value: 'cancelled' },
	{ name: 'Completed', value: 'completed' },
	{ name: 'Failed', value: 'failed' },
	{ name: 'On Hold', value: 'on-hold' },
	{ name: 'Pending Payment', value: 'pending' },
	{ name: 'Processing', value: 'processing' },
	{ name: 'Refunded', value: 'refunded' },
];

export const description: INodeProperties[] = [
	{
		displayName:
			'Each input item is one change from the Specter Trigger (Order Status Changed) or Order Status → Get Changes, with the WooCommerce order that carries its Specter order number (meta _specter_order_no) in WooCommerce Order, or none. No request is made: the output says what to write to WooCommerce (wooOrderUpdate to PUT to wooOrderUrl, wooOrderNote to POST to wooNotesUrl) and "result": update, skipped (no order of this store) or leftAlone (the status map names no status).',
		name: 'inputNotice',
		type: 'notice',
		default: '',
		displayOptions,
	},
	{
		displayName: 'WooCommerce Order',
		name: 'wooOrder',
		type: 'json',
		default: '={{ $json.wooOrder }}',
		description:
			'The WooCommerce order of the change, as the WooCommerce node outputs it, or empty when none was found. Only an order whose meta _specter_order_no equals the change\'s Specter order number is written to.',
		displayOptions,
	},
	{
		displayName: 'Status Map',
		name: 'statusMap',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Status',
		default: { status: DEFAULT_ORDER_STATUS_MAP.map((entry) => ({ ...entry })) },
		description:
			'The WooCommerce status for each kind of Specter change. A change the map does not name leaves the WooCommerce order alone: nothing is written and the item says why.',
		displayOptions,
		options: [
			{
				displayName: 'Status',
				name: 'status',
				values: [
					{
						displayName: 'Specter Status',
						name: 'specterStatus',
						type: 'options',
						options: [
							{ name: 'Cancelled', value: 'cancelled', description: 'Deleted or cancelled in Specter (statusId 5)' },
							{ name: 'Delivered', value: 'delivered', description: 'Delivery status D, or a delivery without a delivery status' },
							{
								name: 'Partly Delivered',
								value: 'partlyDelivered',
								description: 'A delivery while the delivery status is not D',
							},
							{ name: 'Status ID', value: 'statusId', description: 'Any other change with this statusId' },
						],
						default: 'delivered',
					},
					{
						displayName: 'Status ID',
						name: 'statusId',
						type: 'string',
						default: '',
						placeholder: '3',
						description: 'The statusId Specter sends for this status (only 5, cancelled, is known)',
						displayOptions: { show: { specterStatus: ['statusId'] } },
					},
					{
						displayName: 'WooCommerce Status',
						name: 'wooStatus',
						type: 'options',
						options: WOO_STATUS_OPTIONS,
						default: 'completed',
						description: 'A status added by a plugin can be given as an expression, e.g. shipped',
					},
				],
			},
		],
	},
	mappingTablesField(displayOptions, 'orderStatuses (over Status Map)'),
	{
		displayName: 'Stop Klarna Capture on Completed',
		name: 'stopKlarnaCapture',
		type: 'boolean',
		default: true,
		description:
			'Whether an order paid with Klarna (kco, klarna_payments) that is set to Completed also gets the meta _kom_disconnect, in the same update. Kustom Checkout and Klarna Order Management then do not capture it on completion: Specter captures the payment when the order is delivered. They also stop cancelling, updating and refunding that order in Klarna.',
		hint: 'Turn off only if the Klarna plugin, not Specter, is to capture the payment',
		displayOptions,
	},
	{
		displayName: 'Tracking Note to the Customer',
		name: 'trackingNote',
		type: 'string',
		default: DEFAULT_TRACKING_NOTE,
		description:
			'Text of the note added to a delivered order with tracking numbers. WooCommerce shows it to the customer and e-mails it. {trackingNumbers} is replaced by the tracking numbers. Orders without tracking numbers get a private note.',
		displayOptions,
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions,
		options: [
			{
				displayName: 'Tracking Numbers Meta Key',
				name: 'trackingMetaKey',
				type: 'string',
				default: DEFAULT_TRACKING_META_KEY,
				description: 'Order meta that receives the tracking numbers, comma-separated',
			},
		],
	},
];

function fail(context: IExecuteFunctions, itemIndex: number, message: string, description: string): never {
	throw new NodeOperationError(context.getNode(), message, { description, itemIndex });
}

/** The order-status change on the input item, as the Specter Trigger and Get Changes output it. */
function changeOf(context: IExecuteFunctions, json: IDataObject, itemIndex: number): OrderStatusChange {
	const orderNo = optionalText(json.orderNo);
	if (orderNo === undefined) {
		fail(
			context,
			itemIndex,
			'The item is not an order status change: it has no orderNo',
			'Connect this node after the Specter Trigger (event Order Status Changed, one item per change) or Order Status → Get Changes.',
		);
	}
	const statusId = typeof json.statusId === 'number' || typeof json.statusId === 'string' ? json.statusId : null;
	const trackingNumbers = Array.isArray(json.trackingNumbers)
		? json.trackingNumbers.map((number) => optionalText(number)).filter((number): number is string => number !== undefined)
		: [];
	return {
		orderNo,
		statusId,
		deliveryStatus: optionalText(json.deliveryStatus) ?? null,
		delivered: json.delivered === true,
		cancelled: json.cancelled === true,
		trackingNumbers,
	};
}

/** The WooCommerce Order parameter: an order object, its JSON text, or nothing (no order found). */
function wooOrderOf(context: IExecuteFunctions, itemIndex: number): WooOrderRef | null {
	let value = context.getNodeParameter('wooOrder', itemIndex, null) as unknown;
	if (typeof value === 'string') {
		const text = value.trim();
		if (text === '') return null;
		try {
			value = JSON.parse(text) as unknown;
		} catch {
			fail(context, itemIndex, 'WooCommerce Order is not JSON', 'Give the order object, e.g. {{ $json.wooOrder }}, or leave it empty.');
		}
	}
	if (value === null || value === undefined) return null;
	if (typeof value !== 'object' || Array.isArray(value)) {
		fail(context, itemIndex, 'WooCommerce Order must be one order object', 'Give the order object, e.g. {{ $json.wooOrder }}, or leave it empty.');
	}
	const order = value as IDataObject;
	// an empty object is what a lookup that found nothing leaves (the WooCommerce node's Always Output Data)
	if (Object.keys(order).length === 0) return null;
	return order as unknown as WooOrderRef;
}

function statusMapOf(context: IExecuteFunctions, itemIndex: number): OrderStatusMapEntry[] {
	const map = context.getNodeParameter('statusMap', itemIndex, {}) as { status?: IDataObject[] };
	return (map.status ?? []).map((row) => ({
		specterStatus: row.specterStatus as OrderStatusMapEntry['specterStatus'],
		statusId: optionalText(row.statusId),
		wooStatus: optionalText(row.wooStatus) ?? '',
	}));
}

function settingsOf(context: IExecuteFunctions, itemIndex: number): OrderStatusWriteSettings {
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return {
		statusMap: mappingTablesOf(context, itemIndex).orderStatuses ?? statusMapOf(context, itemIndex),
		stopKlarnaCapture: context.getNodeParameter('stopKlarnaCapture', itemIndex, true) as boolean,
		trackingNote: optionalText(context.getNodeParameter('trackingNote', itemIndex, '')),
		trackingMetaKey: optionalText(options.trackingMetaKey),
	};
}

/**
 * One output item per input item, paired: the writes for it (orderStatusWritesFor), with the item's queue and
 * batch number passed on.
 */
export const execute = forEachItem({
	async run(context, itemIndex, _client, items) {
		const json = items[itemIndex].json;
		const writes = orderStatusWritesFor(changeOf(context, json, itemIndex), wooOrderOf(context, itemIndex), settingsOf(context, itemIndex));
		return {
			...(json.queue === undefined ? {} : { queue: json.queue }),
			...(json.batchNo === undefined ? {} : { batchNo: json.batchNo }),
			...(writes as unknown as IDataObject),
		};
	},
	label(_context, itemIndex, items) {
		const orderNo = optionalText(items[itemIndex].json.orderNo);
		return {
			subject: orderNo === undefined ? undefined : `Specter order ${orderNo}`,
			details: { specterOrderNo: orderNo ?? null },
		};
	},
});
