 
// PHP/WordPress look-alikes the simulator needs to produce byte-compatible output: JSON encoding, query strings,
// slugs, site-local dates and money in whole cents.
import { randomBytes } from 'node:crypto';

/** The store's timezone (Settings → General); WooCommerce's non-_gmt dates are in it. */
const SITE_TIMEZONE = 'Europe/Stockholm';

/**
 * wp_json_encode(): like JSON.stringify, but PHP escapes "/" as "\/" and every non-ASCII character as \uXXXX.
 * Webhook signatures are computed over these exact bytes, so receivers must verify the raw body.
 */
export function phpJsonEncode(value: unknown): string {
	return JSON.stringify(value)
		.replace(/\//g, '\\/')
		.replace(/[\u0080-\uffff]/g, (char) => '\\u' + char.charCodeAt(0).toString(16).padStart(4, '0'));
}

/** PHP's urlencode(): RFC 1738 style, space as "+". */
function phpUrlencode(text: string): string {
	return encodeURIComponent(text)
		.replace(/[!'()*~]/g, (char) => '%' + char.charCodeAt(0).toString(16).toUpperCase())
		.replace(/%20/g, '+');
}

function decodeQueryComponent(text: string): string {
	const spaced = text.replace(/\+/g, ' ');
	try {
		return decodeURIComponent(spaced);
	} catch {
		return spaced;
	}
}

export type PhpValue = string | PhpValue[] | { [key: string]: PhpValue };
export type PhpObject = { [key: string]: PhpValue };

/** Turns objects whose keys are all 0..n-1 (in order) into arrays, recursively, as PHP's lists behave. */
function listify(value: PhpValue): PhpValue {
	if (typeof value === 'string' || Array.isArray(value)) return value;
	const keys = Object.keys(value);
	const converted: PhpObject = {};
	for (const key of keys) converted[key] = listify(value[key]);
	const isList = keys.length > 0 && keys.every((key, index) => key === String(index));
	return isList ? keys.map((key) => converted[key]) : converted;
}

/**
 * parse_str(): `a=1&b[]=2&c[x]=3` → { a: '1', b: ['2'], c: { x: '3' } }. A later plain key replaces an earlier
 * one, which is how PHP resolves the duplicate parameters n8n sends when it follows a Link URL and adds its qs.
 */
export function parsePhpQuery(query: string): PhpObject {
	const root: PhpObject = {};
	for (const part of query.split('&')) {
		if (part === '') continue;
		const eq = part.indexOf('=');
		const key = decodeQueryComponent(eq === -1 ? part : part.slice(0, eq));
		const value = eq === -1 ? '' : decodeQueryComponent(part.slice(eq + 1));
		const match = /^([^[\]]+)((?:\[[^\]]*\])*)$/.exec(key);
		if (!match) continue;
		const segments = [...match[2].matchAll(/\[([^\]]*)\]/g)].map((m) => m[1]);
		let container: PhpObject = root;
		let slot = match[1];
		for (const segment of segments) {
			let next = container[slot];
			if (typeof next !== 'object' || next === null || Array.isArray(next)) {
				next = {};
				container[slot] = next;
			}
			container = next;
			slot = segment === '' ? String(nextListIndex(container)) : segment;
		}
		container[slot] = value;
	}
	const result: PhpObject = {};
	for (const key of Object.keys(root)) result[key] = listify(root[key]);
	return result;
}

function nextListIndex(container: PhpObject): number {
	const numeric = Object.keys(container)
		.filter((key) => /^\d+$/.test(key))
		.map(Number);
	return numeric.length === 0 ? 0 : Math.max(...numeric) + 1;
}

/** WordPress' build_query()/_http_build_query() with urlencoded values and brackets as %5B %5D. */
export function buildPhpQuery(params: Record<string, unknown>): string {
	const parts: string[] = [];
	const add = (key: string, value: unknown): void => {
		if (value === undefined || value === null) return;
		if (Array.isArray(value)) {
			value.forEach((item, index) => add(`${key}%5B${index}%5D`, item));
		} else if (typeof value === 'object') {
			for (const [sub, item] of Object.entries(value)) add(`${key}%5B${phpUrlencode(sub)}%5D`, item);
		} else if (typeof value === 'boolean') {
			parts.push(`${key}=${value ? '1' : '0'}`);
		} else {
			parts.push(`${key}=${phpUrlencode(String(value))}`);
		}
	};
	for (const [key, value] of Object.entries(params)) add(phpUrlencode(key), value);
	return parts.join('&');
}

const SPECIAL_LETTERS: Record<string, string> = { æ: 'ae', ø: 'o', ß: 'ss', đ: 'd', ł: 'l', þ: 'th' };

/** sanitize_title(): accents removed, lower case, anything else collapsed to "-". */
export function sanitizeTitle(text: string): string {
	return text
		.toLowerCase()
		.replace(/[æøßđłþ]/g, (char) => SPECIAL_LETTERS[char])
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[^a-z0-9_-]+/g, '-')
		.replace(/-+/g, '-')
		.replace(/^-|-$/g, '');
}

/** PHP's trim(): only space, tab, newline, carriage return, NUL and vertical tab (not every Unicode space). */
const PHP_TRIMMED = new Set([' ', '\t', '\n', '\r', String.fromCharCode(0), String.fromCharCode(11)]);

function phpTrim(text: string): string {
	let start = 0;
	let end = text.length;
	while (start < end && PHP_TRIMMED.has(text[start])) start++;
	while (end > start && PHP_TRIMMED.has(text[end - 1])) end--;
	return text.slice(start, end);
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#039;' };

/**
 * WordPress sanitize_text_field() (_sanitize_text_fields() without keep_newlines), which WooCommerce applies to
 * the `sku` list parameter and, as wc_clean(), to stored SKUs: tags stripped (a '<' that opens no tag is escaped,
 * wp_pre_kses_less_than()), runs of spaces, tabs and line breaks collapsed to one space, the whole value trimmed,
 * percent-encoded octets removed. The parts of a comma list are not trimmed.
 */
export function sanitizeTextField(text: string): string {
	let filtered = text;
	if (filtered.includes('<')) {
		filtered = filtered.replace(/<[^>]*?((?=<)|>|$)/g, (match) =>
			match.endsWith('>') ? '' : match.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]),
		);
		filtered = phpTrim(filtered);
	}
	filtered = phpTrim(filtered.replace(/[\r\n\t ]+/g, ' '));
	let found = false;
	for (let match = /%[a-f0-9]{2}/i.exec(filtered); match; match = /%[a-f0-9]{2}/i.exec(filtered)) {
		filtered = filtered.split(match[0]).join('');
		found = true;
	}
	return found ? phpTrim(filtered.replace(/ +/g, ' ')) : filtered;
}

/** PHP's empty() for a request parameter: undefined, null, '', '0', 0, false and [] are empty. */
export function phpEmpty(value: unknown): boolean {
	return (
		value === undefined ||
		value === null ||
		value === '' ||
		value === '0' ||
		value === 0 ||
		value === false ||
		(Array.isArray(value) && value.length === 0)
	);
}

/** PHP's (int) cast of a batch delete id: numbers truncated, numeric-leading strings parsed, anything else 0. */
export function phpInt(value: unknown): number {
	if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : 0;
	if (typeof value === 'boolean') return value ? 1 : 0;
	if (typeof value === 'string') return Number.parseInt(value.trim(), 10) || 0;
	return 0;
}

/** wp_sprintf_l('%l'): "a", "a and b", "a, b, and c". */
export function listWithAnd(items: string[]): string {
	if (items.length <= 1) return items.join('');
	if (items.length === 2) return `${items[0]} and ${items[1]}`;
	return `${items.slice(0, -1).join(', ')}, and ${items[items.length - 1]}`;
}

// ---------------------------------------------------------------------------------------------------------
// Dates: WooCommerce answers `date_x` in the site's timezone and `date_x_gmt` in UTC, both without an offset.

const partsFormatter = new Intl.DateTimeFormat('en-US', {
	timeZone: SITE_TIMEZONE,
	hourCycle: 'h23',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit',
	second: '2-digit',
});

function siteWallClock(ms: number): number {
	const parts: Record<string, number> = {};
	for (const part of partsFormatter.formatToParts(new Date(ms))) {
		if (part.type !== 'literal') parts[part.type] = Number(part.value);
	}
	return Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
}

function siteOffsetMs(ms: number): number {
	return siteWallClock(ms) - Math.floor(ms / 1000) * 1000;
}

export function wcDateGmt(ms: number): string {
	return new Date(ms).toISOString().slice(0, 19);
}

export function wcDateLocal(ms: number): string {
	return new Date(siteWallClock(ms)).toISOString().slice(0, 19);
}

/** rest_parse_date(): ISO 8601; without an offset the time is site-local, or UTC when `naiveIsGmt`. */
export function parseWcDate(text: string, naiveIsGmt: boolean): number | undefined {
	const match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i.exec(
		text.trim(),
	);
	if (!match) return undefined;
	const [, y, mo, d, h = '0', mi = '0', s = '0', zone] = match;
	const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
	if (Number.isNaN(wall)) return undefined;
	if (zone) {
		if (zone.toUpperCase() === 'Z') return wall;
		const sign = zone.startsWith('-') ? -1 : 1;
		const digits = zone.slice(1).replace(':', '');
		return wall - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
	}
	if (naiveIsGmt) return wall;
	const firstGuess = wall - siteOffsetMs(wall);
	return wall - siteOffsetMs(firstGuess);
}

// ---------------------------------------------------------------------------------------------------------
// Money is computed in whole cents (öre) so that line totals and taxes add up to the order total exactly.

/** PHP round(): half away from zero; the epsilon absorbs binary float noise such as 250.49999999999997. */
export function roundHalfAway(value: number): number {
	return Math.sign(value) * Math.round(Math.abs(value) + 1e-7);
}

export function toCents(value: unknown): number {
	const number = Number(value);
	return Number.isFinite(number) ? roundHalfAway(number * 100) : 0;
}

export function formatCents(cents: number): string {
	const absolute = Math.abs(cents);
	const text = `${Math.floor(absolute / 100)}.${String(absolute % 100).padStart(2, '0')}`;
	return cents < 0 ? `-${text}` : text;
}

/** wc_format_decimal() for prices: "125,50" (Swedish decimal comma) becomes "125.50"; non-numbers become "". */
export function formatDecimal(value: string): string {
	const text = value.trim().replace(',', '.');
	return /^-?\d+(\.\d+)?$/.test(text) || /^-?\.\d+$/.test(text) ? text : '';
}

export function randomHex(bytes: number): string {
	return randomBytes(bytes).toString('hex');
}

const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** wp_generate_password($length, false): letters and digits. */
export function randomAlphanumeric(length: number): string {
	const bytes = randomBytes(length);
	return [...bytes].map((byte) => ALPHANUMERIC[byte % ALPHANUMERIC.length]).join('');
}

export function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
