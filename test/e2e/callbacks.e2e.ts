/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test code runs in Node, not inside n8n */
// Instant stock updates from Specter's callbacks (issue 13): the stock template (specter-stock-to-woocommerce.json),
// imported as it is, in a real n8n 2.41, with its Specter Callback Trigger registered in the Specter simulator beside
// the every-minute Specter Trigger. Shown here: a stock change reaches WooCommerce within 5 s with no poll in
// between; a forged callback is refused and starts nothing; with callbacks and polls both active each change is
// written once, also when a poll lands while the callback's run is still writing.
import assert from 'node:assert/strict';
import type { Execution } from './harness';
import { startStack, type Stack } from './stack';
import { STOCK_TEMPLATE, type WooRequest, ranNode, specterState, wooState } from './stock-flow';
import { dateInTimeZone } from '../../nodes/Specter/wire/dates';
import { SPECTER_GUESSES } from '../../nodes/Specter/wire/guesses';
import { callSpecter } from '../simulators/specter/sim-test-client';

const CALLBACK_NODE = 'Specter stock callback';
const POLL_NODE = 'Specter stock changed';
/** The stock queue's fetch (docs/specter-api.md §4.2). */
const STOCK_FETCH = 'getArticleExternalNeedUpdate';

interface SpecterLogEntry {
	at: string;
	action: string;
	code?: number;
	batchNo?: string;
	items?: string[];
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

describe('Specter callbacks in a real n8n: the stock template', () => {
	let stack: Stack;
	let workflowId: string;
	let callbackUrl: string;
	let secret: string;

	const stockFetches = async (since: string) =>
		((await stack.specterControl<{ requests: SpecterLogEntry[] }>('GET', 'state')).requests).filter(
			(entry) => entry.action === STOCK_FETCH && entry.at >= since,
		);
	const productOf = async (sku: string) => (await wooState(stack)).products.find((product) => product.sku === sku);
	/** WooCommerce batch writes of product `id` since `since` */
	const writesOf = (requests: WooRequest[], id: number | undefined, since: string) =>
		requests.filter((request) => request.at >= since && request.batch?.update.includes(id ?? -1)).length;
	const executions = () => stack.n8n.listExecutions(workflowId);
	const startedBy = (execution: Execution) => (ranNode(execution, CALLBACK_NODE) ? 'callback' : ranNode(execution, POLL_NODE) ? 'poll' : 'other');
	const acknowledged = async () => {
		const { stock } = (await specterState(stack)).queues;
		return stock.bound === null && stock.pending.length === 0;
	};

	let lastPollAt = 0;
	/**
	 * Returns when the next scheduled poll is at least `neededMs` away: n8n polls "every minute" at a random second
	 * fixed at activation, so after a poll (a stock fetch while no callback is under way) the next one comes about
	 * 60 s later. Waits for a poll when the last one seen is too long ago.
	 */
	async function pollFreeWindow(neededMs: number): Promise<void> {
		if (Date.now() - lastPollAt < 60_000 - neededMs - 5_000) return;
		const since = new Date().toISOString();
		const deadline = Date.now() + 75_000;
		for (;;) {
			const [poll] = await stockFetches(since);
			if (poll !== undefined) {
				lastPollAt = Date.parse(poll.at);
				return;
			}
			if (Date.now() > deadline) throw new Error(`no poll within 75 s\n${stack.n8n.logTail(30)}`);
			await sleep(250);
		}
	}

	beforeAll(async () => {
		stack = await startStack({ templates: [STOCK_TEMPLATE] });
		workflowId = stack.workflows[STOCK_TEMPLATE];
		// the callback trigger's production URL: n8n gave the imported node its own webhook id
		const workflow = await stack.n8n.api<{ nodes: Array<{ name: string; webhookId?: string; parameters: { secret?: string } }> }>(
			'GET',
			`/workflows/${workflowId}`,
		);
		const node = workflow.nodes.find((candidate) => candidate.name === CALLBACK_NODE);
		assert.ok(node?.webhookId, `${CALLBACK_NODE} has a webhook id`);
		secret = node.parameters.secret ?? '';
		assert.ok(secret.length >= 16, 'the template ships a secret placeholder');
		callbackUrl = stack.n8n.webhookUrl(`${node.webhookId}/specter`);
	});
	afterAll(async () => {
		await stack?.stop();
	});

	it('refuses a forged callback (no secret, a wrong one, GET or POST) with 401/403, fetching and starting nothing; the right secret is answered 1;Done and starts the run', async () => {
		await pollFreeWindow(20_000);
		const since = new Date().toISOString();
		const runsBefore = (await executions()).length;
		// no callback registered yet: the change waits in Specter's queue
		await stack.specterControl('POST', 'stock', { articleNo: 'MUG-01', quantity: 13 });

		const forged = [
			await fetch(callbackUrl),
			await fetch(`${callbackUrl}?secret=`),
			await fetch(`${callbackUrl}?secret=${encodeURIComponent(secret.slice(0, -1))}`),
			await fetch(`${callbackUrl}?secret=${encodeURIComponent(`${secret}x`)}`, { method: 'POST' }),
			await fetch(`${callbackUrl}?orderId=1&secret=${encodeURIComponent(secret.toUpperCase())}`, { method: 'POST' }),
		];
		assert.deepEqual(
			await Promise.all(forged.map(async (response) => [response.status, await response.text()])),
			[
				[401, 'Missing secret'],
				[401, 'Missing secret'],
				[403, 'Wrong secret'],
				[403, 'Wrong secret'],
				[403, 'Wrong secret'],
			],
		);
		await sleep(2000);
		assert.equal((await executions()).length, runsBefore, 'no execution started or recorded');
		assert.deepEqual(await stockFetches(since), [], 'nothing fetched from Specter');
		const { stock } = (await specterState(stack)).queues;
		assert.equal(stock.bound, null);
		assert.equal(stock.pending.length, 1, 'the change still waits in the queue');

		// the right secret, by POST, with a placeholder Specter might fill in
		const accepted = await fetch(`${callbackUrl}?secret=${encodeURIComponent(secret)}&orderId=`, { method: 'POST' });
		assert.equal(accepted.status, 200);
		assert.match(accepted.headers.get('content-type') ?? '', /^text\/plain/);
		assert.equal(await accepted.text(), SPECTER_GUESSES.callback.answer);
		const finished = await stack.n8n.waitForExecutions(workflowId, (all) => all.length === runsBefore + 1);
		const run = finished[finished.length - 1];
		assert.equal(run.status, 'success', stack.n8n.logTail());
		assert.equal(startedBy(run), 'callback');
		assert.equal((await productOf('MUG-01'))?.stock_quantity, 13);
		assert.ok(await acknowledged());
	});

	it('a stock change in Specter reaches WooCommerce within 5 s of the change, through the callback, with no poll in between', async () => {
		await pollFreeWindow(10_000);
		const today = dateInTimeZone(new Date(), SPECTER_GUESSES.account.dateTimeZone);
		const registered = await callSpecter(stack.specter, {
			action: 'checkAccountSettings',
			subject: today,
			query: { date: today, useXML: '1', actionStockChange: `${callbackUrl}?secret=${encodeURIComponent(secret)}` },
		});
		assert.match(registered.text, /^1;/);
		const runsBefore = (await executions()).length;

		const changedAt = new Date().toISOString();
		const started = Date.now();
		await stack.specterControl('POST', 'stock', { articleNo: 'BOOK-01', quantity: 42 });
		while ((await productOf('BOOK-01'))?.stock_quantity !== 42) {
			if (Date.now() - started > 5000) throw new Error(`BOOK-01 not written within 5 s\n${stack.n8n.logTail(30)}`);
			await sleep(100);
		}
		const elapsedMs = Date.now() - started;
		const writtenAt = new Date().toISOString();
		process.stderr.write(`[callbacks] stock change to WooCommerce in ${elapsedMs} ms\n`);

		const { callbackDeliveries } = stack.specter.state;
		const delivery = callbackDeliveries[callbackDeliveries.length - 1];
		assert.equal(delivery.event, 'stockChange');
		assert.equal(delivery.method, 'GET');
		assert.equal(delivery.status, 200);
		assert.ok(delivery.at >= changedAt);
		// one fetch between the change and the write, after the callback: the callback's, not a poll's
		const fetches = await stockFetches(changedAt);
		const beforeWrite = fetches.filter((entry) => entry.at <= writtenAt);
		assert.equal(beforeWrite.length, 1, JSON.stringify(fetches));
		assert.ok(beforeWrite[0].at >= delivery.at);
		assert.deepEqual(beforeWrite[0].items, ['BOOK-01']);

		const finished = await stack.n8n.waitForExecutions(workflowId, (all) => all.length === runsBefore + 1);
		const run = finished[finished.length - 1];
		assert.equal(run.status, 'success');
		assert.equal(startedBy(run), 'callback');
		assert.deepEqual(
			(stack.n8n.nodeOutput(run, CALLBACK_NODE) as Array<{ articleNos: string; attempt: number; chunk: number; chunks: number }>).map(
				(item) => [item.articleNos, item.attempt, item.chunk, item.chunks],
			),
			[['BOOK-01', 1, 1, 1]],
			'the same chunk items as the polling trigger',
		);
		assert.ok(await acknowledged());
	});

	it('with callbacks and polls both active each change is written to WooCommerce once, also when a poll lands while the callback run is still writing', async () => {
		// the next scheduled poll: polls come every 60 s at the second of the last one seen
		const nextPollAt = lastPollAt + 60_000 * Math.ceil((Date.now() + 8_000 - lastPollAt) / 60_000);
		await sleep(nextPollAt - 3_000 - Date.now());
		const since = new Date().toISOString();
		const runsBefore = (await executions()).length;
		const mug = await productOf('MUG-01');
		// the callback run's write waits 10 s in WooCommerce, so the poll lands while the run is writing
		await stack.wooControl('POST', 'faults', { kind: 'latency', latencyMs: 10_000, times: 1, path: '/wp-json/wc/v3/products/batch' });
		await stack.specterControl('POST', 'stock', { articleNo: 'MUG-01', quantity: 21 });

		await stack.n8n.waitForExecutions(workflowId, (all) => all.length >= runsBefore + 1, 60_000);
		await sleep(3000); // a second run, had the poll emitted the batch, would show up by now
		const runs = (await executions()).slice(runsBefore);
		assert.deepEqual(
			runs.map((run) => [startedBy(run), run.status]),
			[['callback', 'success']],
			'one run: the poll did not emit the batch the callback run was writing',
		);
		const run = runs[0];
		const batchNo = (stack.n8n.nodeOutput(run, CALLBACK_NODE)[0] as { batchNo: string }).batchNo;
		// the callback's fetch bound the batch; the poll's came while the run was writing and got it back (error 99,
		// then the open batch re-read)
		const [callbackFetch, ...pollFetches] = await stockFetches(since);
		assert.equal(callbackFetch.batchNo, batchNo);
		assert.ok(pollFetches.length > 0 && pollFetches[0].at < (run.stoppedAt ?? ''), `a poll before the run ended (${run.stoppedAt}): ${JSON.stringify(pollFetches)}`);
		assert.deepEqual(
			pollFetches.filter((entry) => entry.at < (run.stoppedAt ?? '')).map((entry) => [entry.code ?? 'ok', entry.code === undefined ? entry.batchNo : 'other']),
			[
				[99, 'other'],
				['ok', batchNo],
			],
			'the poll was answered error 99 and re-read the open batch',
		);
		assert.match(stack.n8n.logTail(300), new RegExp(`batch ${batchNo} was emitted by the callback trigger`));

		const { requests } = await wooState(stack);
		assert.equal(writesOf(requests, mug?.id, since), 1, 'the change written once');
		assert.equal((await productOf('MUG-01'))?.stock_quantity, 21);
		assert.ok(await acknowledged());
	});
});
