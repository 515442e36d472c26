 
// Field checks shared by the write actions. Every failure is the guessed invalidField error naming the field.
import type { SimSettings } from './context';
import { specterErrors } from './responses';

/** Requests send decimals with a dot (docs/specter-api.md §2.6); a comma or anything else is rejected. */
export function parseDecimal(value: string, field: string): number {
	if (!/^-?\d+(\.\d+)?$/.test(value.trim())) throw specterErrors.invalidField(field, `'${value}' is not a number with a dot decimal separator`);
	return Number(value);
}

export const VAT_PERCENTAGES = [25, 12, 6, 0];

/** VAT is an integer percentage, not a class id (docs/specter-api.md §3.2). */
export function parseVatPercent(value: string, field: string): number {
	const vat = /^\d+$/.test(value.trim()) ? Number(value) : NaN;
	if (!VAT_PERCENTAGES.includes(vat)) throw specterErrors.invalidField(field, `VAT percent must be one of ${VAT_PERCENTAGES.join(', ')}`);
	return vat;
}

/** Stock site ids are integers (S4 sends the setting "if it is a valid integer"). */
export function checkStockSiteId(value: string, field: string): string {
	if (!/^\d+$/.test(value.trim())) throw specterErrors.invalidField(field, 'stock site id must be an integer');
	return value.trim();
}

export function checkMaxLength(fields: Record<string, string>, limits: Record<string, number>): void {
	for (const [field, max] of Object.entries(limits)) {
		if ((fields[field] ?? '').length > max) throw specterErrors.invalidField(field, `longer than ${max} characters`);
	}
}

export function checkFlag(value: string | undefined, field: string): void {
	if (value !== undefined && value !== '' && value !== '0' && value !== '1') throw specterErrors.invalidField(field, 'must be 0 or 1');
}

/** webshopId (multishop) needs API v2 (docs/specter-api.md §2.3). Returns the id or null. */
export function webshopIdFor(settings: SimSettings, value: string | undefined, field: string): string | null {
	if (value === undefined || value.trim() === '') return null;
	if (settings.account.apiVersion !== 2) throw specterErrors.invalidField(field, 'multishop needs API v2');
	return value.trim();
}
