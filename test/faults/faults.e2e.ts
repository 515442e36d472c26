/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test code runs in Node, not inside n8n */
// The fault suite in the real n8n (issue 12): the templates imported unchanged, driven through the simulators' fault
// modes. Sizes: FAULTS_SIZE=ci (default, inside `npm test`) or full (`npm run test:faults:full`). Each phase records
// its figures; the suite prints them as tables at the end (and, at full size, writes test/faults/results/full.json).
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Execution } from '../e2e/harness';
import { WOOCOMMERCE_CREDENTIAL_NAME } from '../e2e/stack';
import { startSpecterSimulator, type SpecterSimulator } from '../simulators/specter/server';
import { swedishBilling, type ProductSeed } from '../simulators/woocommerce/fixtures';
import { type FaultStack, type Template, startFaultStack } from './fault-stack';
import {
	SIZES,
	checkAcknowledgedAfterWrites,
	countBy,
	executionSummary,
	faultCounts,
	notYetTransferred,
	orderOutcome,
	placeOrder,
	pollNow,
	seconds,
	shopperOrder,
	specterFaultsOff,
	specterFaultsOn,
	suiteSize,
	table,
	type AckCheck,
	type OrderOutcome,
	type PlacedOrder,
} from './scenarios';

const SIZE = suiteSize();
const S = SIZES[SIZE];
jest.setTimeout(SIZE === 'full' ? 4 * 3_600_000 : 1_800_000);

const ORDER_TEMPLATE = 'woocommerce-orders-to-specter.json';
const STOCK_TEMPLATE = 'specter-stock-to-woocommerce.json';
/** the order-status template's file, found by its trigger (the templates are being built while this suite is) */
const byTrigger = (templates: Record<string, Template>, event: string) =>
	Object.keys(templates).find((file) => templates[file].nodes.some((node) => node.type === 'n8n-nodes-specter.specterTrigger' && node.parameters.event === event));
/** milliseconds the non-atomic Specter waits between its duplicate check and storing the order */
const DUPLICATE_CHECK_WINDOW_MS = 250;

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

function queueProducts(count: number): ProductSeed[] {
	return Array.from({ length: count }, (_, index) => ({
		name: `Lagervara ${index + 1}`,
		sku: `Q-${String(index + 1).padStart(4, '0')}`,
		regular_price: '100.00',
		manage_stock: true,
		stock_quantity: 50,
	}));
}

interface Summary {
	size: string;
	date: string;
	atomicity: Array<{ config: string; outcome: OrderOutcome; ms: number }>;
	orders?: {
		outcome: OrderOutcome;
		beforeCatchUp: OrderOutcome;
		catchUpRounds: number;
		webhooksAfterRestart: string;
		deliveries: Record<string, number>;
		executions: Record<string, number>;
		faults: Record<string, number>;
		downMs: number;
		ms: number;
	};
	queues?: {
		stock: { changes: number; articles: number; wrong: string[]; ack: AckCheck };
		orderStatus: { changes: number; wrong: string[]; ack: AckCheck } | 'no template';
		articleInfo: { changes: number; wrong: string[]; ack: AckCheck } | 'no template';
		polls: number;
		faults: Record<string, number>;
		downMs: number;
		/** the queues whose batch was fetched and not yet acknowledged when n8n was killed */
		openAtKill: string[];
		ms: number;
	};
	hostile: Array<{ input: string; shown: string; ok: boolean }>;
	forged?: { sent: number; answered: string; executions: number };
	secrets?: { secrets: number; texts: number; bytes: number; found: string[]; executions: number };
}

describe(`fault suite (${SIZE} size) in a real n8n`, () => {
	let stack: FaultStack;
	const started = Date.now();
	const summary: Summary = { size: SIZE, date: new Date().toISOString().slice(0, 10), atomicity: [], hostile: [] };
	/** orders of the order phase, reused by the queue phase */
	let transferred: PlacedOrder[] = [];
	let v1Sim: SpecterSimulator | undefined;

	const orderWorkflow = () => stack.workflows[ORDER_TEMPLATE];
	const wooOrder = (id: number) => stack.woo.state.orders.find((order) => order.id === id);
	const meta = (id: number, key: string) => wooOrder(id)?.meta_data.find((entry) => entry.key === key)?.value;
	const errorOf = (execution: Execution) => execution.data?.resultData?.error?.message ?? '';
	const lastExecutionId = async (workflowId: string) => Number((await stack.executions(workflowId, false)).at(-1)?.id ?? 0);
	const executionsAfter = (workflowId: string, afterId: number) => stack.executionsAfter(workflowId, afterId);
	const hostile = (input: string, shown: string, ok: boolean) => {
		summary.hostile.push({ input, shown: shown.replace(/\s+/g, ' ').slice(0, 300), ok });
		stack.log(`hostile: ${input} → ${ok ? 'ok' : 'NOT OK'}: ${shown.slice(0, 200)}`);
	};

	beforeAll(async () => {
		stack = await startFaultStack({ extraProducts: queueProducts(S.stockArticles) });
		stack.log(`fault suite, ${SIZE} size: ${JSON.stringify(S)}; templates ${Object.keys(stack.templates).join(', ')}`);
	});

	afterAll(async () => {
		const text = printSummary(summary, Date.now() - started);
		stack?.log(`\n${text}`);
		const dir = join(__dirname, 'results');
		if (SIZE === 'full') {
			mkdirSync(dir, { recursive: true });
			writeFileSync(join(dir, 'full.json'), `${JSON.stringify(summary, null, 2)}\n`);
			writeFileSync(join(dir, 'full.md'), `${text}\n`);
		}
		await v1Sim?.close();
		await stack?.stop();
	});

	it('duplicates when Specter is not atomic: concurrent order.created / order.updated deliveries, 0 duplicates with n8n\'s default concurrency and with one production execution at a time', async () => {
		await stack.specterControl('POST', 'duplicate-check', { windowMs: DUPLICATE_CHECK_WINDOW_MS });
		await stack.wooControl('POST', 'webhooks/copies', { copies: 3 });
		const configs: Array<{ config: string; env: Record<string, string> }> = [
			{ config: 'n8n default (production executions run concurrently)', env: {} },
			{ config: 'N8N_CONCURRENCY_PRODUCTION_LIMIT=1', env: { N8N_CONCURRENCY_PRODUCTION_LIMIT: '1' } },
		];
		for (const [index, { config, env }] of configs.entries()) {
			if (index > 0) await stack.restartN8n({ kill: false, env });
			const begin = Date.now();
			const placed: PlacedOrder[] = [];
			for (let order = 0; order < S.atomicityOrders; order++) {
				// unpaid at checkout, paid a moment later: order.created and order.updated, each delivered 3 times
				const created = await placeOrder(stack, shopperOrder(order, `atomic${index}`, { status: 'pending' }));
				await stack.wooApi.put(`orders/${created.id}`, { status: 'processing' });
				placed.push(created);
			}
			await stack.waitUntilIdle({ quietMs: 8_000 });
			const outcome = orderOutcome(stack, placed);
			summary.atomicity.push({ config, outcome, ms: Date.now() - begin });
			stack.log(`atomicity, ${config}: ${JSON.stringify(outcome)}`);
		}
		// One at a time still leaves the node's own retry: Specter answers the first call after the node's 30 s
		// time-out, and the retry (0.5 s later) passes the non-atomic check while the first is being stored.
		// (Full size only: it costs CI about 45 s for a figure that does not change.)
		if (S.slowOrders > 0) {
			const config = 'N8N_CONCURRENCY_PRODUCTION_LIMIT=1, Specter answering the order call after 30.6 s (the node times out at 30 s and retries)';
			const begin = Date.now();
			const placed: PlacedOrder[] = [];
			for (let order = 0; order < S.slowOrders; order++) {
				await stack.specterControl('POST', 'faults', { kind: 'latency', latencyMs: 30_600, action: 'newOrderSubmit', times: 1 });
				placed.push(await placeOrder(stack, shopperOrder(order, 'atomicslow')));
				await stack.waitUntilIdle({ quietMs: 8_000 });
			}
			const outcome = orderOutcome(stack, placed);
			summary.atomicity.push({ config, outcome, ms: Date.now() - begin });
			stack.log(`atomicity, ${config}: ${JSON.stringify(outcome)}`);
		}
		await stack.specterControl('POST', 'duplicate-check', { windowMs: 0 });
		await stack.restartN8n({ kill: false, env: {} });
		// The Specter node lines up the transfers of one order inside the n8n process (shared/one-at-a-time.ts), so
		// both configurations must come out clean; without it n8n's default made 27 duplicates of 10 orders.
		for (const { config, outcome } of summary.atomicity.slice(0, 2)) {
			assert.equal(outcome.lost, 0, `lost with ${config}: ${outcome.lostNumbers.join(', ')}`);
			assert.equal(outcome.duplicated, 0, `duplicates with ${config}: ${outcome.duplicatedNumbers.join(', ')}`);
		}
	});

	it(`orders: ${S.orders} placed, every webhook delivered 3 times, 20 % of Specter calls failing, n8n killed and restarted mid-run → exactly one Specter order each`, async () => {
		const begin = Date.now();
		const from = stack.specter.state.requests.length;
		const deliveriesFrom = stack.woo.state.deliveries.length;
		const executionsFrom = await lastExecutionId(orderWorkflow());
		await stack.wooControl('POST', 'webhooks/copies', { copies: 3 });
		await specterFaultsOn(stack);
		const placed: PlacedOrder[] = [];
		// shoppers check out about five times a second
		const place = async (count: number) => {
			for (let index = 0; index < count; index++) {
				placed.push(await placeOrder(stack, shopperOrder(placed.length, 'orders')));
				await sleep(200);
			}
		};
		await place(Math.floor(S.orders / 2));
		// mid-run: once a quarter of the orders are in Specter, with deliveries queued and executions running
		const killDeadline = Date.now() + 120_000;
		while (orderOutcome(stack, placed).specterOrders < S.orders / 4 && Date.now() < killDeadline) await sleep(250);
		stack.log(`killing n8n: ${placed.length} orders placed, ${orderOutcome(stack, placed).specterOrders} in Specter, ${stack.woo.state.queue.length} deliveries queued`);
		const restart = stack.restartN8n({ kill: true });
		await sleep(500);
		await place(Math.floor(S.orders / 10));
		const downMs = await restart;
		const webhooksAfterRestart = stack.woo.state.webhooks.map((hook) => `${hook.topic} ${hook.status} (failures ${hook.failure_count})`).join(', ');
		stack.log(`n8n back after ${seconds(downMs)}; webhooks: ${webhooksAfterRestart}`);
		// the template's quarter-hour schedules come round while shoppers go on buying
		const schedules = stack.runSchedules(ORDER_TEMPLATE);
		await place(S.orders - placed.length);
		await schedules;
		await stack.waitUntilIdle({ quietMs: 10_000 });
		const beforeCatchUp = orderOutcome(stack, placed);
		stack.log(`before the catch-up rounds: ${beforeCatchUp.specterOrders} Specter orders, ${beforeCatchUp.lost} orders missing, ${beforeCatchUp.duplicated} duplicated`);

		let rounds = 0;
		while (rounds < 12 && (notYetTransferred(stack, placed).length > 0 || orderOutcome(stack, placed).lost > 0)) {
			rounds++;
			const runs = await stack.runSchedules(ORDER_TEMPLATE);
			await stack.waitUntilIdle({ quietMs: 8_000 });
			stack.log(`catch-up round ${rounds}: ${runs.map((run) => `${run.status}${errorOf(run) ? ` (${errorOf(run).slice(0, 120)})` : ''}`).join(', ')}; ${notYetTransferred(stack, placed).length} not yet transferred`);
		}
		await specterFaultsOff(stack);
		const outcome = orderOutcome(stack, placed);
		const executions = (await stack.executions(orderWorkflow(), false)).filter((execution) => Number(execution.id) > executionsFrom);
		const deliveries = stack.woo.state.deliveries.slice(deliveriesFrom).filter((entry) => entry.kind !== 'ping');
		summary.orders = {
			outcome,
			beforeCatchUp,
			catchUpRounds: rounds,
			webhooksAfterRestart,
			deliveries: countBy(deliveries, (entry) => (entry.success ? 'delivered' : `failed${entry.error ? ` (${entry.error.code})` : ` (HTTP ${entry.status_code})`}`)),
			executions: executionSummary(executions),
			faults: faultCounts(stack, from),
			downMs,
			ms: Date.now() - begin,
		};
		stack.log(`orders: ${JSON.stringify(summary.orders)}`);
		transferred = placed;
		assert.equal(outcome.lost, 0, `lost: ${outcome.lostNumbers.join(', ')}`);
		assert.equal(outcome.duplicated, 0, `duplicated: ${outcome.duplicatedNumbers.join(', ')}`);
		assert.equal(outcome.specterOrders, S.orders);
		assert.equal(outcome.metaWrong, 0, 'every WooCommerce order carries its Specter order number');
		assert.equal(outcome.totalsWrong, 0, "Specter's totals equal WooCommerce's");
		assert.equal(outcome.duplicateCustomers, 0);
	});

	it('queues: stock and order-status changes under the same faults and an n8n restart → every change in WooCommerce, each batch acknowledged after its writes', async () => {
		const begin = Date.now();
		const from = stack.specter.state.requests.length;
		const statusTemplate = byTrigger(stack.templates, 'orderStatusChanged');
		const articleTemplate = byTrigger(stack.templates, 'articleChanged');
		const pollers = [STOCK_TEMPLATE, ...(statusTemplate ? [statusTemplate] : []), ...(articleTemplate ? [articleTemplate] : [])];
		await specterFaultsOn(stack);
		// two thirds of the extra products get stock changes, the other third article changes (names and prices)
		const queueSkus = queueProducts(S.stockArticles).map((product) => product.sku as string);
		const articles = queueSkus.slice(0, Math.ceil((queueSkus.length * 2) / 3));
		const edited = queueSkus.slice(articles.length).map((articleNo, index) => ({ articleNo, name: `Lagervara ${articleNo} ny åäö`, priceExclVat: 80 + index }));
		let stockChanges = 0;
		const setStock = async (articleNo: string, quantity: number) => {
			await stack.specterControl('POST', 'stock', { articleNo, quantity });
			stockChanges++;
		};
		// order-status changes for orders of the order phase: two in three delivered (with tracking), one cancelled
		const statusOrders = transferred.slice(0, S.statusOrders).map((order, index) => ({
			order,
			specterOrderNo: String(meta(order.id, '_specter_order_no')),
			change: index % 3 === 2 ? ('cancel' as const) : ('deliver' as const),
			trackingNo: `TRK${String(index).padStart(6, '0')}`,
		}));
		const applyStatus = async (entries: typeof statusOrders) => {
			for (const entry of entries) {
				if (entry.change === 'deliver') await stack.specterControl('POST', `orders/${entry.specterOrderNo}/deliver`, { trackingNo: entry.trackingNo });
				else await stack.specterControl('POST', `orders/${entry.specterOrderNo}/cancel`);
			}
		};
		const editArticles = async (entries: typeof edited) => {
			for (const { articleNo, name, priceExclVat } of entries) await stack.specterControl('POST', `articles/${articleNo}/edit`, { name, priceExclVat });
		};
		// S.queueRounds rounds of changes, each polled at once; n8n is killed while the first round is being handled
		const rounds = S.queueRounds;
		const slice = <T>(list: T[], round: number) => list.filter((_, index) => index % rounds === round);
		let polls = 0;
		let downMs = 0;
		let openAtKill: string[] = [];
		for (let round = 0; round < rounds; round++) {
			for (const [index, articleNo] of articles.entries()) if (round === 0 || index % rounds === round) await setStock(articleNo, 10 + round * 100 + index);
			await applyStatus(slice(statusOrders, round));
			if (articleTemplate) await editArticles(slice(edited, round));
			// round 0: the store answers its product requests slowly, so the batches the polls bind are still open
			// (fetched, not yet acknowledged) when n8n is killed; the restarted n8n must emit them again
			if (round === 0) await stack.wooControl('POST', 'faults', { kind: 'latency', path: '/wp-json/wc/v3/products', latencyMs: 3_000, times: 12 });
			for (const file of pollers) {
				await pollNow(stack, file);
				polls++;
			}
			if (round === 0) {
				const bound = () => (['stock', 'orderStatus', 'articleInfo'] as const).filter((queue) => stack.specter.state.queues[queue].bound !== null);
				const deadline = Date.now() + 10_000;
				while (bound().length === 0 && Date.now() < deadline) await sleep(100);
				openAtKill = bound();
				stack.log(`killing n8n during the queue run (batches open: ${openAtKill.join(', ') || 'none'})`);
				downMs = await stack.restartN8n({ kill: true });
			} else {
				await stack.waitUntilIdle({ quietMs: 5_000 });
			}
		}

		const expectedStatus = (entry: (typeof statusOrders)[number]) => (entry.change === 'deliver' ? 'completed' : 'cancelled');
		// The articles whose stock this phase changes. (The catalogue's own figures also move with the orders, but
		// WooCommerce gives stock back when an order is cancelled and the simulated Specter does not, so after the
		// cancellations below they differ by the cancelled quantities: not a lost change.)
		const stockWrong = () =>
			articles
				.map((articleNo) => stack.specter.state.articles.get(articleNo))
				.filter((article) => article !== undefined)
				.flatMap((article) => {
					const product = stack.woo.state.products.find((candidate) => candidate.sku === article.articleNo);
					if (!product) return [];
					const specterQuantity = Object.values(article.stock).reduce((sum, quantity) => sum + quantity, 0);
					return product.stock_quantity === specterQuantity ? [] : [`${article.articleNo}: WooCommerce ${product.stock_quantity}, Specter ${specterQuantity}`];
				});
		const statusWrong = () =>
			statusTemplate
				? statusOrders.flatMap((entry) => {
						const order = wooOrder(entry.order.id);
						const wanted = expectedStatus(entry);
						const problems: string[] = [];
						if (order?.status !== wanted) problems.push(`order ${entry.order.number}: ${order?.status}, expected ${wanted}`);
						const tracking = JSON.stringify(order?.meta_data.find((item) => item.key === '_specter_tracking_numbers')?.value ?? '');
						if (entry.change === 'deliver' && !tracking.includes(entry.trackingNo)) problems.push(`order ${entry.order.number}: tracking ${entry.trackingNo} missing`);
						return problems;
					})
				: [];
		// an article change reaches WooCommerce as the product's name and its price incl. 25 % VAT
		const articleWrong = () =>
			articleTemplate
				? edited.flatMap(({ articleNo, name, priceExclVat }) => {
						const product = stack.woo.state.products.find((candidate) => candidate.sku === articleNo);
						const price = Number(product?.regular_price);
						return product?.name === name && Math.abs(price - priceExclVat * 1.25) < 0.006 ? [] : [`${articleNo}: "${product?.name}" ${product?.regular_price}, expected "${name}" ${(priceExclVat * 1.25).toFixed(2)}`];
					})
				: [];
		const queueOpen = (name: 'stock' | 'orderStatus' | 'articleInfo') => stack.specter.state.queues[name].pending.size > 0 || stack.specter.state.queues[name].bound !== null;
		const done = () =>
			stockWrong().length === 0 &&
			!queueOpen('stock') &&
			(!statusTemplate || (statusWrong().length === 0 && !queueOpen('orderStatus'))) &&
			(!articleTemplate || (articleWrong().length === 0 && !queueOpen('articleInfo')));
		for (let round = 0; round < 15 && !done(); round++) {
			await stack.waitUntilIdle({ quietMs: 8_000 });
			if (done()) break;
			stack.log(`queue round ${round + 1}: ${stockWrong().length} stock values, ${statusWrong().length} statuses, ${articleWrong().length} articles differ; polling again`);
			for (const file of pollers) {
				await pollNow(stack, file);
				polls++;
			}
		}
		await stack.waitUntilIdle({ quietMs: 5_000 });
		await specterFaultsOff(stack);

		const product = (sku: string) => stack.woo.state.products.find((candidate) => candidate.sku === sku);
		const stockAck = checkAcknowledgedAfterWrites(
			stack,
			'getArticleExternalNeedUpdate',
			'updateArticlesFromBatch',
			(articleNo) => {
				const found = product(articleNo);
				const article = stack.specter.state.articles.get(articleNo);
				if (!found || !article?.stockManaged) return null;
				const path = found.parent_id ? `/products/${found.parent_id}/variations/${found.id}` : `/products/${found.id}`;
				return { paths: [new RegExp(`/wp-json/wc/v3${path}$`)], batchIds: [found.id] };
			},
			from,
		);
		const statusAck = statusTemplate
			? checkAcknowledgedAfterWrites(
					stack,
					'getOrdersExternalNeedUpdate',
					'updateOrdersFromBatch',
					(orderNo) => {
						const entry = statusOrders.find((candidate) => candidate.specterOrderNo === orderNo);
						return entry ? { paths: [new RegExp(`/wp-json/wc/v3/orders/${entry.order.id}$`)] } : null;
					},
					from,
				)
			: undefined;
		const articleAck = articleTemplate
			? checkAcknowledgedAfterWrites(
					stack,
					'getArticleInfoExternalNeedUpdate',
					'updateArticleInfosFromBatch',
					(articleNo) => {
						const found = product(articleNo);
						if (!found || !edited.some((entry) => entry.articleNo === articleNo)) return null;
						return { paths: [new RegExp(`/wp-json/wc/v3/products/${found.id}$`)], batchIds: [found.id] };
					},
					from,
				)
			: undefined;
		summary.queues = {
			stock: { changes: stockChanges, articles: articles.length, wrong: stockWrong(), ack: stockAck },
			orderStatus: statusTemplate && statusAck ? { changes: statusOrders.length, wrong: statusWrong(), ack: statusAck } : 'no template',
			articleInfo: articleTemplate && articleAck ? { changes: edited.length, wrong: articleWrong(), ack: articleAck } : 'no template',
			polls,
			faults: faultCounts(stack, from),
			downMs,
			openAtKill,
			ms: Date.now() - begin,
		};
		stack.log(`queues: ${JSON.stringify(summary.queues)}`);
		assert.ok(openAtKill.length > 0, 'n8n was killed while a batch was open');
		assert.deepEqual(stockWrong(), [], 'every stock change reached WooCommerce');
		assert.equal(queueOpen('stock'), false);
		assert.deepEqual(stockAck.ackedBeforeWrite, [], 'no stock batch acknowledged before its writes');
		assert.ok(stockAck.batches > 0);
		if (statusTemplate && statusAck) {
			assert.deepEqual(statusWrong(), [], 'every order-status change reached WooCommerce');
			assert.equal(queueOpen('orderStatus'), false);
			assert.deepEqual(statusAck.ackedBeforeWrite, [], 'no order-status batch acknowledged before its writes');
		}
		if (articleTemplate && articleAck) {
			assert.deepEqual(articleWrong(), [], 'every article change reached WooCommerce');
			assert.equal(queueOpen('articleInfo'), false);
			assert.deepEqual(articleAck.ackedBeforeWrite, [], 'no article batch acknowledged before its writes');
		}
	});

	describe('hostile inputs through the real n8n (errors read from the execution view)', () => {
		beforeAll(async () => {
			await specterFaultsOff(stack);
			await stack.wooControl('POST', 'webhooks/copies', { copies: 1 });
			// the webhooks may have been disabled while n8n was down: the template's own schedule turns them on again
			await stack.runSchedules(ORDER_TEMPLATE);
			await stack.waitUntilIdle();
		});

		/** Places an order and returns the order workflow's executions it caused, once all have finished. */
		async function placeAndRun(input: unknown): Promise<{ placed: PlacedOrder; executions: Execution[] }> {
			const before = await lastExecutionId(orderWorkflow());
			const placed = await placeOrder(stack, input);
			await stack.waitUntilIdle({ quietMs: 4_000 });
			return { placed, executions: await executionsAfter(orderWorkflow(), before) };
		}

		function failedWith(executions: Execution[], pattern: RegExp): Execution | undefined {
			return executions.find((execution) => execution.status === 'error' && pattern.test(errorOf(execution)));
		}

		const refusalMarked = (id: number) => meta(id, 'specter_transfer_failed') !== undefined;
		/** The failure alert's Slack message naming `text` (true without an alert template: nothing to fire). */
		async function alerted(text: string): Promise<boolean> {
			if (!stack.alertTemplate) return true;
			const deadline = Date.now() + 60_000;
			while (Date.now() < deadline) {
				if (stack.slack.messages.some((message) => message.text.includes(text))) return true;
				await sleep(500);
			}
			return false;
		}
		const alertNote = async (text: string) => (stack.alertTemplate ? ((await alerted(text)) ? '; the failure alert named it in Slack' : '; NO failure alert') : '; no alert template');
		const marksRefusals = () => JSON.stringify(stack.templates[ORDER_TEMPLATE]).includes('specter_transfer_failed');
		const customersWith = (email: string) => [...stack.specter.state.customers.values()].filter((customer) => customer.fields.emailAddress === email).length;
		const specterOrdersOf = (number: string) => [...stack.specter.state.orders.values()].filter((order) => order.externalOrderNo === number).length;

		it('a line without SKU: the execution fails naming order, line and SKU; nothing is written in Specter; the order is marked refused where the template does that', async () => {
			const [product] = await stack.wooControl<Array<{ id: number }>>('POST', 'products', [{ name: 'Mystery box', regular_price: '50.00' }]);
			const email = 'hostile-nosku@example.se';
			const { placed, executions } = await placeAndRun(shopperOrder(1, 'hostile', { line_items: [{ product_id: product.id, quantity: 1 }], billing: swedishBilling({ email, first_name: 'Ingen', last_name: 'Sku' }) }));
			const failed = failedWith(executions, new RegExp(`order ${placed.number}, line 1 \\(Mystery box\\): SKU is empty`));
			const note = await alertNote(placed.number);
			const ok = failed !== undefined && specterOrdersOf(placed.number) === 0 && customersWith(email) === 0 && (!marksRefusals() || refusalMarked(placed.id)) && !note.includes('NO');
			hostile('WooCommerce order with a line without SKU (n8n)', `${failed ? errorOf(failed) : `executions: ${executions.map(errorOf).join(' | ')}`}${marksRefusals() ? `; marked refused: ${refusalMarked(placed.id)}` : ''}${note}`, ok);
			assert.ok(ok);
		});

		it('an emoji in the customer name: the execution fails naming the order and the field; nothing is written', async () => {
			const email = 'hostile-emoji@example.se';
			const { placed, executions } = await placeAndRun(shopperOrder(2, 'hostile', { billing: swedishBilling({ email, first_name: 'Anna 🎉', last_name: 'Berg' }) }));
			const failed = failedWith(executions, new RegExp(`order ${placed.number}.*firstName`));
			const note = await alertNote(placed.number);
			const ok = failed !== undefined && specterOrdersOf(placed.number) === 0 && customersWith(email) === 0 && !note.includes('NO');
			hostile('emoji in the billing first name (n8n)', `${failed ? errorOf(failed) : executions.map(errorOf).join(' | ')}${note}`, ok);
			assert.ok(ok);
		});

		it('a 101-character company name: the execution fails naming the order, the field and the limit; nothing is written', async () => {
			const email = 'hostile-long@example.se';
			const { placed, executions } = await placeAndRun(shopperOrder(3, 'hostile', { billing: swedishBilling({ email, company: `Företag ${'x'.repeat(93)}`, first_name: 'Lång', last_name: 'Namn' }) }));
			const failed = failedWith(executions, new RegExp(`order ${placed.number}.*101 characters.*100`));
			const note = await alertNote(placed.number);
			const ok = failed !== undefined && specterOrdersOf(placed.number) === 0 && customersWith(email) === 0 && !note.includes('NO');
			hostile('101-character company name (n8n)', `${failed ? errorOf(failed) : executions.map(errorOf).join(' | ')}${note}`, ok);
			assert.ok(ok);
		});

		it('Specter answers newOrderSubmit with an HTML page: the execution fails naming the order; not marked refused; the catch-up transfers it once', async () => {
			await stack.specterControl('POST', 'faults', { kind: 'html', action: 'newOrderSubmit', times: 1 });
			const { placed, executions } = await placeAndRun(shopperOrder(4, 'hostile'));
			const failed = failedWith(executions, new RegExp(`${placed.number}.*HTML page`));
			const marked = refusalMarked(placed.id);
			const note = await alertNote(placed.number);
			await stack.runSchedules(ORDER_TEMPLATE);
			await stack.waitUntilIdle({ quietMs: 4_000 });
			const ok = failed !== undefined && !marked && specterOrdersOf(placed.number) === 1 && meta(placed.id, '_specter_order_no') !== undefined && !note.includes('NO');
			hostile('Specter answers an HTML error page (n8n)', `${failed ? errorOf(failed) : executions.map(errorOf).join(' | ')}; not marked refused: ${!marked}; the catch-up transferred it once${note}`, ok);
			assert.ok(ok);
		});

		it('Specter answers newOrderSubmit with an empty body after storing it: the execution fails; the catch-up finds it already transferred; one Specter order', async () => {
			await stack.specterControl('POST', 'faults', { kind: 'empty', action: 'newOrderSubmit', times: 1, after: true });
			const { placed, executions } = await placeAndRun(shopperOrder(5, 'hostile'));
			const failed = failedWith(executions, new RegExp(`${placed.number}.*empty body`));
			const note = await alertNote(placed.number);
			await stack.runSchedules(ORDER_TEMPLATE);
			await stack.waitUntilIdle({ quietMs: 4_000 });
			const ok = failed !== undefined && specterOrdersOf(placed.number) === 1 && meta(placed.id, '_specter_order_no') !== undefined && !note.includes('NO');
			hostile('Specter stores the order but answers an empty body (n8n)', `${failed ? errorOf(failed) : executions.map(errorOf).join(' | ')}; the catch-up found it already transferred, one Specter order${note}`, ok);
			assert.ok(ok);
		});

		it('Specter cuts its answer off (truncated): retried, the order goes through once', async () => {
			await stack.specterControl('POST', 'faults', { kind: 'truncated', action: 'newOrderSubmit', times: 1, after: true });
			const { placed, executions } = await placeAndRun(shopperOrder(6, 'hostile'));
			const ok = executions.some((execution) => execution.status === 'success' && JSON.stringify(execution.data?.resultData?.runData ?? {}).includes('"alreadyTransferred":true')) && specterOrdersOf(placed.number) === 1;
			hostile('Specter answer truncated after storing the order (n8n)', `executions: ${executions.map((execution) => execution.status).join(', ')}; Specter orders: ${specterOrdersOf(placed.number)} (the retry found it already transferred)`, ok);
			assert.ok(ok);
		});

		it('WooCommerce answers 500 when the Specter order number is saved: the execution fails; the catch-up saves it; one Specter order', async () => {
			await stack.wooControl('POST', 'faults', { kind: 'http500', path: '/orders/', times: 1 });
			const { placed, executions } = await placeAndRun(shopperOrder(7, 'hostile'));
			const failed = executions.find((execution) => execution.status === 'error');
			const savedBefore = meta(placed.id, '_specter_order_no') !== undefined;
			await stack.runSchedules(ORDER_TEMPLATE);
			await stack.waitUntilIdle({ quietMs: 4_000 });
			const ok = failed !== undefined && !savedBefore && specterOrdersOf(placed.number) === 1 && meta(placed.id, '_specter_order_no') !== undefined;
			const node = failed?.data?.resultData?.lastNodeExecuted ?? '';
			hostile('WooCommerce answers 500 on saving the order number (n8n)', `${failed ? `${node}: ${errorOf(failed)}` : 'no failed execution'}; the catch-up saved the number, one Specter order`, ok);
			assert.ok(ok);
		});

		it('WooCommerce answers 401 (the key was revoked): the stock execution fails, the batch stays unacknowledged, and goes through once the key works again', async () => {
			const credentials = await stack.n8n.api<{ data: Array<{ id: string; name: string }> }>('GET', '/credentials?limit=100');
			const wooCredential = credentials.data.find((credential) => credential.name === WOOCOMMERCE_CREDENTIAL_NAME);
			assert.ok(wooCredential);
			const data = { url: stack.woo.url, consumerKey: stack.woo.consumerKey, includeCredentialsInQuery: false };
			const revoked = 'cs_revoked_0000000000000000000000000000000';
			await stack.n8n.api('PATCH', `/credentials/${wooCredential.id}`, { data: { ...data, consumerSecret: revoked } });
			const before = await lastExecutionId(stack.workflows[STOCK_TEMPLATE]);
			await stack.specterControl('POST', 'stock', { articleNo: 'Q-0001', quantity: 4242 });
			await pollNow(stack, STOCK_TEMPLATE);
			await stack.waitUntilIdle({ quietMs: 4_000 });
			const failed = (await executionsAfter(stack.workflows[STOCK_TEMPLATE], before)).find((execution) => execution.status === 'error');
			const stillOpen = stack.specter.state.queues.stock.bound !== null;
			await stack.n8n.api('PATCH', `/credentials/${wooCredential.id}`, { data: { ...data, consumerSecret: stack.woo.consumerSecret } });
			await pollNow(stack, STOCK_TEMPLATE);
			await stack.waitUntilIdle({ quietMs: 4_000 });
			const written = stack.woo.state.products.find((product) => product.sku === 'Q-0001')?.stock_quantity === 4242;
			const ok = failed !== undefined && stillOpen && written && stack.specter.state.queues.stock.bound === null;
			const node = failed?.data?.resultData?.lastNodeExecuted ?? '';
			hostile('WooCommerce answers 401 to the stock write (n8n)', `${failed ? `${node}: ${errorOf(failed)}` : 'no failed execution'}; the batch stayed unacknowledged and went through with the key restored`, ok);
			assert.ok(ok);
		});

		it('Specter answers the stock fetch with malformed XML: the scheduled poll fails visibly; the next poll writes and acknowledges', async () => {
			const before = await lastExecutionId(stack.workflows[STOCK_TEMPLATE]);
			await stack.specterControl('POST', 'faults', { kind: 'malformedXml', action: 'getArticleExternalNeedUpdate', times: 1 });
			await stack.specterControl('POST', 'stock', { articleNo: 'Q-0002', quantity: 777 });
			// the trigger's own schedule (every minute) meets the fault; n8n records the failed poll as an execution
			const deadline = Date.now() + 200_000;
			let failed: Execution | undefined;
			while (!failed && Date.now() < deadline) {
				await sleep(3_000);
				failed = (await executionsAfter(stack.workflows[STOCK_TEMPLATE], before)).find((execution) => /malformed XML/.test(errorOf(execution)));
			}
			// the next poll now rather than at the next minute: the fault was for one fetch only
			if (failed) await pollNow(stack, STOCK_TEMPLATE);
			while (Date.now() < deadline && stack.woo.state.products.find((product) => product.sku === 'Q-0002')?.stock_quantity !== 777) await sleep(3_000);
			await stack.waitUntilIdle({ quietMs: 4_000 });
			const note = await alertNote('malformed XML');
			const ok = failed !== undefined && stack.woo.state.products.find((product) => product.sku === 'Q-0002')?.stock_quantity === 777 && stack.specter.state.queues.stock.bound === null;
			hostile('Specter answers the stock fetch with malformed XML (n8n)', `${failed ? errorOf(failed) : 'no failed poll recorded'}; the next poll wrote and acknowledged${note}`, ok);
			assert.ok(ok);
		});
	});

	it('a forged WooCommerce webhook signature starts no execution', async () => {
		const created = stack.woo.state.webhooks.find((hook) => hook.topic === 'order.created' && hook.status === 'active');
		assert.ok(created, 'an active order.created webhook');
		const before = await lastExecutionId(orderWorkflow());
		const body = JSON.stringify({ id: 999999, number: '999999', status: 'processing', line_items: [] });
		const headers = { 'content-type': 'application/json', 'x-wc-webhook-id': String(created.id), 'x-wc-webhook-topic': 'order.created' };
		const attempts = [
			{ ...headers, 'x-wc-webhook-signature': createHmac('sha256', 'not-the-secret').update(body).digest('base64') },
			{ ...headers, 'x-wc-webhook-signature': createHmac('sha256', created.secret).update(`${body} `).digest('base64') },
			headers,
		];
		const answers: number[] = [];
		for (const attempt of attempts) {
			const response = await fetch(created.delivery_url, { method: 'POST', headers: attempt, body });
			await response.body?.cancel();
			answers.push(response.status);
		}
		// a correctly signed delivery afterwards: once it ran, the forged ones would have too
		const barrier = await placeOrder(stack, shopperOrder(8, 'forged'));
		await stack.waitUntilIdle({ quietMs: 4_000 });
		const executions = await executionsAfter(orderWorkflow(), before);
		const forgedRuns = executions.filter((execution) => JSON.stringify(execution.data?.resultData?.runData ?? {}).includes('"number":"999999"'));
		summary.forged = { sent: attempts.length, answered: answers.join(', '), executions: forgedRuns.length };
		assert.deepEqual(answers, [401, 401, 401]);
		assert.equal(forgedRuns.length, 0);
		assert.ok(executions.length > 0);
		assert.ok(meta(barrier.id, '_specter_order_no') !== undefined, 'the signed delivery ran');
	});

	it('secrets: no credential value, key or computed MD5 key in any log line, execution record or error message of the run (an API v1 account included)', async () => {
		// an API v1 account (MD5 keys) in the same n8n: one good order, one with an emoji, and a wrong key in the credential test
		const [keyOne, keyTwo, wrongKey] = ['faults-md5-key-one', 'faults-md5-key-two', 'faults-wrong-md5-key'];
		const v1Account = { sbmId: '7777', apiVersion: 1 as const, md5Key1: keyOne, md5Key2: keyTwo };
		v1Sim = await startSpecterSimulator({ account: v1Account, pseudoArticles: ['SHIPPING', 'FEE', 'DISCOUNT', 'ROUNDING'] });
		for (const articleNo of ['MUG-01', 'BOOK-01', 'FOOD-01', 'TEE-M', 'TEE-S', 'GIFT-01']) {
			await fetch(`${v1Sim.url}__control/articles`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ articleNo, stock: 10 }) });
		}
		const v1Data = { baseUrl: v1Sim.url, apiVersion: '1', sbmId: v1Account.sbmId, md5SecretKey1: v1Account.md5Key1, md5SecretKey2: v1Account.md5Key2 };
		const credential = await stack.n8n.createCredential({ name: 'Specter v1 (fault suite)', type: 'specterApi', data: v1Data });
		const refused = await stack.n8n.rest<{ data: { status: string; message: string } }>('POST', '/credentials/test', {
			credentials: { id: '', name: 'v1 wrong', type: 'specterApi', data: { ...v1Data, md5SecretKey2: wrongKey } },
		});
		assert.equal(refused.data.status, 'Error');
		const orders: unknown[] = [];
		for (const order of transferred.slice(0, 2)) orders.push((await stack.wooApi.get(`orders/${order.id}`)).data);
		const emoji = JSON.parse(JSON.stringify(orders[1])) as { billing: { first_name: string } };
		emoji.billing.first_name = 'Emoji 🎉';
		const workflow = {
			name: 'API v1 account (fault suite)',
			nodes: [
				{ id: 'v1-1', name: 'Run', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
				{
					id: 'v1-2',
					name: 'Orders',
					type: 'n8n-nodes-base.code',
					typeVersion: 2,
					position: [200, 0],
					parameters: { jsCode: `return ${JSON.stringify([orders[0], emoji])}.map((json) => ({ json }));` },
				},
				{
					id: 'v1-3',
					name: 'Create order in Specter (v1)',
					type: 'n8n-nodes-specter.specter',
					typeVersion: 1,
					position: [400, 0],
					parameters: { resource: 'order', operation: 'createFromWooCommerce', shippingArticleNo: 'SHIPPING', feeArticleNo: 'FEE', discountArticleNo: 'DISCOUNT', roundingArticleNo: 'ROUNDING' },
					credentials: { specterApi: { id: credential.id, name: 'Specter v1 (fault suite)' } },
					onError: 'continueRegularOutput',
				},
			],
			connections: { Run: { main: [[{ node: 'Orders', type: 'main', index: 0 }]] }, Orders: { main: [[{ node: 'Create order in Specter (v1)', type: 'main', index: 0 }]] } },
			settings: { executionOrder: 'v1' },
		};
		const { id } = await stack.n8n.createWorkflow(workflow);
		const { data } = await stack.n8n.rest<{ data: { executionId: string } }>('POST', `/workflows/${id}/run`, { triggerToStartFrom: { name: 'Run' } });
		await stack.waitUntilIdle({ quietMs: 3_000 });
		const v1Run = await stack.n8n.api<Execution>('GET', `/executions/${data.executionId}?includeData=true`);
		const v1Output = JSON.stringify(v1Run.data?.resultData?.runData?.['Create order in Specter (v1)'] ?? []);
		assert.equal(v1Sim.state.orders.size, 1, 'the good order reached the v1 account');
		assert.match(v1Output, /firstName/, 'the emoji order failed naming the field');

		// every execution of every workflow, with data; n8n's log; the suite's own output; both simulators' state
		const { consumerKey, consumerSecret } = stack.woo;
		const secrets = [
			consumerKey,
			consumerSecret,
			Buffer.from(`${consumerKey}:${consumerSecret}`).toString('base64'),
			'sim-api-user-key',
			'sim-integration-key',
			v1Account.md5Key1,
			v1Account.md5Key2,
			wrongKey,
			...stack.specter.signingSecrets,
			...v1Sim.signingSecrets,
		];
		const found: string[] = [];
		let texts = 0;
		let bytes = 0;
		const scan = (where: string, text: string) => {
			texts++;
			bytes += text.length;
			for (const secret of secrets) if (text.includes(secret)) found.push(`${secret.slice(0, 6)}… in ${where}`);
		};
		const workflows = await stack.n8n.api<{ data: Array<{ id: string; name: string }> }>('GET', '/workflows?limit=250');
		let executions = 0;
		for (const workflow of workflows.data) {
			await stack.forEachExecutionPage(workflow.id, (page) => {
				executions += page.length;
				for (const execution of page) scan(`execution ${execution.id} of "${workflow.name}"`, JSON.stringify(execution));
			});
		}
		scan('n8n log', readFileSync(stack.n8nLogPath, 'utf8'));
		scan('suite output', stack.printed.join('\n'));
		scan('Specter simulator state', JSON.stringify(await stack.specterControl('GET', 'state')));
		scan('Specter v1 simulator state', await (await fetch(`${v1Sim.url}__control/state`)).text());
		scan('credential test answer', JSON.stringify(refused));
		scan('Slack messages of the failure alert', JSON.stringify(stack.slack.messages));
		summary.secrets = { secrets: secrets.length, texts, bytes, found, executions };
		assert.deepEqual(found, []);
		assert.ok(stack.specter.signingSecrets.size > 100, 'the keys of the run were collected');
	});
});

function printSummary(summary: Summary, ms: number): string {
	const parts = [`## Fault suite, ${summary.size} size, measured ${summary.date} (${seconds(ms)})`];
	if (summary.orders) {
		const { outcome, beforeCatchUp } = summary.orders;
		parts.push(
			table('Orders under faults', ['Placed', 'Specter orders', 'Lost', 'Duplicated', 'Order no. saved wrong', 'Totals differ', 'Duplicate customers', 'In Specter before the catch-up rounds', 'Catch-up rounds', 'n8n down', 'Time'], [
				[outcome.placed, outcome.specterOrders, outcome.lost, outcome.duplicated, outcome.metaWrong, outcome.totalsWrong, outcome.duplicateCustomers, beforeCatchUp.placed - beforeCatchUp.lost, summary.orders.catchUpRounds, seconds(summary.orders.downMs), seconds(summary.orders.ms)],
			]),
			`Specter calls: ${JSON.stringify(summary.orders.faults)}; webhook deliveries: ${JSON.stringify(summary.orders.deliveries)}; executions: ${JSON.stringify(summary.orders.executions)}; webhooks after the restart: ${summary.orders.webhooksAfterRestart}`,
		);
	}
	if (summary.atomicity.length > 0) {
		parts.push(
			table(
				`Non-atomic Specter (${DUPLICATE_CHECK_WINDOW_MS} ms between duplicate check and write), order.created + order.updated each delivered 3 times`,
				['n8n configuration', 'Orders', 'Specter orders', 'Lost', 'Duplicated', 'Time'],
				summary.atomicity.map(({ config, outcome, ms }) => [config, outcome.placed, outcome.specterOrders, outcome.lost, outcome.duplicated, seconds(ms)]),
			),
		);
	}
	if (summary.queues) {
		const { stock, orderStatus, articleInfo } = summary.queues;
		const rows: Array<Array<string | number>> = [['stock', stock.changes, stock.wrong.length, stock.ack.batches, stock.ack.ackedBeforeWrite.length]];
		if (orderStatus !== 'no template') rows.push(['order status', orderStatus.changes, orderStatus.wrong.length, orderStatus.ack.batches, orderStatus.ack.ackedBeforeWrite.length]);
		if (articleInfo !== 'no template') rows.push(['article', articleInfo.changes, articleInfo.wrong.length, articleInfo.ack.batches, articleInfo.ack.ackedBeforeWrite.length]);
		parts.push(
			table('Queues under faults and a restart', ['Queue', 'Changes', 'Lost (WooCommerce differs at the end)', 'Batches acknowledged', 'Acknowledged before its write'], rows),
			`Templates missing: ${[orderStatus === 'no template' ? 'order status' : '', articleInfo === 'no template' ? 'article changes' : ''].filter(Boolean).join(', ') || 'none'}; polls made: ${summary.queues.polls}; Specter calls: ${JSON.stringify(summary.queues.faults)}; n8n killed with batches open: ${summary.queues.openAtKill.join(', ') || 'none'}, down ${seconds(summary.queues.downMs)}; ${seconds(summary.queues.ms)}`,
		);
	}
	if (summary.hostile.length > 0) {
		parts.push(table('Hostile inputs through the real n8n', ['Input', 'Shown (execution view)', 'As required'], summary.hostile.map(({ input, shown, ok }) => [input, shown.replace(/\|/g, '/'), ok ? 'yes' : 'NO'])));
	}
	if (summary.forged) parts.push(`Forged webhook signatures: ${summary.forged.sent} sent, answered ${summary.forged.answered}, executions started: ${summary.forged.executions}`);
	if (summary.secrets) {
		const { secrets, texts, bytes, found, executions } = summary.secrets;
		parts.push(
			`Secrets: ${secrets} values (credential keys and secrets, WooCommerce's Basic header, every per-request MD5 key and inner hash) searched in ${texts} texts, ${(bytes / 1e6).toFixed(1)} MB (${executions} executions with their data, n8n's log, the suite's output, both Specter simulators' state, the failure alert's Slack messages): ${found.length === 0 ? 'none found' : found.join('; ')}`,
		);
	}
	return parts.join('\n\n');
}
