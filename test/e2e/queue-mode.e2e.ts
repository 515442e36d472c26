/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test code runs in Node, not inside n8n */
// The templates, unchanged, on n8n's queue mode (the CI-sized smoke of `npm run scale`): Postgres and Redis of their
// own (Debian packages, installed when missing), main + webhook processor + 2 workers sharing one user folder with
// the package installed once, Specter answering every call after 150 ms. 20 orders placed at once, each webhook
// delivered three times → exactly one Specter order each; stock changes polled by the trigger (on main) → one
// execution per batch, every quantity in WooCommerce, each batch acknowledged once.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ORDER_TEMPLATE, runOrderLoad } from '../../bench/real/order-load';
import { STOCK_TEMPLATE, runStockChanges } from '../../bench/real/stock-batches';
import { tapWooRequests } from '../../bench/real/support';
import { queueModeN8n, type QueueModeCluster } from './queue-mode';
import { startStack, type Stack } from './stack';

const ORDERS = 20;

/** Lines of an n8n process's log with `needle` (n8n logs each execution it enqueues or, on a worker, starts). */
const logLines = (path: string, needle: string) => readFileSync(path, 'utf8').split('\n').filter((line) => line.includes(needle)).length;

describe('templates on n8n queue mode (main + webhook processor + 2 workers)', () => {
	let stack: Stack;
	const log = (message: string) => process.stderr.write(`[queue-mode] ${message}\n`);

	beforeAll(async () => {
		stack = await startStack({ startN8n: queueModeN8n({ workers: 2, log }), templates: [ORDER_TEMPLATE, STOCK_TEMPLATE], log });
		await stack.specterControl('POST', 'faults', { kind: 'latency', times: 100_000_000, latencyMs: 150 });
	});
	afterAll(async () => {
		await stack?.stop();
	});

	it('runs as main, a webhook processor and two workers sharing Postgres and Redis, with WooCommerce delivering to the webhook processor', () => {
		const cluster = stack.n8nCluster as QueueModeCluster;
		assert.equal(cluster.workers.length, 2);
		const hooks = stack.woo.state.webhooks.filter((hook) => hook.status === 'active');
		assert.deepEqual(hooks.map((hook) => hook.topic).sort(), ['order.created', 'order.updated']);
		for (const hook of hooks) assert.ok(hook.delivery_url.startsWith(`${cluster.webhook.baseUrl}/webhook/`), hook.delivery_url);
	});

	it(`turns ${ORDERS} orders, every webhook delivered three times, into exactly one Specter order each`, async () => {
		const result = await runOrderLoad(stack, {
			orders: ORDERS,
			pacing: 'burst',
			deliveriesPerWebhook: 3,
			workflowId: stack.workflows[ORDER_TEMPLATE],
			timeoutMs: 300_000,
			log,
		});
		log(`${result.ordersPerMinute} orders/min; executions ${JSON.stringify(result.executions)}`);
		assert.equal(result.inSpecter, ORDERS);
		assert.equal(result.duplicates, 0);
		assert.equal(result.webhookDeliveries.notAccepted, 0);
		assert.ok(result.webhookDeliveries.repeats >= 2 * ORDERS, JSON.stringify(result.webhookDeliveries));
		assert.equal(result.executions.byStatus.error ?? 0, 0, JSON.stringify(result.executions));
		// the webhook processor enqueued the webhook executions (the template's catch-up schedule, mode "trigger", is
		// enqueued by main), the workers ran them all, main ran none
		const cluster = stack.n8nCluster as QueueModeCluster;
		const webhookExecutions = result.executions.byMode.webhook ?? 0;
		assert.ok(webhookExecutions >= ORDERS, JSON.stringify(result.executions));
		assert.ok(logLines(cluster.webhook.logPath, 'Enqueued execution') >= webhookExecutions, JSON.stringify(result.executions));
		const started = cluster.workers.map((worker) => logLines(worker.logPath, 'Worker started execution'));
		assert.ok(started.reduce((sum, count) => sum + count, 0) >= result.executions.total, JSON.stringify(started));
		assert.equal(logLines(cluster.main.logPath, 'started execution'), 0);
	});

	it('polls stock changes on main only: one execution per batch, every quantity in WooCommerce, each batch acknowledged once', async () => {
		const woo = tapWooRequests(stack.woo);
		try {
			const result = await runStockChanges(stack, {
				workflowId: stack.workflows[STOCK_TEMPLATE],
				changes: [
					{ articleNo: 'MUG-01', quantity: 21 },
					{ articleNo: 'BOOK-01', quantity: 22 },
					{ articleNo: 'TEE-M', quantity: 23 },
				],
				// the trigger's own schedule (every minute), as in production: a poll forced by re-activating could land
				// next to a scheduled one and emit the open batch twice, which is the trigger's at-least-once, not a worker's doing
				wooCalls: woo.calls,
				timeoutMs: 180_000,
				log,
			});
			assert.equal(result.wrongInWooCommerce, 0);
			assert.equal(result.batches, 1);
			assert.equal(result.executionsWithChanges, 1);
			assert.deepEqual(result.batchesEmittedTwice, []);
			assert.equal(result.acknowledgements, 1);
		} finally {
			woo.detach();
		}
	});
});
