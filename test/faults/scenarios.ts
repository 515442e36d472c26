/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test code runs in Node, not inside n8n */
// What the fault suite does to the stack and how it reads the outcome: the Specter fault mix, shoppers placing
// orders, polls made to happen now, and the counts (lost, duplicated, out of order) read from both simulators.
import type { Execution } from '../e2e/harness';
import { klarnaPayment, nexiPayment, placeOrderInput, swedishBilling, swedishShipping } from '../simulators/woocommerce/fixtures';
import type { FaultStack } from './fault-stack';

export type Size = 'ci' | 'full';

export const SIZES = {
	ci: { orders: 100, atomicityOrders: 10, slowOrders: 0, stockArticles: 40, statusOrders: 24, queueRounds: 4 },
	full: { orders: 1000, atomicityOrders: 100, slowOrders: 3, stockArticles: 300, statusOrders: 150, queueRounds: 8 },
} as const;

export function suiteSize(): Size {
	const size = process.env.FAULTS_SIZE ?? 'ci';
	if (size !== 'ci' && size !== 'full') throw new Error(`FAULTS_SIZE must be ci or full, not ${size}`);
	return size;
}

/**
 * 20 % of Specter calls fail: HTTP 500 with an IIS error page, a time-out (no answer; the client gives up after
 * 30 s), an HTML error page with HTTP 200, an empty body, 5 % each. Half of each come before Specter carries the
 * request out, half after (the answer is lost, the change was made), as a proxy or a crash after the write would.
 */
export const SPECTER_FAULT_MIX: Array<{ kind: string; rate: number; after: boolean }> = ['http500', 'timeout', 'html', 'empty'].flatMap((kind) => [
	{ kind, rate: 0.025, after: false },
	{ kind, rate: 0.025, after: true },
]);

export async function specterFaultsOn(stack: FaultStack): Promise<void> {
	for (const fault of SPECTER_FAULT_MIX) await stack.specterControl('POST', 'faults', fault);
}

export async function specterFaultsOff(stack: FaultStack): Promise<void> {
	await stack.specterControl('DELETE', 'faults');
}

const LINES = [
	[{ sku: 'MUG-01', quantity: 2 }],
	[{ sku: 'BOOK-01', quantity: 1 }, { sku: 'FOOD-01', quantity: 3 }],
	[{ sku: 'TEE-M', quantity: 1 }, { sku: 'GIFT-01', quantity: 1 }],
	[{ sku: 'FOOD-01', quantity: 1 }, { sku: 'TEE-S', quantity: 2 }, { sku: 'MUG-01', quantity: 1 }],
];

/** A shopper's checkout: each order its own customer (e-mail), Klarna or Nexi, one to three lines of the catalogue. */
export function shopperOrder(index: number, tag: string, extra: Record<string, unknown> = {}) {
	const email = `${tag}-${index}@example.se`;
	return placeOrderInput(LINES[index % LINES.length], index % 2 === 0 ? klarnaPayment() : nexiPayment(), {
		billing: swedishBilling({ first_name: `Kund${index}`, last_name: tag === 'orders' ? 'Åberg' : 'Öst', email }),
		shipping: swedishShipping({ first_name: `Kund${index}`, last_name: 'Åberg' }),
		...extra,
	});
}

export interface PlacedOrder {
	id: number;
	number: string;
	total: string;
}

export async function placeOrder(stack: FaultStack, input: unknown): Promise<PlacedOrder> {
	return stack.wooControl<PlacedOrder>('POST', 'orders/place', input);
}

// ---- reading the outcome ----

export interface OrderOutcome {
	placed: number;
	/** Specter orders carrying one of the placed orders' numbers */
	specterOrders: number;
	lost: number;
	duplicated: number;
	/** placed orders whose _specter_order_no differs from the Specter order's number (or is missing) */
	metaWrong: number;
	/** Specter orders whose total incl. VAT differs from WooCommerce's */
	totalsWrong: number;
	/** customers sharing an e-mail address with another customer */
	duplicateCustomers: number;
	lostNumbers: string[];
	duplicatedNumbers: string[];
}

export function orderOutcome(stack: FaultStack, placed: PlacedOrder[]): OrderOutcome {
	const byNumber = new Map<string, Array<{ orderNo: string; totals?: { inclVat: number } }>>();
	for (const order of stack.specter.state.orders.values()) {
		const list = byNumber.get(order.externalOrderNo) ?? [];
		list.push(order as { orderNo: string; totals?: { inclVat: number } });
		byNumber.set(order.externalOrderNo, list);
	}
	const lostNumbers: string[] = [];
	const duplicatedNumbers: string[] = [];
	let specterOrders = 0;
	let metaWrong = 0;
	let totalsWrong = 0;
	for (const order of placed) {
		const inSpecter = byNumber.get(order.number) ?? [];
		specterOrders += inSpecter.length;
		if (inSpecter.length === 0) lostNumbers.push(order.number);
		if (inSpecter.length > 1) duplicatedNumbers.push(order.number);
		const wooOrder = stack.woo.state.orders.find((candidate) => candidate.id === order.id);
		const meta = wooOrder?.meta_data.find((entry) => entry.key === '_specter_order_no')?.value;
		if (inSpecter.length !== 1 || String(meta) !== inSpecter[0].orderNo) metaWrong++;
		if (inSpecter.some((specterOrder) => Math.abs((specterOrder.totals?.inclVat ?? NaN) - Number(order.total)) > 0.001)) totalsWrong++;
	}
	const emails = new Map<string, number>();
	for (const customer of stack.specter.state.customers.values()) {
		const email = (customer.fields.emailAddress ?? '').toLowerCase();
		emails.set(email, (emails.get(email) ?? 0) + 1);
	}
	const duplicateCustomers = [...emails.values()].reduce((sum, count) => sum + Math.max(0, count - 1), 0);
	const duplicated = placed.reduce((sum, order) => sum + Math.max(0, (byNumber.get(order.number)?.length ?? 0) - 1), 0);
	return { placed: placed.length, specterOrders, lost: lostNumbers.length, duplicated, metaWrong, totalsWrong, duplicateCustomers, lostNumbers, duplicatedNumbers };
}

/** Placed orders that have no _specter_order_no yet (what the catch-up still has to do). */
export function notYetTransferred(stack: FaultStack, placed: PlacedOrder[]): PlacedOrder[] {
	return placed.filter((order) => {
		const wooOrder = stack.woo.state.orders.find((candidate) => candidate.id === order.id);
		return !wooOrder?.meta_data.some((entry) => entry.key === '_specter_order_no');
	});
}

/** Specter requests since `from` in the request log, counted by fault kind (and before/after). */
export function faultCounts(stack: FaultStack, from: number): Record<string, number> {
	const counts: Record<string, number> = { requests: 0 };
	for (const entry of stack.specter.state.requests.slice(from)) {
		counts.requests++;
		if (entry.fault && entry.fault !== 'latency') {
			const key = `${entry.fault}${entry.faultAfter ? ' (after)' : ''}`;
			counts[key] = (counts[key] ?? 0) + 1;
		}
	}
	return counts;
}

export function countBy<T>(items: T[], key: (item: T) => string): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
	return counts;
}

export function executionSummary(executions: Execution[]): Record<string, number> {
	return countBy(executions, (execution) => `${execution.mode}:${execution.status}`);
}

// ---- polls ----

/**
 * Makes a polling workflow poll now: n8n polls a trigger when its workflow is activated, so deactivate and activate
 * it (what an operator's toggle does). With faults on, that first poll can fail, which fails the activation: try
 * again, as n8n itself does at start-up.
 */
export async function pollNow(stack: FaultStack, file: string, attempts = 8): Promise<void> {
	const id = stack.workflows[file];
	let lastError: unknown;
	for (let attempt = 1; attempt <= attempts; attempt++) {
		try {
			await stack.n8n.api('POST', `/workflows/${id}/deactivate`);
			await waitForPublication(stack, id, ['not_published'], 120_000);
			await stack.n8n.api('POST', `/workflows/${id}/activate`);
			const status = await waitForPublication(stack, id, ['published', 'failed', 'partial'], 300_000);
			if (status === 'published') return;
			lastError = new Error(`activation ${status}`);
		} catch (error) {
			lastError = error;
		}
		stack.log(`poll of ${file} at activation failed (attempt ${attempt}): ${String((lastError as Error)?.message ?? lastError).slice(0, 200)}`);
	}
	throw new Error(`could not make ${file} poll: ${String(lastError)}`);
}

async function waitForPublication(stack: FaultStack, id: string, wanted: string[], timeoutMs: number): Promise<string> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const { data } = await stack.n8n.rest<{ data: { status: string } }>('GET', `/workflows/${id}/publication-status`);
		if (wanted.includes(data.status)) return data.status;
		if (Date.now() > deadline) throw new Error(`workflow ${id} still ${data.status} after ${timeoutMs / 1000} s`);
		await new Promise((done) => setTimeout(done, 250));
	}
}

// ---- acknowledgement order ----

export interface AckCheck {
	/** batches Specter closed */
	batches: number;
	/** changes in them */
	changes: number;
	/** changes whose WooCommerce write had not succeeded before the acknowledgement that closed their batch */
	ackedBeforeWrite: string[];
}

interface WooRequest {
	at: string;
	method: string;
	path: string;
	status: number;
	batch?: { create: number; update: number[]; delete: number[] };
}

/**
 * For each batch Specter closed (the first acknowledgement carried out after the fetch that bound it), every change
 * in it whose WooCommerce write is expected (`writesFor` gives the ids written; an empty list: nothing to write) must
 * have a successful write to that id between the bind and the acknowledgement.
 */
export function checkAcknowledgedAfterWrites(
	stack: FaultStack,
	fetchAction: string,
	ackAction: string,
	writesFor: (item: string) => { paths: RegExp[]; batchIds?: number[] } | null,
	from: number,
): AckCheck {
	const requests = stack.specter.state.requests.slice(from);
	const woo = stack.woo.state.requests as WooRequest[];
	const bound = new Map<string, { at: string; items: string[] }>();
	const result: AckCheck = { batches: 0, changes: 0, ackedBeforeWrite: [] };
	for (const entry of requests) {
		if (entry.action === fetchAction && entry.items && entry.batchNo && !bound.has(entry.batchNo)) {
			bound.set(entry.batchNo, { at: entry.at, items: entry.items });
		}
		const carriedOut = entry.fault === undefined || entry.fault === 'latency' || entry.faultAfter === true;
		if (entry.action !== ackAction || !carriedOut || !entry.ok || !entry.batchNo) continue;
		const batch = bound.get(entry.batchNo);
		if (!batch) continue;
		bound.delete(entry.batchNo);
		result.batches++;
		for (const item of batch.items) {
			const expected = writesFor(item);
			if (!expected) continue;
			result.changes++;
			const written = woo.some(
				(request) =>
					request.status >= 200 &&
					request.status < 300 &&
					['PUT', 'POST', 'PATCH'].includes(request.method) &&
					request.at >= batch.at &&
					request.at <= entry.at &&
					(expected.paths.some((path) => path.test(request.path)) ||
						(request.batch !== undefined && (expected.batchIds ?? []).some((id) => request.batch?.update.includes(id)))),
			);
			if (!written) result.ackedBeforeWrite.push(`${item} (batch ${entry.batchNo})`);
		}
	}
	return result;
}

// ---- printing ----

export function table(title: string, header: string[], rows: Array<Array<string | number>>): string {
	const lines = [`### ${title}`, '', `| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
	for (const row of rows) lines.push(`| ${row.join(' | ')} |`);
	return lines.join('\n');
}

export function seconds(ms: number): string {
	return `${(ms / 1000).toFixed(0)} s`;
}
