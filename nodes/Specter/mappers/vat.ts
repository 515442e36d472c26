/** The only VAT percentages Specter takes on rows and articles (vatPercent_N is an integer: 25, 12, 6 or 0). */
export const SPECTER_VAT_RATES: readonly number[] = [25, 12, 6, 0];

/**
 * The Specter rate equal to `percent`, or undefined when Specter does not accept it. WooCommerce sends
 * rate_percent as a float (e.g. 2.6000000000000001), hence the tolerance.
 */
export function toSpecterVatRate(percent: number): number | undefined {
	return SPECTER_VAT_RATES.find((rate) => Math.abs(rate - percent) < 1e-6);
}
