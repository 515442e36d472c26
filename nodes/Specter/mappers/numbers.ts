// Number helpers shared by the mappers. WooCommerce sends money and weights as decimal strings; Specter wants
// 2-decimal prices and 3-decimal weights.

/**
 * Rounds half away from zero (commercial rounding, as Swedish invoices do) to `decimals` places.
 * toPrecision(15) first drops binary noise such as 1.005 * 100 = 100.49999999999999.
 */
export function roundTo(value: number, decimals: number): number {
	const factor = Math.pow(10, decimals);
	const scaled = Number((Math.abs(value) * factor).toPrecision(15));
	// `+ 0` turns -0 into 0 so results compare equal to 0.
	return (Math.sign(value) * Math.round(scaled)) / factor + 0;
}

const DECIMAL_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)$/;

/** A plain decimal string ("12", "-3.50", ".5") as a number; undefined for "", "abc", "1e3", "Infinity" and the like. */
export function parseDecimal(text: string): number | undefined {
	const trimmed = text.trim();
	return DECIMAL_TEXT.test(trimmed) ? Number(trimmed) : undefined;
}

/** An amount in whole cents (öre), so sums are exact. */
export function toCents(amount: number): number {
	return roundTo(amount * 100, 0);
}

export type WooWeightUnit = 'kg' | 'g' | 'lbs' | 'oz';

/** Kilograms per WooCommerce weight unit (WooCommerce → Settings → Products → Weight unit). */
export const KG_PER_WEIGHT_UNIT: Record<WooWeightUnit, number> = {
	kg: 1,
	g: 0.001,
	lbs: 0.45359237,
	oz: 0.028349523125,
};
