// Specter's arithmetic on order rows, as the pack models it. Pure.
//
// [E] priceExclVAT_N is the unit price excluding VAT and vatPercent_N the percentage (docs/specter-api.md §3.2).
// [I] How Specter rounds is not documented. The model: per row, the amount price × quantity rounded to öre, its
// VAT rounded to öre (half away from zero, the usual Swedish invoice practice); the order's VAT per rate and its
// totals are the sums of the rows. The Specter simulator computes the same on its own
// (test/simulators/specter/orders.ts); the mapper builds rows whose totals under this model equal WooCommerce's.

import { roundTo, toCents } from './numbers';

export interface SpecterRowLike {
	priceExclVat: number;
	quantity: number;
	vatPercent: number;
}

/** The row's amount excl. VAT in öre: price × quantity, rounded. */
export function rowExclVatCents(row: SpecterRowLike): number {
	return toCents(row.priceExclVat * row.quantity);
}

/** The row's VAT in öre: its rounded amount × the rate, rounded. */
export function rowVatCents(row: SpecterRowLike): number {
	return roundTo((rowExclVatCents(row) * row.vatPercent) / 100, 0);
}

export interface SpecterTotals {
	exclVatCents: number;
	vatCents: number;
	inclVatCents: number;
	/** VAT per VAT percentage, for every rate that has a row */
	vatCentsByRate: Map<number, number>;
	/** rows per VAT percentage */
	rowsByRate: Map<number, number>;
}

export function specterTotalsOf(rows: readonly SpecterRowLike[]): SpecterTotals {
	let exclVatCents = 0;
	let vatCents = 0;
	const vatCentsByRate = new Map<number, number>();
	const rowsByRate = new Map<number, number>();
	for (const row of rows) {
		const vat = rowVatCents(row);
		exclVatCents += rowExclVatCents(row);
		vatCents += vat;
		vatCentsByRate.set(row.vatPercent, (vatCentsByRate.get(row.vatPercent) ?? 0) + vat);
		rowsByRate.set(row.vatPercent, (rowsByRate.get(row.vatPercent) ?? 0) + 1);
	}
	return { exclVatCents, vatCents, inclVatCents: exclVatCents + vatCents, vatCentsByRate, rowsByRate };
}

/** VAT per rate in currency units, keyed by the percentage as text, rates above 0 only (e.g. `{ "25": 99.44 }`). */
export function vatByRateOf(totals: SpecterTotals): Record<string, number> {
	const byRate: Record<string, number> = {};
	for (const [rate, cents] of totals.vatCentsByRate) {
		if (rate !== 0) byRate[String(rate)] = cents / 100;
	}
	return byRate;
}
