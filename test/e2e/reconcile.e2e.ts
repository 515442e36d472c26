/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
// The reconcile template (workflows-templates/specter-stock-reconcile.json), imported as it is and run by hand in a
// real n8n 2.41 (as the editor's "Execute workflow" button does) against the simulators. Stock drift as an outage
// leaves it: figures Specter changed without the store hearing of it, a figure changed in the store behind Specter's
// back, a variation among them, and an article the store does not sell. The report must list exactly those; the fix
// (after the merchant turns on "fixDifferences") must write Specter's figures to exactly the drifted products and
// variations, acknowledge Specter's batch, and leave a report run afterwards with only what no stock write can fix.
import assert from 'node:assert/strict';
import type { StockDifference } from '../../nodes/Specter/mappers/stock-reconcile';
import type { Execution } from './harness';
import { runFromTrigger, startStack, type Stack } from './stack';
import { pollStockOnce, ranNode, specterState, STOCK_TEMPLATE, wooState } from './stock-flow';

const TEMPLATE = 'specter-stock-reconcile.json';
const SETTINGS = 'Settings';
const API = '/wp-json/wc/v3';

interface Summary {
	kind: 'summary';
	store: string;
	batchNo: string | null;
	matching: number;
	differences: number;
	toWrite: number;
}
/** an item of Compare With WooCommerce after the summary: the mapper's difference, with the store's name */
type Difference = StockDifference & { store: string };
interface FixReport {
	fixed: Array<{ sku: string; quantity: number; productId: number }>;
	notFixed: unknown[];
	notFixable: Array<{ sku: string; kind: string }>;
	acknowledged: boolean;
}

// Each test and hook may take up to 10 minutes (test/jest-support/timeout-e2e.js).
describe('the reconcile template in a real n8n', () => {
	let stack: Stack;
	const workflowId = () => stack.workflows[TEMPLATE];
	const productOf = async (sku: string) => {
		const found = (await wooState(stack)).products.find((product) => product.sku === sku);
		assert.ok(found, sku);
		return found;
	};
	const stockQueue = async () => (await specterState(stack)).queues.stock;

	const runByHand = (expectedStatus = 'success') => runFromTrigger(stack, workflowId(), 'Run reconcile now', expectedStatus);

	function reportOf(execution: Execution): { summary: Summary; differences: Difference[] } {
		const [summary, ...differences] = stack.n8n.nodeOutput(execution, 'Compare stock with store') as [Summary, ...Difference[]];
		assert.equal(summary.kind, 'summary');
		return { summary, differences };
	}
	const listed = (differences: Difference[]) =>
		differences.map((d) => [d.kind, d.sku, d.productId, d.parentId, d.specterQuantity, d.storeQuantity]);

	async function setFixDifferences(on: boolean): Promise<void> {
		type Assignment = { name: string; value: unknown };
		const workflow = await stack.n8n.api<{ name: string; nodes: Array<{ name: string; parameters: { assignments: { assignments: Assignment[] } } }>; connections: object; settings: object }>(
			'GET',
			`/workflows/${workflowId()}`,
		);
		const field = workflow.nodes.find((node) => node.name === SETTINGS)?.parameters.assignments.assignments.find((assignment) => assignment.name === 'fixDifferences');
		assert.ok(field);
		field.value = on;
		await stack.n8n.api('PUT', `/workflows/${workflowId()}`, { name: workflow.name, nodes: workflow.nodes, connections: workflow.connections, settings: workflow.settings });
	}

	beforeAll(async () => {
		// inactive: the reconcile runs by hand, and the stock workflow polls only when the last test starts it
		stack = await startStack({ templates: [TEMPLATE, STOCK_TEMPLATE], activateWorkflows: false });
		// the seeded store and Specter agree on every figure; the gift card is not stock-managed on either side
		await stack.specterControl('POST', 'articles', { articleNo: 'GIFT-01', name: 'Presentkort', priceExclVat: 500, vatPercent: 0, stockManaged: false });
	});
	afterAll(async () => {
		await stack?.stop();
	});

	let mug: Awaited<ReturnType<typeof productOf>>;
	let book: Awaited<ReturnType<typeof productOf>>;
	let teeM: Awaited<ReturnType<typeof productOf>>;

	it('as shipped (report only) lists exactly the seeded differences, writes nothing, and leaves the batch to the stock workflow', async () => {
		const template = await stack.n8n.api<{ nodes: Array<{ name: string; disabled?: boolean }> }>('GET', `/workflows/${workflowId()}`);
		assert.equal(template.nodes.find((node) => node.name === 'Every night at 03:00')?.disabled, true, 'the nightly run is off as shipped');

		// an outage: Specter's stock moved and the store never heard (nothing queued) ...
		await stack.specterControl('POST', 'articles', { articleNo: 'MUG-01', name: 'Kaffekopp', priceExclVat: 100, vatPercent: 25, stock: 37 });
		await stack.specterControl('POST', 'articles', { articleNo: 'TEE-M', name: 'T-shirt - M', priceExclVat: 200, vatPercent: 25, stock: 7 });
		await stack.specterControl('POST', 'articles', { articleNo: 'LAMP-01', name: 'Lampa', priceExclVat: 400, vatPercent: 25, stock: 5 });
		// ... and the store's figure was changed behind Specter's back
		book = await productOf('BOOK-01');
		await stack.wooApi.put(`products/${book.id}`, { stock_quantity: 12 });
		mug = await productOf('MUG-01');
		teeM = await productOf('TEE-M');
		book = await productOf('BOOK-01');
		assert.deepEqual([mug.stock_quantity, teeM.stock_quantity, book.stock_quantity], [40, 10, 12]);

		const startedAt = new Date().toISOString();
		const run = await runByHand();
		const { summary, differences } = reportOf(run);
		assert.deepEqual(listed(differences), [
			['differs', 'BOOK-01', book.id, 0, 15, 12],
			['missingInStore', 'LAMP-01', null, null, 5, null],
			['differs', 'MUG-01', mug.id, 0, 37, 40],
			['differs', 'TEE-M', teeM.id, teeM.parent_id, 7, 10],
		]);
		assert.ok(differences.every((difference) => difference.store === 'My store'));
		// FOOD-01, TEE-S, TEE-L
		assert.equal(summary.matching, 3);
		assert.equal(summary.toWrite, 3);

		assert.ok(ranNode(run, 'Batch left to the stock workflow'));
		assert.ok(!ranNode(run, 'Plan stock writes') && !ranNode(run, 'Acknowledge batch in Specter'));
		const writes = (await wooState(stack)).requests.filter((request) => request.at >= startedAt && request.method !== 'GET');
		assert.deepEqual(writes, [], 'report only: nothing written to the store');
		const queue = await stockQueue();
		assert.equal(queue.bound?.batchNo, summary.batchNo, 'the batch stays open: the stock workflow would write it at its next poll');
	});

	it('with "fixDifferences" on writes Specter\'s figures to the drifted products and variation only, acknowledges the batch, and a report run afterwards lists only what no stock write can fix', async () => {
		await setFixDifferences(true);
		const startedAt = new Date().toISOString();
		const run = await runByHand();
		const { summary, differences } = reportOf(run);
		assert.deepEqual(
			listed(differences).map(([kind, sku]) => [kind, sku]),
			[
				['differs', 'BOOK-01'],
				['missingInStore', 'LAMP-01'],
				['differs', 'MUG-01'],
				['differs', 'TEE-M'],
			],
		);

		// written through the stock workflow's batch endpoints, the drifted ones only
		const since = (await wooState(stack)).requests.filter((request) => request.at >= startedAt && request.method !== 'GET');
		assert.deepEqual(
			since.map((request) => [request.method, request.path, request.status, request.batch?.update]),
			[
				['POST', `${API}/products/batch`, 200, [mug.id, book.id]],
				['POST', `${API}/products/${teeM.parent_id}/variations/batch`, 200, [teeM.id]],
			],
		);
		const after = await Promise.all(['MUG-01', 'BOOK-01', 'TEE-M', 'FOOD-01', 'TEE-S', 'TEE-L'].map(productOf));
		assert.deepEqual(after.map((product) => product.stock_quantity), [37, 15, 7, 120, 10, 10]);
		for (const product of after.slice(0, 3)) {
			assert.ok(
				product.meta_data.some((meta) => meta.key === '_specter_stock_batch' && meta.value === summary.batchNo),
				`${product.sku} carries the stock mark of batch ${summary.batchNo}`,
			);
		}

		const [report] = stack.n8n.nodeOutput(run, 'What was fixed') as FixReport[];
		assert.deepEqual(report.fixed.map((fixed) => [fixed.sku, fixed.quantity]).sort(), [['BOOK-01', 15], ['MUG-01', 37], ['TEE-M', 7]]);
		assert.deepEqual(report.notFixed, []);
		assert.deepEqual(report.notFixable.map((item) => [item.sku, item.kind]), [['LAMP-01', 'missingInStore']]);
		const queue = await stockQueue();
		assert.equal(queue.bound, null, 'the batch is acknowledged');
		assert.equal(queue.pending.length, 0);
		const acknowledgements = stack.specter.state.requests.filter((entry) => entry.at >= startedAt && entry.action === 'updateArticlesFromBatch');
		assert.deepEqual(acknowledgements.map((entry) => [entry.batchNo, entry.ok]), [[summary.batchNo, true]]);

		// a report run afterwards: the stock differences are gone; the article the store does not sell stays listed
		await setFixDifferences(false);
		const check = await runByHand();
		const again = reportOf(check);
		assert.deepEqual(listed(again.differences), [['missingInStore', 'LAMP-01', null, null, 5, null]]);
		assert.equal(again.summary.matching, 6);
		assert.ok(ranNode(check, 'Acknowledge batch in Specter'), 'nothing to write: acknowledged at once');
		assert.equal((await stockQueue()).bound, null);
	});

	it("report only leaves drift to the stock workflow: its next poll takes the open batch over and writes it, so no figure is lost", async () => {
		await stack.specterControl('POST', 'articles', { articleNo: 'FOOD-01', name: 'Kaffebönor 500 g', priceExclVat: 88.39, vatPercent: 12, stock: 100 });
		const report = reportOf(await runByHand());
		assert.deepEqual(listed(report.differences).map(([kind, sku, , , specter, store]) => [kind, sku, specter, store]), [
			['differs', 'FOOD-01', 100, 120],
			['missingInStore', 'LAMP-01', 5, null],
		]);
		assert.equal((await stockQueue()).bound?.batchNo, report.summary.batchNo);

		const poll = await pollStockOnce(stack);
		assert.equal(poll.status, 'success', poll.data?.resultData?.error?.message);
		const [emitted] = stack.n8n.nodeOutput(poll, 'Specter stock changed') as Array<{ batchNo: string }>;
		assert.equal(emitted.batchNo, report.summary.batchNo, "the stock workflow emitted the reconcile's batch (Specter named it in error 99)");
		assert.equal((await productOf('FOOD-01')).stock_quantity, 100);
		const queue = await stockQueue();
		assert.equal(queue.bound, null, 'acknowledged by the stock workflow');
		assert.equal(queue.pending.length, 0);
	});

	it('a SKU WooCommerce refuses is reported by SKU, the others fixed, the batch acknowledged, and the run fails for the error workflow', async () => {
		await setFixDifferences(true);
		await stack.specterControl('POST', 'articles', { articleNo: 'MUG-01', name: 'Kaffekopp', priceExclVat: 100, vatPercent: 25, stock: 33 });
		await stack.specterControl('POST', 'articles', { articleNo: 'TEE-S', name: 'T-shirt - S', priceExclVat: 200, vatPercent: 25, stock: 2 });
		await stack.wooControl('POST', 'faults', { kind: 'refuse', sku: 'MUG-01', times: 1, message: 'Locked by the ERP plugin.' });

		const run = await runByHand('error');
		assert.equal(run.data?.resultData?.lastNodeExecuted, 'Report stock not fixed');
		const { summary } = reportOf(run);
		const [report] = stack.n8n.nodeOutput(run, 'What was fixed') as FixReport[];
		assert.deepEqual(report.fixed.map((fixed) => [fixed.sku, fixed.quantity]), [['TEE-S', 2]]);
		assert.equal(
			run.data?.resultData?.error?.message,
			`Stock not fixed in My store (Specter batch ${summary.batchNo} is acknowledged: set this stock by hand, or fix the product and run the reconcile again): ` +
				'SKU MUG-01 wanted 33: woocommerce_rest_product_not_created: Locked by the ERP plugin.',
		);
		assert.deepEqual([(await productOf('MUG-01')).stock_quantity, (await productOf('TEE-S')).stock_quantity], [37, 2]);
		assert.equal((await stockQueue()).bound, null, 'acknowledged: what was refused is reported, not retried');
	});
});
