// Latin-1 (ISO-8859-1) text on the wire [E S1 utf8_decode before urlencode; I: Specter reads ISO-8859-1].
//
// Decision for characters outside Latin-1: a small set whose plain replacement means the same thing is
// transliterated (typographic quotes, dashes, ellipsis, odd spaces, €, ™); anything else (emoji, CJK, ...) is
// refused with a SpecterValidationError naming the field, because Specter would store it as '?' or mojibake.
// Control characters other than tab, CR and LF are refused too: C1 bytes (0x80-0x9F) would be read as
// different Windows-1252 characters by a cp1252 server.

import type { WireParams } from './types';

const TRANSLITERATIONS: Record<string, string> = {
	'\u2018': "'", // left single quotation mark
	'\u2019': "'", // right single quotation mark / typographic apostrophe
	'\u201A': "'", // single low-9 quotation mark
	'\u201B': "'", // single high-reversed-9 quotation mark
	'\u2032': "'", // prime
	'\u201C': '"', // left double quotation mark
	'\u201D': '"', // right double quotation mark
	'\u201E': '"', // double low-9 quotation mark
	'\u201F': '"', // double high-reversed-9 quotation mark
	'\u2033': '"', // double prime
	'\u2010': '-', // hyphen
	'\u2011': '-', // non-breaking hyphen
	'\u2012': '-', // figure dash
	'\u2013': '-', // en dash
	'\u2014': '-', // em dash
	'\u2015': '-', // horizontal bar
	'\u2212': '-', // minus sign
	'\u2026': '...', // horizontal ellipsis
	'\u00A0': ' ', // no-break space (Latin-1, but invisible differences break Specter's name matching)
	'\u2000': ' ',
	'\u2001': ' ',
	'\u2002': ' ',
	'\u2003': ' ',
	'\u2004': ' ',
	'\u2005': ' ',
	'\u2006': ' ',
	'\u2007': ' ',
	'\u2008': ' ',
	'\u2009': ' ',
	'\u200A': ' ',
	'\u202F': ' ', // narrow no-break space
	'\u205F': ' ', // medium mathematical space
	'\u3000': ' ', // ideographic space
	'\u200B': '', // zero-width space
	'\u2060': '', // word joiner
	'\uFEFF': '', // zero-width no-break space / stray byte-order mark
	'\u20AC': 'EUR', // euro sign
	'\u2122': 'TM', // trade mark sign
};

function isSendableLatin1(codePoint: number): boolean {
	return (
		codePoint === 0x09 ||
		codePoint === 0x0a ||
		codePoint === 0x0d ||
		(codePoint >= 0x20 && codePoint <= 0x7e) ||
		(codePoint >= 0xa0 && codePoint <= 0xff)
	);
}

export type Latin1Conversion = { ok: true; text: string } | { ok: false; character: string };

/** Transliterates the safe set and reports the first character that cannot be sent. */
export function toLatin1Text(value: string): Latin1Conversion {
	let text = '';
	for (const character of value) {
		const replacement = TRANSLITERATIONS[character];
		if (replacement !== undefined) {
			text += replacement;
		} else if (isSendableLatin1(character.codePointAt(0) as number)) {
			text += character;
		} else {
			return { ok: false, character };
		}
	}
	return { ok: true, text };
}

/** `"😀" (U+1F600)`, or just `(U+0007)` for a control character — for error messages. */
export function describeCharacter(character: string): string {
	const codePoint = character.codePointAt(0) as number;
	const code = `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
	const isControl = codePoint < 0x20 || (codePoint >= 0x7f && codePoint < 0xa0);
	return isControl ? `(${code})` : `"${character}" (${code})`;
}

const UNRESERVED = /^[A-Za-z0-9\-_.~]$/;

/** Percent-encodes Latin-1 text byte by byte (`å` → `%E5`, space → `%20`). The text must already be Latin-1. */
export function percentEncodeLatin1(text: string): string {
	let encoded = '';
	for (let i = 0; i < text.length; i++) {
		const character = text.charAt(i);
		const code = text.charCodeAt(i);
		if (code > 0xff) throw new RangeError('percentEncodeLatin1 got a character outside Latin-1');
		encoded += UNRESERVED.test(character) ? character : `%${code < 16 ? '0' : ''}${code.toString(16).toUpperCase()}`;
	}
	return encoded;
}

/** Encodes parameters as `name=value&...` with Latin-1 percent-encoding. */
export function encodeLatin1Params(params: WireParams): string {
	return Object.keys(params)
		.map((name) => `${percentEncodeLatin1(name)}=${percentEncodeLatin1(params[name])}`)
		.join('&');
}

function percentDecodeLatin1(text: string): string {
	return text
		.replace(/\+/g, ' ')
		.replace(/%([0-9A-Fa-f]{2})/g, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** Decodes a form body or query string whose values are Latin-1 percent-encoded. Later duplicates win. */
export function decodeFormBody(body: string): WireParams {
	const params: WireParams = {};
	for (const pair of body.split('&')) {
		if (pair === '') continue;
		const separator = pair.indexOf('=');
		const name = separator < 0 ? pair : pair.slice(0, separator);
		params[percentDecodeLatin1(name)] = separator < 0 ? '' : percentDecodeLatin1(pair.slice(separator + 1));
	}
	return params;
}

/** Bytes → string, one character per byte (ISO-8859-1). */
export function latin1FromBytes(bytes: Uint8Array): string {
	let text = '';
	const chunk = 8192;
	for (let start = 0; start < bytes.length; start += chunk) {
		text += String.fromCharCode.apply(null, Array.from(bytes.subarray(start, start + chunk)));
	}
	return text;
}
