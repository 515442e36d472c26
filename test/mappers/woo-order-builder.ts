// Builds WooCommerce orders the way WooCommerce prices them in a Swedish store (prices entered incl. VAT, taxes
// computed per line on the gross amount and kept unrounded in taxes[].total, tax lines = the per-rate sums rounded
// to öre, shipping entered excl. VAT), so tests can try any quantity and price. The bank-transfer fixture
// supplies customer, addresses and payment. Also: Specter's totals as docs/specter-api.md §3.2 models them,
// computed here independently of the mappers, so a test checks the mapper against its own arithmetic.
import type { OrderRowInput } from '../../nodes/Specter/wire/types';
import type { WooItemTax, WooOrder, WooTaxLine } from '../../nodes/Specter/mappers';
import { loadOrder } from './fixtures';

/** WooCommerce tax rate ids of the Swedish rates in these orders. */
export const RATE_IDS: Record<number, number> = { 25: 1, 12: 2, 6: 3, 0: 4 };

export interface LineSpec {
	sku: string;
	name?: string;
	quantity: number;
	/** the shop price incl. VAT, e.g. 12.99 */
	unitPriceInclVat: number;
	vatPercent: number;
}

export interface OrderSpec {
	lines: LineSpec[];
	/** shipping excl. VAT at 25 % (WooCommerce's flat rate is entered excl. VAT); none when undefined */
	shippingExclVat?: number;
	number?: string;
	currency?: string;
}

/** Half away from zero on whole öre; toPrecision drops binary noise such as 10.39 * 100 = 1038.9999999999998. */
function roundCents(cents: number): number {
	return Math.sign(cents) * Math.round(Number(Math.abs(cents).toPrecision(12))) + 0;
}

function money(cents: number): string {
	return (cents / 100).toFixed(2);
}

/** WooCommerce keeps item taxes unrounded (up to 6 decimals, e.g. "6.396429"). */
function unrounded(cents: number): string {
	return String(Number((cents / 100).toFixed(6)));
}

export function wooOrder(spec: OrderSpec): WooOrder {
	const order = loadOrder('order-bacs-admin.json');
	if (spec.number !== undefined) order.number = spec.number;
	if (spec.currency !== undefined) order.currency = spec.currency;
	const taxByRate = new Map<number, { items: number; shipping: number }>();
	const addTax = (rate: number, items: number, shipping: number) => {
		const entry = taxByRate.get(rate) ?? { items: 0, shipping: 0 };
		entry.items += items;
		entry.shipping += shipping;
		taxByRate.set(rate, entry);
	};
	const template = order.line_items[0];
	let netCents = 0;
	order.line_items = spec.lines.map((line, index) => {
		const gross = roundCents(line.quantity * Math.round(line.unitPriceInclVat * 100));
		const tax = (gross * line.vatPercent) / (100 + line.vatPercent);
		const net = roundCents(gross - tax);
		netCents += net;
		addTax(line.vatPercent, tax, 0);
		const taxes: WooItemTax[] = [{ id: RATE_IDS[line.vatPercent], total: unrounded(tax), subtotal: unrounded(tax) }];
		return {
			...template,
			id: 9000 + index,
			name: line.name ?? `Product ${line.sku}`,
			sku: line.sku,
			quantity: line.quantity,
			subtotal: money(net),
			subtotal_tax: money(roundCents(tax)),
			total: money(net),
			total_tax: money(roundCents(tax)),
			taxes,
			price: net / 100 / line.quantity,
			meta_data: [],
		};
	});
	if (spec.shippingExclVat === undefined) {
		order.shipping_lines = [];
	} else {
		const net = Math.round(spec.shippingExclVat * 100);
		const tax = (net * 25) / 100;
		netCents += net;
		addTax(25, 0, tax);
		order.shipping_lines = [
			{ ...order.shipping_lines[0], total: money(net), total_tax: money(roundCents(tax)), taxes: [{ id: RATE_IDS[25], total: unrounded(tax), subtotal: '' }] },
		];
	}
	order.fee_lines = [];
	order.coupon_lines = [];
	let taxCents = 0;
	order.tax_lines = [...taxByRate.entries()].map(([rate, { items, shipping }], index): WooTaxLine => {
		taxCents += roundCents(items) + roundCents(shipping);
		return {
			id: 7000 + index,
			rate_code: `SE-MOMS ${rate}%-1`,
			rate_id: RATE_IDS[rate],
			label: `Moms ${rate}%`,
			compound: false,
			tax_total: money(roundCents(items)),
			shipping_tax_total: money(roundCents(shipping)),
			rate_percent: rate,
			meta_data: [],
		};
	});
	order.total_tax = money(taxCents);
	order.total = money(netCents + taxCents);
	return order;
}

/** WooCommerce's VAT per rate: its tax lines (items + shipping), in öre. */
export function wooVatByRate(order: WooOrder): Record<string, number> {
	const byRate: Record<string, number> = {};
	for (const line of order.tax_lines) {
		const key = String(line.rate_percent);
		byRate[key] = (byRate[key] ?? 0) + Math.round(Number(line.tax_total) * 100) + Math.round(Number(line.shipping_tax_total) * 100);
	}
	return byRate;
}

/**
 * Specter's totals of rows, in öre, as docs/specter-api.md §3.2 models them [inference]: per row the amount
 * price × quantity rounded to öre, its VAT rounded to öre (half away from zero); the order sums the rows.
 */
export function specterTotals(rows: OrderRowInput[]): { exclVat: number; vat: number; inclVat: number; vatByRate: Record<string, number> } {
	let exclVat = 0;
	let vat = 0;
	const vatByRate: Record<string, number> = {};
	for (const row of rows) {
		const amount = roundCents(row.priceExclVat * 100 * row.quantity);
		const rowVat = roundCents((amount * row.vatPercent) / 100);
		exclVat += amount;
		vat += rowVat;
		if (row.vatPercent !== 0 || rowVat !== 0) vatByRate[String(row.vatPercent)] = (vatByRate[String(row.vatPercent)] ?? 0) + rowVat;
	}
	return { exclVat, vat, inclVat: exclVat + vat, vatByRate };
}

/** Drops rates whose VAT is 0 öre, so WooCommerce's and Specter's per-rate maps compare. */
export function nonZero(byRate: Record<string, number>): Record<string, number> {
	return Object.fromEntries(Object.entries(byRate).filter(([, cents]) => cents !== 0));
}
