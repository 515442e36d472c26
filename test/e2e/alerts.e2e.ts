/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test code runs in Node, not inside n8n */
// The failure alert and what the order template does about failures, in a real n8n 2.41 against the simulators and a
// loopback Slack-compatible receiver. Every template is imported as shipped, through the public API and through the
// CLI. Then, as a merchant would: the alert workflow gets the receiver's URL and is activated, the order workflow
// gets it as its error workflow (Workflow settings → Error workflow) and, from the second test on, its two 15-minute
// schedules run every 30 s (n8n refuses nothing shorter than a second; 30 s keeps one catch-up from overlapping the
// next on a busy machine). Nothing else in the templates is changed.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { MAPPINGS_TEMPLATE, pointAtMappings, readTemplates, withMappings, startStack, type Stack } from './stack';
import { N8N_ENCRYPTION_KEY, createTempDir, startN8n, type Execution, type N8nInstance } from './harness';
import { ensureN8nRuntime } from './install-n8n.mjs';
import { startSlackReceiver, type SlackReceiver } from '../simulators/slack/server';
import { klarnaPayment, placeOrderInput, type PlaceOrderLine } from '../simulators/woocommerce/fixtures';

const execFileAsync = promisify(execFile);

const ORDER_TEMPLATE = 'woocommerce-orders-to-specter.json';
const ALERT_TEMPLATE = 'failure-alert.json';
const SCHEDULES = ['Every 15 minutes', 'Every 15 minutes: webhooks'];
const FAILED_MARK = 'specter_transfer_failed';

interface WorkflowJson {
	id: string;
	name: string;
	nodes: Array<{ name: string; type: string; webhookId?: string; parameters: Record<string, unknown> }>;
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
}
interface WooOrder {
	id: number;
	number: string;
	meta_data: Array<{ key: string; value: unknown }>;
	notes: Array<{ note: string; customer_note: boolean }>;
	line_items: Array<{ id: number; sku: string }>;
}
interface WooState {
	orders: WooOrder[];
	webhooks: Array<{ id: number; topic: string; status: string; delivery_url: string; failure_count: number }>;
	deliveries: Array<{ kind: string; webhook_id: number; topic: string; resource_id: number | null; success: boolean; at: string }>;
}
interface SpecterState {
	orders: Array<{ orderNo: string; externalOrderNo: string; rows: Array<{ articleNo: string }> }>;
}

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));
const ran = (execution: Execution, nodeName: string) => Boolean(execution.data?.resultData?.runData?.[nodeName]);
const errorOf = (execution: Execution) => execution.data?.resultData?.error?.message ?? '';

/** Polls `check` until it returns a value (not undefined); generous, since others run e2e tests on the same 2 cores. */
async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 240_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await check();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await sleep(1000);
	}
}

/** `n8n import:workflow` run by n8n's own CLI on the instance's user folder, as an administrator would. */
async function cliImport(n8n: N8nInstance, args: string[]): Promise<string> {
	const runtime = ensureN8nRuntime({ log: () => undefined });
	const { stdout, stderr } = await execFileAsync(runtime.node24, [runtime.n8nBin, 'import:workflow', ...args], {
		cwd: n8n.userFolder,
		env: {
			PATH: `${runtime.nodeBinDir}:${process.env.PATH ?? ''}`,
			HOME: process.env.HOME ?? '',
			N8N_USER_FOLDER: n8n.userFolder,
			N8N_ENCRYPTION_KEY,
			DB_TYPE: 'sqlite',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		},
		maxBuffer: 16 * 1024 * 1024,
	});
	return `${stdout}\n${stderr}`;
}

describe('failure alerts and failing orders in a real n8n', () => {
	let stack: Stack;
	let n8n: N8nInstance;
	let restarted: N8nInstance | undefined;
	let slack: SlackReceiver;
	let userFolder: string;
	/** template file → id of the workflow created from the file as shipped through the public API */
	const imported: Record<string, string> = {};
	const orderWorkflow = () => imported[ORDER_TEMPLATE];
	const wooState = () => stack.wooControl<WooState>('GET', 'state');
	const specterState = () => stack.specterControl<SpecterState>('GET', 'state');
	const wooOrder = async (id: number) => (await wooState()).orders.find((order) => order.id === id) as WooOrder;
	const metaOf = (order: WooOrder, key: string) => order.meta_data.find((meta) => meta.key === key)?.value;
	const alertsNaming = (orderNumber: string) =>
		slack.messages.filter((message) => /^Orders?: (.*)$/m.exec(message.text)?.[1].split(', ').includes(orderNumber));
	const executionsOfOrders = () => n8n.waitForExecutions(orderWorkflow(), () => true);
	const describeSlack = () => JSON.stringify(slack.messages.map((message) => message.text), null, 1);

	/** The workflow as n8n has it, changed by `change`, saved and activated again (a merchant's edit in the editor). */
	async function edit(id: string, change: (workflow: WorkflowJson) => void): Promise<void> {
		const workflow = await n8n.api<WorkflowJson>('GET', `/workflows/${id}`);
		change(workflow);
		const active = (await n8n.api<{ active: boolean }>('GET', `/workflows/${id}`)).active;
		if (active) await n8n.deactivateWorkflow(id);
		await n8n.api('PUT', `/workflows/${id}`, {
			name: workflow.name,
			nodes: workflow.nodes,
			connections: workflow.connections,
			settings: workflow.settings,
		});
		await n8n.activateWorkflow(id);
	}

	beforeAll(async () => {
		slack = await startSlackReceiver();
		userFolder = createTempDir('n8n-e2e-alerts-');
		// the templates are imported below as shipped; the stack's own copies stay inactive
		stack = await startStack({ activateWorkflows: false, n8nUserFolder: userFolder });
		n8n = stack.n8n;
		const templates = readTemplates();
		for (const file of [ORDER_TEMPLATE, ALERT_TEMPLATE]) {
			// the file as it is, not workflowForCreate(): n8n refuses read-only keys such as id, tags or active
			imported[file] = (await n8n.api<WorkflowJson>('POST', '/workflows', templates[file])).id;
		}
		// the order template reads its mapping tables: *Specter mappings* published and chosen, as its note asks
		await n8n.activateWorkflow(stack.workflows[MAPPINGS_TEMPLATE]);
		await pointAtMappings(n8n, imported[ORDER_TEMPLATE], stack.workflows[MAPPINGS_TEMPLATE]);
	});
	afterAll(async () => {
		await restarted?.stop();
		await stack?.stop();
		await slack?.close();
	});

	it('imports every template as shipped through the public API and the CLI; two copies of the order template run side by side', async () => {
		const templates = readTemplates();
		assert.ok(Object.keys(templates).includes(ALERT_TEMPLATE));
		const refused: string[] = [];
		for (const [file, template] of Object.entries(templates)) {
			// the file as it is, not workflowForCreate(): n8n refuses read-only keys such as id, tags or active
			try {
				const created = await n8n.api<WorkflowJson>('POST', '/workflows', template);
				assert.equal(created.name, (template as WorkflowJson).name, file);
				await n8n.api('DELETE', `/workflows/${created.id}`);
			} catch (error) {
				refused.push(`${file}: ${(error as Error).message}`);
			}
		}

		// The CLI needs an id on a single file (n8n 2.41: "NOT NULL constraint failed: workflow_entity.id"), and the
		// shipped files have none, so they are imported as a folder with --separate, which gives each a new id.
		const folder = join(userFolder, 'templates-for-cli');
		mkdirSync(folder);
		// the order copy runs below: its *Specter mappings* chosen in the file (a PUT would give its webhooks new paths)
		for (const [file, template] of Object.entries(templates)) {
			writeFileSync(join(folder, file), JSON.stringify(file === ORDER_TEMPLATE ? withMappings(template, stack.workflows[MAPPINGS_TEMPLATE]) : template));
		}
		const before = new Set((await n8n.api<{ data: WorkflowJson[] }>('GET', '/workflows?limit=250')).data.map((workflow) => workflow.id));
		const output = await cliImport(n8n, ['--separate', `--input=${folder}`]);
		assert.match(output, new RegExp(`Successfully imported ${Object.keys(templates).length} workflows`), output);
		const fromCli = (await n8n.api<{ data: WorkflowJson[] }>('GET', '/workflows?limit=250')).data.filter((workflow) => !before.has(workflow.id));
		assert.deepEqual(
			fromCli.map((workflow) => workflow.name).sort(),
			Object.values(templates).map((template) => (template as WorkflowJson).name).sort(),
		);

		// Without fixed webhook ids every copy gets its own webhook addresses (n8n gives API and editor imports new
		// ids; a CLI import uses the workflow id in the path), so two copies can be active at once.
		const cliOrders = fromCli.find((workflow) => workflow.name === (templates[ORDER_TEMPLATE] as WorkflowJson).name) as WorkflowJson;
		await n8n.activateWorkflow(orderWorkflow());
		await n8n.activateWorkflow(cliOrders.id);
		const urls = (await wooState()).webhooks.filter((hook) => hook.status === 'active').map((hook) => hook.delivery_url);
		assert.equal(urls.length, 4, JSON.stringify(urls));
		assert.equal(new Set(urls).size, 4);
		assert.equal(urls.filter((url) => url.includes(`/webhook/${cliOrders.id}/`)).length, 2, JSON.stringify(urls));
		await n8n.deactivateWorkflow(cliOrders.id);
		await n8n.deactivateWorkflow(orderWorkflow());
		assert.equal((await wooState()).webhooks.length, 0, 'deactivating removes each copy’s own webhooks');
		assert.deepEqual(refused, [], 'the public API takes every template as shipped');
	});

	it('an order Specter cannot take gives exactly one Slack message with the order number, the error and the execution link', async () => {
		await edit(imported[ALERT_TEMPLATE], (workflow) => {
			const settings = workflow.nodes.find((node) => node.name === 'Alert settings') as WorkflowJson['nodes'][number];
			const assignments = (settings.parameters.assignments as { assignments: Array<{ name: string; value: string }> }).assignments;
			(assignments.find((assignment) => assignment.name === 'webhookUrl') as { value: string }).value = slack.url;
		});
		await edit(orderWorkflow(), (workflow) => {
			workflow.settings = { ...workflow.settings, errorWorkflow: imported[ALERT_TEMPLATE] };
		});

		const [mystery] = await stack.wooControl<Array<{ id: number }>>('POST', 'products', [{ name: 'Mystery box', regular_price: '50.00' }]);
		const bad = await stack.wooControl<{ id: number; number: string }>(
			'POST',
			'orders/place',
			placeOrderInput([{ product_id: mystery.id, quantity: 1 }], klarnaPayment()),
		);
		await stack.woo.flushWebhooks();
		const failed = await eventually('the failed execution', async () => {
			const executions = await executionsOfOrders();
			return executions.find((execution) => execution.status === 'error');
		});
		assert.match(errorOf(failed), new RegExp(`^Not transferred to Specter: order ${bad.number}, line 1 \\(Mystery box\\): SKU is empty`));
		await eventually('the Slack message', async () => (slack.messages.length > 0 ? true : undefined));

		// The failure is noted on the order; the note's own order.updated delivery then stops at the filter.
		const marked = await eventually('the mark on the order', async () => {
			const order = await wooOrder(bad.id);
			return metaOf(order, FAILED_MARK) === undefined ? undefined : order;
		});
		assert.ok(marked.notes.some((note) => !note.customer_note && note.note.includes('Not transferred to Specter') && note.note.includes('SKU is empty')));
		await stack.woo.flushWebhooks();
		await eventually('the delivery of the marked order, stopped by the filter', async () => {
			const executions = await executionsOfOrders();
			return executions.find(
				(execution) =>
					ran(execution, 'WooCommerce order updated') &&
					(n8n.nodeOutput(execution, 'WooCommerce order updated') as Array<{ id: number }>).some((order) => order?.id === bad.id) &&
					ran(execution, 'Paid and not yet in Specter') &&
					n8n.nodeOutput(execution, 'Paid and not yet in Specter').length === 0,
			);
		});

		assert.equal(slack.messages.length, 1, describeSlack());
		const lines = slack.messages[0].text.split('\n');
		assert.equal(lines[0], 'n8n: the workflow "WooCommerce orders → Specter" failed');
		assert.equal(lines[1], `Order: ${bad.number}`);
		assert.equal(lines[2], `Error: ${errorOf(failed)}`);
		assert.ok(lines.includes(`Execution: ${n8n.baseUrl}/workflow/${orderWorkflow()}/executions/${failed.id}`), describeSlack());
		assert.equal((await executionsOfOrders()).filter((execution) => execution.status === 'error').length, 1);
		assert.equal((await specterState()).orders.some((order) => order.externalOrderNo === bad.number), false);
	});

	it('later catch-ups skip the unchanged order without a second message; once corrected it is transferred', async () => {
		await edit(orderWorkflow(), (workflow) => {
			for (const node of workflow.nodes.filter((candidate) => SCHEDULES.includes(candidate.name))) {
				node.parameters = { rule: { interval: [{ field: 'seconds', secondsInterval: 10 }] } };
			}
		});
		const bad = (await wooState()).orders.find((order) => metaOf(order, FAILED_MARK) !== undefined) as WooOrder;
		// the store's records carry no `number`; WooCommerce's answer does
		const badNumber = ((await stack.wooApi.get(`orders/${bad.id}`)) as { data: { number: string } }).data.number;
		const since = (await executionsOfOrders()).length;
		const catchUpsSkipping = (executions: Execution[]) =>
			executions.slice(since).filter(
				(execution) =>
					ran(execution, 'Orders from the last 2 days') &&
					(n8n.nodeOutput(execution, 'Orders from the last 2 days') as Array<{ id: number }>).some((order) => order?.id === bad.id) &&
					!(n8n.nodeOutput(execution, 'Paid and not yet in Specter') as Array<{ id: number }>).some((order) => order?.id === bad.id),
			);
		const skipping = await eventually('three catch-ups that skip the refused order', async () => {
			const found = catchUpsSkipping(await executionsOfOrders());
			return found.length >= 3 ? found : undefined;
		});
		for (const execution of skipping) assert.equal(execution.status, 'success', errorOf(execution));
		assert.equal(slack.messages.length, 1, describeSlack());

		// The shop corrects the order: the line without SKU becomes a mug.
		const line = bad.line_items[0];
		await stack.wooApi.put(`orders/${bad.id}`, { line_items: [{ id: line.id, quantity: 0 }, { sku: 'MUG-01', quantity: 1 }] });
		await stack.woo.flushWebhooks();
		const transferred = await eventually('the corrected order in Specter', async () =>
			(await specterState()).orders.find((order) => order.externalOrderNo === badNumber),
		);
		assert.deepEqual(transferred.rows.map((row) => row.articleNo).filter((articleNo) => articleNo === 'MUG-01'), ['MUG-01']);
		await eventually('the Specter order number on the corrected order', async () =>
			metaOf(await wooOrder(bad.id), '_specter_order_no') === transferred.orderNo ? true : undefined,
		);
		assert.equal(slack.messages.length, 1, describeSlack());
	});

	it('after n8n was down: WooCommerce disabled the webhooks; the catch-up names every refused order in one message, and the webhooks are turned on again with one message', async () => {
		const port = n8n.port;
		await n8n.stop();

		// While n8n is down: two orders Specter cannot take (a line without SKU; an article Specter does not know)
		// and a good one. Their deliveries fail, and WooCommerce disables both webhooks on the 7th failure.
		const [mystery, unknown] = await stack.wooControl<Array<{ id: number }>>('POST', 'products', [
			{ name: 'Second mystery box', regular_price: '60.00' },
			{ name: 'Not in Specter', sku: 'NOT-IN-SPECTER-1', regular_price: '80.00' },
		]);
		const place = (line: PlaceOrderLine) =>
			stack.wooControl<{ id: number; number: string }>('POST', 'orders/place', placeOrderInput([line], klarnaPayment()));
		const noSku = await place({ product_id: mystery.id, quantity: 1 });
		const notInSpecter = await place({ product_id: unknown.id, quantity: 1 });
		const good = await place({ sku: 'BOOK-01', quantity: 1 });
		await stack.wooApi.put(`orders/${good.id}`, { customer_note: 'Please gift-wrap' });
		await stack.woo.flushWebhooks();
		const hooks = (await wooState()).webhooks;
		for (const hook of hooks) {
			const failedSoFar = (await wooState()).deliveries.filter((delivery) => delivery.webhook_id === hook.id && delivery.kind !== 'ping' && !delivery.success).length;
			await stack.wooControl('POST', 'webhooks/redeliver', { times: 7 - failedSoFar, webhook_id: hook.id });
		}
		const disabled = (await wooState()).webhooks;
		assert.deepEqual(disabled.map((hook) => [hook.topic, hook.status]).sort(), [['order.created', 'disabled'], ['order.updated', 'disabled']]);

		// n8n comes back on the same port and folder; restarting does not bring the webhooks back by itself.
		restarted = await startN8n({ port, userFolder, extraCaCertPath: stack.woo.certPath, handleSignals: false });
		n8n = restarted;

		const refusedMessage = await eventually('the message naming the refused orders', async () =>
			slack.messages.find((message) => /^Orders: /m.test(message.text)),
		);
		const named = (/^Orders: (.*)$/m.exec(refusedMessage.text) as RegExpExecArray)[1].split(', ').sort();
		assert.deepEqual(named, [noSku.number, notInSpecter.number].sort(), describeSlack());
		assert.match(refusedMessage.text, /^Error: Not transferred to Specter: 2 orders: /m);
		assert.match(refusedMessage.text, /SKU is empty/);
		assert.match(refusedMessage.text, /NOT-IN-SPECTER-1/);
		const webhookMessage = await eventually('the message about the webhooks', async () =>
			slack.messages.find((message) => message.text.includes('webhook')),
		);
		assert.match(webhookMessage.text, /WooCommerce had disabled 2 webhooks of this n8n after failed deliveries and they are active again/);
		for (const hook of disabled) assert.ok(webhookMessage.text.includes(`${hook.topic} (webhook ${hook.id}, ${hook.delivery_url})`), webhookMessage.text);
		assert.deepEqual(
			(await wooState()).webhooks.map((hook) => [hook.id, hook.status]).sort(),
			disabled.map((hook) => [hook.id, 'active']).sort(),
		);

		// The good order came with the catch-up; both refused ones carry the mark (Specter's refusal counts too).
		await eventually('the good order in Specter', async () =>
			(await specterState()).orders.some((order) => order.externalOrderNo === good.number) ? true : undefined,
		);
		for (const order of [noSku, notInSpecter]) assert.notEqual(metaOf(await wooOrder(order.id), FAILED_MARK), undefined, order.number);

		// Two more rounds of both schedules bring no further message.
		const since = (await executionsOfOrders()).length;
		await eventually('two more catch-ups and webhook checks', async () => {
			const later = (await executionsOfOrders()).slice(since);
			const catchUps = later.filter((execution) => ran(execution, 'Orders from the last 2 days')).length;
			const checks = later.filter((execution) => ran(execution, 'Newest order (the store address)')).length;
			return catchUps >= 2 && checks >= 2 ? true : undefined;
		});
		assert.equal(slack.messages.length, 3, describeSlack());
		assert.equal(alertsNaming(noSku.number).length, 1);
		assert.equal(alertsNaming(notInSpecter.number).length, 1);

		// The webhook WooCommerce turned on again delivers the next order.
		const next = await place({ sku: 'MUG-01', quantity: 1 });
		await stack.woo.flushWebhooks();
		const created = disabled.find((hook) => hook.topic === 'order.created') as WooState['webhooks'][number];
		const delivery = (await wooState()).deliveries.find(
			(entry) => entry.kind === 'topic' && entry.webhook_id === created.id && entry.resource_id === next.id,
		);
		assert.equal(delivery?.success, true, JSON.stringify(delivery));
		await eventually('the next order in Specter', async () =>
			(await specterState()).orders.some((order) => order.externalOrderNo === next.number) ? true : undefined,
		);
	});
});
