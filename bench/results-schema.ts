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
	retryPolicy: z.strictObject({ attempts: z.number().int().positive(), baseDelayMs: count, maxDelayMs: count }),
	threeFaults: retryRun,
	faultsUpToTheRetryLimit: retryRun,
});

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
