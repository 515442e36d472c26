/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
import assert from 'node:assert/strict';
import { parseDecimal, roundTo } from '../../nodes/Specter/mappers/numbers';

describe('roundTo', () => {
	it('rounds half away from zero, despite binary noise', () => {
		assert.equal(roundTo(1.005, 2), 1.01); // 1.005 * 100 = 100.49999999999999 in binary
		assert.equal(roundTo(-28.925, 2), -28.93);
		assert.equal(roundTo(59.7072, 2), 59.71);
		assert.equal(roundTo(0.45359237, 3), 0.454);
	});

	it('never returns -0', () => {
		assert.ok(Object.is(roundTo(-0.004, 2), 0));
	});
});

describe('parseDecimal', () => {
	it('reads the decimal strings WooCommerce sends', () => {
		assert.equal(parseDecimal('577.84'), 577.84);
		assert.equal(parseDecimal('-50'), -50);
		assert.equal(parseDecimal(' 6.396 '), 6.396);
		assert.equal(parseDecimal('.5'), 0.5);
	});

	it('refuses anything else (Number() would take "", "0x10" and "Infinity")', () => {
		for (const text of ['', 'abc', 'NaN', 'Infinity', '0x10', '1e3', '249,00']) {
			assert.equal(parseDecimal(text), undefined, text);
		}
	});
});
