/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
// The order-status template, imported as it is, in a real n8n 2.41 with this package installed, against the
// Specter and WooCommerce simulators: orders go to Specter through the order template, are delivered (with a
// tracking number), cancelled or given a status nobody knows in Specter, and an order of another shop on the same
// Specter account is delivered too. One poll must write exactly what the status map says to WooCommerce, skip the
// other shop's order, leave the unknown status alone, and acknowledge the batch after every WooCommerce write.
import assert from 'node:assert/strict';
import { startStack, type Stack, until } from './stack';
import type { Execution } from './harness';
import { klarnaPayment, nexiPayment, placeOrderInput } from '../simulators/woocommerce/fixtures';
import { seedCustomer, submitOrder } from '../simulators/specter/sim-test-client';

const ORDER_STATUS_TEMPLATE = 'specter-order-status-to-woocommerce.json';
const MAP_NODE = 'Map to WooCommerce writes';

interface SpecterState {
	queues: Record<string, { pending: unknown[]; bound: { batchNo: string } | null }>;
}

interface LoggedRequest {
	/** which simulator answered */
	source: 'specter' | 'woo';
	/** Specter: the action; WooCommerce: method and path */
	what: string;
}

/**
 * Both simulators run in this process and append each request to their log when they answer it. Wrapping the two
 * logs' push puts the answers of both in one sequence, so "acknowledged after the WooCommerce writes" can be read
 * off exactly, not from clocks.
 */
function recordAnswerOrder(stack: Stack): LoggedRequest[] {
	const sequence: LoggedRequest[] = [];
	const specterLog = stack.specter.state.requests;
	const specterPush = specterLog.push.bind(specterLog);
	specterLog.push = (...entries) => {
		for (const entry of entries) sequence.push({ source: 'specter', what: entry.action });
		return specterPush(...entries);
	};
	const wooLog = stack.woo.state.requests;
	const wooPush = wooLog.push.bind(wooLog);
	wooLog.push = (...entries) => {
		for (const entry of entries) sequence.push({ source: 'woo', what: `${entry.method} ${entry.path}${entry.method === 'GET' ? entry.query : ''}` });
		return wooPush(...entries);
	};
	return sequence;
}

function ranNode(execution: Execution, nodeName: string): boolean {
	return Boolean(execution.data?.resultData?.runData?.[nodeName]);
}

// Each test and hook may take up to 10 minutes (test/jest-support/timeout-e2e.js).
describe('order status template in a real n8n', () => {
	let stack: Stack;
	const wooOrder = (id: number) => {
		const order = stack.woo.state.orders.find((candidate) => candidate.id === id);
		assert.ok(order, `WooCommerce order ${id}`);
		return order;
	};
	const meta = (id: number, key: string) => wooOrder(id).meta_data.find((entry) => entry.key === key)?.value;

	beforeAll(async () => {
		stack = await startStack();
	});
	afterAll(async () => {
		await stack?.stop();
	});

	it('delivered with tracking and cancelled in Specter reach WooCommerce per the status map; another shop’s order is skipped, an unknown status left alone; the batch is acknowledged after every write', async () => {
		const workflowId = stack.workflows[ORDER_STATUS_TEMPLATE];
		assert.ok(workflowId, 'the template was imported');
		// No poll until every change is in place: n8n polls when a workflow is activated, and then every 5 minutes.
		await stack.n8n.deactivateWorkflow(workflowId);

		// Three paid orders of this store reach Specter through the order template, which saves each Specter
		// order number on its WooCommerce order (meta _specter_order_no).
		const place = (sku: string, payment: ReturnType<typeof klarnaPayment>) =>
			stack.wooControl<{ id: number; number: string }>('POST', 'orders/place', placeOrderInput([{ sku, quantity: 1 }], payment));
		const delivered = await place('MUG-01', klarnaPayment());
		const cancelled = await place('BOOK-01', nexiPayment());
		const unknown = await place('FOOD-01', klarnaPayment());
		const partly = await place('MUG-01', klarnaPayment());
		await stack.woo.flushWebhooks();
		const specterNo = (id: number) =>
			until(`the Specter order number on WooCommerce order ${id}`, () => {
				const value = String(meta(id, '_specter_order_no') ?? '');
				return /^\d+$/.test(value) ? value : undefined;
			});
		const [deliveredNo, cancelledNo, unknownNo, partlyNo] = [
			await specterNo(delivered.id),
			await specterNo(cancelled.id),
			await specterNo(unknown.id),
			await specterNo(partly.id),
		];

		// Another webshop on the same Specter account sends its own order.
		const customerId = await seedCustomer(stack.specter, 'kund@annan-butik.se');
		const foreign = await submitOrder(stack.specter, {
			customerId,
			externalOrderNo: 'OTHER-1001',
			articleNo_1: 'MUG-01',
			priceExclVAT_1: '100.00',
			noOfItems_1: '1',
			vatPercent_1: '25',
		});
		const foreignNo = foreign.text.split(';')[1];
		assert.match(foreignNo, /^\d+$/, foreign.text);

		// In Specter: delivered with a tracking number, cancelled, a status the status map does not name, partly
		// delivered (not in the default map), and the other shop's order delivered.
		await stack.specterControl('POST', `orders/${deliveredNo}/deliver`, { trackingNo: '00340434161094015202' });
		await stack.specterControl('POST', `orders/${cancelledNo}/cancel`);
		await stack.specterControl('POST', `orders/${unknownNo}/status`, { statusId: 3 });
		await stack.specterControl('POST', `orders/${partlyNo}/deliver`, { trackingNo: '00340434161094015555', partial: true });
		await stack.specterControl('POST', `orders/${foreignNo}/deliver`, { trackingNo: '00340434999999999999' });
		const notesBefore = { unknown: wooOrder(unknown.id).notes.length, partly: wooOrder(partly.id).notes.length };
		const answers = recordAnswerOrder(stack);

		await stack.n8n.activateWorkflow(workflowId);
		const executions = await stack.n8n.waitForExecutions(
			workflowId,
			(all) => all.some((execution) => ranNode(execution, 'Acknowledge batch in Specter')),
			120_000,
		);
		const run = executions.find((execution) => ranNode(execution, 'Acknowledge batch in Specter')) as Execution;
		assert.equal(run.status, 'success', stack.n8n.logTail());

		// What the operation decided, change by change
		const decisions = stack.n8n.nodeOutput(run, MAP_NODE) as Array<{ specterOrderNo: string; result: string; message: string; wooOrderId: number | null }>;
		const decisionFor = (orderNo: string) => decisions.find((decision) => decision.specterOrderNo === orderNo);
		assert.equal(decisions.length, 5);
		assert.equal(decisionFor(deliveredNo)?.result, 'update');
		assert.equal(decisionFor(deliveredNo)?.wooOrderId, delivered.id);
		assert.equal(decisionFor(cancelledNo)?.result, 'update');
		assert.equal(decisionFor(foreignNo)?.result, 'skipped');
		assert.match(decisionFor(foreignNo)?.message ?? '', /^No WooCommerce order looked up carries Specter order number/);
		assert.equal(decisionFor(unknownNo)?.result, 'leftAlone');
		assert.match(decisionFor(unknownNo)?.message ?? '', /reported status 3, delivery status N, which the status map does not name/);
		assert.equal(decisionFor(partlyNo)?.result, 'leftAlone');
		assert.match(decisionFor(partlyNo)?.message ?? '', /was partly delivered, and the status map sets no WooCommerce status for that: .* \(tracking 00340434161094015555 not written\)$/);
		// all three are reported on the workflow's "Skipped or left alone" branch
		const reported = stack.n8n.nodeOutput(run, 'Skipped or left alone') as Array<{ specterOrderNo: string; result: string }>;
		assert.deepEqual(reported.map((item) => [item.specterOrderNo, item.result]).sort(), [
			[foreignNo, 'skipped'],
			[unknownNo, 'leftAlone'],
			[partlyNo, 'leftAlone'],
		].sort());

		// Delivered: completed, tracking number in meta and in a note the customer sees; a Klarna order, so the
		// Klarna plugin is told to leave the capture to Specter
		assert.equal(wooOrder(delivered.id).status, 'completed');
		assert.equal(meta(delivered.id, '_specter_tracking_numbers'), '00340434161094015202');
		assert.equal(meta(delivered.id, '_kom_disconnect'), '1');
		const customerNotes = wooOrder(delivered.id).notes.filter((note) => note.customer_note);
		assert.deepEqual(
			customerNotes.map((note) => note.note),
			['Your order has been shipped. Tracking number: 00340434161094015202'],
		);
		// Cancelled: cancelled, a private note; a Nexi order: no Klarna meta
		assert.equal(wooOrder(cancelled.id).status, 'cancelled');
		assert.ok(wooOrder(cancelled.id).notes.some((note) => !note.customer_note && note.note === `Cancelled in Specter (order ${cancelledNo})`));
		assert.equal(wooOrder(cancelled.id).notes.filter((note) => note.customer_note).length, 0);
		assert.equal(meta(cancelled.id, '_kom_disconnect'), undefined);
		// The unknown status and the partial delivery: the orders are left as they were
		for (const [order, notes] of [[unknown, notesBefore.unknown], [partly, notesBefore.partly]] as const) {
			assert.equal(wooOrder(order.id).status, 'processing');
			assert.equal(wooOrder(order.id).notes.length, notes);
			assert.equal(meta(order.id, '_specter_tracking_numbers'), undefined);
			assert.equal(meta(order.id, '_kom_disconnect'), undefined);
		}

		// The batch, with the changes skipped and left alone, is acknowledged: nothing waits in Specter
		const { queues } = await stack.specterControl<SpecterState>('GET', 'state');
		assert.equal(queues.orderStatus.bound, null, 'the batch was acknowledged');
		assert.equal(queues.orderStatus.pending.length, 0);

		// Order of the answers: fetch, one lookup of the open orders, the writes to the two orders of this store
		// only, then the acknowledgement
		const orderWrites = answers
			.map((answer, index) => ({ ...answer, index }))
			.filter((answer) => answer.source === 'woo' && /^(PUT|POST) \/wp-json\/wc\/v3\/orders\/\d+/.test(answer.what));
		assert.deepEqual(orderWrites.map((write) => write.what).sort(), [
			`POST /wp-json/wc/v3/orders/${cancelled.id}/notes`,
			`POST /wp-json/wc/v3/orders/${delivered.id}/notes`,
			`PUT /wp-json/wc/v3/orders/${cancelled.id}`,
			`PUT /wp-json/wc/v3/orders/${delivered.id}`,
		].sort());
		const fetched = answers.findIndex((answer) => answer.what === 'getOrdersExternalNeedUpdate');
		const acknowledged = answers.findIndex((answer) => answer.what === 'updateOrdersFromBatch');
		assert.ok(fetched >= 0 && acknowledged > fetched, JSON.stringify(answers));
		assert.equal(answers.filter((answer) => answer.what === 'updateOrdersFromBatch').length, 1);
		for (const write of orderWrites) assert.ok(write.index < acknowledged, `${write.what} answered before the acknowledgement: ${JSON.stringify(answers)}`);
		const lookups = answers.filter((answer) => answer.source === 'woo' && answer.what.startsWith('GET /wp-json/wc/v3/orders?'));
		assert.equal(lookups.length, 1, JSON.stringify(lookups));
		assert.match(lookups[0].what, /status=processing%2Con-hold|status=processing,on-hold/);
	});

	it('a WooCommerce write that fails stops the run before the acknowledgement; the next poll delivers the batch again and writes it', async () => {
		const workflowId = stack.workflows[ORDER_STATUS_TEMPLATE];
		await stack.n8n.deactivateWorkflow(workflowId);
		const placed = await stack.wooControl<{ id: number }>('POST', 'orders/place', placeOrderInput([{ sku: 'BOOK-01', quantity: 1 }], klarnaPayment()));
		await stack.woo.flushWebhooks();
		const orderNo = await until(`the Specter order number on WooCommerce order ${placed.id}`, () => {
			const value = String(meta(placed.id, '_specter_order_no') ?? '');
			return /^\d+$/.test(value) ? value : undefined;
		});
		await stack.specterControl('POST', `orders/${orderNo}/deliver`, { trackingNo: 'PN-RETRY-1' });
		// WooCommerce answers the next request for this order with HTTP 500
		await stack.wooControl('POST', 'faults', { kind: 'http500', times: 1, path: `/wp-json/wc/v3/orders/${placed.id}` });
		const runsBefore = (await stack.n8n.listExecutions(workflowId)).length;
		const answers = recordAnswerOrder(stack);

		await stack.n8n.activateWorkflow(workflowId);
		const [failed] = (await stack.n8n.waitForExecutions(workflowId, (all) => all.length > runsBefore, 120_000)).slice(runsBefore);
		assert.equal(failed.status, 'error');
		assert.equal(failed.data?.resultData?.lastNodeExecuted, 'Set status in WooCommerce');
		assert.ok(!ranNode(failed, 'Acknowledge batch in Specter'), 'not acknowledged');
		assert.ok(!answers.some((answer) => answer.what === 'updateOrdersFromBatch'));
		const bound = (await stack.specterControl<SpecterState>('GET', 'state')).queues.orderStatus.bound;
		assert.ok(bound, 'the batch is still open in Specter');
		assert.equal(wooOrder(placed.id).status, 'processing');

		// the next poll (re-activating polls at once) gets the same batch again (error 99) and writes it
		await stack.n8n.deactivateWorkflow(workflowId);
		await stack.n8n.activateWorkflow(workflowId);
		const retried = (await stack.n8n.waitForExecutions(workflowId, (all) => all.length > runsBefore + 1, 120_000)).slice(runsBefore + 1);
		assert.equal(retried[0].status, 'success', stack.n8n.logTail());
		const emitted = stack.n8n.nodeOutput(retried[0], 'Specter order status changed') as Array<{ batchNo: string; orderNo: string }>;
		assert.deepEqual(emitted.map((change) => [change.batchNo, change.orderNo]), [[bound.batchNo, orderNo]]);
		assert.equal(wooOrder(placed.id).status, 'completed');
		assert.deepEqual(
			wooOrder(placed.id).notes.filter((note) => note.customer_note).map((note) => note.note),
			['Your order has been shipped. Tracking number: PN-RETRY-1'],
		);
		const { queues } = await stack.specterControl<SpecterState>('GET', 'state');
		assert.equal(queues.orderStatus.bound, null, 'acknowledged after the writes');
		const lastWrite = answers.map((answer) => answer.what).lastIndexOf(`POST /wp-json/wc/v3/orders/${placed.id}/notes`);
		assert.ok(lastWrite >= 0 && lastWrite < answers.findIndex((answer) => answer.what === 'updateOrdersFromBatch'), JSON.stringify(answers));
	});
});
