/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test code runs in Node, not inside n8n */
// Driving the shipped stock template (specter-stock-to-woocommerce.json) in the stack's real n8n, and counting what it
// asked of WooCommerce on the simulator's request log. Used by test/e2e/stock.e2e.ts and by the bench (scenario 5).
import type { Execution } from './harness';
import type { Stack } from './stack';

export const STOCK_TEMPLATE = 'specter-stock-to-woocommerce.json';
const API = '/wp-json/wc/v3';

export interface WooRequest {
	at: string;
	method: string;
	path: string;
	query: string;
	status: number;
	batch?: { create: number; update: number[]; delete: number[] };
}

interface WooStateView {
	products: Array<{ id: number; sku: string; parent_id: number; stock_quantity: number | null; meta_data: Array<{ key: string; value: unknown }> }>;
	requests: WooRequest[];
}

interface SpecterStateView {
	queues: Record<string, { pending: unknown[]; bound: { batchNo: string } | null }>;
}

export const wooState = (stack: Stack) => stack.wooControl<WooStateView>('GET', 'state');
export const specterState = (stack: Stack) => stack.specterControl<SpecterStateView>('GET', 'state');

export function ranNode(execution: Execution, nodeName: string): boolean {
	return Boolean(execution.data?.resultData?.runData?.[nodeName]);
}

/** Only the stock template active: the others' triggers and webhooks would add their own calls to the counts. */
export async function onlyStockTemplateActive(stack: Stack): Promise<void> {
	for (const [file, id] of Object.entries(stack.workflows)) {
		if (file === STOCK_TEMPLATE) continue;
		await stack.n8n.deactivateWorkflow(id).catch(() => undefined);
	}
	await stack.n8n.deactivateWorkflow(stack.workflows[STOCK_TEMPLATE]);
}

/**
 * One poll of the stock template, and the run it starts. n8n polls a trigger when the workflow is activated; as soon
 * as that poll's execution exists the workflow is deactivated again, so the every-minute schedule adds no run of its
 * own (which would emit the same batch a second time while the first run is still writing). Resolves with the
 * finished execution. Call it only with changes in Specter's stock queue: an empty poll starts no run. `workflowId`: another
 * polling workflow (the multi-store templates poll the stock, order-status and article queues the same way).
 */
export async function pollStockOnce(stack: Stack, timeoutMs = 300_000, workflowId = stack.workflows[STOCK_TEMPLATE]): Promise<Execution> {
	const before = new Set((await stack.n8n.listExecutions(workflowId)).map((execution) => execution.id));
	await stack.n8n.activateWorkflow(workflowId);
	const deadline = Date.now() + timeoutMs;
	let started: Execution | undefined;
	try {
		while (started === undefined) {
			started = (await stack.n8n.listExecutions(workflowId)).find((execution) => !before.has(execution.id));
			if (started !== undefined) break;
			if (Date.now() > deadline) throw new Error(`no run of the stock template within ${timeoutMs / 1000} s\n${stack.n8n.logTail(30)}`);
			await new Promise((done) => setTimeout(done, 200));
		}
	} finally {
		await stack.n8n.deactivateWorkflow(workflowId);
	}
	const runId = started.id;
	const finished = await stack.n8n.waitForExecutions(workflowId, (all) => all.some((execution) => execution.id === runId), timeoutMs);
	return finished.find((execution) => execution.id === runId) as Execution;
}

/** What the template asked of WooCommerce in `requests`: look-ups by SKU and batch writes, by endpoint. */
export function countStockCalls(requests: WooRequest[]) {
	const lookups = requests.filter((request) => request.method === 'GET' && request.path === `${API}/products` && /[?&]sku=/.test(request.query));
	const writes = requests.filter((request) => request.method === 'POST' && request.batch !== undefined);
	const productWrites = writes.filter((request) => request.path === `${API}/products/batch`);
	const variationWrites = writes.filter((request) => /^\/wp-json\/wc\/v3\/products\/\d+\/variations\/batch$/.test(request.path));
	const singleWrites = requests.filter((request) => ['PUT', 'PATCH', 'POST'].includes(request.method) && /^\/wp-json\/wc\/v3\/products\/\d+(\/variations\/\d+)?$/.test(request.path));
	return {
		lookups: lookups.length,
		productBatchWrites: productWrites.length,
		variationBatchWrites: variationWrites.length,
		singleWrites: singleWrites.length,
		updatesSent: writes.reduce((sum, request) => sum + (request.batch?.update.length ?? 0), 0),
		otherCalls: requests.length - lookups.length - writes.length,
	};
}

/** How many batch updates since `since` wrote product `id`. */
export function writesOf(requests: WooRequest[], id: number | undefined): number {
	return requests.filter((request) => request.batch?.update.includes(id ?? -1)).length;
}

export interface BacklogResult {
	changes: number;
	/** Specter batches (runs of the template) it took */
	runs: number;
	runStatuses: string[];
	lookups: number;
	productBatchWrites: number;
	variationBatchWrites: number;
	singleWrites: number;
	updatesSent: number;
	otherCalls: number;
	/** products whose WooCommerce stock equals Specter's figure afterwards */
	productsRight: number;
	acknowledged: boolean;
}

/**
 * A backlog of `simple` changes of simple products plus `variations` changes of variations (spread over
 * `variableProducts` parents), all queued in Specter before the template polls; the template is polled until the
 * queue is empty. Counts come from the WooCommerce request log of this backlog's time only.
 */
export async function runStockBacklog(
	stack: Stack,
	options: { prefix: string; simple: number; variations?: number; variableProducts?: number },
): Promise<BacklogResult> {
	const { prefix, simple } = options;
	const variations = options.variations ?? 0;
	const parents = Math.max(1, options.variableProducts ?? 1);
	const skuOf = (kind: string, n: number) => `${prefix}-${kind}${String(n).padStart(4, '0')}`;
	const simpleSkus = Array.from({ length: simple }, (_, i) => skuOf('S', i + 1));
	const variationSkus = Array.from({ length: variations }, (_, i) => skuOf('V', i + 1));
	const products: unknown[] = simpleSkus.map((sku) => ({ name: sku, sku, regular_price: '10.00', manage_stock: true, stock_quantity: 0 }));
	for (let parent = 0; parent < (variations > 0 ? parents : 0); parent++) {
		const mine = variationSkus.filter((_, i) => i % parents === parent);
		products.push({
			name: `${prefix} variable ${parent + 1}`,
			sku: `${prefix}-P${parent + 1}`,
			type: 'variable',
			attributes: [{ name: 'Variant', options: mine, variation: true }],
			variations: mine.map((sku) => ({ sku, regular_price: '10.00', manage_stock: true, stock_quantity: 0, attributes: [{ name: 'Variant', option: sku }] })),
		});
	}
	for (let start = 0; start < products.length; start += 200) await stack.wooControl('POST', 'products', products.slice(start, start + 200));
	const skus = [...simpleSkus, ...variationSkus];
	const wanted = new Map(skus.map((sku, i) => [sku, (i % 97) + 1]));
	for (const sku of skus) await stack.specterControl('POST', 'articles', { articleNo: sku, name: sku, priceExclVat: 8, vatPercent: 25, stock: 0 });
	for (const sku of skus) await stack.specterControl('POST', 'stock', { articleNo: sku, quantity: wanted.get(sku) });

	const startedAt = new Date().toISOString();
	const runStatuses: string[] = [];
	for (let run = 0; run < 20; run++) {
		const { queues } = await specterState(stack);
		if (queues.stock.pending.length === 0 && queues.stock.bound === null) break;
		runStatuses.push((await pollStockOnce(stack)).status);
	}
	const { products: after, requests } = await wooState(stack);
	const { queues } = await specterState(stack);
	const counts = countStockCalls(requests.filter((request) => request.at >= startedAt));
	return {
		changes: skus.length,
		runs: runStatuses.length,
		runStatuses,
		...counts,
		productsRight: after.filter((product) => wanted.has(product.sku) && product.stock_quantity === wanted.get(product.sku)).length,
		acknowledged: queues.stock.pending.length === 0 && queues.stock.bound === null,
	};
}
