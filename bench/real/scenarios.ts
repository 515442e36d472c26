/* eslint-disable @n8n/community-nodes/no-restricted-imports -- benchmarks run in Node, not inside n8n */
// The real-n8n part of `npm run bench` (`npm run bench -- --only real`): the sandbox's stack (a real n8n 2.41 in one
// process with this package, both simulators) and the shipped templates, imported unchanged at the time of the run.
//   5 export: the product export template (or, while there is none, a bench-only workflow around the node's
//     Article → Export From WooCommerce) over N products: Specter calls against ⌈N/100⌉, n8n's time against a plain
//     script replaying the same calls, peak memory of n8n's process against its idle memory;
//   6 orders: order.created → order in Specter through the order template: latency one order at a time, throughput
//     of a burst, Specter calls per order and per repeated delivery;
//   7 stock: N stock changes through the stock template: WooCommerce calls against ⌈N/100⌉.
// Times and memory are reported, never asserted; only invariants (every order once, every change in WooCommerce) fail
// the run.
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { MAPPINGS_TEMPLATE, readTemplates, SPECTER_CREDENTIAL_NAME, startStack, type Stack, withMappings } from '../../test/e2e/stack';
import { startSpecterSimulator } from '../../test/simulators/specter/server';
import { type Check, type ScenarioResult, check, ratioLabel } from '../support';
import { ORDER_TEMPLATE, runOrderLoad, type OrderLoadResult } from './order-load';
import { startRecordingProxy, type RecordedRequest } from './recording-proxy';
import { STOCK_TEMPLATE, runStockChanges } from './stock-batches';
import { executionsOf, memoryOf, median, n8nProcessId, round, RssSampler, sleep, tapWooRequests, type WooCall } from './support';

export const EXPORT_TEMPLATE = 'woocommerce-products-export-to-specter.json';
/** The node's default (and largest) Batch Size: the goal for calls is ⌈N/100⌉. */
const PER_CALL = 100;
const RSS_GROWTH_GOAL_MB = 150;

export interface RealBenchOptions {
	products: number;
	/** orders placed one at a time (latency) and again in a burst (throughput) */
	orders: number;
	/** orders whose every webhook is delivered three times */
	duplicateOrders: number;
	stockChanges: number;
	log: (message: string) => void;
}

export const DEFAULT_REAL_OPTIONS: Omit<RealBenchOptions, 'log'> = { products: 10_000, orders: 200, duplicateOrders: 20, stockChanges: 10_000 };

const sku = (index: number) => `BENCH-${String(index).padStart(5, '0')}`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const TAX_CLASSES = ['', 'reduced-rate', 'six-rate', 'zero-rate'];

/** Simple products `from` … `from + count - 1` with a SKU and managed stock. */
function benchProducts(from: number, count: number) {
	return Array.from({ length: count }, (_, offset) => from + offset).map((index) => ({
		name: `Benchprodukt ${index}`,
		sku: sku(index),
		regular_price: (10 + (index % 90)).toFixed(2),
		tax_class: TAX_CLASSES[index % TAX_CLASSES.length],
		manage_stock: true,
		stock_quantity: 100 + (index % 50),
		weight: '0.5',
	}));
}

// ---- the export workflow ---------------------------------------------------------------------------------------

interface WorkflowJson {
	name: string;
	nodes: Array<{ name: string; type: string; parameters: Record<string, unknown> } & Record<string, unknown>>;
	connections: Record<string, unknown>;
}

/**
 * While workflows-templates/ has no export template: a manual trigger, every WooCommerce product, and the node's
 * Article → Export From WooCommerce with its defaults (New Only, Batch Size 100) and the store's VAT classes.
 */
const BENCH_EXPORT_WORKFLOW: WorkflowJson & Record<string, unknown> = {
	name: 'Bench: export products (until the template exists)',
	nodes: [
		{ name: 'Run the export', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{
			name: 'Every WooCommerce product',
			type: 'n8n-nodes-base.wooCommerce',
			typeVersion: 1,
			position: [220, 0],
			parameters: { resource: 'product', operation: 'getAll', returnAll: true, options: {} },
			credentials: { wooCommerceApi: { id: null, name: 'WooCommerce account' } },
		},
		{
			name: 'Export to Specter',
			type: 'n8n-nodes-specter.specter',
			typeVersion: 1,
			position: [440, 0],
			parameters: { resource: 'article', operation: 'exportFromWooCommerce', pricesIncludeTax: true },
			credentials: { specterApi: { id: null, name: SPECTER_CREDENTIAL_NAME } },
		},
	],
	connections: {
		'Run the export': { main: [[{ node: 'Every WooCommerce product', type: 'main', index: 0 }]] },
		'Every WooCommerce product': { main: [[{ node: 'Export to Specter', type: 'main', index: 0 }]] },
	},
	settings: { executionOrder: 'v1' },
};

/** The Specter credential's data as startStack creates it, at another base URL. */
async function pointSpecterCredentialAt(stack: Stack, baseUrl: string): Promise<void> {
	const { data } = await stack.n8n.rest<{ data: Array<{ id: string; name: string; type: string }> }>('GET', '/credentials');
	const credential = data.find((item) => item.name === SPECTER_CREDENTIAL_NAME && item.type === 'specterApi');
	if (!credential) throw new Error(`no credential "${SPECTER_CREDENTIAL_NAME}" in n8n`);
	await stack.n8n.rest('PATCH', `/credentials/${credential.id}`, {
		name: credential.name,
		type: credential.type,
		data: {
			baseUrl,
			apiVersion: '2',
			sbmId: '1234',
			apiUserId: '42',
			apiUserSecretKey: 'sim-api-user-key',
			integrationSecretKey: 'sim-integration-key',
		},
	});
}

/** The same WooCommerce reads and Specter writes, one after the other like the workflow, with no n8n: a plain script. */
async function plainScript(stack: Stack, wooReads: WooCall[], specterUrl: string, specterWrites: RecordedRequest[]): Promise<number> {
	const agent = new HttpsAgent({ keepAlive: true, ca: readFileSync(stack.woo.certPath) });
	const auth = `Basic ${Buffer.from(`${stack.woo.consumerKey}:${stack.woo.consumerSecret}`).toString('base64')}`;
	const started = Date.now();
	try {
		for (const read of wooReads) {
			const body = await new Promise<string>((done, fail) => {
				const request = httpsRequest(`${stack.woo.url}${read.path}${read.query}`, { agent, headers: { authorization: auth } }, (response) => {
					const chunks: Buffer[] = [];
					response.on('data', (chunk: Buffer) => chunks.push(chunk));
					response.once('end', () => done(Buffer.concat(chunks).toString('utf8')));
					response.once('error', fail);
				});
				request.once('error', fail);
				request.end();
			});
			JSON.parse(body); // a script would read the products
		}
		for (const write of specterWrites) {
			const response = await fetch(new URL(write.path, specterUrl), {
				method: write.method,
				headers: write.contentType ? { 'content-type': write.contentType } : {},
				body: write.method === 'GET' ? undefined : new Uint8Array(write.body),
			});
			const text = await response.text();
			if (!text.startsWith('1;') && !text.includes('<result>1</result>')) throw new Error(`the replayed Specter call was refused: ${text.slice(0, 200)}`);
		}
		return Date.now() - started;
	} finally {
		agent.destroy();
	}
}

/**
 * Imports a template as its notes ask: a template with a *Specter mappings* node reads the mapping workflow, which is
 * imported and published once and chosen in that node.
 */
async function importTemplate(stack: Stack, workflow: object): Promise<{ id: string }> {
	if (!(workflow as WorkflowJson).nodes.some((node) => node.name === 'Specter mappings')) return stack.n8n.createWorkflow(workflow);
	let mappingsId = stack.workflows[MAPPINGS_TEMPLATE];
	if (mappingsId === undefined) {
		mappingsId = (await stack.n8n.createWorkflow(readTemplates()[MAPPINGS_TEMPLATE])).id;
		stack.workflows[MAPPINGS_TEMPLATE] = mappingsId;
		await stack.n8n.activateWorkflow(mappingsId);
	}
	return stack.n8n.createWorkflow(withMappings(workflow, mappingsId));
}

async function exportScenario(stack: Stack, options: RealBenchOptions): Promise<ScenarioResult> {
	const { log } = options;
	const template = readTemplates()[EXPORT_TEMPLATE] as WorkflowJson | undefined;
	const workflow = template ?? BENCH_EXPORT_WORKFLOW;
	const trigger = workflow.nodes.find((node) => node.type === 'n8n-nodes-base.manualTrigger');
	if (!trigger) throw new Error(`${template ? EXPORT_TEMPLATE : 'the bench export workflow'} has no manual trigger to run it by`);
	log(`export: ${template ? `the template ${EXPORT_TEMPLATE}` : 'no export template in workflows-templates/: a bench-only workflow'}, ${options.products} products`);
	const { id } = await importTemplate(stack, workflow);

	// Idle: n8n at rest, once its memory has settled after start-up (V8 gives memory back lazily): the median of the
	// last 5 one-second readings once they lie within 5 MB of each other, or after 60 s whatever they are.
	const pid = n8nProcessId(stack.n8n);
	const idleSamples: number[] = [];
	for (let second = 0; second < 60; second++) {
		idleSamples.push(memoryOf(pid).rssMb);
		const last = idleSamples.slice(-5);
		if (last.length === 5 && Math.max(...last) - Math.min(...last) < 5) break;
		await sleep(1_000);
	}
	const idleRssMb = median(idleSamples.slice(-5));

	const proxy = await startRecordingProxy(stack.specter.url);
	const woo = tapWooRequests(stack.woo);
	const submissionsBefore = stack.specter.state.articleSubmissions.length;
	await pointSpecterCredentialAt(stack, proxy.url);
	try {
		const sampler = new RssSampler(pid);
		const started = await stack.n8n.rest<{ data: { executionId?: string } }>('POST', `/workflows/${id}/run`, {
			triggerToStartFrom: { name: trigger.name },
		});
		const executionId = started.data.executionId;
		if (!executionId) throw new Error(`n8n did not start the export: ${JSON.stringify(started)}`);
		let execution = (await executionsOf(stack.n8n, id)).find((candidate) => candidate.id === executionId);
		const deadline = Date.now() + 900_000;
		while (!execution || ['new', 'running', 'waiting'].includes(execution.status)) {
			if (Date.now() > deadline) throw new Error(`the export (execution ${executionId}) did not finish in 15 minutes`);
			await sleep(250);
			execution = (await executionsOf(stack.n8n, id)).find((candidate) => candidate.id === executionId);
		}
		const { peakRssMb, samples } = sampler.stop();
		const n8nMs = Date.parse(execution.stoppedAt ?? '') - Date.parse(execution.startedAt);
		// what n8n keeps of the run: every node's items, saved with the execution (and held in memory until then)
		const saved = await stack.n8n.api<unknown>('GET', `/executions/${executionId}?includeData=true`);
		const executionDataMb = JSON.stringify(saved).length / 1024 / 1024;
		log(`export: execution ${execution.status} in ${seconds(n8nMs)}; replaying its calls from a plain script`);

		const wooReads = woo.calls.filter((call) => call.method === 'GET');
		const specterWrites = [...proxy.recorded];
		const submissions = stack.specter.state.articleSubmissions.slice(submissionsBefore);
		const exported = new Set(submissions.flatMap((submission) => [...submission.created, ...submission.updated, ...submission.untouched]));
		const missing = Array.from({ length: options.products }, (_, index) => sku(index)).filter((articleNo) => !exported.has(articleNo));

		// the same calls against a Specter of the same start state (a fresh simulator, same account), behind a proxy too
		// Three times (a fresh simulator each), the median counts: the script's second or so is easily swayed by what
		// else runs on the machine.
		const plainRuns: number[] = [];
		for (let run = 0; run < 3; run++) {
			const fresh = await startSpecterSimulator({ port: 0 });
			const freshProxy = await startRecordingProxy(fresh.url);
			try {
				plainRuns.push(await plainScript(stack, wooReads, freshProxy.url, specterWrites));
			} finally {
				await freshProxy.close();
				await fresh.close();
			}
		}
		const plainMs = median(plainRuns);
		const specterCalls = specterWrites.length;
		// N = the articles sent (the bench products plus the sample catalogue's products and variations)
		const rowsSent = submissions.reduce((sum, submission) => sum + submission.created.length + submission.updated.length + submission.untouched.length, 0);
		const goalCalls = Math.ceil(rowsSent / PER_CALL);
		const growthMb = peakRssMb - idleRssMb;
		const overhead = n8nMs / plainMs;
		const source = template ? 'template' : 'bench workflow, no template yet';
		const checks: Check[] = [
			check('every product reached Specter', [], missing.slice(0, 10)),
			check('the export execution succeeded', 'success', execution.status),
			check('the WooCommerce request tap saw every call', true, woo.intact()),
		];
		const rows = [
			{
				scenario: `5a Real n8n: export ${options.products} products (${source})`,
				calls: specterCalls,
				ratioOrNotes: `Specter calls for N = ${rowsSent} articles; ⌈N/100⌉ = ${goalCalls}: ${ratioLabel(specterCalls, goalCalls)}; WooCommerce reads ${wooReads.length}`,
			},
			{
				scenario: '5b   n8n time against a plain script, same calls',
				calls: round(overhead, 1),
				ratioOrNotes: `× (the pack's overhead in n8n): n8n ${seconds(n8nMs)}, plain script ${seconds(plainMs)} (median of ${plainRuns.map((ms) => seconds(ms)).join(', ')})`,
			},
			{
				scenario: '5c   memory of the n8n process',
				calls: `${growthMb >= 0 ? '+' : ''}${Math.round(growthMb)} MB`,
				ratioOrNotes:
					`idle ${Math.round(idleRssMb)} MB → peak ${Math.round(peakRssMb)} MB; goal < ${RSS_GROWTH_GOAL_MB} MB growth: ${growthMb < RSS_GROWTH_GOAL_MB ? 'met' : 'MISSED'}; ` +
					`the execution's saved data ${Math.round(executionDataMb)} MB as JSON`,
			},
		];
		if (!template) {
			rows.push({ scenario: '5d   TODO: through the export template', calls: 'n/a', ratioOrNotes: `switches to ${EXPORT_TEMPLATE} once it exists` });
		}
		return {
			id: 'realExport',
			title: `Real n8n: export ${options.products} products`,
			rows,
			metrics: {
				products: options.products,
				articlesSent: rowsSent,
				workflow: template ? EXPORT_TEMPLATE : 'bench-only',
				specterCalls,
				callsGoal: goalCalls,
				rowsPerCall: submissions.length === specterCalls ? median(submissions.map((submission) => submission.created.length + submission.updated.length + submission.untouched.length)) : null,
				wooReads: wooReads.length,
				n8nMs,
				plainScriptMs: plainMs,
				plainScriptRunsMs: plainRuns,
				overheadRatio: round(overhead, 2),
				idleRssMb: round(idleRssMb),
				peakRssMb: round(peakRssMb),
				rssGrowthMb: round(growthMb),
				rssGrowthGoalMb: RSS_GROWTH_GOAL_MB,
				rssSamples: samples,
				executionDataMb: round(executionDataMb),
			},
			checks,
		};
	} finally {
		woo.detach();
		await pointSpecterCredentialAt(stack, stack.specter.url);
		await proxy.close();
		await stack.n8n.api('DELETE', `/workflows/${id}`).catch(() => undefined);
	}
}

// ---- orders ------------------------------------------------------------------------------------------------------

function orderFigures(result: OrderLoadResult) {
	return {
		orders: result.orders,
		inSpecter: result.inSpecter,
		lost: result.lost,
		duplicates: result.duplicates,
		latency: result.latency,
		catchUpRuns: result.catchUpRuns,
		makespanMs: result.makespanMs,
		ordersPerMinute: result.ordersPerMinute,
		drainMs: result.drainMs,
		deliveries: result.webhookDeliveries,
		specterCalls: result.specterCalls,
		executions: result.executions,
	};
}

/** The template's catch-up (every 15 minutes, at a random second) transfers again orders still in flight: their calls count too. */
const catchUpNote = (result: OrderLoadResult) =>
	result.catchUpRuns === 0 ? '' : `; incl. ${result.catchUpRuns} catch-up run(s) of the template (every 15 min), whose calls count too`;

const ORDER_CALLS = ['newCustomerSubmit', 'newOrderSubmit'];
const orderCalls = (result: OrderLoadResult) => ORDER_CALLS.reduce((sum, action) => sum + (result.specterCalls[action] ?? 0), 0);

async function ordersScenario(stack: Stack, options: RealBenchOptions): Promise<ScenarioResult> {
	const { log } = options;
	const { id: workflowId } = await importTemplate(stack, readTemplates()[ORDER_TEMPLATE]);
	await stack.n8n.activateWorkflow(workflowId);
	try {
		log(`orders: ${options.orders} one at a time`);
		const single = await runOrderLoad(stack, { orders: options.orders, pacing: 'oneAtATime', deliveriesPerWebhook: 1, workflowId, log });
		log(`orders: ${options.orders} in a burst`);
		const burst = await runOrderLoad(stack, { orders: options.orders, pacing: 'burst', deliveriesPerWebhook: 1, workflowId, log });
		log(`orders: ${options.duplicateOrders} one at a time, every webhook delivered 3 times`);
		const repeated = await runOrderLoad(stack, { orders: options.duplicateOrders, pacing: 'oneAtATime', deliveriesPerWebhook: 3, workflowId, log });

		const callsPerOrder = orderCalls(single) / single.orders;
		const repeatedCreated = repeated.webhookDeliveries.repeats > 0 ? (repeated.webhookDeliveries.byTopic['order.created'] ?? 0) * 2 : 0;
		const callsPerRepeat = repeatedCreated === 0 ? Number.NaN : (orderCalls(repeated) - callsPerOrder * repeated.orders) / repeatedCreated;
		const checks: Check[] = [];
		for (const [name, result] of [
			['one at a time', single],
			['burst', burst],
			['delivered 3×', repeated],
		] as const) {
			checks.push(check(`${name}: every order in Specter`, result.orders, result.inSpecter));
			checks.push(check(`${name}: no duplicate Specter order`, 0, result.duplicates));
			checks.push(check(`${name}: every repeated delivery accepted`, 0, result.webhookDeliveries.notAccepted));
		}
		return {
			id: 'realOrders',
			title: 'Real n8n: WooCommerce orders → Specter through the order template',
			rows: [
				{
					scenario: `6a Real n8n: ${options.orders} orders one at a time`,
					calls: round(callsPerOrder, 2),
					ratioOrNotes:
						`Specter calls per order; checkout → in Specter median ${single.latency.medianMs} ms, p95 ${single.latency.p95Ms} ms ` +
						`(the store waits 200 ms before delivering)${catchUpNote(single)}`,
				},
				{
					scenario: `6b Real n8n: ${options.orders} orders in a burst`,
					calls: round(orderCalls(burst) / burst.orders, 2),
					ratioOrNotes:
						`${burst.ordersPerMinute} orders/min (last in Specter after ${seconds(burst.makespanMs)}); ` +
						`latency median ${seconds(burst.latency.medianMs)}, p95 ${seconds(burst.latency.p95Ms)}${catchUpNote(burst)}`,
				},
				{
					scenario: `6c Real n8n: ${options.duplicateOrders} orders, every webhook 3×`,
					calls: round(callsPerRepeat, 2),
					ratioOrNotes: `Specter calls per repeated order.created delivery; Specter orders ${repeated.inSpecter}, duplicates ${repeated.duplicates}${catchUpNote(repeated)}`,
				},
			],
			metrics: {
				oneAtATime: orderFigures(single),
				burst: orderFigures(burst),
				deliveredThreeTimes: orderFigures(repeated),
				specterCallsPerOrder: round(callsPerOrder, 3),
				specterCallsPerRepeatedDelivery: Number.isFinite(callsPerRepeat) ? round(callsPerRepeat, 3) : null,
			},
			checks,
		};
	} finally {
		await stack.n8n.deactivateWorkflow(workflowId);
	}
}

// ---- stock -------------------------------------------------------------------------------------------------------

async function stockScenario(stack: Stack, options: RealBenchOptions): Promise<ScenarioResult> {
	const { log } = options;
	const count = Math.min(options.stockChanges, options.products);
	// the export created the articles; any it did not are seeded, so this scenario stands on its own
	for (let index = 0; index < count; index++) {
		if (!stack.specter.state.articles.has(sku(index))) await stack.specterControl('POST', 'articles', { articleNo: sku(index), name: `Benchprodukt ${index}`, stock: 0 });
	}
	const changes = Array.from({ length: count }, (_, index) => ({ articleNo: sku(index), quantity: 1_000 + index }));
	const woo = tapWooRequests(stack.woo);
	const { id: workflowId } = await importTemplate(stack, readTemplates()[STOCK_TEMPLATE]);
	await stack.n8n.activateWorkflow(workflowId);
	try {
		log(`stock: ${count} changes through the stock template (the simulator binds up to 500 changes per batch)`);
		const result = await runStockChanges(stack, { workflowId, changes, pollAtOnce: true, wooCalls: woo.calls, log });
		const goal = Math.ceil(count / PER_CALL);
		return {
			id: 'realStock',
			title: `Real n8n: ${count} stock changes → WooCommerce through the stock template`,
			rows: [
				{
					scenario: `7a Real n8n: stock return of ${count} changes (template as shipped)`,
					calls: result.wooCalls,
					ratioOrNotes:
						`WooCommerce calls; ⌈N/100⌉ = ${goal}: ${ratioLabel(result.wooCalls, goal)}; ` +
						Object.entries(result.wooCallsByRoute)
							.map(([route, calls]) => `${route} ${calls}`)
							.join(', ') +
						`; ${result.batches} batches, ${seconds(result.durationMs)}` +
						(result.batchesEmittedTwice.length === 0 ? '' : `; ${result.batchesEmittedTwice.length} batch(es) emitted twice (a scheduled poll during its execution), their calls included`),
				},
			],
			metrics: { ...result, callsGoal: goal },
			// A batch is emitted again when a poll comes while its execution still runs (the trigger re-reads an open
			// batch: at least once). runStockChanges deactivates the workflow once a poll has bound a batch, so only a
			// scheduled poll in the second or so before that could; it is counted, not an invariant.
			checks: [
				check('every new quantity in WooCommerce', 0, result.wrongInWooCommerce),
				check('every batch acknowledged', true, result.acknowledgements >= result.batches),
				check('the WooCommerce request tap saw every call', true, woo.intact()),
			],
		};
	} finally {
		woo.detach();
		await stack.n8n.deactivateWorkflow(workflowId).catch(() => undefined); // pollAtOnce leaves it inactive
	}
}

// ---- all of it ---------------------------------------------------------------------------------------------------

export async function realN8nScenarios(options: RealBenchOptions): Promise<ScenarioResult[]> {
	const { log } = options;
	const stack = await startStack({ templates: [], log });
	try {
		const seeded = Date.now();
		for (let from = 0; from < options.products; from += 1_000) {
			// seeded straight into the store: no webhooks
			await stack.wooControl('POST', 'products', benchProducts(from, Math.min(1_000, options.products - from)));
		}
		log(`${options.products} products in the store (${seconds(Date.now() - seeded)}); load average ${loadavg().map((value) => value.toFixed(1)).join(' ')}`);
		const results = [await exportScenario(stack, options)];
		results.push(await ordersScenario(stack, options));
		results.push(await stockScenario(stack, options));
		return results;
	} finally {
		await stack.stop();
	}
}
