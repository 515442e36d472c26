 
// Scenario 8: the shipped stock template (workflows-templates/specter-stock-to-woocommerce.json) in a real n8n 2.41,
// the same stack the end-to-end tests use (test/e2e/stack.ts: both simulators, this package installed, the template
// imported as it is). A backlog of stock changes is queued in the Specter simulator (500 changes per batch, its
// default) and the template is polled until the queue is empty (test/e2e/stock-flow.ts: one poll per Specter batch,
// started by activating the workflow). What the template asked of WooCommerce is counted on the WooCommerce
// simulator's request log: look-ups by SKU and batch writes. Counts only: how long it took is neither reported nor
// checked.
import { startStack, type Stack } from '../../test/e2e/stack';
import { type BacklogResult, onlyStockTemplateActive, runStockBacklog } from '../../test/e2e/stock-flow';
import { type ScenarioResult, check } from '../support';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS helper shared with jest's setup
const { ensureBuild } = require('../../test/jest-support/ensure-build') as { ensureBuild(): void };

const BACKLOG = 1000;
/** the goal for 1 000 changes of simple products: ⌈1 000 / 100⌉ */
const WRITES_GOAL = 10;
const MIXED = { simple: 900, variations: 100, variableProducts: 4 };

function metricsOf(result: BacklogResult) {
	return {
		changes: result.changes,
		specterBatches: result.runs,
		lookups: result.lookups,
		productBatchWrites: result.productBatchWrites,
		variationBatchWrites: result.variationBatchWrites,
		singleWrites: result.singleWrites,
		updatesSent: result.updatesSent,
		otherWooCalls: result.otherCalls,
		productsRight: result.productsRight,
		acknowledged: result.acknowledged,
	};
}

export async function stockTemplateScenario(): Promise<ScenarioResult> {
	// the stack installs the package from dist/ (and the n8n runtime on first use)
	ensureBuild();
	let stack: Stack | undefined;
	try {
		stack = await startStack({ log: () => undefined });
		await onlyStockTemplateActive(stack);
		const simple = metricsOf(await runStockBacklog(stack, { prefix: 'BENCH', simple: BACKLOG }));
		const mixed = metricsOf(await runStockBacklog(stack, { prefix: 'MIXED', ...MIXED }));
		const writes = (run: typeof simple) => run.productBatchWrites + run.variationBatchWrites;
		const notes = (run: typeof simple) =>
			`${run.lookups} look-ups + ${run.productBatchWrites} products/batch + ${run.variationBatchWrites} variations/batch; ${run.specterBatches} Specter batches, ${run.updatesSent} updates sent`;
		return {
			id: 'stockTemplate',
			title: `Stock template in a real n8n: WooCommerce calls for a backlog of ${BACKLOG} stock changes`,
			rows: [
				{
					scenario: `8a Stock template (real n8n), backlog ${BACKLOG}, simple products`,
					calls: simple.lookups + writes(simple),
					ratioOrNotes: `${notes(simple)}; goal ≤ ${WRITES_GOAL} writes; ${(simple.changes / Math.max(1, simple.lookups + writes(simple))).toFixed(1)} changes per call`,
				},
				{
					scenario: `8b Same, ${MIXED.simple} products + ${MIXED.variations} variations of ${MIXED.variableProducts} variable products`,
					calls: mixed.lookups + writes(mixed),
					ratioOrNotes: `${notes(mixed)}; one variations call per parent and Specter batch`,
				},
			],
			metrics: { writesGoal: WRITES_GOAL, simpleProducts: simple, withVariations: { ...MIXED, ...mixed } },
			checks: [
				check('simple: every product has its new stock', BACKLOG, simple.productsRight),
				check('simple: the queue is acknowledged', true, simple.acknowledged),
				check(`simple: at most ${WRITES_GOAL} batch writes`, true, writes(simple) <= WRITES_GOAL),
				check('simple: each change written once', BACKLOG, simple.updatesSent),
				check('simple: no single-product writes', 0, simple.singleWrites),
				check('with variations: every product and variation has its new stock', BACKLOG, mixed.productsRight),
				check('with variations: the queue is acknowledged', true, mixed.acknowledged),
				check('with variations: each change written once', BACKLOG, mixed.updatesSent),
			],
		};
	} finally {
		await stack?.stop();
	}
}
