// The marks the order template leaves on a WooCommerce order: `_specter_order_no` once Specter has the order,
// `specter_transfer_failed` (a fingerprint of what was sent) once Specter or the mapping refused it. Read here so
// the backfill and its dry run decide from the same marks as the live template's filter *Paid and not yet in
// Specter*.
import { createHash } from 'crypto';
import { SPECTER_ORDER_NO_META_KEY } from './order-status-to-woo';
import type { WooMetaData, WooOrder } from './woo-types';

/** The custom field the order template writes on an order it could not transfer (no leading underscore: visible). */
export const TRANSFER_FAILED_META_KEY = 'specter_transfer_failed';

/**
 * The SHA-256 (hex) of what goes to Specter, exactly as the order template's expression computes it
 * (`JSON.stringify([...]).hash('sha256')`, n8n's hash of the UTF-8 text): a corrected order gets another
 * fingerprint and is sent again; the pack's own marks (`specter_*`, `_specter_*`) do not count.
 */
export function refusalFingerprintOf(order: WooOrder): string {
	const meta = (order.meta_data || []).filter((entry) => !/^_?specter_/.test(entry.key));
	const sent = [
		order.number,
		order.currency,
		order.total,
		order.billing,
		order.shipping,
		order.line_items,
		order.tax_lines,
		order.shipping_lines,
		order.fee_lines,
		order.coupon_lines,
		order.customer_note,
		order.payment_method,
		order.transaction_id,
		meta,
	];
	return createHash('sha256').update(JSON.stringify(sent), 'utf8').digest('hex');
}

function metaEntry(metaData: WooMetaData[] | undefined, key: string): WooMetaData | undefined {
	return (metaData || []).find((entry) => entry.key === key);
}

/** Why an order is not sent again, or undefined when it should be sent. */
export type TransferMark =
	| { outcome: 'alreadyTransferred'; specterOrderNo: string | null; reason: string }
	| { outcome: 'refusedBefore'; reason: string };

/**
 * An order carrying `_specter_order_no` is in Specter (any value: the template saves `transferred` when Specter
 * did not name the order); one whose `specter_transfer_failed` equals its fingerprint was refused as it is now.
 */
export function transferMarkOf(order: WooOrder): TransferMark | undefined {
	const saved = metaEntry(order.meta_data, SPECTER_ORDER_NO_META_KEY);
	if (saved !== undefined) {
		const value = typeof saved.value === 'string' || typeof saved.value === 'number' ? String(saved.value).trim() : '';
		return {
			outcome: 'alreadyTransferred',
			specterOrderNo: value === '' || value === 'transferred' ? null : value,
			reason: `the order carries ${SPECTER_ORDER_NO_META_KEY}${value === '' ? '' : ` = ${value}`}: Specter has it`,
		};
	}
	const refused = metaEntry(order.meta_data, TRANSFER_FAILED_META_KEY);
	if (refused !== undefined && refused.value === refusalFingerprintOf(order)) {
		return {
			outcome: 'refusedBefore',
			reason: `refused before and unchanged since (custom field ${TRANSFER_FAILED_META_KEY}); correct the order, or delete that field to send it again`,
		};
	}
	return undefined;
}
