/* eslint-disable @n8n/community-nodes/no-restricted-globals -- benchmarks run in Node, not inside n8n */
// Orders through the shipped order template in a real n8n (one process or queue mode): places orders in the
// WooCommerce simulator (checkouts that fire order.created), optionally delivers every webhook three times, and
// watches the Specter simulator (in this process) for the orders arriving. Measures latency from the checkout to
// the order in Specter, throughput, Specter calls, lost and duplicated orders. Used by `npm run bench` (real
// part) and `npm run scale`.
import { randomBytes } from 'node:crypto';
import type { Stack } from '../../test/e2e/stack';
import { klarnaPayment, nexiPayment, placeOrderInput, swedishBilling } from '../../test/simulators/woocommerce/fixtures';
import { countBy, executionsOf, median, percentile, round, sleep } from './support';

export const ORDER_TEMPLATE = 'woocommerce-orders-to-specter.json';

export interface OrderLoadOptions {
	orders: number;
	/**
	 * `oneAtATime`: the next checkout only after the previous order is in Specter (latency without queueing);
	 * `burst`: every checkout at once, as fast as the store takes them (throughput)
	 */
	pacing: 'oneAtATime' | 'burst';
	/** how often n8n receives each webhook delivery: 1, or e.g. 3 (the store's delivery and two repeats) */
	deliveriesPerWebhook: number;
	/** the order workflow, to wait for its executions to finish */
	workflowId: string;
	/** bound on the whole run (default 10 minutes) */
	timeoutMs?: number;
	log?: (message: string) => void;
}

export interface LatencyFigures {
	medianMs: number;
	p95Ms: number;
	maxMs: number;
}

export interface OrderLoadResult {
	orders: number;
	pacing: OrderLoadOptions['pacing'];
	deliveriesPerWebhook: number;
	/** distinct WooCommerce orders that reached Specter */
	inSpecter: number;
	lost: number;
	/** Specter orders beyond the first for the same WooCommerce order */
	duplicates: number;
	/** checkout request sent → order stored in Specter (the store itself waits 200 ms before it delivers) */
	latency: LatencyFigures;
	/** runs of the workflow's catch-up schedule (mode trigger) that fell into this run */
	catchUpRuns: number;
	/** first checkout → last order in Specter */
	makespanMs: number;
	ordersPerMinute: number;
	/** first checkout → every delivery answered and every execution of the workflow finished */
	drainMs: number;
	webhookDeliveries: {
		byStore: number;
		repeats: number;
		notAccepted: number;
		byTopic: Record<string, number>;
		/** how long n8n took to answer a repeated delivery (the store's own deliveries are not timed) */
		answerMedianMs: number;
		answerP95Ms: number;
		/** first checkout → the store's last order.created delivery of this run answered */
		lastOrderCreatedDeliveredMs: number;
	};
	specterCalls: Record<string, number>;
	executions: { total: number; byStatus: Record<string, number>; byMode: Record<string, number> };
}

function latencyFigures(values: number[]): LatencyFigures {
	return { medianMs: round(median(values), 0), p95Ms: round(percentile(values, 95), 0), maxMs: round(Math.max(...values), 0) };
}

/** Checkout lines: the sample catalogue's products (a mug at 25 %, coffee at 12 %, a book at 6 %, a T-shirt variation). */
const BASKETS = [
	[{ sku: 'MUG-01', quantity: 2 }, { sku: 'FOOD-01', quantity: 1 }],
	[{ sku: 'BOOK-01', quantity: 1 }],
	[{ sku: 'TEE-M', quantity: 1 }, { sku: 'MUG-01', quantity: 1 }],
	[{ sku: 'FOOD-01', quantity: 3 }],
];

/** The n-th checkout of a run: its own customer, alternating baskets and Klarna / Nexi payments. */
export function benchOrderInput(run: string, index: number) {
	const payment = index % 2 === 0 ? klarnaPayment() : nexiPayment();
	const billing = swedishBilling({ first_name: `Kund${index}`, email: `kund-${run}-${index}@example.se` });
	return placeOrderInput(BASKETS[index % BASKETS.length], payment, { billing });
}

/** Sends one recorded delivery again, as the store would repeat it: same body and signature, a new delivery id. */
async function repeatDelivery(url: string, headers: Record<string, string>, body: string): Promise<{ status: number; ms: number }> {
	const sentAt = Date.now();
	try {
		const response = await fetch(url, {
			method: 'POST',
			headers: { ...headers, 'X-WC-Webhook-Delivery-ID': randomBytes(16).toString('hex') },
			body,
			signal: AbortSignal.timeout(60_000),
		});
		await response.body?.cancel();
		return { status: response.status, ms: Date.now() - sentAt };
	} catch {
		return { status: 0, ms: Date.now() - sentAt };
	}
}

export async function runOrderLoad(stack: Stack, options: OrderLoadOptions): Promise<OrderLoadResult> {
	const log = options.log ?? (() => undefined);
	const deadline = Date.now() + (options.timeoutMs ?? 600_000);
	const run = randomBytes(3).toString('hex');
	const specterState = stack.specter.state;
	const wooState = stack.woo.state;
	const requestsBefore = specterState.requests.length;
	let deliveriesSeen = wooState.deliveries.length;
	let ordersSeen = specterState.orders.size;

	// woo order number → times; Specter orders per external order number
	const placedAt = new Map<string, number>();
	const numberById = new Map<number, string>();
	const inSpecterAt = new Map<string, number>();
	const deliveredAt = new Map<string, number>(); // the store's order.created delivery answered
	const specterOrders = new Map<string, number>();
	const repeats: Array<Promise<{ status: number; ms: number }>> = [];
	let byStore = 0;
	const topics: string[] = [];

	// Both simulators run in this process: their state is read directly, every 5 ms, with no HTTP in between.
	const watch = setInterval(() => {
		const now = Date.now();
		if (specterState.orders.size !== ordersSeen) {
			for (const order of [...specterState.orders.values()].slice(ordersSeen)) {
				specterOrders.set(order.externalOrderNo, (specterOrders.get(order.externalOrderNo) ?? 0) + 1);
				if (!inSpecterAt.has(order.externalOrderNo)) inSpecterAt.set(order.externalOrderNo, now);
			}
			ordersSeen = specterState.orders.size;
		}
		for (const delivery of wooState.deliveries.slice(deliveriesSeen)) {
			if (delivery.kind !== 'topic') continue;
			byStore++;
			topics.push(delivery.topic);
			const number = delivery.resource_id === null ? undefined : numberById.get(delivery.resource_id);
			if (delivery.topic === 'order.created' && number !== undefined && !deliveredAt.has(number)) deliveredAt.set(number, Date.parse(delivery.at));
			for (let repeat = 1; repeat < options.deliveriesPerWebhook; repeat++) {
				repeats.push(repeatDelivery(delivery.url, delivery.request.headers, delivery.request.body));
			}
		}
		deliveriesSeen = wooState.deliveries.length;
	}, 5);

	const place = async (index: number) => {
		const sentAt = Date.now();
		const placed = await stack.wooControl<{ id: number; number: string }>('POST', 'orders/place', benchOrderInput(run, index));
		placedAt.set(placed.number, sentAt);
		numberById.set(placed.id, placed.number);
		return placed.number;
	};
	const arrived = async (numbers: string[]) => {
		while (numbers.some((number) => !inSpecterAt.has(number))) {
			if (Date.now() > deadline) return;
			await sleep(5);
		}
	};

	const startedAt = Date.now();
	try {
		if (options.pacing === 'oneAtATime') {
			for (let index = 0; index < options.orders; index++) {
				await arrived([await place(index)]);
				if ((index + 1) % 50 === 0) log(`${index + 1}/${options.orders} orders in Specter`);
			}
		} else {
			for (let index = 0; index < options.orders; index++) await place(index);
			log(`${options.orders} orders placed in ${Date.now() - startedAt} ms`);
			await arrived([...placedAt.keys()]);
		}
		const lastInSpecter = Math.max(...[...placedAt.keys()].map((number) => inSpecterAt.get(number) ?? 0));
		log(`${[...placedAt.keys()].filter((number) => inSpecterAt.has(number)).length}/${options.orders} orders in Specter after ${lastInSpecter - startedAt} ms; draining`);

		// Drained: nothing queued in the store, every repeat answered, no execution of the workflow unfinished, twice in a row.
		let quiet = 0;
		let drainedAt = Date.now();
		let executions = await executionsOf(stack.n8n, options.workflowId);
		while (quiet < 2 && Date.now() < deadline) {
			const lookedAt = Date.now();
			const settled = await Promise.race([Promise.all(repeats).then(() => true), sleep(0).then(() => false)]);
			executions = await executionsOf(stack.n8n, options.workflowId);
			const unfinished = executions.filter((execution) => ['new', 'running', 'waiting', 'unknown'].includes(execution.status)).length;
			if (settled && wooState.queue.length === 0 && unfinished === 0) {
				if (quiet === 0) drainedAt = lookedAt;
				quiet++;
			} else {
				quiet = 0;
			}
			if (quiet < 2) await sleep(500);
		}
		const answers = await Promise.all(repeats);
		const statuses = answers.map((answer) => answer.status);
		const mine = executions.filter((execution) => Date.parse(execution.startedAt) >= startedAt - 1_000);

		const numbers = [...placedAt.keys()];
		const landed = numbers.filter((number) => inSpecterAt.has(number));
		const latencies = landed.map((number) => (inSpecterAt.get(number) as number) - (placedAt.get(number) as number));
		const makespanMs = lastInSpecter - startedAt;
		return {
			orders: options.orders,
			pacing: options.pacing,
			deliveriesPerWebhook: options.deliveriesPerWebhook,
			inSpecter: landed.length,
			lost: numbers.length - landed.length,
			duplicates: numbers.reduce((sum, number) => sum + Math.max(0, (specterOrders.get(number) ?? 0) - 1), 0),
			latency: latencyFigures(latencies),
			catchUpRuns: mine.filter((execution) => execution.mode === 'trigger').length,
			makespanMs,
			ordersPerMinute: round((landed.length / makespanMs) * 60_000, 1),
			drainMs: drainedAt - startedAt,
			webhookDeliveries: {
				byStore,
				repeats: statuses.length,
				notAccepted: statuses.filter((status) => status < 200 || status >= 300).length,
				byTopic: countBy(topics, (topic) => topic),
				answerMedianMs: answers.length === 0 ? 0 : round(median(answers.map((answer) => answer.ms)), 0),
				answerP95Ms: answers.length === 0 ? 0 : round(percentile(answers.map((answer) => answer.ms), 95), 0),
				lastOrderCreatedDeliveredMs: Math.max(0, ...[...deliveredAt.values()].map((at) => at - startedAt)),
			},
			specterCalls: countBy(specterState.requests.slice(requestsBefore), (entry) => entry.action),
			executions: {
				total: mine.length,
				byStatus: countBy(mine, (execution) => execution.status),
				byMode: countBy(mine, (execution) => execution.mode),
			},
		};
	} finally {
		clearInterval(watch);
	}
}
