// Stock changes through the shipped stock template in a real n8n (one process or queue mode): queues changes in the
// Specter simulator, lets the template's Specter Trigger poll them (on its own schedule, or at once by
// re-activating the workflow, which polls at activation), and waits until every change is acknowledged and
// WooCommerce shows every new quantity. Reports the WooCommerce calls (from the store's request log), how often
// each batch was emitted (from the executions' data) and the acknowledgements. Used by `npm run bench` (real part),
// `npm run scale` and the queue-mode smoke test.
import type { Execution } from '../../test/e2e/harness';
import type { Stack } from '../../test/e2e/stack';
import { countBy, executionsOf, sleep, type WooCall } from './support';

export const STOCK_TEMPLATE = 'specter-stock-to-woocommerce.json';
const TRIGGER_TYPE = 'n8n-nodes-specter.specterTrigger';
const STOCK_FETCH = 'getArticleExternalNeedUpdate';
const STOCK_ACKNOWLEDGE = 'updateArticlesFromBatch';

export interface StockRunOptions {
	workflowId: string;
	/** the new quantities; each article must exist in Specter and as a product or variation (SKU) in WooCommerce */
	changes: Array<{ articleNo: string; quantity: number }>;
	/**
	 * Poll at once instead of on the trigger's schedule (default false): n8n polls a trigger when its workflow is
	 * activated, so whenever no run of the workflow is unfinished and Specter has changes (or an open batch), the
	 * workflow is activated and deactivated again as soon as that poll's run exists (as test/e2e/stock-flow.ts does).
	 * Its every-minute schedule (at a random second after each activation) then never polls while a batch's run is
	 * still writing, which would emit the open batch again. Leaves the workflow inactive.
	 */
	pollAtOnce?: boolean;
	/** the store's calls, from tapWooRequests: the calls of this run are those added after it starts */
	wooCalls: WooCall[];
	timeoutMs?: number;
	log?: (message: string) => void;
}

export interface StockRunResult {
	changes: number;
	/** batches Specter bound (distinct batch numbers the trigger emitted) */
	batches: number;
	/** executions whose trigger emitted changes */
	executionsWithChanges: number;
	/** batch numbers emitted by more than one execution */
	batchesEmittedTwice: string[];
	/** items the trigger emitted: one per change, or one per chunk of changes, as the template's trigger is set */
	triggerItems: number;
	acknowledgements: number;
	stockFetches: number;
	/** products and variations whose WooCommerce stock is not the new quantity at the end */
	wrongInWooCommerce: number;
	wooCalls: number;
	/** e.g. {"GET /products": 10000, "PUT /products/:id": 10000} */
	wooCallsByRoute: Record<string, number>;
	/** items written through batch endpoints (products/batch, variations/batch) */
	wooBatchItems: number;
	/** the first queued change → every change acknowledged and in WooCommerce */
	durationMs: number;
	executionStatuses: Record<string, number>;
}

/** `/wp-json/wc/v3/products/12/variations/34` → `/products/:id/variations/:id` */
function route(call: WooCall): string {
	return `${call.method} ${call.path.replace(/^\/wp-json\/wc\/v3/, '').replace(/\/\d+/g, '/:id')}`;
}

/** The name of the workflow's Specter Trigger (read from the workflow, so a renamed node still counts). */
async function triggerName(stack: Stack, workflowId: string): Promise<string> {
	const { nodes } = await stack.n8n.api<{ nodes: Array<{ name: string; type: string }> }>('GET', `/workflows/${workflowId}`);
	const trigger = nodes.find((node) => node.type === TRIGGER_TYPE);
	if (!trigger) throw new Error(`workflow ${workflowId} has no ${TRIGGER_TYPE}`);
	return trigger.name;
}

/** Batch numbers the trigger emitted in an execution (its items carry `batchNo`), and how many changes. */
function emitted(execution: Execution, trigger: string): { batchNos: string[]; changes: number } {
	const items = execution.data?.resultData?.runData?.[trigger]?.[0]?.data?.main?.[0] ?? [];
	return { batchNos: [...new Set(items.map((item) => String(item.json.batchNo)))], changes: items.length };
}

export async function runStockChanges(stack: Stack, options: StockRunOptions): Promise<StockRunResult> {
	const log = options.log ?? (() => undefined);
	const deadline = Date.now() + (options.timeoutMs ?? 900_000);
	const queue = stack.specter.state.queues.stock;
	const requestsBefore = stack.specter.state.requests.length;
	const wooCallsBefore = options.wooCalls.length;
	const executionsBefore = new Set((await executionsOf(stack.n8n, options.workflowId)).map((execution) => execution.id));
	const trigger = await triggerName(stack, options.workflowId);

	let active = (await stack.n8n.api<{ active: boolean }>('GET', `/workflows/${options.workflowId}`)).active;
	const setActive = async (wanted: boolean) => {
		if (wanted === active) return;
		if (wanted) await stack.n8n.activateWorkflow(options.workflowId);
		else await stack.n8n.deactivateWorkflow(options.workflowId);
		active = wanted;
	};
	// no scheduled poll while the changes are being queued (it would bind a part of them)
	if (options.pollAtOnce) await setActive(false);

	const startedAt = Date.now();
	for (const change of options.changes) await stack.specterControl('POST', 'stock', change);
	log(`${options.changes.length} stock changes queued in ${Date.now() - startedAt} ms`);

	const wanted = new Map(options.changes.map((change) => [change.articleNo, change.quantity]));
	const wrongInWoo = () =>
		stack.woo.state.products.filter((product) => wanted.has(product.sku) && product.stock_quantity !== wanted.get(product.sku)).length;
	const unfinished = (executions: Array<{ status: string }>) => executions.some((execution) => ['new', 'running', 'waiting'].includes(execution.status));
	let lastReport = Date.now();
	while (Date.now() < deadline) {
		const done = queue.pending.size === 0 && queue.bound === null && wrongInWoo() === 0;
		if (done) break;
		if (options.pollAtOnce && (queue.pending.size > 0 || queue.bound !== null)) {
			const executions = await executionsOf(stack.n8n, options.workflowId);
			if (!unfinished(executions)) {
				// an open batch here is one whose run failed: the next poll emits it again, as the schedule's would
				const known = new Set(executions.map((execution) => execution.id));
				await setActive(true);
				const until = Date.now() + 60_000;
				while (Date.now() < until && !(await executionsOf(stack.n8n, options.workflowId)).some((execution) => !known.has(execution.id))) await sleep(200);
				await setActive(false);
			}
		}
		if (Date.now() - lastReport > 30_000) {
			lastReport = Date.now();
			log(`stock: ${queue.pending.size} pending, batch ${queue.bound ? 'open' : 'none'}, ${wrongInWoo()} not yet in WooCommerce`);
		}
		await sleep(100);
	}
	const durationMs = Date.now() - startedAt;

	// the executions of this run, with their data (a handful: one per batch), once all have finished and every
	// acknowledgement's execution is listed (the last one can be missing from the list for a moment)
	const acknowledged = () => stack.specter.state.requests.slice(requestsBefore).filter((call) => call.action === STOCK_ACKNOWLEDGE && call.ok).length;
	let executions: Execution[] = [];
	let emissions: Array<ReturnType<typeof emitted>> = [];
	for (let attempt = 0; attempt < 120; attempt++) {
		executions = (await stack.n8n.listExecutions(options.workflowId)).filter((execution) => !executionsBefore.has(execution.id));
		emissions = executions.map((execution) => emitted(execution, trigger)).filter((emission) => emission.changes > 0);
		const finished = executions.every((execution) => !['new', 'running', 'waiting'].includes(execution.status));
		if (finished && emissions.length >= acknowledged()) break;
		await sleep(500);
	}
	const timesEmitted = countBy(
		emissions.flatMap((emission) => emission.batchNos),
		(batchNo) => batchNo,
	);
	const specterCalls = stack.specter.state.requests.slice(requestsBefore);
	const wooCalls = options.wooCalls.slice(wooCallsBefore);
	return {
		changes: options.changes.length,
		batches: Object.keys(timesEmitted).length,
		executionsWithChanges: emissions.length,
		batchesEmittedTwice: Object.entries(timesEmitted)
			.filter(([, times]) => times > 1)
			.map(([batchNo]) => batchNo),
		triggerItems: emissions.reduce((sum, emission) => sum + emission.changes, 0),
		acknowledgements: specterCalls.filter((call) => call.action === STOCK_ACKNOWLEDGE && call.ok).length,
		stockFetches: specterCalls.filter((call) => call.action === STOCK_FETCH).length,
		wrongInWooCommerce: wrongInWoo(),
		wooCalls: wooCalls.length,
		wooCallsByRoute: countBy(wooCalls, route),
		wooBatchItems: wooCalls.reduce((sum, call) => sum + (call.batchItems ?? 0), 0),
		durationMs,
		executionStatuses: countBy(executions, (execution) => execution.status),
	};
}
