/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, no-console -- the scale run is a Node program, not code that runs inside n8n */
// `npm run scale`: the templates, unchanged, on n8n's own distributed engine (queue mode). Postgres and Redis of
// its own (Debian packages, installed with apt-get when missing), the pinned n8n as main + webhook processor +
// workers with the package installed once into their shared user folder, and both simulators, Specter answering
// every call after --latency-ms (default 150). Orders are placed in a burst with every webhook delivered three
// times, first with one worker, then with two; then stock changes go through the stock template's trigger, which
// polls on main only. Prints a table and writes bench/results/scale.json (checked against bench/results-schema.ts).
// Everything started is stopped at the end, on failure and on Ctrl-C.
// Options: --orders N (default 200), --latency-ms N (default 150), --worker-concurrency N (jobs per worker; default
// n8n's 10).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { queueModeN8n, type QueueModeCluster } from '../test/e2e/queue-mode';
import { startStack, type Stack } from '../test/e2e/stack';
import { ORDER_TEMPLATE, runOrderLoad, type OrderLoadResult } from './real/order-load';
import { STOCK_TEMPLATE, runStockChanges } from './real/stock-batches';
import { round, tapWooRequests } from './real/support';
import { scaleResultsProblems } from './results-schema';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS helper shared with jest's setup
const { ensureBuild } = require('../test/jest-support/ensure-build') as { ensureBuild(): void };

const RESULTS_FILE = join(__dirname, 'results', 'scale.json');

function option(name: string, fallback: number): number {
	const index = process.argv.indexOf(`--${name}`);
	if (index < 0) return fallback;
	const value = Number(process.argv[index + 1]);
	if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} takes a number, got ${process.argv[index + 1]}`);
	return value;
}

const started = Date.now();
const log = (message: string) => console.log(`[scale ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}`);

/** Sample catalogue articles and new quantities for the stock part (products and one variation). */
const STOCK_CHANGES = [
	{ articleNo: 'MUG-01', quantity: 11 },
	{ articleNo: 'BOOK-01', quantity: 12 },
	{ articleNo: 'FOOD-01', quantity: 13 },
	{ articleNo: 'TEE-S', quantity: 14 },
	{ articleNo: 'TEE-M', quantity: 15 },
	{ articleNo: 'TEE-L', quantity: 16 },
];

/** Lines of an n8n process's log containing `needle` (n8n logs each execution it enqueues or starts at info level). */
function logLines(path: string, needle: string): number {
	return existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter((line) => line.includes(needle)).length : 0;
}

/** Who did the work so far: executions enqueued by main and by the webhook processor, started by each worker. */
function processCounts(cluster: QueueModeCluster) {
	return {
		enqueuedByMain: logLines(cluster.main.logPath, 'Enqueued execution'),
		enqueuedByWebhookProcessor: logLines(cluster.webhook.logPath, 'Enqueued execution'),
		startedByWorker: cluster.workers.map((worker) => logLines(worker.logPath, 'Worker started execution')),
	};
}

type ProcessCounts = ReturnType<typeof processCounts>;

/** The counts of a phase: after minus before. */
function phaseCounts(before: ProcessCounts, after: ProcessCounts): ProcessCounts {
	return {
		enqueuedByMain: after.enqueuedByMain - before.enqueuedByMain,
		enqueuedByWebhookProcessor: after.enqueuedByWebhookProcessor - before.enqueuedByWebhookProcessor,
		startedByWorker: after.startedByWorker.map((count, index) => count - (before.startedByWorker[index] ?? 0)),
	};
}

function phaseRow(workers: number, result: OrderLoadResult, processes: ProcessCounts) {
	return {
		workers,
		processes,
		orders: result.orders,
		ordersPerMinute: result.ordersPerMinute,
		makespanMs: result.makespanMs,
		drainMs: result.drainMs,
		latencyMedianMs: result.latency.medianMs,
		latencyP95Ms: result.latency.p95Ms,
		inSpecter: result.inSpecter,
		lost: result.lost,
		duplicates: result.duplicates,
		deliveries: result.webhookDeliveries,
		specterCalls: result.specterCalls,
		executions: result.executions,
	};
}

async function main(): Promise<void> {
	const orders = Math.round(option('orders', 200));
	const latencyMs = option('latency-ms', 150);
	const workerConcurrency = Math.round(option('worker-concurrency', 10));
	const loadAverageAtStart = loadavg().map((value) => round(value, 2));
	ensureBuild();
	let stack: Stack | undefined;
	let stopping = false;
	const stop = async (why: string) => {
		if (stopping) return;
		stopping = true;
		log(`${why}: stopping n8n, Redis, Postgres and the simulators`);
		await stack?.stop();
	};
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
		process.once(signal, () =>
			void stop(signal).finally(() => {
				log('stopped');
				process.exit(130);
			}),
		);
	}
	try {
		log(`starting queue mode: Postgres, Redis, n8n main + webhook processor + 1 worker`);
		stack = await startStack({
			startN8n: queueModeN8n({ workers: 1, workerConcurrency, log }),
			templates: [ORDER_TEMPLATE, STOCK_TEMPLATE],
			log,
		});
		const cluster = stack.n8nCluster as QueueModeCluster;
		const workflowId = stack.workflows[ORDER_TEMPLATE];
		const woo = tapWooRequests(stack.woo);
		const stockActivatedAt = Date.now();
		const requestsAtActivation = stack.specter.state.requests.length;
		log(`ready; Specter answers every call after ${latencyMs} ms`);
		await stack.specterControl('POST', 'faults', { kind: 'latency', times: 100_000_000, latencyMs });

		const load = (workers: number) =>
			runOrderLoad(stack as Stack, {
				orders,
				pacing: 'burst',
				deliveriesPerWebhook: 3,
				workflowId,
				log: (message) => log(`${workers} worker${workers === 1 ? '' : 's'}: ${message}`),
			});
		const beforeOne = processCounts(cluster);
		const one = await load(1);
		const afterOne = processCounts(cluster);
		log(`1 worker: ${one.ordersPerMinute} orders/min, ${one.duplicates} duplicates, ${one.lost} lost`);
		await cluster.addWorker();
		const beforeTwo = processCounts(cluster);
		const two = await load(2);
		const afterTwo = processCounts(cluster);
		log(`2 workers: ${two.ordersPerMinute} orders/min, ${two.duplicates} duplicates, ${two.lost} lost`);

		log('stock: changes queued in Specter; waiting for the template trigger to poll on its schedule (every minute)');
		const beforeStock = processCounts(cluster);
		const stock = await runStockChanges(stack, {
			workflowId: stack.workflows[STOCK_TEMPLATE],
			changes: STOCK_CHANGES,
			wooCalls: woo.calls,
			log,
		});
		const stockActiveMinutes = (Date.now() - stockActivatedAt) / 60_000;
		const stockProcesses = phaseCounts(beforeStock, processCounts(cluster));
		// one poller (main) fetches about once a minute; a poller on each worker too would multiply this
		const stockFetchesWhileActive = stack.specter.state.requests.slice(requestsAtActivation).filter((call) => call.action === 'getArticleExternalNeedUpdate').length;

		const report = {
			generatedAt: new Date().toISOString(),
			node: process.version,
			configuration: {
				machine: { cpus: cpus().length, loadAverageAtStart, loadAverageAtEnd: loadavg().map((value) => round(value, 2)) },
				n8n: '2.41.0, queue mode: main (n8n start) + 1 webhook processor (n8n webhook) + workers (n8n worker), Postgres and Redis on loopback',
				workerConcurrency,
				postgresPort: cluster.postgres.port,
				specterLatencyMs: latencyMs,
				deliveriesPerWebhook: 3,
				ordersPerPhase: orders,
				pacing: 'burst',
			},
			phases: [phaseRow(1, one, phaseCounts(beforeOne, afterOne)), phaseRow(2, two, phaseCounts(beforeTwo, afterTwo))],
			throughputRatio2To1: round(two.ordersPerMinute / one.ordersPerMinute, 2),
			stock: { ...stock, stockActiveMinutes: round(stockActiveMinutes, 1), stockFetchesWhileActive, processes: stockProcesses },
			checks: [
				{ name: '1 worker: every order in Specter', expected: orders, actual: one.inSpecter },
				{ name: '1 worker: duplicates', expected: 0, actual: one.duplicates },
				{ name: '2 workers: every order in Specter', expected: orders, actual: two.inSpecter },
				{ name: '2 workers: duplicates', expected: 0, actual: two.duplicates },
				{ name: 'repeated deliveries refused', expected: 0, actual: one.webhookDeliveries.notAccepted + two.webhookDeliveries.notAccepted },
				{ name: 'main ran no execution itself (none started outside the workers)', expected: true, actual: logLines(cluster.main.logPath, 'started execution') === 0 },
				{ name: '2 workers: both ran executions', expected: true, actual: phaseCounts(beforeTwo, afterTwo).startedByWorker.every((count) => count > 0) },
				{ name: 'stock: batches emitted more than once', expected: [], actual: stock.batchesEmittedTwice },
				{ name: 'stock: products with a wrong quantity', expected: 0, actual: stock.wrongInWooCommerce },
				{ name: 'stock: acknowledgements = batches', expected: stock.batches, actual: stock.acknowledgements },
				{
					name: 'stock: queue fetches no more than one poller makes (one a minute, one more per open batch)',
					expected: true,
					actual: stockFetchesWhileActive <= Math.ceil(stockActiveMinutes) + 1 + stock.batches,
				},
				{ name: 'the WooCommerce request tap saw every call', expected: true, actual: woo.intact() },
			].map((check) => ({ ...check, ok: JSON.stringify(check.expected) === JSON.stringify(check.actual) })),
		};
		woo.detach();

		const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
		console.log(
			`\nQueue mode, ${orders} orders per phase in a burst, every webhook delivered 3×, Specter latency ${latencyMs} ms per call, ` +
				`worker concurrency ${workerConcurrency}\n`,
		);
		console.log(
			'| Workers | Orders/min | Last order in Specter | Last order.created delivered | Drained | Latency median / p95 | Webhook answer median / p95 | In Specter | Lost | Duplicates | Executions |',
		);
		console.log('|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|');
		for (const phase of report.phases) {
			console.log(
				`| ${phase.workers} | ${phase.ordersPerMinute} | ${seconds(phase.makespanMs)} | ${seconds(phase.deliveries.lastOrderCreatedDeliveredMs)} | ${seconds(phase.drainMs)} | ` +
					`${seconds(phase.latencyMedianMs)} / ${seconds(phase.latencyP95Ms)} | ${phase.deliveries.answerMedianMs} / ${phase.deliveries.answerP95Ms} ms | ` +
					`${phase.inSpecter} | ${phase.lost} | ${phase.duplicates} | ${phase.executions.total} |`,
			);
		}
		for (const phase of report.phases) {
			console.log(
				`${phase.workers} worker${phase.workers === 1 ? '' : 's'}: executions enqueued by the webhook processor ${phase.processes.enqueuedByWebhookProcessor}, ` +
					`by main ${phase.processes.enqueuedByMain}; started by worker ${phase.processes.startedByWorker.map((count, index) => `${index + 1}: ${count}`).join(', ')}`,
			);
		}
		console.log(`\nThroughput ratio, 2 workers / 1 worker: ${report.throughputRatio2To1}`);
		console.log(
			`Stock: ${stock.changes} changes in ${stock.batches} batch(es), emitted by ${stock.executionsWithChanges} execution(s), ` +
				`${stock.acknowledgements} acknowledgement(s), ${stockFetchesWhileActive} stock-queue fetches in the ${report.stock.stockActiveMinutes} min ` +
				`the trigger was active (one poller, on main: about one a minute), ${stock.wrongInWooCommerce} wrong in WooCommerce; ` +
				`executions enqueued by main ${stockProcesses.enqueuedByMain}, started by worker ${stockProcesses.startedByWorker.map((count, index) => `${index + 1}: ${count}`).join(', ')}`,
		);
		const failed = report.checks.filter((check) => !check.ok);
		console.log(`Checks: ${report.checks.length - failed.length}/${report.checks.length} hold`);
		for (const check of failed) console.log(`  FAILED ${check.name}: expected ${JSON.stringify(check.expected)}, got ${JSON.stringify(check.actual)}`);

		const json = `${JSON.stringify(report, null, 2)}\n`;
		const problems = scaleResultsProblems(JSON.parse(json));
		if (problems.length > 0) {
			console.error(`Not writing ${RESULTS_FILE}: the report does not fit bench/results-schema.ts:\n  ${problems.join('\n  ')}`);
			process.exitCode = 1;
		} else {
			mkdirSync(join(__dirname, 'results'), { recursive: true });
			writeFileSync(RESULTS_FILE, json);
			console.log(`Wrote ${RESULTS_FILE}`);
		}
		if (failed.length > 0) process.exitCode = 1;
	} finally {
		await stop('done');
		log('stopped');
	}
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? (error.stack ?? error.message) : error);
	process.exitCode = 1;
});
