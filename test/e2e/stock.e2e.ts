/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
// The stock template (workflows-templates/specter-stock-to-woocommerce.json), imported as it is, in a real n8n 2.41
// against the Specter and WooCommerce simulators: batch writes for products and variations, the acknowledgement
// after them, retries that write nothing twice and never undo a sale, a product WooCommerce keeps refusing given
// up and reported after the bounded attempts, and what a backlog of 1 000 changes costs. Each run is started by
// activating the workflow (n8n polls on activation) and the workflow is deactivated as soon as the run exists, so
// the every-minute schedule never adds a second run of the same batch (stock-flow.ts).
import assert from 'node:assert/strict';
import type { Execution } from './harness';
import { startStack, type Stack } from './stack';
import { countStockCalls, onlyStockTemplateActive, pollStockOnce, ranNode, runStockBacklog, specterState, wooState, writesOf } from './stock-flow';

const API = '/wp-json/wc/v3';

// Each test and hook may take up to 10 minutes (test/jest-support/timeout-e2e.js).
describe('the stock template in a real n8n', () => {
	let stack: Stack;
	const idOf = async (sku: string) => (await wooState(stack)).products.find((product) => product.sku === sku);
	const stockOf = async (sku: string) => (await idOf(sku))?.stock_quantity;
	const acknowledged = async () => {
		const { stock } = (await specterState(stack)).queues;
		return stock.bound === null && stock.pending.length === 0;
	};
	const errorOf = (execution: Execution) => execution.data?.resultData?.error?.message ?? '';
	const startTimeOf = (execution: Execution, node: string) => execution.data?.resultData?.runData?.[node]?.[0]?.startTime ?? 0;

	beforeAll(async () => {
		stack = await startStack();
		await onlyStockTemplateActive(stack);
		// articles Specter has that the store does not, or that Specter does not stock-manage
		await stack.specterControl('POST', 'articles', { articleNo: 'ONLY-IN-SPECTER', name: 'x', priceExclVat: 1, vatPercent: 25, stock: 0 });
		await stack.specterControl('POST', 'articles', { articleNo: 'SERVICE-1', name: 'y', priceExclVat: 1, vatPercent: 25, stock: 0 });
	});
	afterAll(async () => {
		await stack?.stop();
	});

	it('writes simple products and variations through the batch endpoints, leaves unknown and unmanaged articles alone, and acknowledges the batch last', async () => {
		const startedAt = new Date().toISOString();
		await stack.specterControl('POST', 'stock', { articleNo: 'MUG-01', quantity: 7 });
		await stack.specterControl('POST', 'stock', { articleNo: 'TEE-M', quantity: 4 });
		await stack.specterControl('POST', 'stock', { articleNo: 'TEE-L', quantity: 2 });
		await stack.specterControl('POST', 'stock', { articleNo: 'ONLY-IN-SPECTER', quantity: 3 });
		await stack.specterControl('POST', 'stock', { articleNo: 'SERVICE-1', quantity: null });

		const run = await pollStockOnce(stack);
		assert.equal(run.status, 'success', errorOf(run) || stack.n8n.logTail());
		assert.deepEqual([await stockOf('MUG-01'), await stockOf('TEE-M'), await stockOf('TEE-L')], [7, 4, 2]);

		const { requests } = await wooState(stack);
		const since = requests.filter((request) => request.at >= startedAt);
		const mug = await idOf('MUG-01');
		const teeM = await idOf('TEE-M');
		const teeL = await idOf('TEE-L');
		const writes = since.filter((request) => request.batch).map((request) => [request.method, request.path, request.status, request.batch?.update]);
		assert.deepEqual(writes, [
			['POST', `${API}/products/batch`, 200, [mug?.id]],
			['POST', `${API}/products/${teeM?.parent_id}/variations/batch`, 200, [teeM?.id, teeL?.id]],
		]);
		assert.deepEqual(countStockCalls(since), {
			lookups: 1,
			productBatchWrites: 1,
			variationBatchWrites: 1,
			singleWrites: 0,
			updatesSent: 3,
			otherCalls: 0,
		});
		const [plan] = stack.n8n.nodeOutput(run, 'Plan stock writes') as Array<{ skipped: Array<{ articleNo: string; reason: string }> }>;
		assert.deepEqual(
			plan.skipped.map((skipped) => [skipped.articleNo, skipped.reason]).sort(),
			[
				['ONLY-IN-SPECTER', 'notInStore'],
				['SERVICE-1', 'notStockManaged'],
			],
		);
		assert.ok(await acknowledged(), 'the batch was acknowledged');
		assert.ok(startTimeOf(run, 'Acknowledge batch in Specter') >= startTimeOf(run, 'Check WooCommerce answers'), 'after the check of every write');
		assert.ok(!ranNode(run, 'Report stock not written'));
	});

	it('a retried batch writes only what failed, and a sale made in WooCommerce since the first write stays counted', async () => {
		await stack.wooControl('POST', 'faults', { kind: 'refuse', sku: 'BOOK-01', times: 1, message: 'Database busy.' });
		await stack.specterControl('POST', 'stock', { articleNo: 'MUG-01', quantity: 20 });
		await stack.specterControl('POST', 'stock', { articleNo: 'BOOK-01', quantity: 5 });
		await stack.specterControl('POST', 'stock', { articleNo: 'TEE-S', quantity: 6 });
		const book = await idOf('BOOK-01');
		const bookBefore = book?.stock_quantity;

		const first = await pollStockOnce(stack);
		assert.equal(first.status, 'error');
		assert.equal(first.data?.resultData?.lastNodeExecuted, 'Check WooCommerce answers');
		assert.equal(
			errorOf(first),
			`WooCommerce did not take the stock of 1 SKU of Specter batch ${(stack.n8n.nodeOutput(first, 'Specter stock changed')[0] as { batchNo: string }).batchNo} (attempt 1): ` +
				`SKU BOOK-01 (stock 5, WooCommerce product ${book?.id}): woocommerce_rest_product_not_created: Database busy. (HTTP 400)`,
		);
		assert.ok(!ranNode(first, 'Acknowledge batch in Specter'));
		assert.ok(!(await acknowledged()), 'not acknowledged: the batch comes again');
		assert.deepEqual([await stockOf('MUG-01'), await stockOf('BOOK-01'), await stockOf('TEE-S')], [20, bookBefore, 6]);

		// a sale in WooCommerce after the first write (the order template is inactive: Specter hears nothing of it)
		await stack.wooControl('POST', 'orders/place', { line_items: [{ sku: 'MUG-01', quantity: 2 }] });
		assert.equal(await stockOf('MUG-01'), 18);
		const saleAt = new Date().toISOString();

		const retry = await pollStockOnce(stack);
		assert.equal(retry.status, 'success', errorOf(retry));
		assert.equal((stack.n8n.nodeOutput(retry, 'Specter stock changed')[0] as { attempt: number }).attempt, 2);
		assert.deepEqual([await stockOf('MUG-01'), await stockOf('BOOK-01'), await stockOf('TEE-S')], [18, 5, 6], 'the sale is not overwritten');
		const { requests } = await wooState(stack);
		const sinceSale = requests.filter((request) => request.at >= saleAt);
		assert.deepEqual(
			sinceSale.filter((request) => request.batch).map((request) => [request.path, request.batch?.update]),
			[[`${API}/products/batch`, [book?.id]]],
			'the retry wrote BOOK-01 only',
		);
		assert.equal(writesOf(sinceSale, (await idOf('MUG-01'))?.id), 0);
		assert.equal(writesOf(sinceSale, (await idOf('TEE-S'))?.id), 0);
		const [plan] = stack.n8n.nodeOutput(retry, 'Plan stock writes') as Array<{ skipped: Array<{ articleNo: string; reason: string }> }>;
		assert.deepEqual(
			plan.skipped.map((skipped) => [skipped.articleNo, skipped.reason]).sort(),
			[
				['MUG-01', 'alreadyWritten'],
				['TEE-S', 'alreadyWritten'],
			],
		);
		assert.ok(await acknowledged());
	});

	it('a product WooCommerce refuses every time is given up after 5 attempts: the others are written, the batch is acknowledged, and the failed run names the SKU and its stock', async () => {
		const startedAt = new Date().toISOString();
		await stack.wooControl('POST', 'faults', { kind: 'refuse', sku: 'TEE-M', times: 100, message: 'Locked by the ERP plugin.' });
		await stack.specterControl('POST', 'stock', { articleNo: 'MUG-01', quantity: 11 });
		await stack.specterControl('POST', 'stock', { articleNo: 'TEE-M', quantity: 9 });
		await stack.specterControl('POST', 'stock', { articleNo: 'FOOD-01', quantity: 30 });
		const teeMBefore = await stockOf('TEE-M');

		const runs: Execution[] = [];
		for (let attempt = 1; attempt <= 8 && !(await acknowledged()); attempt++) runs.push(await pollStockOnce(stack));
		const attempts = runs.map((run) => (stack.n8n.nodeOutput(run, 'Specter stock changed')[0] as { attempt: number }).attempt);
		assert.deepEqual(attempts, [1, 2, 3, 4, 5]);
		for (const run of runs.slice(0, 4)) {
			assert.equal(run.status, 'error');
			assert.match(errorOf(run), /SKU TEE-M \(stock 9, WooCommerce variation \d+ of product \d+\): woocommerce_rest_product_variation_not_created: Locked by the ERP plugin\. \(HTTP 400\)$/);
			assert.ok(!ranNode(run, 'Acknowledge batch in Specter'));
		}
		const last = runs[4];
		// the alert: the failed run (what an error workflow receives) names the SKU and the stock it should have
		assert.equal(last.status, 'error');
		assert.equal(last.data?.resultData?.lastNodeExecuted, 'Report stock not written');
		assert.match(errorOf(last), /^Stock not written to WooCommerce, given up after Specter batch \S+ \(attempt 5\): SKU TEE-M wanted 9 \(WooCommerce variation \d+ of product \d+\): woocommerce_rest_product_variation_not_created: Locked by the ERP plugin\. \(HTTP 400\)\./);
		assert.ok(ranNode(last, 'Acknowledge batch in Specter'));
		assert.ok(await acknowledged(), 'acknowledged: the rest of the queue goes on');

		assert.deepEqual([await stockOf('MUG-01'), await stockOf('FOOD-01'), await stockOf('TEE-M')], [11, 30, teeMBefore]);
		const { requests } = await wooState(stack);
		const since = requests.filter((request) => request.at >= startedAt);
		assert.equal(writesOf(since, (await idOf('MUG-01'))?.id), 1, 'MUG-01 written once, at the first attempt');
		assert.equal(writesOf(since, (await idOf('TEE-M'))?.id), 5, 'TEE-M tried at every attempt');
	});

	it('a backlog of 1 000 changes costs at most 10 batch writes and 10 look-ups', async () => {
		const result = await runStockBacklog(stack, { prefix: 'BULK', simple: 1000 });
		assert.deepEqual(result.runStatuses, ['success', 'success'], 'two Specter batches of 500');
		assert.equal(result.productsRight, 1000);
		assert.ok(result.acknowledged);
		assert.equal(result.updatesSent, 1000, 'each change written once');
		assert.ok(result.productBatchWrites + result.variationBatchWrites <= 10, JSON.stringify(result));
		assert.equal(result.lookups, 10, JSON.stringify(result));
		assert.equal(result.singleWrites, 0);
		assert.equal(result.otherCalls, 0);
	});
});
