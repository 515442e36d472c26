// The mapping tables of the *Specter mappings* workflow (workflows-templates/specter-mappings.json), read by every
// operation that maps between the two systems. One object with up to four tables; a table that is present replaces
// the node's own setting for it, a table that is absent leaves the node's setting (and its Swedish default) in force.
// Pure: no I/O, no n8n.

import type { OrderStatusMapEntry } from './order-status-to-woo';
import { toSpecterVatRate } from './vat';

/** What a WooCommerce shipping method (method_id) becomes in Specter. */
export interface ShippingMethodMapping {
	/** the order's externalDeliveryMethod (at most 100 characters) */
	deliveryMethod?: string;
	/** the article of the method's shipping rows instead of the Shipping Article No. */
	shippingArticleNo?: string;
}

export interface MappingTables {
	/** tax class slug → VAT %; '' (WooCommerce's Standard) is filled from 'standard' */
	vatPercentByTaxClass?: Record<string, number>;
	/** VAT % (as a string key) → tax class slug; 'standard' is written as '' */
	taxClassByVatPercent?: Record<string, string>;
	orderStatuses?: OrderStatusMapEntry[];
	/** WooCommerce payment_method → Specter pay type */
	payTypeByPaymentMethod?: Record<string, string>;
	/** WooCommerce shipping method_id → delivery method / article */
	shippingByMethod?: Record<string, ShippingMethodMapping>;
}

/** The table names as the *Specter mappings* workflow outputs them. */
export const MAPPING_TABLE_NAMES = ['vatRates', 'orderStatuses', 'paymentMethods', 'shippingMethods'] as const;

const SPECTER_STATUSES: ReadonlyArray<OrderStatusMapEntry['specterStatus']> = ['delivered', 'partlyDelivered', 'cancelled', 'statusId'];
const MAX_DELIVERY_METHOD_LENGTH = 100;

/** A table or row that cannot be used; the message names the table and the row (counted from 1). */
export class MappingTableError extends Error {
	constructor(
		readonly table: string,
		readonly row: number | undefined,
		problem: string,
	) {
		super(`Mapping table ${table}${row === undefined ? '' : `, row ${row}`}: ${problem}`);
		this.name = 'MappingTableError';
	}
}

type Row = Record<string, unknown>;

function text(value: unknown): string | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const trimmed = String(value).trim();
	return trimmed === '' ? undefined : trimmed;
}

function rowsOf(tables: Row, table: string): Row[] | undefined {
	const rows = tables[table];
	if (rows === undefined || rows === null) return undefined;
	if (!Array.isArray(rows)) throw new MappingTableError(table, undefined, 'must be a list of rows ([{…}, {…}])');
	return rows.map((row, index) => {
		if (typeof row !== 'object' || row === null || Array.isArray(row)) {
			throw new MappingTableError(table, index + 1, 'must be an object such as {"…": "…"}');
		}
		return row as Row;
	});
}

function required(table: string, row: Row, index: number, field: string): string {
	const value = text(row[field]);
	if (value === undefined) throw new MappingTableError(table, index + 1, `${field} is empty`);
	return value;
}

function vatTables(rows: Row[]): Pick<MappingTables, 'vatPercentByTaxClass' | 'taxClassByVatPercent'> {
	const vatPercentByTaxClass: Record<string, number> = {};
	const taxClassByVatPercent: Record<string, string> = {};
	rows.forEach((row, index) => {
		const raw = text(row.vatPercent);
		const vatPercent = raw === undefined ? undefined : toSpecterVatRate(Number(raw));
		if (vatPercent === undefined) {
			throw new MappingTableError('vatRates', index + 1, `vatPercent ${raw ?? '(empty)'} is not one of Specter's rates 25, 12, 6, 0`);
		}
		// WooCommerce names the Standard class '' on products; the table may say "standard" or ""
		const slug = text(row.taxClass) ?? 'standard';
		const wooSlug = slug === 'standard' ? '' : slug;
		if (vatPercentByTaxClass[wooSlug] !== undefined) {
			throw new MappingTableError('vatRates', index + 1, `tax class ${slug} is already in the table`);
		}
		vatPercentByTaxClass[wooSlug] = vatPercent;
		if (wooSlug === '') vatPercentByTaxClass.standard = vatPercent;
		// the first class of a rate is the one written to WooCommerce
		taxClassByVatPercent[String(vatPercent)] ??= wooSlug;
	});
	return { vatPercentByTaxClass, taxClassByVatPercent };
}

function orderStatuses(rows: Row[]): OrderStatusMapEntry[] {
	return rows.map((row, index) => {
		const specterStatus = required('orderStatuses', row, index, 'specterStatus') as OrderStatusMapEntry['specterStatus'];
		if (!SPECTER_STATUSES.includes(specterStatus)) {
			throw new MappingTableError('orderStatuses', index + 1, `specterStatus ${specterStatus} is not one of ${SPECTER_STATUSES.join(', ')}`);
		}
		const statusId = text(row.statusId);
		if (specterStatus === 'statusId' && statusId === undefined) {
			throw new MappingTableError('orderStatuses', index + 1, 'specterStatus statusId needs the statusId Specter sends');
		}
		// an empty wooStatus is allowed: it leaves such orders alone, as an absent row does
		return { specterStatus, ...(statusId !== undefined && { statusId }), wooStatus: text(row.wooStatus) ?? '' };
	});
}

function keyedTable<T>(table: string, key: string, rows: Row[], valueOf: (row: Row, index: number) => T): Record<string, T> {
	const result: Record<string, T> = {};
	rows.forEach((row, index) => {
		const name = required(table, row, index, key);
		if (result[name] !== undefined) throw new MappingTableError(table, index + 1, `${key} ${name} is already in the table`);
		result[name] = valueOf(row, index);
	});
	return result;
}

function shippingMethod(row: Row, index: number): ShippingMethodMapping {
	const deliveryMethod = text(row.deliveryMethod);
	if (deliveryMethod !== undefined && deliveryMethod.length > MAX_DELIVERY_METHOD_LENGTH) {
		throw new MappingTableError('shippingMethods', index + 1, `deliveryMethod is longer than Specter's ${MAX_DELIVERY_METHOD_LENGTH} characters`);
	}
	const shippingArticleNo = text(row.shippingArticleNo);
	return { ...(deliveryMethod !== undefined && { deliveryMethod }), ...(shippingArticleNo !== undefined && { shippingArticleNo }) };
}

function jsonOrUndefined(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return undefined;
	}
}

/**
 * The tables in `value` (the *Specter mappings* output, as an object or JSON text). Empty ('' / null / {}) gives
 * no tables. Throws MappingTableError naming the table and row of the first problem.
 */
export function parseMappingTables(value: unknown): MappingTables {
	let tables: unknown = value;
	if (typeof value === 'string') {
		if (value.trim() === '') return {};
		tables = jsonOrUndefined(value);
		if (tables === undefined) throw new MappingTableError('(all)', undefined, 'is not valid JSON');
	}
	if (tables === undefined || tables === null) return {};
	if (typeof tables !== 'object' || Array.isArray(tables)) {
		throw new MappingTableError('(all)', undefined, `must be one object with the tables ${MAPPING_TABLE_NAMES.join(', ')}`);
	}
	const row = tables as Row;
	const vatRates = rowsOf(row, 'vatRates');
	const statuses = rowsOf(row, 'orderStatuses');
	const payments = rowsOf(row, 'paymentMethods');
	const shipping = rowsOf(row, 'shippingMethods');
	return {
		...(vatRates && vatTables(vatRates)),
		...(statuses && { orderStatuses: orderStatuses(statuses) }),
		...(payments && {
			payTypeByPaymentMethod: keyedTable('paymentMethods', 'paymentMethod', payments, (entry, index) =>
				required('paymentMethods', entry, index, 'payType'),
			),
		}),
		...(shipping && { shippingByMethod: keyedTable('shippingMethods', 'shippingMethod', shipping, shippingMethod) }),
	};
}
