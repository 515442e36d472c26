// The zod schema of bench/results/latest.json, the document `npm run bench` writes (run.ts). run.ts validates the
// report against it before writing, so the file always has this shape: whoever reads it (a CI step comparing runs,
// the README's table) can rely on every field below. A scenario that adds or renames a metric changes its schema
// here too; the bench then names the field that does not fit instead of writing it.
import { z } from 'zod';

const isRecord = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

const count = z.number().int().nonnegative();
/** A ratio of two call counts (e.g. 83.3); `null` is what JSON makes of the NaN/Infinity of a zero denominator. */
const ratio = z.number().nonnegative().nullable();

/** One line of the printed table. */
export const tableRowSchema = z.strictObject({
	scenario: z.string().min(1),
	/** calls, or an average (calls per idle poll), or a label */
	calls: z.union([z.number().nonnegative(), z.string().min(1)]),
	ratioOrNotes: z.string(),
});

/** An invariant the numbers rely on; `ok` must say whether `expected` and `actual` are equal (as JSON). */
export const checkSchema = z
	.strictObject({
		name: z.string().min(1),
		expected: z.unknown(),
		actual: z.unknown(),
		ok: z.boolean(),
	})
	.refine((check) => check.ok === (JSON.stringify(check.expected) === JSON.stringify(check.actual)), {
		error: 'ok does not match whether expected equals actual',
		path: ['ok'],
	});

// ---- metrics per scenario (bench/scenarios/*.ts) -------------------------------------------------------------------

const exportRun = z.strictObject({
	calls: count,
	rowsPerCall: z.array(count),
	exported: count,
	created: count,
	updated: count,
	untouched: count,
});

const articleExportMetrics = z.strictObject({
	products: count,
	batchSize100: exportRun,
	batchSize1: exportRun,
	callRatioBatch1ToBatch100: ratio,
	existingBeforeModeRuns: count,
	newOnly: exportRun,
	all: exportRun,
	callRatioAllToNewOnly: ratio,
});

const delivery = z.strictObject({
	calls: count,
	customerCalls: count,
	orderCalls: count,
	alreadyTransferred: z.boolean().optional(),
	specterOrderNo: z.string().optional(),
});

const orderTransferMetrics = z.strictObject({
	fixture: z.string().endsWith('.json'),
	oneOrder: delivery,
	deliveries: z.array(delivery).min(1),
	totalCallsForAllDeliveries: count,
	specterOrders: count,
	specterCustomers: count,
});

const drainRun = z.strictObject({
	pollsWithChanges: count,
	calls: count,
	fetchCalls: count,
	ackCalls: count,
	ackCallsByTrigger: count,
	ackCallsByWorkflow: count,
	emittedPerPoll: z.array(count),
	emitted: count,
	uniqueArticles: count,
	batches: count,
	emptyPollCallsAfterDrain: count,
});

const stockBacklogMetrics = z.strictObject({
	backlog: count,
	queuePageSize: count,
	acknowledgeWhenWorkflowFinishes: drainRun,
	acknowledgeImmediately: drainRun,
	callsPerIdlePoll: z.strictObject({ workflow: z.number().nonnegative(), immediately: z.number().nonnegative() }),
});

const retryRun = z.strictObject({
	faultsInjected: count,
	attempts: count,
	faulted: count,
	calls: count,
	backOffMs: z.array(z.number().nonnegative()),
	succeeded: z.boolean(),
	error: z.string().nullable(),
	specterOrders: count,
});

const retriesMetrics = z.strictObject({
	retryPolicy: z.strictObject({ attempts: z.number().int().positive(), baseDelayMs: count, maxDelayMs: count, afterTimeoutDelayMs: count.optional() }),
	threeFaults: retryRun,
	faultsUpToTheRetryLimit: retryRun,
});

// ---- the real-n8n part (bench/real/scenarios.ts) -------------------------------------------------------------------

/** The machine times were measured on: other load on it shows in the load averages (1, 5, 15 minutes). */
const loadAverage = z.array(z.number().nonnegative()).length(3);
const machine = z.strictObject({ cpus: z.number().int().positive(), loadAverageAtStart: loadAverage.optional(), loadAverageAtEnd: loadAverage });

const counts = z.record(z.string(), count);
const milliseconds = z.number().nonnegative();
const latency = z.strictObject({ medianMs: milliseconds, p95Ms: milliseconds, maxMs: milliseconds });

const orderLoad = z.strictObject({
	orders: count,
	inSpecter: count,
	lost: count,
	duplicates: count,
	latency,
	catchUpRuns: count,
	makespanMs: count,
	ordersPerMinute: z.number().nonnegative(),
	drainMs: count,
	deliveries: z.strictObject({
		byStore: count,
		repeats: count,
		notAccepted: count,
		byTopic: counts,
		answerMedianMs: milliseconds,
		answerP95Ms: milliseconds,
		lastOrderCreatedDeliveredMs: count,
	}),
	specterCalls: counts,
	executions: z.strictObject({ total: count, byStatus: counts, byMode: counts }),
});

const realOrdersMetrics = z.strictObject({
	oneAtATime: orderLoad,
	burst: orderLoad,
	deliveredThreeTimes: orderLoad,
	specterCallsPerOrder: z.number().nonnegative(),
	specterCallsPerRepeatedDelivery: z.number().nonnegative().nullable(),
});

const realExportMetrics = z.strictObject({
	products: count,
	/** articles in the newArticleSubmit calls: the products plus the sample catalogue's products and variations */
	articlesSent: count,
	/** the template's file name, or 'bench-only' while there is no export template */
	workflow: z.string().min(1),
	specterCalls: count,
	/** ⌈articlesSent / 100⌉ */
	callsGoal: count,
	rowsPerCall: z.number().nonnegative().nullable(),
	wooReads: count,
	n8nMs: count,
	/** the median of plainScriptRunsMs */
	plainScriptMs: count,
	plainScriptRunsMs: z.array(count).min(1),
	/** n8nMs / plainScriptMs */
	overheadRatio: ratio,
	idleRssMb: z.number().nonnegative(),
	peakRssMb: z.number().nonnegative(),
	rssGrowthMb: z.number(),
	rssGrowthGoalMb: z.number().positive(),
	rssSamples: count,
	/** the export execution with its data, as n8n's API returns it, in MB of JSON */
	executionDataMb: z.number().nonnegative(),
});

const stockRun = z.strictObject({
	changes: count,
	batches: count,
	executionsWithChanges: count,
	batchesEmittedTwice: z.array(z.string()),
	triggerItems: count,
	acknowledgements: count,
	stockFetches: count,
	wrongInWooCommerce: count,
	wooCalls: count,
	wooCallsByRoute: counts,
	wooBatchItems: count,
	durationMs: count,
	executionStatuses: counts,
});

const realStockMetrics = stockRun.extend({ callsGoal: count });

// ---- scenario 8: the stock template in a real n8n (bench/scenarios/stock-template.ts) --------------------------------

const stockTemplateRun = z.strictObject({
	changes: count,
	/** Specter batches the backlog came in (one run of the template each) */
	specterBatches: count,
	/** GET /products?sku=… */
	lookups: count,
	/** POST products/batch */
	productBatchWrites: count,
	/** POST products/<parent>/variations/batch */
	variationBatchWrites: count,
	/** PUT/PATCH/POST products/<id> or …/variations/<id> (the template makes none) */
	singleWrites: count,
	/** update items in all batch writes */
	updatesSent: count,
	otherWooCalls: count,
	/** products and variations whose WooCommerce stock equals Specter's figure afterwards */
	productsRight: count,
	acknowledged: z.boolean(),
});

const stockTemplateMetrics = z.strictObject({
	writesGoal: count,
	simpleProducts: stockTemplateRun,
	withVariations: stockTemplateRun.extend({ simple: count, variations: count, variableProducts: count }),
});

const scenario = <Id extends string, Metrics extends z.ZodType>(id: Id, metrics: Metrics) =>
	z.strictObject({ id: z.literal(id), title: z.string().min(1), metrics, checks: z.array(checkSchema).min(1) });

/** One scenario's machine-readable numbers and the invariants checked, picked by `id`. */
export const scenarioSchema = z.discriminatedUnion(
	'id',
	[
		scenario('articleExport', articleExportMetrics),
		scenario('orderTransfer', orderTransferMetrics),
		scenario('stockBacklog', stockBacklogMetrics),
		scenario('retries', retriesMetrics),
		scenario('stockTemplate', stockTemplateMetrics),
		scenario('realExport', realExportMetrics),
		scenario('realOrders', realOrdersMetrics),
		scenario('realStock', realStockMetrics),
	],
	{
		error: (issue) =>
			issue.code === 'invalid_union' && issue.note === 'No matching discriminator'
				? `Invalid option: expected one of ${(issue.options as unknown[]).map((option) => JSON.stringify(option)).join('|')} (a new scenario needs its schema in bench/results-schema.ts)`
				: undefined,
	},
);

/** bench/results/latest.json */
export const benchResultsSchema = z
	.strictObject({
		generatedAt: z.iso.datetime(),
		/** process.version of the run, e.g. v20.19.5 */
		node: z.string().regex(/^v\d+\.\d+\.\d+/, { error: 'Invalid input: expected a Node.js version such as v20.19.5' }),
		/** which parts ran: node (call counts at node level), real (the templates in a real n8n) */
		parts: z.array(z.enum(['node', 'real'])).min(1).optional(),
		/** the machine the times were measured on (other load on it shows in the load average) */
		machine: machine.optional(),
		tookMs: count.optional(),
		table: z.array(tableRowSchema).min(1),
		scenarios: z.array(scenarioSchema).min(1),
		/** true exactly when every check of every scenario is ok */
		invariantsHold: z.boolean(),
	})
	// Runs even when fields are wrong (so every problem is named at once); the input is then only partly checked.
	.superRefine(
		(report, context) => {
			const scenarios: unknown[] = Array.isArray(report?.scenarios) ? report.scenarios : [];
			const ids = scenarios.map((item) => (isRecord(item) ? item.id : undefined));
			ids.forEach((id, index) => {
				if (id !== undefined && ids.indexOf(id) !== index) {
					context.addIssue({ code: 'custom', path: ['scenarios', index, 'id'], message: `scenario ${String(id)} appears twice` });
				}
			});
			const checks = scenarios.flatMap((item) => (isRecord(item) && Array.isArray(item.checks) ? item.checks : []));
			const allOk = checks.every((item) => isRecord(item) && item.ok === true);
			if (typeof report?.invariantsHold === 'boolean' && report.invariantsHold !== allOk) {
				context.addIssue({
					code: 'custom',
					path: ['invariantsHold'],
					message: `must be ${allOk}: ${allOk ? 'every check is ok' : 'a check failed'}`,
				});
			}
		},
		{ when: () => true },
	);

export type BenchResults = z.output<typeof benchResultsSchema>;

/** `path: message` for each problem of `report` (empty when it fits the schema). */
export function benchResultsProblems(report: unknown): string[] {
	const result = benchResultsSchema.safeParse(report);
	if (result.success) return [];
	return result.error.issues.flatMap((issue) => {
		const path = issue.path.map(String).join('.');
		if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => `${path === '' ? '' : `${path}.`}${key}: Unrecognized key`);
		return [`${path === '' ? '(document)' : path}: ${issue.message}`];
	});
}

// ---- bench/results/scale.json (`npm run scale`, bench/scale.ts) -------------------------------------------------------

/** From the processes' logs: executions each one enqueued (main, webhook processor) or started (each worker). */
const processCounts = z.strictObject({ enqueuedByMain: count, enqueuedByWebhookProcessor: count, startedByWorker: z.array(count) });

const scalePhase = z.strictObject({
	workers: z.number().int().positive(),
	processes: processCounts,
	orders: count,
	ordersPerMinute: z.number().nonnegative(),
	makespanMs: count,
	drainMs: count,
	latencyMedianMs: milliseconds,
	latencyP95Ms: milliseconds,
	inSpecter: count,
	lost: count,
	duplicates: count,
	deliveries: orderLoad.shape.deliveries,
	specterCalls: counts,
	executions: orderLoad.shape.executions,
});

/** bench/results/scale.json */
export const scaleResultsSchema = z.strictObject({
	generatedAt: z.iso.datetime(),
	node: z.string().regex(/^v\d+\.\d+\.\d+/),
	configuration: z.strictObject({
		machine,
		n8n: z.string().min(1),
		workerConcurrency: z.number().int().positive(),
		postgresPort: z.number().int().positive(),
		specterLatencyMs: z.number().nonnegative(),
		deliveriesPerWebhook: z.number().int().positive(),
		ordersPerPhase: count,
		pacing: z.enum(['burst', 'oneAtATime']),
	}),
	phases: z.array(scalePhase).length(2),
	throughputRatio2To1: ratio,
	stock: stockRun.extend({ stockActiveMinutes: z.number().nonnegative(), stockFetchesWhileActive: count, processes: processCounts }),
	checks: z.array(checkSchema).min(1),
});

/** `path: message` for each problem of a scale report (empty when it fits). */
export function scaleResultsProblems(report: unknown): string[] {
	const result = scaleResultsSchema.safeParse(report);
	if (result.success) return [];
	return result.error.issues.map((issue) => `${issue.path.map(String).join('.') || '(document)'}: ${issue.message}`);
}
