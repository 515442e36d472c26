/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test code runs in Node, not inside n8n */
/* eslint-disable @n8n/community-nodes/no-dangerous-functions -- runs the templates' own JavaScript (the Code node, an expression) as n8n would */
// The logic the failure-alert and order templates carry as JavaScript and n8n expressions, run here on its own:
// the alert message (the Code node of failure-alert.json), which errors the order template marks as refused (its
// filter against the descriptions the Specter node gives each kind of error), and the order fingerprint that
// decides whether a refused order is tried again. The whole flow runs in the real n8n in test/e2e/alerts.e2e.ts.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { INode } from 'n8n-workflow';
import { toNodeError } from '../../nodes/Specter/shared/execution';
import { WooMappingError } from '../../nodes/Specter/mappers';
import { SpecterApiError, SpecterNetworkError, SpecterProtocolError, SpecterValidationError } from '../../nodes/Specter/wire';

const templatesDir = join(resolve(__dirname, '..', '..'), 'workflows-templates');

interface TemplateNode {
	name: string;
	type: string;
	webhookId?: string;
	parameters: Record<string, unknown>;
}
const template = (file: string) => JSON.parse(readFileSync(join(templatesDir, file), 'utf8')) as { nodes: TemplateNode[] };
const nodeOf = (file: string, name: string) => {
	const node = template(file).nodes.find((candidate) => candidate.name === name);
	assert.ok(node, `${file} has a node "${name}"`);
	return node;
};

// ---- the alert message ----------------------------------------------------------------------------------------

type Compose = ($input: { all(): Array<{ json: unknown }> }) => Array<{ json: { webhookUrl: string; text: string } }>;
const compose = new Function('$input', nodeOf('failure-alert.json', 'Compose the message').parameters.jsCode as string) as Compose;
const message = (json: unknown) => compose({ all: () => [{ json }] })[0].json;

const ORDER_WORKFLOW = { id: 'wf1', name: 'WooCommerce orders → Specter' };

test('the alert names the workflow, every order and SKU the error names, the error, the node and the execution link', () => {
	const { text, webhookUrl } = message({
		webhookUrl: 'https://hooks.example/services/1',
		workflow: ORDER_WORKFLOW,
		execution: {
			id: '231',
			url: 'https://n8n.example/workflow/wf1/executions/231',
			lastNodeExecuted: 'Report orders Specter did not take',
			error: {
				message:
					'Not transferred to Specter: 2 orders: order 48, line 1 (Mystery box): SKU is empty | WooCommerce order 51: Specter refused newOrderSubmit: Article NOPE-1 does not exist',
			},
		},
	});
	assert.equal(webhookUrl, 'https://hooks.example/services/1');
	assert.deepEqual(text.split('\n'), [
		'n8n: the workflow "WooCommerce orders → Specter" failed',
		'Orders: 48, 51',
		'SKU: NOPE-1',
		'Error: Not transferred to Specter: 2 orders: order 48, line 1 (Mystery box): SKU is empty | WooCommerce order 51: Specter refused newOrderSubmit: Article NOPE-1 does not exist',
		'Node: Report orders Specter did not take',
		'Execution: https://n8n.example/workflow/wf1/executions/231',
	]);
});

test('SKUs are read after "SKU" and "Article", quoted or not; Specter order numbers and plain words are not orders or SKUs', () => {
	const { text } = message({
		workflow: { id: 'wf2', name: 'Specter stock → WooCommerce' },
		execution: {
			url: 'https://n8n.example/workflow/wf2/executions/9',
			error: {
				message: 'Article MUG-01: Specter did not answer newArticleSubmit; gave up after 4 attempts',
				description: 'WooCommerce product 12 (SKU "TEE-M"), field "tax_class"; Specter order 3301; SKU is used by two products',
			},
		},
	});
	assert.deepEqual(text.split('\n').slice(0, 3), [
		'n8n: the workflow "Specter stock → WooCommerce" failed',
		'SKUs: MUG-01, TEE-M',
		'Error: Article MUG-01: Specter did not answer newArticleSubmit; gave up after 4 attempts',
	]);
	assert.doesNotMatch(text, /Order/);
});

test('a trigger that failed before an execution existed is reported without a link; one message per failure', () => {
	const messages = compose({
		all: () => [
			{ json: { workflow: ORDER_WORKFLOW, trigger: { error: { message: 'WooCommerce webhook secret is missing' } } } },
			{ json: { workflow: ORDER_WORKFLOW, execution: { url: 'u', error: { message: 'x'.repeat(2000) } } } },
		],
	});
	assert.equal(messages.length, 2);
	assert.deepEqual(messages[0].json.text.split('\n'), [
		'n8n: the workflow "WooCommerce orders → Specter" failed',
		'Error: WooCommerce webhook secret is missing',
		'Its trigger failed before an execution was saved.',
	]);
	assert.match(messages[1].json.text, /^Error: x{1500}…$/m, 'a long error is cut');
});

// ---- the order template: which failures are marked ------------------------------------------------------------

const ORDERS = 'woocommerce-orders-to-specter.json';
const node = { id: '1', name: 'Create order in Specter', type: 'n8n-nodes-specter.specter', typeVersion: 1, position: [0, 0], parameters: {} } as INode;
/** The description the Specter node puts on an error item of its error output. */
const description = (error: unknown) => toNodeError(node, error, 0, { subject: 'WooCommerce order 48' }).description ?? '';

test('orders Specter refused or that cannot be sent are marked; connection problems are not, so the catch-up tries again', () => {
	// n8n 2.41 keeps only `error` in an error item's json (normalizeNodeErrors); the description is read from the
	// item's error by *What Specter did not take* and tested here.
	const details = (nodeOf(ORDERS, 'What Specter did not take').parameters.assignments as {
		assignments: Array<{ name: string; value: string }>;
	}).assignments;
	assert.equal(details.find((assignment) => assignment.name === 'description')?.value, "={{ ($input.item.error || {}).description || '' }}");
	const filter = nodeOf(ORDERS, 'Refused, not a connection problem').parameters.conditions as {
		combinator: string;
		conditions: Array<{ leftValue: string; rightValue: string; operator: { operation: string } }>;
	};
	assert.equal(filter.combinator, 'or');
	for (const condition of filter.conditions) {
		assert.equal(condition.leftValue, '={{ $json.description }}');
		assert.equal(condition.operator.operation, 'contains');
	}
	const marked = (error: unknown) => filter.conditions.some((condition) => description(error).includes(condition.rightValue));

	assert.ok(marked(new WooMappingError({ orderNumber: '48', lineIndex: 0, field: 'line_items[0].sku', message: 'order 48, line 1: SKU is empty' })));
	assert.ok(marked(new SpecterValidationError('too long', { field: 'email' })));
	assert.ok(marked(new SpecterApiError('Specter refused newOrderSubmit', { action: 'newOrderSubmit', code: 12, specterMessage: 'Unknown article' })));
	assert.ok(!marked(new SpecterNetworkError('Specter did not answer newOrderSubmit (HTTP 503); gave up after 4 attempts', { action: 'newOrderSubmit', statusCode: 503, attempts: 4 })));
	assert.ok(!marked(new SpecterProtocolError('Specter answered newOrderSubmit with HTTP 404', { action: 'newOrderSubmit', statusCode: 404 })));
	assert.ok(!marked(new Error('something unexpected')));
});

// ---- the order template: the fingerprint of a refused order ---------------------------------------------------

/** The fingerprint lambda `(o => JSON.stringify([...]).hash('sha256'))` of an expression. */
function fingerprintLambda(expression: string): string {
	const match = /\(o => JSON\.stringify\(.*?\)\.hash\('sha256'\)\)/.exec(expression);
	assert.ok(match, `a fingerprint in ${expression}`);
	return match[0];
}

test('the filter and the marker compute the same fingerprint, and it changes with the order but not with its date or our meta', () => {
	const filter = nodeOf(ORDERS, 'Paid and not yet in Specter').parameters.conditions as { conditions: Array<{ leftValue: string }> };
	const check = filter.conditions.map((condition) => condition.leftValue).find((value) => value.includes('specter_transfer_failed'));
	assert.ok(check, 'the filter skips orders marked specter_transfer_failed');
	const details = (nodeOf(ORDERS, 'What Specter did not take').parameters.assignments as {
		assignments: Array<{ name: string; value: string }>;
	}).assignments;
	const fingerprint = details.find((assignment) => assignment.name === 'fingerprint')?.value ?? '';
	const mark = nodeOf(ORDERS, 'Mark the order as refused').parameters.metadataUi as {
		metadataValues: Array<{ key: string; value: string }>;
	};
	assert.deepEqual(mark.metadataValues, [{ key: 'specter_transfer_failed', value: '={{ $json.fingerprint }}' }]);
	const lambda = fingerprintLambda(check);
	assert.equal(fingerprintLambda(fingerprint), lambda);
	assert.match(check, /\(\$json\) \}\}$/);
	assert.match(fingerprint, /\(\$\('Paid and not yet in Specter'\)\.item\.json\) \}\}$/);

	// n8n's String.hash() aside, the lambda is plain JavaScript: compare what it hashes.
	const hashed = new Function(`return ${lambda.replace(".hash('sha256')", '')}`)() as (order: object) => string;
	const order = {
		id: 48,
		number: '48',
		date_modified: '2026-01-01T10:00:00',
		billing: { email: 'a@example.com' },
		line_items: [{ name: 'Mystery box', sku: '', quantity: 1 }],
		meta_data: [{ id: 1, key: '_billing_org_nr', value: '556000-0000' }],
	};
	const marked = {
		...order,
		date_modified: '2026-01-01T10:00:05',
		meta_data: [...order.meta_data, { id: 2, key: 'specter_transfer_failed', value: 'f' }, { id: 3, key: '_specter_order_no', value: '' }],
	};
	assert.equal(hashed(marked), hashed(order));
	assert.notEqual(hashed({ ...order, line_items: [{ name: 'Mystery box', sku: 'BOX-1', quantity: 1 }] }), hashed(order));
	assert.notEqual(hashed({ ...order, billing: { email: 'b@example.com' } }), hashed(order));
	assert.notEqual(hashed({ ...order, meta_data: [{ id: 1, key: '_billing_org_nr', value: '556000-0001' }] }), hashed(order));
});

test('the order template carries no webhook ids, so importing it twice gives each copy its own webhook addresses', () => {
	const triggers = template(ORDERS).nodes.filter((candidate) => candidate.type === 'n8n-nodes-base.wooCommerceTrigger');
	assert.equal(triggers.length, 2);
	for (const trigger of triggers) assert.equal(trigger.webhookId, undefined, trigger.name);
});
