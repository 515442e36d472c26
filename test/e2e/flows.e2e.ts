/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test code runs in Node, not inside n8n */
// The shipped templates, imported as they are, running in a real n8n 2.41 with this package installed as a
// community package, against the Specter and WooCommerce simulators over real HTTP(S). The stock template has its
// own file (stock.e2e.ts).
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { MAPPINGS_TEMPLATE, SPECTER_CREDENTIAL_NAME, pointAtMappings, readTemplates, startStack, type Stack } from './stack';
import type { Execution } from './harness';
import { klarnaPayment, nexiPayment, placeOrderInput } from '../simulators/woocommerce/fixtures';

const ORDER_TEMPLATE = 'woocommerce-orders-to-specter.json';

interface SpecterState {
	orders: Array<{ orderNo: string; externalOrderNo: string; header: Record<string, string>; rows: Array<{ articleNo: string; noOfItems: number; vatPercent: number; priceExclVat: number }> }>;
	customers: Array<{ customerId?: string; emailAddress?: string }>;
	queues: Record<string, { pending: unknown[]; bound: { batchNo: string } | null }>;
}
interface WooState {
	orders: Array<{ id: number; number: string; meta_data: Array<{ key: string; value: unknown }> }>;
	products: Array<{ id: number; sku: string; parent_id: number; stock_quantity: number | null }>;
	webhooks: Array<{ id: number; topic: string; status: string; delivery_url: string }>;
	requests: Array<{ at: string; method: string; path: string; status: number }>;
}

function ranNode(execution: Execution, nodeName: string): boolean {
	return Boolean(execution.data?.resultData?.runData?.[nodeName]);
}

// Each test and hook may take up to 10 minutes (test/jest-support/timeout-e2e.js).
describe('templates in a real n8n', () => {
	let stack: Stack;
	const specterState = () => stack.specterControl<SpecterState>('GET', 'state');
	const wooState = () => stack.wooControl<WooState>('GET', 'state');
	const orderWorkflow = () => stack.workflows[ORDER_TEMPLATE];
	const transfers = (executions: Execution[]) =>
		executions.filter((execution) => ranNode(execution, 'Create order in Specter'));

	beforeAll(async () => {
		stack = await startStack();
	});
	afterAll(async () => {
		await stack?.stop();
	});

	it('registers the WooCommerce webhooks of the order template on the store', async () => {
		// the product template to Specter registers its product.* webhooks beside these
		const webhooks = (await wooState()).webhooks.filter((hook) => hook.status === 'active' && hook.topic.startsWith('order.'));
		assert.deepEqual(webhooks.map((hook) => hook.topic).sort(), ['order.created', 'order.updated']);
		for (const hook of webhooks) assert.ok(hook.delivery_url.startsWith(`${stack.n8n.baseUrl}/webhook/`));
	});

	it('turns a signed order.created delivery into one Specter order and notes it on the WooCommerce order', async () => {
		const payment = klarnaPayment();
		const placed = await stack.wooControl<{ id: number; number: string }>(
			'POST',
			'orders/place',
			placeOrderInput(
				[
					{ sku: 'MUG-01', quantity: 2 },
					{ sku: 'FOOD-01', quantity: 1 },
				],
				payment,
			),
		);
		await stack.woo.flushWebhooks();
		const executions = await stack.n8n.waitForExecutions(orderWorkflow(), (all) => transfers(all).length >= 1, 120_000);
		const transfer = transfers(executions)[0];
		assert.equal(transfer.status, 'success', stack.n8n.logTail());
		const [output] = stack.n8n.nodeOutput(transfer, 'Create order in Specter') as Array<Record<string, unknown>>;
		assert.equal(output.alreadyTransferred, false);
		assert.equal(output.wooOrderId, placed.id);

		const { orders } = await specterState();
		assert.equal(orders.length, 1);
		const [order] = orders;
		assert.equal(order.externalOrderNo, placed.number);
		assert.equal(output.specterOrderNo, order.orderNo);
		assert.equal(order.header.payTypeIdentifier, 'KG');
		assert.equal(order.header.payTypeReference, payment.transaction_id);
		assert.deepEqual(
			order.rows.map((row) => [row.articleNo, row.noOfItems, row.vatPercent]),
			[
				['MUG-01', 2, 25],
				['FOOD-01', 1, 12],
				['SHIPPING', 1, 25],
			],
		);
		// 125.00 incl. 25 % → 100.00; 99.00 incl. 12 % → 88.39
		assert.deepEqual(order.rows.slice(0, 2).map((row) => row.priceExclVat), [100, 88.39]);

		const deadline = Date.now() + 60_000;
		let note: unknown;
		while (Date.now() < deadline && note === undefined) {
			const wooOrder = (await wooState()).orders.find((candidate) => candidate.id === placed.id);
			note = wooOrder?.meta_data.find((meta) => meta.key === '_specter_order_no')?.value;
			if (note === undefined) await new Promise((done) => setTimeout(done, 250));
		}
		assert.equal(note, order.orderNo);
	});

	it('keeps one Specter order when WooCommerce delivers the same webhook three times', async () => {
		const before = transfers(await stack.n8n.waitForExecutions(orderWorkflow(), () => true)).length;
		const created = (await wooState()).webhooks.find((hook) => hook.topic === 'order.created');
		assert.ok(created);
		await stack.wooControl('POST', 'webhooks/redeliver', { times: 2, webhook_id: created.id });
		await stack.woo.flushWebhooks();
		const executions = await stack.n8n.waitForExecutions(
			orderWorkflow(),
			(all) => transfers(all).length >= before + 2,
			120_000,
		);
		const repeats = transfers(executions).slice(before);
		for (const execution of repeats) {
			assert.equal(execution.status, 'success');
			const [output] = stack.n8n.nodeOutput(execution, 'Create order in Specter') as Array<Record<string, unknown>>;
			assert.equal(output.alreadyTransferred, true);
		}
		const { orders } = await specterState();
		assert.equal(orders.length, 1);
	});

	it('refuses a delivery whose signature does not match, and runs nothing', async () => {
		const created = (await wooState()).webhooks.find((hook) => hook.topic === 'order.created');
		assert.ok(created);
		const transfersBefore = transfers(await stack.n8n.waitForExecutions(orderWorkflow(), () => true)).length;
		const body = JSON.stringify({ id: 999999, number: '999999', status: 'processing', line_items: [] });
		const forged = createHmac('sha256', 'not-the-secret').update(body).digest('base64');
		const response = await fetch(created.delivery_url, {
			method: 'POST',
			headers: {
				'content-type': 'application/json',
				'x-wc-webhook-id': String(created.id),
				'x-wc-webhook-topic': 'order.created',
				'x-wc-webhook-signature': forged,
			},
			body,
		});
		assert.equal(response.status, 401);
		// A correctly signed delivery sent after it runs; by then the forged one would have run too, had it been accepted.
		await stack.wooControl('POST', 'webhooks/redeliver', { times: 1, webhook_id: created.id });
		await stack.woo.flushWebhooks();
		const executions = await stack.n8n.waitForExecutions(
			orderWorkflow(),
			(all) => transfers(all).length >= transfersBefore + 1,
			120_000,
		);
		const forgedRuns = executions.filter(
			(execution) =>
				ranNode(execution, 'New WooCommerce order') &&
				(stack.n8n.nodeOutput(execution, 'New WooCommerce order') as Array<{ id: number }>).some(
					(order) => order.id === 999999,
				),
		);
		assert.deepEqual(forgedRuns, []);
		assert.equal((await specterState()).orders.length, 1);
	});

	it("tests the Specter credential inside n8n: the right keys pass, a wrong key is refused with the credential's message", async () => {
		const data = {
			baseUrl: stack.specter.url,
			apiVersion: '2',
			sbmId: '1234',
			apiUserId: '42',
			apiUserSecretKey: 'sim-api-user-key',
			integrationSecretKey: 'sim-integration-key',
		};
		const test = (credentialData: Record<string, unknown>) =>
			stack.n8n.rest<{ data: { status: string; message: string } }>('POST', '/credentials/test', {
				credentials: { id: '', name: SPECTER_CREDENTIAL_NAME, type: 'specterApi', data: credentialData },
			});
		assert.equal((await test(data)).data.status, 'OK');
		const refused = (await test({ ...data, integrationSecretKey: 'wrong' })).data;
		assert.equal(refused.status, 'Error');
		assert.match(refused.message, /Specter refused the keys/);
	});

	it('catches up orders whose webhook never reached n8n (the 15-minute schedule, run every 5 s here); one Specter cannot take fails loudly without holding up the others', async () => {
		// With the order workflow inactive, n8n has deleted its webhooks from the store: these orders are never delivered.
		await stack.n8n.deactivateWorkflow(orderWorkflow());
		const [mystery] = await stack.wooControl<Array<{ id: number }>>('POST', 'products', [
			{ name: 'Mystery box', regular_price: '50.00' },
		]);
		const unsendable = await stack.wooControl<{ id: number; number: string }>(
			'POST',
			'orders/place',
			placeOrderInput([{ product_id: mystery.id, quantity: 1 }], klarnaPayment()),
		);
		const payment = nexiPayment();
		const placed = await stack.wooControl<{ id: number; number: string }>(
			'POST',
			'orders/place',
			placeOrderInput([{ sku: 'BOOK-01', quantity: 1 }], payment),
		);
		await stack.woo.flushWebhooks();
		assert.equal((await specterState()).orders.length, 1);

		const template = readTemplates()[ORDER_TEMPLATE] as {
			name: string;
			nodes: Array<{ name: string; type: string; parameters: Record<string, unknown> }>;
			connections: Record<string, unknown>;
		};
		const catchUpOnly = {
			...template,
			name: 'catch-up only (test)',
			nodes: template.nodes
				.filter((node) => node.type !== 'n8n-nodes-base.wooCommerceTrigger')
				.map((node) =>
					node.name === 'Every 15 minutes'
						? { ...node, parameters: { rule: { interval: [{ field: 'seconds', secondsInterval: 5 }] } } }
						: node,
				),
			connections: Object.fromEntries(
				Object.entries(template.connections).filter(([source]) => !source.startsWith('New WooCommerce') && !source.startsWith('WooCommerce order')),
			),
		};
		const { id } = await stack.n8n.createWorkflow(catchUpOnly);
		await pointAtMappings(stack.n8n, id, stack.workflows[MAPPINGS_TEMPLATE]);
		await stack.n8n.activateWorkflow(id);
		try {
			const executions = await stack.n8n.waitForExecutions(id, (all) => transfers(all).length >= 1, 120_000);
			const transfer = transfers(executions)[0];
			// The first order already carries its Specter number, so only the two missed ones get through the filter:
			// the good one is transferred and saved, the other leaves by the error output and fails the execution.
			const outputs = stack.n8n.nodeOutput(transfer, 'Create order in Specter') as Array<Record<string, unknown>>;
			assert.deepEqual(outputs.map((output) => output.wooOrderId), [placed.id]);
			assert.ok(ranNode(transfer, 'Save Specter order no. on the order'));
			assert.equal(transfer.status, 'error');
			const failure = transfer.data?.resultData?.error?.message ?? '';
			assert.match(failure, new RegExp(`^Not transferred to Specter: order ${unsendable.number}, line 1 \\(Mystery box\\): SKU is empty`));
		} finally {
			await stack.n8n.deactivateWorkflow(id);
		}
		const { orders } = await specterState();
		assert.equal(orders.length, 2);
		const caughtUp = orders.find((order) => order.externalOrderNo === placed.number);
		assert.equal(caughtUp?.header.payTypeReference, payment.transaction_id);
		assert.equal(caughtUp?.header.payTypeIdentifier, 'DP');
	});
});
