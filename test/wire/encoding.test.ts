/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
import assert from 'node:assert/strict';

import {
	SpecterProtocolError,
	decodeFormBody,
	decodeResponse,
	encodeSignedRequest,
	formatDecimal,
	formatPlainNumber,
	parseSpecterDecimal,
	toLatin1Text,
	type RawResponse,
} from '../../nodes/Specter/wire';

const credentials = {
	baseUrl: 'https://api.specter.se/',
	apiVersion: 2 as const,
	sbmId: '1',
	apiUserKey: 'u',
	integrationKey: 'i',
};

function encodedForm(form: Record<string, string>): string {
	return (
		encodeSignedRequest(credentials, { method: 'POST', script: 'putInfo.asp', action: 'newArticleSubmit', query: {}, form })
			.body ?? ''
	);
}

describe('Latin-1 percent-encoding', () => {
	it('encodes every value as Latin-1 bytes: å ä ö Å Ä Ö é ü ß', () => {
		assert.equal(encodedForm({ articleNo_1: 'A', name_1: 'åäöÅÄÖéüß' }), 'articleNo_1=A&name_1=%E5%E4%F6%C5%C4%D6%E9%FC%DF');
	});

	it('percent-encodes reserved ASCII and keeps only unreserved characters as they are', () => {
		assert.equal(
			encodedForm({ articleNo_1: 'A-1_b.c~', name_1: 'a b&c=d+e%f/g?h#i;j\'k"l' }),
			'articleNo_1=A-1_b.c~&name_1=a%20b%26c%3Dd%2Be%25f%2Fg%3Fh%23i%3Bj%27k%22l',
		);
	});

	it('decodeFormBody reverses it (and reads + as space)', () => {
		assert.deepEqual(decodeFormBody('name_1=%E5%E4%F6+x%20y&empty=&flag'), { name_1: 'åäö x y', empty: '', flag: '' });
	});

	it('transliterates the safe set and nothing else', () => {
		const cases: Array<[string, string]> = [
			['‘single’ ‚low‛', "'single' 'low'"],
			['“double” „low‟', '"double" "low"'],
			['a–b—c‒d―e−f‐g‑h', 'a-b-c-d-e-f-g-h'],
			['wait…', 'wait...'],
			['a\u00a0b\u2009c\u202fd\u3000e', 'a b c d e'],
			['zero\u200bwidth\ufeff', 'zerowidth'],
			['10 €', '10 EUR'],
			['Brand™', 'BrandTM'],
			['plain åäö ÅÄÖ ©®°±½', 'plain åäö ÅÄÖ ©®°±½'],
			['tab\tline\r\nbreak', 'tab\tline\r\nbreak'],
		];
		for (const [input, expected] of cases) assert.deepEqual(toLatin1Text(input), { ok: true, text: expected }, input);
	});

	it('refuses emoji, CJK, other scripts and control characters (reports the first one)', () => {
		for (const [input, character] of [
			['Mugg 😀', '😀'],
			['東京', '東'],
			['Ωmega', 'Ω'],
			['Łódź', 'Ł'],
			['bell\u0007', '\u0007'],
			['c1\u0085', '\u0085'],
		]) {
			assert.deepEqual(toLatin1Text(input), { ok: false, character }, input);
		}
	});

	it('encodeSignedRequest sends the transliteration, not mojibake', () => {
		assert.equal(encodedForm({ articleNo_1: 'A', name_1: '“Kaffe” – 5 €' }), 'articleNo_1=A&name_1=%22Kaffe%22%20-%205%20EUR');
	});
});

describe('decodeResponse', () => {
	const response = (body: Buffer, headers: RawResponse['headers'] = {}): RawResponse => ({
		statusCode: 200,
		headers,
		body: new Uint8Array(body),
	});

	it('reads Latin-1 by default', () => {
		assert.equal(decodeResponse(response(Buffer.from('1;42;Kund Åsa skapad', 'latin1'))), '1;42;Kund Åsa skapad');
	});

	it('honours a UTF-8 charset header (any header casing, array values)', () => {
		const body = Buffer.from('1;42;Åsa', 'utf8');
		assert.equal(decodeResponse(response(body, { 'Content-Type': 'text/plain; charset=UTF-8' })), '1;42;Åsa');
		assert.equal(decodeResponse(response(body, { 'content-type': ['text/xml; charset="utf-8"'] })), '1;42;Åsa');
	});

	it('honours a UTF-8 XML declaration or byte-order mark', () => {
		const xml = '<?xml version="1.0" encoding="UTF-8"?><r>Öl</r>';
		assert.equal(decodeResponse(response(Buffer.from(xml, 'utf8'))), xml);
		assert.equal(decodeResponse(response(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Öl', 'utf8')]))), 'Öl');
	});

	it('falls back to Latin-1 when declared UTF-8 bytes are not valid UTF-8', () => {
		const body = Buffer.from('1;42;Åsa', 'latin1');
		assert.equal(decodeResponse(response(body, { 'content-type': 'text/plain; charset=utf-8' })), '1;42;Åsa');
	});

	it('a Latin-1 charset header wins over a UTF-8 XML declaration', () => {
		const xml = '<?xml version="1.0" encoding="utf-8"?><r>Ã¥</r>';
		assert.equal(decodeResponse(response(Buffer.from(xml, 'latin1'), { 'content-type': 'text/xml; charset=iso-8859-1' })), xml);
	});
});

describe('numbers', () => {
	it('formatDecimal: dot decimals, fixed precision, half away from zero, no exponent', () => {
		assert.equal(formatDecimal(199.2, 2), '199.20');
		assert.equal(formatDecimal(1.005, 2), '1.01');
		assert.equal(formatDecimal(2.675, 2), '2.68');
		assert.equal(formatDecimal(-40, 2), '-40.00');
		assert.equal(formatDecimal(-0.001, 2), '0.00');
		assert.equal(formatDecimal(0.25, 3), '0.250');
		assert.equal(formatDecimal(1e-7, 3), '0.000');
		assert.equal(formatDecimal(123456789012.5, 2), '123456789012.50');
		assert.equal(formatDecimal(0.0125, 2), '0.01');
		assert.throws(() => formatDecimal(Number.NaN, 2), RangeError);
	});

	it('formatPlainNumber: integers plain, up to 6 decimals, no exponent', () => {
		assert.equal(formatPlainNumber(3), '3');
		assert.equal(formatPlainNumber(2.5), '2.5');
		assert.equal(formatPlainNumber(1e-6), '0.000001');
		assert.equal(formatPlainNumber(1e21 / 1e10), '100000000000');
		assert.equal(formatPlainNumber(-0), '0');
	});

	it('parseSpecterDecimal: comma and dot decimals, space thousands, empty and noItemsAvailable as null', () => {
		assert.equal(parseSpecterDecimal('1 234,50'), 1234.5);
		assert.equal(parseSpecterDecimal('1\u00a0234,50'), 1234.5);
		assert.equal(parseSpecterDecimal('1234.5'), 1234.5);
		assert.equal(parseSpecterDecimal('1.234,50'), 1234.5);
		assert.equal(parseSpecterDecimal('1,234.50'), 1234.5);
		assert.equal(parseSpecterDecimal('0,250'), 0.25);
		assert.equal(parseSpecterDecimal('-3'), -3);
		assert.equal(parseSpecterDecimal(' 12 '), 12);
		assert.equal(parseSpecterDecimal(''), null);
		assert.equal(parseSpecterDecimal('   '), null);
		assert.equal(parseSpecterDecimal(undefined), null);
		assert.equal(parseSpecterDecimal('noItemsAvailable'), null);
		assert.equal(parseSpecterDecimal('NOITEMSAVAILABLE'), null);
	});

	it('parseSpecterDecimal refuses text that is not a number instead of guessing', () => {
		for (const text of ['abc', '12abc', '1.2.3', '--1', '1e5']) {
			assert.throws(() => parseSpecterDecimal(text), SpecterProtocolError, text);
		}
	});
});
