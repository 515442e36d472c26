/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
// Specter order-status changes → the WooCommerce writes (status, meta, note) for the order that carries the
// Specter order number.
import assert from 'node:assert/strict';
import {
	DEFAULT_ORDER_STATUS_MAP,
	orderStatusChangeToWoo,
	orderStatusWritesFor,
	specterOrderEventOf,
	type WooOrderRef,
} from '../../nodes/Specter/mappers';
import type { OrderStatusChange } from '../../nodes/Specter/wire/types';

const change = (overrides: Partial<OrderStatusChange>): OrderStatusChange => ({
	orderNo: '12345',
	statusId: null,
	deliveryStatus: null,
	delivered: false,
	cancelled: false,
	trackingNumbers: [],
	...overrides,
});

const ORDER_URL = 'https://butik.example.se/wp-json/wc/v3/orders/812';

const wooOrder = (overrides: Partial<WooOrderRef> = {}): WooOrderRef => ({
	id: 812,
	number: '812',
	status: 'processing',
	payment_method: 'bacs',
	meta_data: [
		{ id: 1, key: '_billing_org_nr', value: '556677-8899' },
		{ id: 2, key: '_specter_order_no', value: '12345' },
	],
	_links: { self: [{ href: ORDER_URL }], collection: [{ href: 'https://butik.example.se/wp-json/wc/v3/orders' }] },
	...overrides,
});

describe('specterOrderEventOf', () => {
	it('reads cancelled (statusId 5) before anything else, then full, partial or no delivery', () => {
		assert.equal(specterOrderEventOf(change({ cancelled: true, statusId: 5, delivered: true, deliveryStatus: 'D' })), 'cancelled');
		assert.equal(specterOrderEventOf(change({ delivered: true, deliveryStatus: 'D' })), 'delivered');
		assert.equal(specterOrderEventOf(change({ delivered: true, deliveryStatus: 'd ' })), 'delivered');
		// S1 reads deliveries updated="1" as shipped when there is no delivery status
		assert.equal(specterOrderEventOf(change({ delivered: true })), 'delivered');
		// goods sent while the delivery status is not D
		assert.equal(specterOrderEventOf(change({ delivered: true, deliveryStatus: 'N' })), 'partlyDelivered');
		assert.equal(specterOrderEventOf(change({ statusId: 3, deliveryStatus: 'B' })), 'other');
	});
});

describe('orderStatusChangeToWoo', () => {
	it('delivered → completed, with the tracking numbers in the note', () => {
		const trackingNumbers = ['00340434161094015202', '00340434161094015219'];
		assert.deepEqual(orderStatusChangeToWoo(change({ deliveryStatus: 'D', delivered: true, trackingNumbers })), {
			specterOrderNo: '12345',
			event: 'delivered',
			wooStatus: 'completed',
			trackingNumbers,
			note: 'Delivered from Specter (order 12345), tracking 00340434161094015202, 00340434161094015219',
		});
	});

	it('cancelled → cancelled, also when Specter had delivered it', () => {
		const update = orderStatusChangeToWoo(change({ statusId: 5, cancelled: true, delivered: true, deliveryStatus: 'D' }));
		assert.equal(update.wooStatus, 'cancelled');
		assert.equal(update.note, 'Cancelled in Specter (order 12345)');
	});

	it('partial deliveries and other statuses leave the order alone by default, saying what Specter reported', () => {
		const partly = orderStatusChangeToWoo(change({ delivered: true, deliveryStatus: 'N', trackingNumbers: ['PN1'] }));
		assert.equal(partly.wooStatus, null);
		assert.equal(partly.note, 'Partly delivered from Specter (order 12345), tracking PN1');
		assert.deepEqual(orderStatusChangeToWoo(change({ statusId: 3, deliveryStatus: 'B' })), {
			specterOrderNo: '12345',
			event: 'other',
			wooStatus: null,
			trackingNumbers: [],
			note: 'Updated in Specter (order 12345): status 3, delivery status B',
		});
		assert.equal(orderStatusChangeToWoo(change({})).note, 'Updated in Specter (order 12345)');
	});

	it('follows the status map: any event, a statusId for other changes, a plugin status with or without wc-', () => {
		const statusMap = [
			{ specterStatus: 'delivered', wooStatus: 'wc-shipped' },
			{ specterStatus: 'partlyDelivered', wooStatus: 'on-hold' },
			{ specterStatus: 'statusId', statusId: ' 3 ', wooStatus: 'on-hold' },
			{ specterStatus: 'statusId', statusId: 'X', wooStatus: 'failed' },
		] as const;
		const settings = { statusMap };
		assert.equal(orderStatusChangeToWoo(change({ delivered: true }), settings).wooStatus, 'shipped');
		assert.equal(orderStatusChangeToWoo(change({ delivered: true, deliveryStatus: 'N' }), settings).wooStatus, 'on-hold');
		assert.equal(orderStatusChangeToWoo(change({ statusId: 3 }), settings).wooStatus, 'on-hold');
		assert.equal(orderStatusChangeToWoo(change({ statusId: 'X' }), settings).wooStatus, 'failed');
		assert.equal(orderStatusChangeToWoo(change({ statusId: 4 }), settings).wooStatus, null);
		// a change without statusId never matches a statusId row; the map has no cancelled row
		assert.equal(orderStatusChangeToWoo(change({}), { statusMap: [{ specterStatus: 'statusId', statusId: '', wooStatus: 'failed' }] }).wooStatus, null);
		assert.equal(orderStatusChangeToWoo(change({ cancelled: true, statusId: 5 }), settings).wooStatus, null);
		// an empty map leaves every order alone; a row without a status too
		assert.equal(orderStatusChangeToWoo(change({ delivered: true }), { statusMap: [] }).wooStatus, null);
		assert.equal(orderStatusChangeToWoo(change({ delivered: true }), { statusMap: [{ specterStatus: 'delivered', wooStatus: ' ' }] }).wooStatus, null);
		assert.deepEqual(DEFAULT_ORDER_STATUS_MAP, [
			{ specterStatus: 'delivered', wooStatus: 'completed' },
			{ specterStatus: 'cancelled', wooStatus: 'cancelled' },
		]);
	});
});

describe('orderStatusWritesFor', () => {
	it('a delivery with tracking: completed, the tracking numbers in meta, a note the customer sees', () => {
		const writes = orderStatusWritesFor(change({ delivered: true, deliveryStatus: 'D', trackingNumbers: ['PN123', 'PN124'] }), wooOrder());
		assert.deepEqual(writes, {
			result: 'update',
			message: 'WooCommerce order 812: processing → completed; tracking PN123, PN124 in a note to the customer (Specter order 12345 delivered)',
			specterOrderNo: '12345',
			event: 'delivered',
			statusId: null,
			deliveryStatus: 'D',
			trackingNumbers: ['PN123', 'PN124'],
			wooOrderId: 812,
			wooOrderNumber: '812',
			wooOrderStatus: 'processing',
			wooStatus: 'completed',
			wooOrderUrl: ORDER_URL,
			wooNotesUrl: `${ORDER_URL}/notes`,
			wooOrderUpdate: { status: 'completed', meta_data: [{ key: '_specter_tracking_numbers', value: 'PN123, PN124' }] },
			wooOrderNote: { note: 'Your order has been shipped. Tracking number: PN123, PN124', customer_note: true },
		});
	});

	it('a Klarna order being completed gets _kom_disconnect in the same update, unless turned off', () => {
		const delivered = change({ delivered: true, deliveryStatus: 'D', trackingNumbers: ['PN1'] });
		for (const payment_method of ['kco', 'klarna_payments']) {
			const writes = orderStatusWritesFor(delivered, wooOrder({ payment_method }));
			assert.deepEqual(writes.wooOrderUpdate?.meta_data, [
				{ key: '_specter_tracking_numbers', value: 'PN1' },
				{ key: '_kom_disconnect', value: '1' },
			]);
			assert.match(writes.message, /_kom_disconnect set so the Klarna plugin does not capture \(Specter does\)/);
			const off = orderStatusWritesFor(delivered, wooOrder({ payment_method }), { stopKlarnaCapture: false });
			assert.deepEqual(off.wooOrderUpdate?.meta_data, [{ key: '_specter_tracking_numbers', value: 'PN1' }]);
		}
		// not for other payment methods, nor for another status than completed
		for (const payment_method of ['dibs_easy', 'nets_easy_klarna', 'klarna_invoice', 'bacs']) {
			assert.deepEqual(orderStatusWritesFor(delivered, wooOrder({ payment_method })).wooOrderUpdate?.meta_data, [
				{ key: '_specter_tracking_numbers', value: 'PN1' },
			]);
		}
		const shipped = orderStatusWritesFor(delivered, wooOrder({ payment_method: 'kco' }), {
			statusMap: [{ specterStatus: 'delivered', wooStatus: 'shipped' }],
		});
		assert.deepEqual(shipped.wooOrderUpdate, { status: 'shipped', meta_data: [{ key: '_specter_tracking_numbers', value: 'PN1' }] });
		// a Klarna order without tracking numbers being completed: only the disconnect
		const noTracking = orderStatusWritesFor(change({ delivered: true }), wooOrder({ payment_method: 'kco' }));
		assert.deepEqual(noTracking.wooOrderUpdate, { status: 'completed', meta_data: [{ key: '_kom_disconnect', value: '1' }] });
		assert.deepEqual(noTracking.wooOrderNote, { note: 'Delivered from Specter (order 12345)', customer_note: false });
	});

	it('a cancellation: cancelled, a private note, and never a shipping note to the customer', () => {
		const writes = orderStatusWritesFor(change({ statusId: 5, cancelled: true }), wooOrder({ payment_method: 'kco', status: 'on-hold' }));
		assert.equal(writes.result, 'update');
		assert.deepEqual(writes.wooOrderUpdate, { status: 'cancelled' });
		assert.deepEqual(writes.wooOrderNote, { note: 'Cancelled in Specter (order 12345)', customer_note: false });
		assert.equal(writes.message, 'WooCommerce order 812: on-hold → cancelled; a private note (Specter order 12345 cancelled)');
		// delivered, then cancelled: the tracking numbers are kept in meta, the customer is not told about a shipment
		const afterDelivery = orderStatusWritesFor(
			change({ statusId: 5, cancelled: true, delivered: true, deliveryStatus: 'D', trackingNumbers: ['PN9'] }),
			wooOrder(),
		);
		assert.deepEqual(afterDelivery.wooOrderUpdate, { status: 'cancelled', meta_data: [{ key: '_specter_tracking_numbers', value: 'PN9' }] });
		assert.equal(afterDelivery.wooOrderNote?.customer_note, false);
	});

	it('skips a change whose Specter order no WooCommerce order carries: another shop’s order', () => {
		const delivered = change({ delivered: true, deliveryStatus: 'D', trackingNumbers: ['PN1'] });
		for (const order of [null, undefined, wooOrder({ meta_data: [{ id: 2, key: '_specter_order_no', value: '99999' }] }), wooOrder({ meta_data: [] }), wooOrder({ meta_data: undefined })]) {
			const writes = orderStatusWritesFor(delivered, order);
			assert.equal(writes.result, 'skipped');
			assert.equal(writes.wooOrderId, null);
			assert.equal(writes.wooOrderUpdate, null);
			assert.equal(writes.wooOrderNote, null);
			assert.equal(
				writes.message,
				'No WooCommerce order looked up carries Specter order number 12345 (meta _specter_order_no): an order of another shop on the Specter account, or one no longer open in WooCommerce. Nothing written; the change is acknowledged with its batch',
			);
		}
		// the saved number may come back as a number, or with spaces; 'transferred' (number unknown) never matches
		const numeric = wooOrder({ meta_data: [{ id: 2, key: '_specter_order_no', value: 12345 }] });
		assert.equal(orderStatusWritesFor(delivered, numeric).result, 'update');
		assert.equal(orderStatusWritesFor(delivered, wooOrder({ meta_data: [{ id: 2, key: '_specter_order_no', value: 'transferred' }] })).result, 'skipped');
		assert.equal(orderStatusWritesFor(delivered, wooOrder({ meta_data: [{ id: 2, key: '_specter_order_no', value: ['12345'] }] })).result, 'skipped');
	});

	it('leaves the order alone and says why when the status map names no status', () => {
		const unknown = orderStatusWritesFor(change({ statusId: 3, deliveryStatus: 'N' }), wooOrder());
		assert.equal(unknown.result, 'leftAlone');
		assert.equal(unknown.wooOrderId, 812, 'the order found is still named');
		assert.equal(unknown.wooOrderUpdate, null);
		assert.equal(unknown.wooOrderNote, null);
		assert.equal(
			unknown.message,
			'Specter order 12345 reported status 3, delivery status N, which the status map does not name: the WooCommerce order is left as it is',
		);
		assert.equal(
			orderStatusWritesFor(change({}), null).message,
			'Specter order 12345 reported status (none), which the status map does not name: the WooCommerce order is left as it is',
		);
		const partly = orderStatusWritesFor(change({ delivered: true, deliveryStatus: 'N', trackingNumbers: ['PN7'] }), wooOrder());
		assert.equal(partly.result, 'leftAlone');
		assert.equal(
			partly.message,
			'Specter order 12345 was partly delivered, and the status map sets no WooCommerce status for that: the WooCommerce order is left as it is (tracking PN7 not written)',
		);
		// mapped, a partial delivery is written with its tracking note to the customer
		const mapped = orderStatusWritesFor(change({ delivered: true, deliveryStatus: 'N', trackingNumbers: ['PN7'] }), wooOrder(), {
			statusMap: [{ specterStatus: 'partlyDelivered', wooStatus: 'on-hold' }],
		});
		assert.equal(mapped.result, 'update');
		assert.deepEqual(mapped.wooOrderNote, { note: 'Your order has been shipped. Tracking number: PN7', customer_note: true });
		assert.match(mapped.message, /\(Specter order 12345 partly delivered\)$/);
	});

	it('takes the note text and the meta key from the settings', () => {
		const writes = orderStatusWritesFor(change({ delivered: true, trackingNumbers: ['A1', 'B2'] }), wooOrder(), {
			trackingNote: 'Din order är skickad. Spårning: {trackingNumbers} ({trackingNumbers})',
			trackingMetaKey: ' _tracking ',
		});
		assert.deepEqual(writes.wooOrderNote, { note: 'Din order är skickad. Spårning: A1, B2 (A1, B2)', customer_note: true });
		assert.deepEqual(writes.wooOrderUpdate?.meta_data, [{ key: '_tracking', value: 'A1, B2' }]);
		// blank settings fall back to the defaults
		const blank = orderStatusWritesFor(change({ delivered: true, trackingNumbers: ['A1'] }), wooOrder(), { trackingNote: ' ', trackingMetaKey: '' });
		assert.equal(blank.wooOrderNote?.note, 'Your order has been shipped. Tracking number: A1');
		assert.equal(blank.wooOrderUpdate?.meta_data?.[0].key, '_specter_tracking_numbers');
	});

	it('writes to the address WooCommerce gave the order, and refuses an order without one', () => {
		const writes = orderStatusWritesFor(change({ cancelled: true }), wooOrder({ _links: { self: [{ href: `${ORDER_URL}/` }] } }));
		assert.equal(writes.wooOrderUrl, ORDER_URL);
		assert.equal(writes.wooNotesUrl, `${ORDER_URL}/notes`);
		assert.throws(
			() => orderStatusWritesFor(change({ cancelled: true }), wooOrder({ number: '1001', _links: {} })),
			/^Error: WooCommerce order 1001 has no _links.self address to write to/,
		);
		assert.throws(() => orderStatusWritesFor(change({ cancelled: true }), wooOrder({ number: undefined, _links: undefined })), /WooCommerce order 812 has no/);
		// without a number, the id names the order
		assert.equal(orderStatusWritesFor(change({ cancelled: true }), wooOrder({ number: undefined })).wooOrderNumber, '812');
	});
});
