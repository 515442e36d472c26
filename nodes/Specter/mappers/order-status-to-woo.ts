// Specter order-status changes → WooCommerce order writes. Pure: no I/O, no n8n.
//
// Specter's order-status queue names an order by Specter's own order number only (docs/specter-api.md §4.3). The
// order template saves that number on the WooCommerce order it transferred (meta `_specter_order_no`), so the
// WooCommerce order of a change is the one carrying it; the caller finds it (the template: among the store's open
// orders) and passes it here. A change without such an order belongs to another shop on the same Specter account.
// Specter's PrestaShop module (S1) maps its queue back the same way, through the Specter number it stored. Reading
// an external order number from the queue instead would mean guessing an attribute the evidence does not show (a
// wrong guess is silently absent) and would still need a search, since a WooCommerce order number is not its id
// with sequential-number plugins; and WooCommerce's REST API cannot filter orders by meta (docs/woocommerce.md §3.3).

import { paymentFamily } from './payment';
import type { WooLinks, WooMetaData } from './woo-types';
import type { OrderStatusChange } from '../wire/types';

/** What happened to the order in Specter, read from one order-status change. */
export type SpecterOrderEvent = 'cancelled' | 'delivered' | 'partlyDelivered' | 'other';

/**
 * statusId 5 is "deleted or cancelled" and wins over anything else (an order cancelled after delivery is no longer
 * an order in Specter). `deliveryStatus="D"` is a full delivery; so is a delivery (`deliveries updated="1"`) without
 * a deliveryStatus, as S1 reads it [E S1]. A delivery while Specter's deliveryStatus says something other than D is
 * read as a partial delivery [I: the evidence knows D only; a status that is not D with goods sent cannot be "all
 * delivered"].
 */
export function specterOrderEventOf(change: OrderStatusChange): SpecterOrderEvent {
	if (change.cancelled) return 'cancelled';
	if (!change.delivered) return 'other';
	const deliveryStatus = (change.deliveryStatus ?? '').trim().toUpperCase();
	return deliveryStatus === '' || deliveryStatus === 'D' ? 'delivered' : 'partlyDelivered';
}

/** One row of the status map: a Specter event (or, for other changes, a Specter statusId) → a WooCommerce status. */
export interface OrderStatusMapEntry {
	specterStatus: Exclude<SpecterOrderEvent, 'other'> | 'statusId';
	/** with `specterStatus: 'statusId'`: the statusId Specter sends */
	statusId?: string;
	/** WooCommerce status slug without `wc-`: completed, cancelled, on-hold, or a plugin's own */
	wooStatus: string;
}

/** Delivered → completed, cancelled → cancelled; partial deliveries and other statuses leave the order alone. */
export const DEFAULT_ORDER_STATUS_MAP: readonly OrderStatusMapEntry[] = [
	{ specterStatus: 'delivered', wooStatus: 'completed' },
	{ specterStatus: 'cancelled', wooStatus: 'cancelled' },
];

export interface OrderStatusMappingSettings {
	/** default DEFAULT_ORDER_STATUS_MAP; a change the map does not name leaves the WooCommerce order alone */
	statusMap?: readonly OrderStatusMapEntry[];
}

export interface WooOrderStatusUpdate {
	specterOrderNo: string;
	event: SpecterOrderEvent;
	/** null: the status map names no WooCommerce status for this change, so the order is left alone */
	wooStatus: string | null;
	trackingNumbers: string[];
	/** what Specter reported, for a private order note */
	note: string;
}

function statusFromMap(change: OrderStatusChange, event: SpecterOrderEvent, map: readonly OrderStatusMapEntry[]): string | null {
	const statusId = change.statusId === null ? '' : String(change.statusId).trim();
	const entry = map.find((candidate) =>
		event === 'other'
			? candidate.specterStatus === 'statusId' && statusId !== '' && (candidate.statusId ?? '').trim() === statusId
			: candidate.specterStatus === event,
	);
	const wooStatus = (entry?.wooStatus ?? '').trim().replace(/^wc-/, '');
	return wooStatus === '' ? null : wooStatus;
}

function trackingText(trackingNumbers: string[]): string {
	return trackingNumbers.length > 0 ? `, tracking ${trackingNumbers.join(', ')}` : '';
}

/** The WooCommerce status the status map gives a change, and a note saying what Specter reported. */
export function orderStatusChangeToWoo(
	change: OrderStatusChange,
	settings: OrderStatusMappingSettings = {},
): WooOrderStatusUpdate {
	const event = specterOrderEventOf(change);
	const order = `(order ${change.orderNo})`;
	const details = [
		change.statusId === null ? undefined : `status ${change.statusId}`,
		change.deliveryStatus === null ? undefined : `delivery status ${change.deliveryStatus}`,
	].filter((part): part is string => part !== undefined);
	const notes: Record<SpecterOrderEvent, string> = {
		cancelled: `Cancelled in Specter ${order}`,
		delivered: `Delivered from Specter ${order}${trackingText(change.trackingNumbers)}`,
		partlyDelivered: `Partly delivered from Specter ${order}${trackingText(change.trackingNumbers)}`,
		other: `Updated in Specter ${order}${details.length > 0 ? `: ${details.join(', ')}` : ''}`,
	};
	return {
		specterOrderNo: change.orderNo,
		event,
		wooStatus: statusFromMap(change, event, settings.statusMap ?? DEFAULT_ORDER_STATUS_MAP),
		trackingNumbers: change.trackingNumbers,
		note: notes[event],
	};
}

// ---- the writes for one WooCommerce order ------------------------------------------------------------------

/** The order meta the order template writes: Specter's order number. */
export const SPECTER_ORDER_NO_META_KEY = '_specter_order_no';
/** Where the tracking numbers go on the WooCommerce order, comma-separated. */
export const DEFAULT_TRACKING_META_KEY = '_specter_tracking_numbers';
/** `{trackingNumbers}` is replaced by the tracking numbers, comma-separated. */
export const DEFAULT_TRACKING_NOTE = 'Your order has been shipped. Tracking number: {trackingNumbers}';
/**
 * Order meta Kustom Checkout (formerly Klarna Checkout for WooCommerce) and Klarna Order Management read before
 * capturing, cancelling, updating or refunding an order: when set, they leave the order to someone else (their
 * "disconnect" switch in the order's Klarna box). Source: docs/woocommerce.md §7.
 */
export const KLARNA_DISCONNECT_META_KEY = '_kom_disconnect';

/** The parts of a WooCommerce order (wc/v3 JSON) the writes need. */
export interface WooOrderRef {
	id: number;
	number?: string;
	status?: string;
	payment_method?: string;
	meta_data?: WooMetaData[];
	_links?: WooLinks;
}

export interface OrderStatusWriteSettings extends OrderStatusMappingSettings {
	/** text of the customer-visible note of a delivery with tracking numbers (default DEFAULT_TRACKING_NOTE) */
	trackingNote?: string;
	/** default DEFAULT_TRACKING_META_KEY */
	trackingMetaKey?: string;
	/**
	 * Whether an order paid with Klarna (kco, klarna_payments) that is set to `completed` also gets `_kom_disconnect`
	 * in the same update, so the Klarna plugin does not capture what Specter captures (default true).
	 */
	stopKlarnaCapture?: boolean;
}

/** update: write to WooCommerce; skipped: no WooCommerce order of this store; leftAlone: the status map says nothing */
export type OrderStatusResult = 'update' | 'skipped' | 'leftAlone';

export interface WooMetaWrite {
	key: string;
	value: string;
}

/** The body of PUT orders/<id>: WooCommerce sets the meta before the status, so status hooks see it (docs/woocommerce.md §3.3). */
export interface WooOrderUpdate {
	status: string;
	meta_data?: WooMetaWrite[];
}

/** The body of POST orders/<id>/notes (WC_REST_Order_Notes_Controller); customer_note: true shows and mails it to the customer. */
export interface WooOrderNote {
	note: string;
	customer_note: boolean;
}

export interface OrderStatusWrites {
	result: OrderStatusResult;
	/** one sentence for the execution log: what was decided and why */
	message: string;
	specterOrderNo: string;
	event: SpecterOrderEvent;
	statusId: number | string | null;
	deliveryStatus: string | null;
	trackingNumbers: string[];
	wooOrderId: number | null;
	wooOrderNumber: string | null;
	/** the order's status before the update */
	wooOrderStatus: string | null;
	/** the status to set; null when nothing is written */
	wooStatus: string | null;
	/** `_links.self` of the order: PUT the update here */
	wooOrderUrl: string | null;
	/** POST the note here */
	wooNotesUrl: string | null;
	wooOrderUpdate: WooOrderUpdate | null;
	wooOrderNote: WooOrderNote | null;
}

function metaValue(order: WooOrderRef, key: string): string | undefined {
	const entry = (order.meta_data ?? []).find((meta) => meta.key === key);
	if (entry === undefined) return undefined;
	return typeof entry.value === 'string' || typeof entry.value === 'number' ? String(entry.value).trim() : undefined;
}

/** The order when it is the one the order template transferred as Specter order `specterOrderNo`. */
function matchingOrder(order: WooOrderRef | null | undefined, specterOrderNo: string): WooOrderRef | undefined {
	if (order === null || order === undefined || typeof order.id !== 'number') return undefined;
	return metaValue(order, SPECTER_ORDER_NO_META_KEY) === specterOrderNo.trim() ? order : undefined;
}

function selfUrl(order: WooOrderRef): string {
	const href = order._links?.self?.[0]?.href;
	if (typeof href !== 'string' || href === '') {
		throw new Error(
			`WooCommerce order ${order.number ?? order.id} has no _links.self address to write to: pass the order as WooCommerce returns it (WooCommerce node, Order → Get Many)`,
		);
	}
	return href.replace(/\/+$/, '');
}

const EVENT_WORDS: Record<SpecterOrderEvent, string> = {
	cancelled: 'cancelled',
	delivered: 'delivered',
	partlyDelivered: 'partly delivered',
	other: 'changed',
};

function leftAloneMessage(change: OrderStatusChange, event: SpecterOrderEvent): string {
	const what =
		event === 'other'
			? `reported ${[
					`status ${change.statusId ?? '(none)'}`,
					change.deliveryStatus === null ? undefined : `delivery status ${change.deliveryStatus}`,
				]
					.filter((part) => part !== undefined)
					.join(', ')}, which the status map does not name`
			: `was ${EVENT_WORDS[event]}, and the status map sets no WooCommerce status for that`;
	const tracking = change.trackingNumbers.length > 0 ? ` (tracking ${change.trackingNumbers.join(', ')} not written)` : '';
	return `Specter order ${change.orderNo} ${what}: the WooCommerce order is left as it is${tracking}`;
}

/**
 * What to write to WooCommerce for one order-status change, given the WooCommerce order found for it (or none).
 * Nothing is written when the status map names no status for the change (leftAlone) or when `wooOrder` is not
 * the order carrying Specter's order number (skipped: another shop's order, or one the lookup did not include).
 * Otherwise one update (status, tracking numbers, `_kom_disconnect` for Klarna orders being completed) and one
 * note: visible to the customer for a delivery with tracking numbers, private otherwise.
 */
export function orderStatusWritesFor(
	change: OrderStatusChange,
	wooOrder: WooOrderRef | null | undefined,
	settings: OrderStatusWriteSettings = {},
): OrderStatusWrites {
	const mapped = orderStatusChangeToWoo(change, settings);
	const order = matchingOrder(wooOrder, change.orderNo);
	const base: OrderStatusWrites = {
		result: 'leftAlone',
		message: '',
		specterOrderNo: change.orderNo,
		event: mapped.event,
		statusId: change.statusId,
		deliveryStatus: change.deliveryStatus,
		trackingNumbers: change.trackingNumbers,
		wooOrderId: order?.id ?? null,
		wooOrderNumber: order === undefined ? null : (order.number ?? String(order.id)),
		wooOrderStatus: order?.status ?? null,
		wooStatus: null,
		wooOrderUrl: null,
		wooNotesUrl: null,
		wooOrderUpdate: null,
		wooOrderNote: null,
	};
	if (mapped.wooStatus === null) return { ...base, message: leftAloneMessage(change, mapped.event) };
	if (order === undefined) {
		return {
			...base,
			result: 'skipped',
			message: `No WooCommerce order looked up carries Specter order number ${change.orderNo} (meta ${SPECTER_ORDER_NO_META_KEY}): an order of another shop on the Specter account, or one no longer open in WooCommerce. Nothing written; the change is acknowledged with its batch`,
		};
	}

	const orderUrl = selfUrl(order);
	const tracking = change.trackingNumbers.join(', ');
	const meta: WooMetaWrite[] = [];
	if (tracking !== '') meta.push({ key: settings.trackingMetaKey?.trim() || DEFAULT_TRACKING_META_KEY, value: tracking });
	const disconnectKlarna =
		settings.stopKlarnaCapture !== false &&
		mapped.wooStatus === 'completed' &&
		paymentFamily(order.payment_method ?? '') === 'klarna';
	if (disconnectKlarna) meta.push({ key: KLARNA_DISCONNECT_META_KEY, value: '1' });

	const toCustomer = tracking !== '' && (mapped.event === 'delivered' || mapped.event === 'partlyDelivered');
	const note: WooOrderNote = toCustomer
		? { note: (settings.trackingNote?.trim() || DEFAULT_TRACKING_NOTE).split('{trackingNumbers}').join(tracking), customer_note: true }
		: { note: mapped.note, customer_note: false };
	const number = base.wooOrderNumber as string;
	const parts = [
		`WooCommerce order ${number}: ${order.status ?? '?'} → ${mapped.wooStatus}`,
		toCustomer ? `tracking ${tracking} in a note to the customer` : 'a private note',
		disconnectKlarna ? `${KLARNA_DISCONNECT_META_KEY} set so the Klarna plugin does not capture (Specter does)` : undefined,
	].filter((part): part is string => part !== undefined);
	return {
		...base,
		result: 'update',
		message: `${parts.join('; ')} (Specter order ${change.orderNo} ${EVENT_WORDS[mapped.event]})`,
		wooStatus: mapped.wooStatus,
		wooOrderUrl: orderUrl,
		wooNotesUrl: `${orderUrl}/notes`,
		wooOrderUpdate: { status: mapped.wooStatus, ...(meta.length > 0 ? { meta_data: meta } : {}) },
		wooOrderNote: note,
	};
}
