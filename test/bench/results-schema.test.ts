/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
/// <reference types="jest" />
// The zod schema of bench/results/latest.json (bench/results-schema.ts), which `npm run bench` checks its report
// against before writing it: a report as the bench writes it passes, and every wrong field is named by its path.
import assert from 'node:assert/strict';

import { benchResultsProblems, benchResultsSchema, scaleResultsProblems } from '../../bench/results-schema';
import { orderTransferScenario } from '../../bench/scenarios/order-transfer';
import { retriesScenario } from '../../bench/scenarios/retries';
import type { ScenarioResult } from '../../bench/support';

const exportRun = (calls: number, created: number, updated: number, untouched: number) => ({
	calls,
	rowsPerCall: [100, 100, 50],
	exported: 250,
	created,
	updated,
	untouched,
});
const delivery = (alreadyTransferred: boolean) => ({ calls: 2, customerCalls: 1, orderCalls: 1, alreadyTransferred, specterOrderNo: '50001' });
const drain = (polls: number, fetches: number, byTrigger: number, byWorkflow: number) => ({
	pollsWithChanges: polls,
	calls: fetches + 4,
	fetchCalls: fetches,
	ackCalls: 4,
	ackCallsByTrigger: byTrigger,
	ackCallsByWorkflow: byWorkflow,
	emittedPerPoll: polls === 1 ? [1000] : [300, 300, 300, 100],
	emitted: 1000,
	uniqueArticles: 1000,
	batches: 4,
	emptyPollCallsAfterDrain: 1,
});
const retryRun = (faults: number, succeeded: boolean) => ({
	faultsInjected: faults,
	attempts: 4,
	faulted: faults,
	calls: 4,
	backOffMs: [500, 1000, 2000],
	succeeded,
	error: succeeded ? null : 'Specter answered newOrderSubmit with HTTP 500 (server error); gave up after 4 attempts.',
	specterOrders: succeeded ? 1 : 0,
});
const check = (name: string, expected: unknown, actual: unknown) => ({ name, expected, actual, ok: JSON.stringify(expected) === JSON.stringify(actual) });

/** A report shaped like the one `npm run bench` writes (numbers from a real run, lists shortened). */
function validReport() {
	return {
		generatedAt: '2025-01-15T10:20:30.456Z',
		node: 'v20.19.5',
		table: [
			{ scenario: '1a Export 250 products, batch size 100 (default)', calls: 3, ratioOrNotes: 'rows per call 100 + 100 + 50' },
			{ scenario: '3c Idle poll (empty queue), ack when workflow finishes', calls: 1, ratioOrNotes: 'calls per poll' },
		],
		scenarios: [
			{
				id: 'articleExport',
				title: 'Article → Export From WooCommerce, 250 products',
				metrics: {
					products: 250,
					batchSize100: exportRun(3, 250, 0, 0),
					batchSize1: { ...exportRun(250, 250, 0, 0), rowsPerCall: [1, 1] },
					callRatioBatch1ToBatch100: 83.33333333333333,
					existingBeforeModeRuns: 50,
					newOnly: exportRun(3, 200, 0, 50),
					all: exportRun(3, 200, 50, 0),
					callRatioAllToNewOnly: 1,
				},
				checks: [check('batch size 100: every product exported', 250, 250)],
			},
			{
				id: 'orderTransfer',
				title: 'Order → Create From WooCommerce Order',
				metrics: {
					fixture: 'order-kco-private-two-rates.json',
					oneOrder: delivery(false),
					deliveries: [delivery(false), delivery(true), delivery(true)],
					totalCallsForAllDeliveries: 6,
					specterOrders: 1,
					specterCustomers: 1,
				},
				checks: [check('3 deliveries make one Specter order', 1, 1)],
			},
			{
				id: 'stockBacklog',
				title: 'Specter Trigger, 1000 queued stock changes (page size 300)',
				metrics: {
					backlog: 1000,
					queuePageSize: 300,
					acknowledgeWhenWorkflowFinishes: drain(4, 4, 0, 4),
					acknowledgeImmediately: drain(1, 5, 4, 0),
					callsPerIdlePoll: { workflow: 1, immediately: 1 },
				},
				checks: [check('workflow mode: changes emitted', 1000, 1000)],
			},
			{
				id: 'retries',
				title: 'Order create through injected HTTP 500 faults (wire client, counting sleep)',
				metrics: {
					retryPolicy: { attempts: 4, baseDelayMs: 500, maxDelayMs: 8000 },
					threeFaults: retryRun(3, true),
					faultsUpToTheRetryLimit: retryRun(4, false),
				},
				checks: [check('at the retry limit: no Specter order', 0, 0)],
			},
		],
		invariantsHold: true,
	};
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests break the report in arbitrary places
type Report = any;

function problemsOf(change: (report: Report) => void): string[] {
	const report: Report = validReport();
	change(report);
	return benchResultsProblems(report);
}

describe('bench results schema (bench/results/latest.json)', () => {
	describe('a good report', () => {
		it('passes', () => {
			assert.deepEqual(benchResultsProblems(validReport()), []);
			assert.equal(benchResultsSchema.safeParse(validReport()).success, true);
		});

		it('passes with a failed check when invariantsHold says so, and with ratios of a zero denominator', () => {
			const problems = problemsOf((report) => {
				report.scenarios[1].checks.push(check('every delivery names the same Specter order', ['50001'], ['50002']));
				report.invariantsHold = false;
				report.scenarios[0].metrics.callRatioAllToNewOnly = null;
			});
			assert.deepEqual(problems, []);
		});

		it('passes the metrics and checks the real scenarios produce', async () => {
			const scenarios: ScenarioResult[] = [await orderTransferScenario(), await retriesScenario()];
			const report = {
				...validReport(),
				table: scenarios.flatMap((scenario) => scenario.rows),
				scenarios: scenarios.map(({ id, title, metrics, checks }) => ({ id, title, metrics, checks })),
				invariantsHold: scenarios.every((scenario) => scenario.checks.every((item) => item.ok)),
			};
			// as it is written: through JSON
			assert.deepEqual(benchResultsProblems(JSON.parse(JSON.stringify(report))), []);
		});

		it('passes scenario 8 (the stock template in a real n8n) as the bench writes it, and names a wrong count', () => {
			// numbers from a run of `npm run bench`
			const run = { changes: 1000, specterBatches: 2, lookups: 10, productBatchWrites: 10, variationBatchWrites: 0, singleWrites: 0, updatesSent: 1000, otherWooCalls: 0, productsRight: 1000, acknowledged: true };
			const stockTemplate = {
				id: 'stockTemplate',
				title: 'Stock template in a real n8n: WooCommerce calls for a backlog of 1000 stock changes',
				metrics: {
					writesGoal: 10,
					simpleProducts: run,
					withVariations: { ...run, simple: 900, variations: 100, variableProducts: 4, productBatchWrites: 9, variationBatchWrites: 4 },
				},
				checks: [check('simple: at most 10 batch writes', true, true)],
			};
			const report = validReport();
			assert.deepEqual(benchResultsProblems({ ...report, scenarios: [...report.scenarios, stockTemplate] }), []);
			const wrong = { ...stockTemplate, metrics: { ...stockTemplate.metrics, simpleProducts: { ...run, lookups: -1, acknowledged: 'yes' } } };
			assert.deepEqual(benchResultsProblems({ ...report, scenarios: [...report.scenarios, wrong] }), [
				`scenarios.${report.scenarios.length}.metrics.simpleProducts.lookups: Too small: expected number to be >=0`,
				`scenarios.${report.scenarios.length}.metrics.simpleProducts.acknowledged: Invalid input: expected boolean, received string`,
			]);
		});
	});

	describe('a wrong field', () => {
		it('is named by its path', () => {
			const problems = problemsOf((report) => {
				report.scenarios[1].metrics.deliveries[2].calls = 'two';
			});
			assert.deepEqual(problems, ['scenarios.1.metrics.deliveries.2.calls: Invalid input: expected number, received string']);
		});

		it('names each of several wrong things', () => {
			const problems = problemsOf((report) => {
				report.generatedAt = 'yesterday';
				report.table[1].calls = -1;
				report.scenarios[0].metrics.batchSize1.rowsPerCall = [1, 0.5];
				report.scenarios[2].metrics.callsPerIdlePoll.sometimes = 2;
				report.scenarios[3].metrics.threeFaults.succeeded = 'yes';
				report.scenarios[3].checks[0].ok = false;
				report.durationMs = 4000;
			});
			assert.deepEqual(problems, [
				'generatedAt: Invalid ISO datetime',
				'table.1.calls: Too small: expected number to be >=0',
				'scenarios.0.metrics.batchSize1.rowsPerCall.1: Invalid input: expected int, received number',
				'scenarios.2.metrics.callsPerIdlePoll.sometimes: Unrecognized key',
				'scenarios.3.metrics.threeFaults.succeeded: Invalid input: expected boolean, received string',
				'scenarios.3.checks.0.ok: ok does not match whether expected equals actual',
				'durationMs: Unrecognized key',
			]);
		});

		it('refuses an unknown scenario, a scenario twice, and invariantsHold that contradicts the checks', () => {
			const problems = problemsOf((report) => {
				report.scenarios.push({ ...report.scenarios[0] });
				report.scenarios[1].id = 'orderTransfers';
				report.scenarios[2].checks[0] = check('workflow mode: changes emitted', 1000, 999);
			});
			assert.equal(problems.length, 3, problems.join('\n'));
			assert.match(problems[0], /^scenarios\.1\.id: Invalid option: expected one of "articleExport"\|"orderTransfer"\|"stockBacklog"\|"retries"/);
			assert.equal(problems[1], 'scenarios.4.id: scenario articleExport appears twice');
			assert.equal(problems[2], 'invariantsHold: must be false: a check failed');
		});

		it('refuses a document without scenarios or table', () => {
			assert.deepEqual(benchResultsProblems({ generatedAt: '2025-01-15T10:20:30Z', node: 'v20.19.5', invariantsHold: true }), [
				'table: Invalid input: expected array, received undefined',
				'scenarios: Invalid input: expected array, received undefined',
			]);
			assert.deepEqual(benchResultsProblems([]), ['(document): Invalid input: expected object, received array']);
		});
	});
});

// ---- the real-n8n part (bench/real/scenarios.ts) and npm run scale (bench/scale.ts) ------------------------------------

const latency = (medianMs: number, p95Ms: number) => ({ medianMs, p95Ms, maxMs: p95Ms + 100 });
const orderLoad = (orders: number, specterCalls: number) => ({
	orders,
	inSpecter: orders,
	lost: 0,
	duplicates: 0,
	latency: latency(411, 712),
	catchUpRuns: 0,
	makespanMs: 43_074,
	ordersPerMinute: 278.6,
	drainMs: 79_000,
	deliveries: {
		byStore: 2 * orders,
		repeats: 0,
		notAccepted: 0,
		byTopic: { 'order.created': orders, 'order.updated': orders },
		answerMedianMs: 0,
		answerP95Ms: 0,
		lastOrderCreatedDeliveredMs: 40_000,
	},
	specterCalls: { newCustomerSubmit: specterCalls / 2, newOrderSubmit: specterCalls / 2 },
	executions: { total: 2 * orders, byStatus: { success: 2 * orders }, byMode: { webhook: 2 * orders } },
});
const stockRun = () => ({
	changes: 10_000,
	batches: 21,
	executionsWithChanges: 22,
	batchesEmittedTwice: ['a280ebcbf1e96c184c5e501ef55c2701'],
	triggerItems: 10_500,
	acknowledgements: 22,
	stockFetches: 23,
	wrongInWooCommerce: 0,
	wooCalls: 207,
	wooCallsByRoute: { 'POST /products/batch': 101, 'GET /products': 105, 'POST /products/:id/variations/batch': 1 },
	wooBatchItems: 10_000,
	durationMs: 178_200,
	executionStatuses: { success: 22 },
});

/** The three scenarios of the real part as bench/real/scenarios.ts reports them (numbers from a real run). */
function realScenarios() {
	return [
		{
			id: 'realExport',
			title: 'Real n8n: export 10000 products',
			metrics: {
				products: 10_000,
				articlesSent: 10_007,
				workflow: 'woocommerce-products-export-to-specter.json',
				specterCalls: 101,
				callsGoal: 101,
				rowsPerCall: 100,
				wooReads: 102,
				n8nMs: 14_000,
				plainScriptMs: 2_100,
				plainScriptRunsMs: [2_300, 2_100, 1_900],
				overheadRatio: 6.67,
				idleRssMb: 722,
				peakRssMb: 1359,
				rssGrowthMb: 637,
				rssGrowthGoalMb: 150,
				rssSamples: 140,
				executionDataMb: 60,
			},
			checks: [check('every product reached Specter', [], [])],
		},
		{
			id: 'realOrders',
			title: 'Real n8n: WooCommerce orders → Specter through the order template',
			metrics: {
				oneAtATime: orderLoad(200, 400),
				burst: orderLoad(200, 400),
				deliveredThreeTimes: orderLoad(20, 120),
				specterCallsPerOrder: 2,
				specterCallsPerRepeatedDelivery: 2,
			},
			checks: [check('burst: no duplicate Specter order', 0, 0)],
		},
		{
			id: 'realStock',
			title: 'Real n8n: 10000 stock changes → WooCommerce through the stock template',
			metrics: { ...stockRun(), callsGoal: 100 },
			checks: [check('every new quantity in WooCommerce', 0, 0)],
		},
	];
}

function realReport(): Report {
	return {
		...validReport(),
		parts: ['node', 'real'],
		machine: { cpus: 2, loadAverageAtStart: [11.4, 10.0, 10.5], loadAverageAtEnd: [7.9, 10.3, 11.5] },
		tookMs: 459_000,
		scenarios: [...validReport().scenarios, ...realScenarios()],
	};
}

describe('bench results schema: the real-n8n part', () => {
	it('passes the report of both parts, and of the real part alone', () => {
		assert.deepEqual(benchResultsProblems(realReport()), []);
		assert.deepEqual(benchResultsProblems({ ...realReport(), parts: ['real'], scenarios: realScenarios() }), []);
	});

	it('names wrong real metrics by their path', () => {
		const report = realReport();
		report.parts = ['docker'];
		report.scenarios[4].metrics.rssGrowthMb = '637 MB';
		delete report.scenarios[5].metrics.burst.latency.p95Ms;
		report.scenarios[6].metrics.wooCallsByRoute['GET /products'] = -1;
		assert.deepEqual(benchResultsProblems(report), [
			'parts.0: Invalid option: expected one of "node"|"real"',
			'scenarios.4.metrics.rssGrowthMb: Invalid input: expected number, received string',
			'scenarios.5.metrics.burst.latency.p95Ms: Invalid input: expected number, received undefined',
			'scenarios.6.metrics.wooCallsByRoute.GET /products: Too small: expected number to be >=0',
		]);
	});
});

describe('scale results schema (bench/results/scale.json)', () => {
	const phase = (workers: number) => {
		const load = orderLoad(200, 1200);
		return {
			workers,
			processes: { enqueuedByMain: 0, enqueuedByWebhookProcessor: 1200, startedByWorker: workers === 1 ? [1200] : [601, 599] },
			orders: 200,
			ordersPerMinute: 101.9,
			makespanMs: load.makespanMs,
			drainMs: load.drainMs,
			latencyMedianMs: 9000,
			latencyP95Ms: 17_100,
			inSpecter: 200,
			lost: 0,
			duplicates: 0,
			deliveries: { ...load.deliveries, repeats: 800, answerMedianMs: 210, answerP95Ms: 800 },
			specterCalls: load.specterCalls,
			executions: load.executions,
		};
	};
	const scaleReport = (): Report => ({
		generatedAt: '2026-11-30T02:10:00.000Z',
		node: 'v20.20.2',
		configuration: {
			machine: { cpus: 2, loadAverageAtEnd: [6.5, 10.5, 7.5] },
			n8n: '2.41.0, queue mode',
			workerConcurrency: 10,
			postgresPort: 21190,
			specterLatencyMs: 150,
			deliveriesPerWebhook: 3,
			ordersPerPhase: 200,
			pacing: 'burst',
		},
		phases: [phase(1), phase(2)],
		throughputRatio2To1: 1,
		stock: { ...stockRun(), batches: 1, executionsWithChanges: 1, batchesEmittedTwice: [], acknowledgements: 1, stockActiveMinutes: 6.3, stockFetchesWhileActive: 7, processes: { enqueuedByMain: 1, enqueuedByWebhookProcessor: 0, startedByWorker: [0, 1] } },
		checks: [check('2 workers: duplicates', 0, 0)],
	});

	it('passes a report as npm run scale writes it', () => {
		assert.deepEqual(scaleResultsProblems(scaleReport()), []);
	});

	it('names what does not fit', () => {
		const report = scaleReport();
		report.phases.pop();
		report.configuration.pacing = 'trickle';
		report.checks[0].ok = false;
		delete report.stock.stockFetchesWhileActive;
		assert.deepEqual(scaleResultsProblems(report), [
			'configuration.pacing: Invalid option: expected one of "burst"|"oneAtATime"',
			'phases: Too small: expected array to have exactly 2 items',
			'stock.stockFetchesWhileActive: Invalid input: expected number, received undefined',
			'checks.0.ok: ok does not match whether expected equals actual',
		]);
	});
});
