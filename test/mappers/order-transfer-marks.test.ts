/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- test code runs in Node, not inside n8n; it evaluates the templates' own expression */
// The order marks read by Skip Orders Marked in WooCommerce: the fingerprint must be the very one the order
// templates' expression writes into specter_transfer_failed, or a refused order would be sent (and alerted) again.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { refusalFingerprintOf, transferMarkOf, type WooOrder } from '../../nodes/Specter/mappers';
import { ORDER_FIXTURES, loadOrder } from './fixtures';

const TEMPLATES = join(__dirname, '..', '..', 'workflows-templates');
const FINGERPRINT_EXPRESSION = /\(o => (JSON\.stringify\(\[o\.number.*?\]\))\.hash\('sha256'\)\)/;

/** Every string value under `value`. */
function stringsIn(value: unknown): string[] {
	if (typeof value === 'string') return [value];
	if (value !== null && typeof value === 'object') return Object.values(value).flatMap(stringsIn);
	return [];
}

/** Every fingerprint expression of a template, as written. */
function fingerprintExpressions(template: string): string[] {
	const workflow = JSON.parse(readFileSync(join(TEMPLATES, template), 'utf8')) as { nodes: Array<{ parameters: unknown }> };
	return workflow.nodes.flatMap((node) => stringsIn(node.parameters).flatMap((text) => text.match(new RegExp(FINGERPRINT_EXPRESSION, 'g')) ?? []));
}

/** What n8n computes for the expression: the JSON text, then SHA-256 of its UTF-8 as hex (n8n's `hash`). */
function templateFingerprint(expression: string, order: WooOrder): string {
	const json = FINGERPRINT_EXPRESSION.exec(expression)?.[1];
	assert.ok(json, expression);
	const text = new Function('o', `return ${json}`)(order) as string;
	return createHash('sha256').update(text, 'utf8').digest('hex');
}

function withMeta(order: WooOrder, key: string, value: unknown): WooOrder {
	return { ...order, meta_data: [...order.meta_data, { id: 777, key, value }] };
}

describe('order transfer marks', () => {
	const live = fingerprintExpressions('woocommerce-orders-to-specter.json');
	const backfill = fingerprintExpressions('woocommerce-orders-backfill-to-specter.json');

	it('the templates write one and the same fingerprint expression', () => {
		assert.equal(live.length, 2, 'the filter and the mark of the live template');
		assert.ok(backfill.length >= 1);
		assert.deepEqual(new Set([...live, ...backfill]).size, 1);
	});

	it.each(ORDER_FIXTURES.map((name) => [name]))('the fingerprint of %s equals the templates\' (Unicode, empty fields and all)', (name) => {
		const order = withMeta(loadOrder(name), 'note', 'Åsa köper smörgåsar');
		assert.equal(refusalFingerprintOf(order), templateFingerprint(live[0], order));
	});

	it('the pack\'s own marks do not change the fingerprint; anything sent to Specter does', () => {
		const order = loadOrder('order-kco-private-two-rates.json');
		const fingerprint = refusalFingerprintOf(order);
		assert.equal(refusalFingerprintOf(withMeta(order, 'specter_transfer_failed', 'x')), fingerprint);
		assert.equal(refusalFingerprintOf(withMeta(order, '_specter_tracking_numbers', '1')), fingerprint);
		assert.notEqual(refusalFingerprintOf({ ...order, customer_note: 'Ring innan' }), fingerprint);
		assert.notEqual(refusalFingerprintOf(withMeta(order, '_billing_org_no', '5560000000')), fingerprint);
	});

	it('reads an order as transferred when it carries _specter_order_no, as refused only while unchanged', () => {
		const order = loadOrder('order-kco-private-two-rates.json');
		assert.equal(transferMarkOf(order), undefined);
		assert.deepEqual(
			[transferMarkOf(withMeta(order, '_specter_order_no', '100234')), transferMarkOf(withMeta(order, '_specter_order_no', 'transferred'))].map(
				(mark) => mark && mark.outcome === 'alreadyTransferred' && mark.specterOrderNo,
			),
			['100234', null],
		);
		const refused = withMeta(order, 'specter_transfer_failed', refusalFingerprintOf(order));
		assert.equal(transferMarkOf(refused)?.outcome, 'refusedBefore');
		assert.equal(transferMarkOf({ ...refused, total: '1.00' }), undefined, 'changed since: sent again');
	});
});
