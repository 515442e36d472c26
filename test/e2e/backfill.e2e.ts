/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test code runs in Node, not inside n8n */
// The backfill template and the product export's dry run, imported as they are, run by hand in a real n8n 2.41
// against the simulators. Historical orders are placed through the store's checkout and then dated back in the
// simulator (WooCommerce's REST API does not let a client set date_created: the store's history is simply there).
// A dry run must write nothing to Specter (its request log holds no putInfo.asp) and report exactly what the real
// run then does; a second run transfers nothing again; a run stopped after its first page, started again, finishes
// the rest without a duplicate.
import assert from 'node:assert/strict';
import { startStack, type Stack } from './stack';
import type { Execution } from './harness';
import { parseWcDate } from '../simulators/woocommerce/util';
import { klarnaPayment, placeOrderInput, type PlaceOrderLine } from '../simulators/woocommerce/fixtures';

const BACKFILL = 'woocommerce-orders-backfill-to-specter.json';
const EXPORT = 'woocommerce-products-export-to-specter.json';

interface Summary {
	dryRun: boolean;
	ordersInRange: number;
	pages: number;
	transferred: string[];
	alreadyTransferred: string[];
	refused: Array<{ order: string; reason: string }>;
	refusedBefore: Array<{ order: string; reason: string }>;
	failed: Array<{ order: string; reason: string }>;
	counts: Record<string, number>;
}

interface WorkflowJson {
	name: string;
	nodes: Array<{ name: string; parameters: Record<string, unknown> }>;
	connections: object;
	settings: object;
}

const sorted = (values: string[]) => [...values].sort((a, b) => Number(a) - Number(b));

describe('backfill and dry runs in a real n8n', () => {
	let stack: Stack;
	const workflowId = (file: string) => stack.workflows[file];
	const specterRequests = () => stack.specter.state.requests;
	const specterOrders = () => [...stack.specter.state.orders.values()];
	const wooOrder = (id: number) => stack.woo.state.orders.find((order) => order.id === id);

	/** Sets a value of a Set node's assignment in the imported workflow, as the merchant does in the editor. */
	async function setAssignment(file: string, nodeName: string, field: string, value: unknown): Promise<void> {
		const workflow = await stack.n8n.api<WorkflowJson>('GET', `/workflows/${workflowId(file)}`);
		const node = workflow.nodes.find((candidate) => candidate.name === nodeName);
		const assignments = (node?.parameters.assignments as { assignments: Array<{ name: string; value: unknown }> }).assignments;
		const assignment = assignments.find((candidate) => candidate.name === field);
		assert.ok(assignment, `${nodeName}.${field}`);
		assignment.value = value;
		await stack.n8n.api('PUT', `/workflows/${workflowId(file)}`, {
			name: workflow.name,
			nodes: workflow.nodes,
			connections: workflow.connections,
			settings: workflow.settings,
		});
	}

	/** Starts the workflow as the editor's "Execute workflow" button does; returns the execution id. */
	async function start(file: string, trigger: string): Promise<string> {
		const started = await stack.n8n.rest<{ data: { executionId?: string } }>('POST', `/workflows/${workflowId(file)}/run`, {
			triggerToStartFrom: { name: trigger },
		});
		assert.ok(started.data.executionId, JSON.stringify(started));
		return started.data.executionId;
	}

	async function finished(file: string, executionId: string): Promise<Execution> {
		const executions = await stack.n8n.waitForExecutions(workflowId(file), (all) => all.some((execution) => execution.id === executionId), 240_000);
		return executions.find((execution) => execution.id === executionId) as Execution;
	}

	async function backfill(): Promise<{ execution: Execution; summary: Summary }> {
		const execution = await finished(BACKFILL, await start(BACKFILL, 'Run the backfill'));
		assert.equal(execution.status, 'success', stack.n8n.logTail());
		const [summary] = stack.n8n.nodeOutput(execution, 'Summary') as Summary[];
		process.stderr.write(`[backfill] execution ${execution.id}: ${JSON.stringify(summary.counts)} dryRun=${summary.dryRun}\n`);
		return { execution, summary };
	}

	/** Places a paid order and dates it back to `date` (store time). */
	async function historicalOrder(date: string, lines: PlaceOrderLine[] = [{ sku: 'MUG-01', quantity: 1 }], extra: Record<string, unknown> = {}): Promise<string> {
		const placed = await stack.wooControl<{ id: number; number: string }>('POST', 'orders/place', placeOrderInput(lines, klarnaPayment(), extra));
		const record = wooOrder(placed.id);
		assert.ok(record);
		record.created = parseWcDate(date, false) as number;
		return placed.number;
	}

	async function setRange(from: string, to: string): Promise<void> {
		await setAssignment(BACKFILL, 'Backfill settings', 'from', from);
		await setAssignment(BACKFILL, 'Backfill settings', 'to', to);
	}

	/** Specter orders per external order number (the order template sends the WooCommerce order number). */
	function specterCountByOrder(): Map<string, number> {
		const counts = new Map<string, number>();
		for (const order of specterOrders()) counts.set(order.externalOrderNo, (counts.get(order.externalOrderNo) ?? 0) + 1);
		return counts;
	}

	const metaOf = (number: string, key: string) =>
		stack.woo.state.orders.find((order) => String(order.id) === number)?.meta_data.find((meta) => meta.key === key)?.value;

	beforeAll(async () => {
		stack = await startStack({ activateWorkflows: false, templates: [BACKFILL, EXPORT] });
	});
	afterAll(async () => {
		await stack?.stop();
	});

	describe('a range of March 2026 with every kind of order', () => {
		const inRange: string[] = [];
		let alreadyThere: string;
		let invalid: string;
		let onHold: string;
		let outside: string[];
		let dry: Summary;

		beforeAll(async () => {
			outside = [await historicalOrder('2026-02-27T12:00:00'), await historicalOrder('2026-04-01T00:00:00')];
			for (let day = 1; day <= 6; day++) inRange.push(await historicalOrder(`2026-03-0${day}T09:30:00`, [{ sku: 'MUG-01', quantity: day }]));
			alreadyThere = await historicalOrder('2026-03-10T10:00:00');
			await stack.wooApi.put(`orders/${alreadyThere}`, { meta_data: [{ key: '_specter_order_no', value: '49999' }] });
			const [mystery] = await stack.wooControl<Array<{ id: number }>>('POST', 'products', [{ name: 'Mystery box', regular_price: '50.00' }]);
			invalid = await historicalOrder('2026-03-12T10:00:00', [{ product_id: mystery.id, quantity: 1 }]);
			onHold = await historicalOrder('2026-03-15T10:00:00', undefined, { status: 'on-hold' });
			await setRange('2026-03-01T00:00:00', '2026-04-01T00:00:00');
		});

		it('the dry run (as shipped) reports what would happen and writes nothing to Specter or WooCommerce', async () => {
			const specterBefore = specterRequests().length;
			const wooWritesBefore = stack.woo.state.requests.filter((request) => request.method !== 'GET').length;
			({ summary: dry } = await backfill());

			assert.deepEqual(specterRequests().slice(specterBefore), [], 'no request reached Specter at all, so no putInfo.asp');
			assert.equal(specterOrders().length, 0);
			assert.equal(stack.woo.state.requests.filter((request) => request.method !== 'GET').length, wooWritesBefore, 'no WooCommerce write');
			assert.equal(dry.dryRun, true);
			assert.deepEqual(sorted(dry.transferred), sorted(inRange), 'the six orders of March, not those outside it nor the one on hold');
			assert.deepEqual(dry.alreadyTransferred, [alreadyThere]);
			assert.deepEqual(dry.refused.map((refusal) => refusal.order), [invalid]);
			assert.match(dry.refused[0].reason, /SKU/);
			assert.equal(dry.ordersInRange, 8, 'processing and completed orders of the range');
			for (const number of [...outside, onHold]) assert.equal([...dry.transferred, ...dry.alreadyTransferred].includes(number), false);
		});

		it('the real run does exactly what the dry run reported, and saves the marks', async () => {
			await setAssignment(BACKFILL, 'Backfill settings', 'dryRun', false);
			const { summary } = await backfill();

			assert.deepEqual(
				{ ...summary, dryRun: undefined, note: undefined },
				{ ...dry, dryRun: undefined, note: undefined },
				'same orders, same outcomes, same reasons',
			);
			assert.deepEqual(sorted([...specterCountByOrder().keys()]), sorted(inRange));
			for (const number of inRange) assert.match(String(metaOf(number, '_specter_order_no')), /^\d+$/, `order ${number} carries its Specter number`);
			assert.equal(typeof metaOf(invalid, 'specter_transfer_failed'), 'string', 'the refused order is marked as the live template marks it');
			const note = await stack.wooApi.get(`orders/${invalid}/notes`);
			assert.ok((note.data as Array<{ note: string }>).some((entry) => /Not transferred to Specter \(backfill\)/.test(entry.note)));
		});

		it('run again, it transfers nothing: each order is in Specter once', async () => {
			const submitsBefore = specterRequests().filter((request) => request.action === 'newOrderSubmit').length;
			const { summary } = await backfill();

			assert.deepEqual(summary.transferred, []);
			assert.deepEqual(sorted(summary.alreadyTransferred), sorted([...inRange, alreadyThere]));
			assert.deepEqual(summary.refusedBefore.map((refusal) => refusal.order), [invalid]);
			assert.equal(specterRequests().filter((request) => request.action === 'newOrderSubmit').length, submitsBefore, 'nothing sent');
			assert.ok([...specterCountByOrder().values()].every((count) => count === 1));
		});
	});

	it('a run stopped after its first page, started again, transfers the rest without a duplicate', async () => {
		const numbers: string[] = [];
		for (let n = 0; n < 230; n++) {
			const day = String(1 + (n % 28)).padStart(2, '0');
			numbers.push(await historicalOrder(`2025-06-${day}T${String(8 + (n % 10)).padStart(2, '0')}:00:00`));
		}
		await setRange('2025-06-01T00:00:00', '2025-07-01T00:00:00');
		const before = specterOrders().length;

		// Specter answers each order 100 ms late, so the run is still on its second page when it is stopped
		await stack.specterControl('POST', 'faults', { kind: 'latency', rate: 1, action: 'newOrderSubmit', latencyMs: 100 });
		const submitted = () => specterRequests().filter((request) => request.action === 'newOrderSubmit').length;
		const submittedBefore = submitted();
		const executionId = await start(BACKFILL, 'Run the backfill');
		const deadline = Date.now() + 120_000;
		while (submitted() - submittedBefore < 110) {
			assert.ok(Date.now() < deadline, 'the second page started');
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
		await stack.n8n.rest('POST', `/executions/${executionId}/stop`);
		const stopped = await finished(BACKFILL, executionId);
		await fetch(`${stack.specter.url}__control/faults`, { method: 'DELETE' });
		assert.equal(stopped.status, 'canceled', 'the run was stopped before its end');
		// n8n lets the stopped run's node finish the call it was making; count once Specter has been quiet for 2 s
		for (let last = -1; last !== specterOrders().length; ) {
			last = specterOrders().length;
			await new Promise((resolve) => setTimeout(resolve, 2_000));
		}
		const afterStop = specterOrders().length - before;
		const marked = numbers.filter((number) => metaOf(number, '_specter_order_no') !== undefined).length;
		process.stderr.write(`[backfill] stopped run ${executionId}: ${afterStop} of 230 in Specter, ${marked} marked in WooCommerce\n`);
		assert.ok(afterStop >= 110 && afterStop < 230, `${afterStop} transferred when stopped`);
		assert.ok(marked < afterStop, 'some orders are in Specter without the mark: the re-run must not send them twice');

		const { summary } = await backfill();
		assert.equal(summary.ordersInRange, 230);
		assert.equal(summary.pages, 3);
		assert.equal(summary.transferred.length, 230 - afterStop, 'only what the stopped run had not sent');
		assert.equal(summary.alreadyTransferred.length, afterStop, 'marked in WooCommerce, or refused by Specter as a duplicate');
		const counts = specterCountByOrder();
		for (const number of numbers) assert.equal(counts.get(number), 1, `order ${number} once in Specter`);
		for (const number of numbers) assert.ok(metaOf(number, '_specter_order_no'), `order ${number} marked`);
	});

	describe('product export dry run', () => {
		it('reports what the real run then does, product by product, and writes nothing to Specter', async () => {
			await stack.wooControl('POST', 'products', [
				{ name: 'Ny termos', sku: 'NEW-01', regular_price: '250.00', manage_stock: true, stock_quantity: 5 },
				{ name: 'Utan SKU', regular_price: '10.00' },
				{ name: 'Felaktig SKU', sku: 'BAD 1', regular_price: '10.00' },
			]);
			await stack.specterControl('POST', 'articles', { articleNo: 'NEW-02', name: 'Finns bara i Specter', stock: 3 });
			const articlesBefore = JSON.stringify([...stack.specter.state.articles]);

			const run = async () => {
				const execution = await finished(EXPORT, await start(EXPORT, 'Run the export'));
				assert.equal(execution.status, 'success', stack.n8n.logTail());
				return {
					items: stack.n8n.nodeOutput(execution, 'Export to Specter') as Array<Record<string, unknown>>,
					summary: (stack.n8n.nodeOutput(execution, 'Summary') as Array<Record<string, unknown>>)[0],
				};
			};
			const specterBefore = specterRequests().length;
			await setAssignment(EXPORT, 'Choose New Only or All', 'dryRun', true);
			const dryRun = await run();
			assert.deepEqual(specterRequests().slice(specterBefore).filter((request) => request.script === 'putInfo.asp'), [], 'no putInfo.asp');
			assert.deepEqual(specterRequests().slice(specterBefore), [], 'no request at all');
			assert.equal(JSON.stringify([...stack.specter.state.articles]), articlesBefore);

			await setAssignment(EXPORT, 'Choose New Only or All', 'dryRun', false);
			const submissionsBefore = stack.specter.state.articleSubmissions.length;
			const real = await run();
			const withoutDryRun = (item: Record<string, unknown>) => {
				const copy = JSON.parse(JSON.stringify(item)) as Record<string, unknown>;
				delete copy.dryRun;
				if (copy.details) delete (copy.details as Record<string, unknown>).dryRun;
				return copy;
			};
			assert.ok(dryRun.items.every((item) => item.dryRun === true || (item.details as Record<string, unknown>)?.dryRun === true));
			assert.deepEqual(dryRun.items.map(withoutDryRun), real.items.map(withoutDryRun), 'each product: the same outcome, article, batch and stock');
			assert.deepEqual({ ...dryRun.summary, dryRun: undefined, note: undefined }, { ...real.summary, dryRun: undefined, note: undefined });
			assert.equal(dryRun.summary.dryRun, true);
			const did = stack.specter.state.articleSubmissions.slice(submissionsBefore);
			assert.deepEqual(did.flatMap((submission) => submission.created), ['NEW-01'], 'the one new article, as the dry run counted it');
			assert.equal(real.summary.failed, 1);
			assert.equal(real.summary.createdOrLeftAlone, did.flatMap((submission) => [...submission.created, ...submission.untouched]).length);
		});
	});
});
