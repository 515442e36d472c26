 
// Request parameters as classic ASP's Request() sees them: names are case-insensitive, the query string and an
// application/x-www-form-urlencoded body are merged (the query wins, as Request() searches QueryString first).
//
// Decoding rule (docs/specter-api.md §2.5): the percent-decoded bytes of each name and value are ISO-8859-1. As a
// convenience the bytes are read as UTF-8 instead when they contain a byte >= 0x80 AND form valid UTF-8 (a
// Latin-1 text practically never does, e.g. "Ã¥" would be needed to spell "å" in UTF-8 bytes). Pure ASCII is the
// same either way.

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Percent-decodes one form-encoded component to bytes ('+' is a space). The input holds raw bytes as Latin-1
 * characters (a body read as latin1; Node refuses non-ASCII bytes in the request line), so a raw byte stays itself.
 */
function percentDecodeToBytes(component: string): Buffer {
	const bytes: number[] = [];
	for (let i = 0; i < component.length; i++) {
		const char = component[i];
		const hex = component.slice(i + 1, i + 3);
		if (char === '%' && /^[0-9a-fA-F]{2}$/.test(hex)) {
			bytes.push(parseInt(hex, 16));
			i += 2;
		} else if (char === '+') {
			bytes.push(0x20);
		} else {
			bytes.push(component.charCodeAt(i));
		}
	}
	return Buffer.from(bytes);
}

export function decodeWireBytes(bytes: Buffer): string {
	if (bytes.some((byte) => byte >= 0x80)) {
		try {
			return utf8.decode(bytes);
		} catch {
			// not UTF-8: the documented Latin-1 case
		}
	}
	return bytes.toString('latin1');
}

export interface WireParam {
	/** the name as the client spelled it */
	name: string;
	value: string;
}

export class WireParams {
	private readonly byLowerName = new Map<string, WireParam>();

	/** `query` is the raw text after '?', `formBody` the form body read as latin1 (undefined when there is none). */
	static parse(query: string, formBody: string | undefined): WireParams {
		const params = new WireParams();
		for (const source of [query, formBody ?? '']) {
			for (const pair of source.split('&')) {
				if (pair === '') continue;
				const eq = pair.indexOf('=');
				const name = decodeWireBytes(percentDecodeToBytes(eq < 0 ? pair : pair.slice(0, eq)));
				const value = eq < 0 ? '' : decodeWireBytes(percentDecodeToBytes(pair.slice(eq + 1)));
				const lower = name.toLowerCase();
				if (!params.byLowerName.has(lower)) params.byLowerName.set(lower, { name, value });
			}
		}
		return params;
	}

	get(name: string): string | undefined {
		return this.byLowerName.get(name.toLowerCase())?.value;
	}

	has(name: string): boolean {
		return this.byLowerName.has(name.toLowerCase());
	}

	/** Specter flags are `=1`. */
	flag(name: string): boolean {
		return this.get(name)?.trim() === '1';
	}

	all(): WireParam[] {
		return [...this.byLowerName.values()];
	}
}

/** Parameters that carry transport and authentication, never record data. */
const TRANSPORT_PARAMS = new Set(['action', 'sbmid', 'apiuserid', 'key', 'usexml']);

export function isTransportParam(name: string): boolean {
	return TRANSPORT_PARAMS.has(name.toLowerCase());
}

/** Maps a case-insensitive wire name to the canonical spelling in `known`, or keeps the client's spelling. */
export function canonicalName(name: string, known: readonly string[]): string {
	const lower = name.toLowerCase();
	return known.find((candidate) => candidate.toLowerCase() === lower) ?? name;
}

/** Header fields (not `<field>_N`, not transport) with canonical names. */
export function headerFields(params: WireParams, known: readonly string[]): Record<string, string> {
	const fields: Record<string, string> = {};
	for (const { name, value } of params.all()) {
		if (isTransportParam(name) || ROW_PARAM.test(name)) continue;
		fields[canonicalName(name, known)] = value;
	}
	return fields;
}

const ROW_PARAM = /^(.+)_(\d+)$/;

/** One indexed row (`articleNo_3`, `name_3`, ...) with canonical field names. */
export interface WireRow {
	index: number;
	fields: Record<string, string>;
}

/**
 * Groups `<field>_N` parameters into rows. Rows must be numbered 1..n without gaps and every row needs `keyField`
 * (articleNo); violations throw through `reject(fieldName, reason)`.
 */
export function indexedRows(
	params: WireParams,
	known: readonly string[],
	keyField: string,
	reject: (field: string, reason: string) => Error,
): WireRow[] {
	const rows = new Map<number, Record<string, string>>();
	for (const { name, value } of params.all()) {
		const match = ROW_PARAM.exec(name);
		if (!match) continue;
		if (!/^[1-9]\d*$/.test(match[2])) throw reject(name, 'rows are numbered from 1');
		const index = Number(match[2]);
		const fields = rows.get(index) ?? {};
		fields[canonicalName(match[1], known)] = value;
		rows.set(index, fields);
	}
	const result: WireRow[] = [];
	for (let index = 1; index <= Math.max(1, rows.size); index++) {
		const fields = rows.get(index);
		if (!fields || (fields[keyField] ?? '').trim() === '') {
			throw reject(`${keyField}_${index}`, rows.size === 0 ? 'at least one row is required' : 'is required (rows are numbered 1..n without gaps)');
		}
		result.push({ index, fields });
	}
	return result;
}
