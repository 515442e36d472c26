 
// WP_Error as WooCommerce answers it, and WordPress' REST argument validation (rest_validate_value_from_schema),
// which runs before any permission check and rejects e.g. a numeric regular_price ("is not of type string").
import { isRecord, listWithAnd } from './util';

export class WooError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
		readonly data: Record<string, unknown> = {},
	) {
		super(message);
	}

	body(): { code: string; message: string; data: Record<string, unknown> } {
		return { code: this.code, message: this.message, data: { status: this.status, ...this.data } };
	}
}

export type FieldType = 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object' | 'null';

export interface FieldRule {
	type: FieldType | FieldType[];
	enum?: readonly string[];
	minimum?: number;
	maximum?: number;
}

export type Schema = Record<string, FieldRule>;

interface Problem {
	code: string;
	message: string;
}

function coerce(value: unknown, type: FieldType): { ok: true; value: unknown } | { ok: false } {
	switch (type) {
		case 'string':
			return typeof value === 'string' ? { ok: true, value } : { ok: false };
		case 'integer': {
			const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
			return typeof number === 'number' && Number.isInteger(number) ? { ok: true, value: number } : { ok: false };
		}
		case 'number': {
			const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
			return typeof number === 'number' && Number.isFinite(number) ? { ok: true, value: number } : { ok: false };
		}
		case 'boolean':
			if (typeof value === 'boolean') return { ok: true, value };
			if (value === 1 || value === 0) return { ok: true, value: value === 1 };
			if (typeof value === 'string' && ['true', 'false', '1', '0'].includes(value.toLowerCase())) {
				return { ok: true, value: ['true', '1'].includes(value.toLowerCase()) };
			}
			return { ok: false };
		case 'array':
			return Array.isArray(value) ? { ok: true, value } : { ok: false };
		case 'object':
			// PHP decodes {} and [] alike, so an empty JSON array passes as an object.
			if (isRecord(value)) return { ok: true, value };
			return Array.isArray(value) && value.length === 0 ? { ok: true, value: {} } : { ok: false };
		case 'null':
			return value === null ? { ok: true, value } : { ok: false };
	}
}

function check(key: string, value: unknown, rule: FieldRule): { value: unknown } | Problem {
	const types = Array.isArray(rule.type) ? rule.type : [rule.type];
	for (const type of types) {
		const result = coerce(value, type);
		if (!result.ok) continue;
		if (rule.enum && typeof result.value === 'string' && !rule.enum.includes(result.value)) {
			return { code: 'rest_not_in_enum', message: `${key} is not one of ${listWithAnd([...rule.enum])}.` };
		}
		if (typeof result.value === 'number') {
			const { minimum, maximum } = rule;
			if (minimum !== undefined && maximum !== undefined && (result.value < minimum || result.value > maximum)) {
				return {
					code: 'rest_out_of_bounds',
					message: `${key} must be between ${minimum} (inclusive) and ${maximum} (inclusive)`,
				};
			}
			if (minimum !== undefined && result.value < minimum) {
				return { code: 'rest_out_of_bounds', message: `${key} must be greater than or equal to ${minimum}` };
			}
		}
		return { value: result.value };
	}
	return { code: 'rest_invalid_type', message: `${key} is not of type ${types.join(',')}.` };
}

/** Validates and sanitizes the keys of `params` that `schema` knows; unknown keys are ignored as WordPress does. */
export function validateParams(params: Record<string, unknown>, schema: Schema): Record<string, unknown> {
	const clean: Record<string, unknown> = {};
	const problems: Record<string, Problem> = {};
	for (const [key, rule] of Object.entries(schema)) {
		if (!(key in params) || params[key] === undefined) continue;
		const result = check(key, params[key], rule);
		if ('code' in result) problems[key] = result;
		else clean[key] = result.value;
	}
	const invalid = Object.keys(problems);
	if (invalid.length > 0) {
		throw new WooError(400, 'rest_invalid_param', `Invalid parameter(s): ${invalid.join(', ')}`, {
			params: Object.fromEntries(invalid.map((key) => [key, problems[key].message])),
			details: Object.fromEntries(
				invalid.map((key) => [key, { code: problems[key].code, message: problems[key].message, data: null }]),
			),
		});
	}
	return clean;
}

export function requireParams(params: Record<string, unknown>, required: string[]): void {
	const missing = required.filter((key) => params[key] === undefined || params[key] === null);
	if (missing.length > 0) {
		throw new WooError(400, 'rest_missing_callback_param', `Missing parameter(s): ${missing.join(', ')}`, {
			params: missing,
		});
	}
}

export const notFound = (code: string, message = 'Invalid ID.'): WooError => new WooError(404, code, message);
