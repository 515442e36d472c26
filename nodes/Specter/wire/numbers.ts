// Numbers on the wire. Out: dot decimals, never an exponent [E S1 number_format(…, '.', '')].
// In: Specter may answer with comma decimals and space thousands separators [E S1 replaces ',' with '.'].

import { SpecterProtocolError } from './errors';
import { WIRE_VALUES } from './wire-names';

/**
 * Fixed-point text with `decimals` digits, rounding half away from zero (`1.005` → `1.01`, which plain
 * `toFixed` gets wrong because 1.005 is stored as 1.00499…). The value must be finite.
 */
export function formatDecimal(value: number, decimals: number): string {
	if (!Number.isFinite(value)) throw new RangeError('formatDecimal needs a finite number');
	const factor = Math.pow(10, decimals);
	// one relative epsilon lifts values stored just below a half back onto it
	const scaled = Math.round(Math.abs(value) * factor * (1 + Number.EPSILON));
	if (scaled > Number.MAX_SAFE_INTEGER) throw new RangeError('formatDecimal got a number too large to send exactly');
	const digits = String(scaled).padStart(decimals + 1, '0');
	const integerPart = digits.slice(0, digits.length - decimals);
	const fraction = decimals > 0 ? `.${digits.slice(digits.length - decimals)}` : '';
	return `${value < 0 && scaled !== 0 ? '-' : ''}${integerPart}${fraction}`;
}

/** Up to 6 decimals without trailing zeros (`3`, `2.5`, `0.000001`): quantities, stock, VAT. */
export function formatPlainNumber(value: number): string {
	if (!Number.isFinite(value) || Math.abs(value) >= 1e21) throw new RangeError('formatPlainNumber needs a finite number');
	// toFixed writes no exponent below 1e21; its binary rounding at the 6th decimal does not matter here
	const plain = value.toFixed(6).replace(/\.?0+$/, '');
	return plain === '-0' ? '0' : plain;
}

const SPACES = /[\s\u00a0\u2000-\u200a\u202f]/g;

/**
 * Reads a Specter number: `1 234,50`, `1234.5`, `1.234,50`, `-3`. Empty text and `noItemsAvailable` give null;
 * text that is not a number gives undefined (the caller decides whether that is an error).
 */
export function readSpecterDecimal(text: string | null | undefined): number | null | undefined {
	if (text === null || text === undefined) return null;
	const trimmed = text.trim();
	if (trimmed === '' || trimmed.toLowerCase() === WIRE_VALUES.noItemsAvailable.toLowerCase()) return null;
	let normalised = trimmed.replace(SPACES, '');
	const lastComma = normalised.lastIndexOf(',');
	const lastDot = normalised.lastIndexOf('.');
	// the separator that comes last is the decimal one; the other one groups thousands
	if (lastComma > lastDot) normalised = normalised.replace(/\./g, '').replace(',', '.');
	else if (lastDot > lastComma && lastComma >= 0) normalised = normalised.replace(/,/g, '');
	return /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(normalised) ? Number(normalised) : undefined;
}

/**
 * Parses a Specter number like readSpecterDecimal. Anything that is not a number is a protocol error (a silent
 * null would, e.g., turn a stock level into "not stock managed").
 */
export function parseSpecterDecimal(text: string | null | undefined): number | null {
	const value = readSpecterDecimal(text);
	if (value === undefined) {
		throw new SpecterProtocolError(
			`Specter sent "${(text ?? '').trim().slice(0, 40)}" where a number was expected. Check the Specter data for this record.`,
		);
	}
	return value;
}
