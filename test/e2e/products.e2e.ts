/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
// The two product templates, imported as they are and both active, in a real n8n 2.41 against the simulators:
// article changes from Specter reach WooCommerce products and variations (prices for a store with and without
// tax in its prices), products created and updated in WooCommerce reach Specter, a missed webhook is caught up by
// the schedule, and neither direction echoes: the writes on both simulators are counted.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { MAPPINGS_TEMPLATE, pointAtMappings, readTemplates, startStack, type Stack } from './stack';
import type { Execution } from './harness';
import { SPECTER_GUESSES } from '../../nodes/Specter/wire/guesses';

const ARTICLES_TEMPLATE = 'specter-articles-to-woocommerce.json';
const PRODUCTS_TEMPLATE = 'woocommerce-products-to-specter.json';
const STAMP = '_specter_synced_hash';
const guessed = SPECTER_GUESSES.article;
/** generous: the machine has 2 cores and other suites may run beside this one */
const WAIT_MS = 180_000;

interface Meta {
	key: string;
	value: unknown;
}
interface WooProductState {
	id: number;
	type: string;
	sku: string;
	parent_id: number;
	name: string;
	regular_price: string;
	tax_class: string;
	weight: string;
	description: string;
	short_description: string;
	meta_data: Meta[];
}
interface WooState {
	products: WooProductState[];
	/** webhook deliveries still to be made */
	queue: unknown[];
	requests: Array<{ at: string; method: string; path: string; status: number }>;
}
interface SpecterArticle {
	articleNo: string;
	name: string;
	priceExclVat: number | null;
	vatPercent: number;
	weight: number | null;
	webshopId: string | null;
	stockManaged: boolean;
	stock: Record<string, number>;
	wireFields: Record<string, string>;
}
interface SpecterState {
	articles: SpecterArticle[];
	queues: Record<string, { pending: unknown[]; bound: { batchNo: string } | null }>;
	requests: Array<{ action: string; ok: boolean; rows?: number }>;
}
interface Template {
	name: string;
	nodes: Array<{ name: string; type: string; parameters: Record<string, unknown> }>;
	connections: Record<string, unknown>;
}

function ranNode(execution: Execution, nodeName: string): boolean {
	return Boolean(execution.data?.resultData?.runData?.[nodeName]);
}

/** Every item a node output in every run of an execution (the product plan runs twice when it expands variations). */
function allOutput(execution: Execution, nodeName: string): Array<Record<string, unknown>> {
	const runs = execution.data?.resultData?.runData?.[nodeName] ?? [];
	return runs.flatMap((run) => (run.data?.main ?? []).flatMap((output) => (output ?? []).map((item) => item.json)));
}

describe('product templates in a real n8n', () => {
	let stack: Stack;
	const specterState = () => stack.specterControl<SpecterState>('GET', 'state');
	const wooState = () => stack.wooControl<WooState>('GET', 'state');
	const article = async (articleNo: string) => (await specterState()).articles.find((candidate) => candidate.articleNo === articleNo);
	const wooProduct = async (sku: string) => (await wooState()).products.find((candidate) => candidate.sku === sku) as WooProductState;
	const stampOf = (product: WooProductState) => product.meta_data.find((meta) => meta.key === STAMP)?.value;
	/** newArticleSubmit calls Specter took */
	const specterWrites = async () => (await specterState()).requests.filter((request) => request.action === 'newArticleSubmit' && request.ok).length;
	/** product and variation writes WooCommerce logged after the mark (see wooLogMark) */
	const wooWritesSince = async (mark: string) =>
		(await wooState()).requests.filter(
			(request) => request.at > mark && request.method !== 'GET' && request.path.startsWith('/wp-json/wc/v3/products'),
		);
	/** the time of the newest request in WooCommerce's log: what the test itself sent so far is at or before it */
	const wooLogMark = async () => (await wooState()).requests.reduce((latest, request) => (request.at > latest ? request.at : latest), '');
	const articlesWorkflow = () => stack.workflows[ARTICLES_TEMPLATE];
	const productsWorkflow = () => stack.workflows[PRODUCTS_TEMPLATE];

	async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = WAIT_MS): Promise<T> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const value = await probe();
			if (value !== undefined && value !== false) return value;
			if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${stack.n8n.logTail(40)}`);
			await sleep(500);
		}
	}

	/** n8n polls a trigger when the workflow is activated: re-activating polls now instead of within the minute. */
	async function pollNow(workflowId: string): Promise<void> {
		await stack.n8n.deactivateWorkflow(workflowId);
		await stack.n8n.activateWorkflow(workflowId);
	}

	/** The finished run of the article template that handled `sku` (and acknowledged its batch). */
	async function articleRunFor(workflowId: string, sku: string, after = 0): Promise<Execution> {
		const handled = (execution: Execution) =>
			Number(execution.id) > after &&
			ranNode(execution, 'Acknowledge batch in Specter') &&
			allOutput(execution, 'Specter article changed').some((chunk) => String(chunk.articleNos ?? '').split(',').includes(sku));
		const executions = await stack.n8n.waitForExecutions(workflowId, (all) => all.some(handled), WAIT_MS);
		return executions.find(handled) as Execution;
	}

	/** Waits until the product template has planned `sku` in a finished run started after `after`, and returns the plan. */
	async function productPlanFor(workflowId: string, sku: string, action: string, after = 0): Promise<Record<string, unknown>> {
		const plans = (execution: Execution) =>
			Number(execution.id) > after ? allOutput(execution, 'Plan articles for Specter').filter((plan) => plan.sku === sku && plan.action === action) : [];
		const executions = await stack.n8n.waitForExecutions(workflowId, (all) => all.some((execution) => plans(execution).length > 0), WAIT_MS);
		return executions.flatMap(plans)[0];
	}

	/**
	 * Waits until nothing is in flight: no webhook delivery queued in the store and no run of the product
	 * template going, twice in a row (a run can queue a delivery that starts another run).
	 */
	async function settle(): Promise<void> {
		let quiet = 0;
		await until('the product template to settle', async () => {
			await stack.woo.flushWebhooks();
			// the public API leaves running executions out of its lists unless asked for them
			const running = await stack.n8n.api<{ data: unknown[] }>('GET', `/executions?workflowId=${productsWorkflow()}&status=running`);
			quiet = running.data.length === 0 && (await wooState()).queue.length === 0 ? quiet + 1 : 0;
			if (quiet < 2) await sleep(1_000);
			return quiet >= 2;
		});
	}

	const lastExecutionId = async (workflowId: string) => Number((await stack.n8n.listExecutions(workflowId)).at(-1)?.id ?? 0);

	/** A copy of a template as the merchant adjusts it (the documented settings), created and activated. */
	async function adjustedCopy(file: string, name: string, adjust: (template: Template) => Template): Promise<string> {
		const template = adjust(structuredClone(readTemplates()[file]) as Template);
		const { id } = await stack.n8n.createWorkflow({ ...template, name });
		await pointAtMappings(stack.n8n, id, stack.workflows[MAPPINGS_TEMPLATE]);
		await stack.n8n.activateWorkflow(id);
		return id;
	}

	beforeAll(async () => {
		stack = await startStack();
	});
	afterAll(async () => {
		await stack?.stop();
	});

	it('registers the product template\'s webhooks (product created, product updated) on the store', async () => {
		const hooks = (await stack.wooControl<{ webhooks: Array<{ topic: string; status: string; delivery_url: string }> }>('GET', 'state')).webhooks;
		const productHooks = hooks.filter((hook) => hook.status === 'active' && hook.topic.startsWith('product.'));
		assert.deepEqual(productHooks.map((hook) => hook.topic).sort(), ['product.created', 'product.updated']);
	});

	it('an article edited in Specter updates the WooCommerce product and a variation (texts only while published), skips an unknown SKU, acknowledges after the writes, and nothing comes back to Specter', async () => {
		await stack.specterControl('POST', 'articles', { articleNo: 'GHOST-1', name: 'Not in the store', priceExclVat: 10, stockManaged: false });
		const specterBefore = await specterWrites();
		const since = await wooLogMark();
		const executionsBefore = await lastExecutionId(productsWorkflow());

		await stack.specterControl('POST', 'articles/MUG-01/edit', {
			name: 'Kaffekopp stor',
			priceExclVat: 120,
			vatPercent: 12,
			weight: 0.5,
			description: '<p>Stor kopp i stengods</p>',
			shortDescription: 'Stor kopp',
			publishInWebshop: true,
		});
		await stack.specterControl('POST', 'articles/TEE-M/edit', { priceExclVat: 150, vatPercent: 25, description: 'Dold text', publishInWebshop: false });
		await stack.specterControl('POST', 'articles/GHOST-1/edit', { priceExclVat: 11 });
		await pollNow(articlesWorkflow());
		const run = await articleRunFor(articlesWorkflow(), 'MUG-01');
		assert.equal(run.status, 'success', stack.n8n.logTail());

		const plan = stack.n8n.nodeOutput(run, 'Plan WooCommerce updates') as Array<Record<string, unknown>>;
		const mug = await wooProduct('MUG-01');
		const teeM = await wooProduct('TEE-M');
		const storeUrl = (path: string) => `${stack.woo.url}/wp-json/wc/v3${path}`;
		assert.deepEqual(
			plan.map((item) => [item.write, item.url ?? item.sku, item.result ?? null]),
			[
				[true, storeUrl('/products/batch'), null],
				[true, storeUrl(`/products/${teeM.parent_id}/variations/batch`), null],
				[false, 'GHOST-1', 'skipped'],
			],
		);
		assert.equal(plan[2].reason, 'not in the store: no product or variation has this SKU');

		// prices incl. VAT (the simulator's store): 120.00 + 12 % = 134.40; 150.00 + 25 % = 187.50
		assert.deepEqual(
			[mug.name, mug.regular_price, mug.tax_class, mug.weight, mug.description, mug.short_description],
			['Kaffekopp stor', '134.40', 'reduced-rate', '0.5', '<p>Stor kopp i stengods</p>', 'Stor kopp'],
		);
		// the store's own record: the variation still inherits its tax class (the parent's Standard, which 25 % wants)
		assert.deepEqual([teeM.regular_price, teeM.tax_class, teeM.description], ['187.50', 'parent', ''], 'not published: no texts');
		const teeMasProduct = (await stack.wooApi.get(`products/${teeM.id}`)).data as WooProductState;
		assert.equal(teeMasProduct.name, 'T-shirt - M', 'a variation keeps the name WooCommerce gives it');
		assert.match(String(stampOf(mug)), /^v1:/);
		assert.match(String(stampOf(teeM)), /^v1:/);

		// two batch writes; the variation through its parent, never as a product
		const writes = (await wooWritesSince(since)).map((request) => `${request.method} ${request.path} ${request.status}`);
		assert.deepEqual(writes, [
			'POST /wp-json/wc/v3/products/batch 200',
			`POST /wp-json/wc/v3/products/${teeM.parent_id}/variations/batch 200`,
		]);

		// acknowledged last: after the WooCommerce writes had answered
		const runData = run.data?.resultData?.runData ?? {};
		const wrote = runData['Update WooCommerce'][0] as { startTime: number; executionTime: number };
		const acknowledged = runData['Acknowledge batch in Specter'][0] as { startTime: number };
		assert.ok(acknowledged.startTime >= wrote.startTime + wrote.executionTime, 'the acknowledgement ran after the writes');
		const { queues } = await specterState();
		assert.equal(queues.articleInfo.bound, null, 'batch acknowledged');
		assert.equal(queues.articleInfo.pending.length, 0);

		// no echo: WooCommerce tells the product template about both writes; it sends nothing to Specter
		await stack.woo.flushWebhooks();
		for (const sku of ['MUG-01', 'TEE-M']) {
			const skipped = await productPlanFor(productsWorkflow(), sku, 'skip', executionsBefore);
			assert.match(String(skipped.reason), /^in step with Specter/);
		}
		assert.equal(await specterWrites(), specterBefore, 'no article write came back to Specter');
		assert.equal((await wooWritesSince(since)).length, 2, 'and nothing more was written to WooCommerce');
	});

	it('a store entering prices without tax: the price goes over as it is, and still nothing comes back', async () => {
		const withoutTax = (template: Template): Template => ({
			...template,
			nodes: template.nodes.map((node) =>
				'pricesIncludeTax' in node.parameters ? { ...node, parameters: { ...node.parameters, pricesIncludeTax: false } } : node,
			),
		});
		await stack.n8n.deactivateWorkflow(articlesWorkflow());
		await stack.n8n.deactivateWorkflow(productsWorkflow());
		const articlesCopy = await adjustedCopy(ARTICLES_TEMPLATE, 'articles, prices without tax (test)', withoutTax);
		const productsCopy = await adjustedCopy(PRODUCTS_TEMPLATE, 'products, prices without tax (test)', withoutTax);
		try {
			const specterBefore = await specterWrites();
			const since = await wooLogMark();
			await stack.specterControl('POST', 'articles/FOOD-01/edit', { priceExclVat: 90.5, vatPercent: 12 });
			// activation polls at once
			await pollNow(articlesCopy);
			const run = await articleRunFor(articlesCopy, 'FOOD-01');
			assert.equal(run.status, 'success');
			assert.equal((await wooProduct('FOOD-01')).regular_price, '90.50');
			await stack.woo.flushWebhooks();
			const skipped = await productPlanFor(productsCopy, 'FOOD-01', 'skip');
			assert.match(String(skipped.reason), /^in step with Specter/);
			assert.equal(await specterWrites(), specterBefore);
			assert.equal((await wooWritesSince(since)).length, 1);
		} finally {
			await stack.n8n.deactivateWorkflow(articlesCopy);
			await stack.n8n.deactivateWorkflow(productsCopy);
			await stack.n8n.activateWorkflow(articlesWorkflow());
			await stack.n8n.activateWorkflow(productsWorkflow());
		}
	});

	it('a simple product and a variation created, then updated, in WooCommerce become one Specter article each, without stock, and the update does not come back to WooCommerce even when Specter reports it', async () => {
		// the worst case: Specter reports the webshop's own article writes back in its article-info queue
		await stack.specterControl('POST', 'settings', { queueApiArticleWrites: true });
		try {
			const created = await stack.wooApi.post('products', {
				name: 'Termos',
				sku: 'TERMOS-1',
				regular_price: '249.00',
				weight: '0.45',
				manage_stock: true,
				stock_quantity: 37,
			});
			const hat = await stack.wooApi.post('products', {
				name: 'Mössa',
				sku: 'HAT',
				type: 'variable',
				tax_class: 'reduced-rate',
				attributes: [{ name: 'Färg', options: ['Blå'], variation: true, visible: true }],
			});
			const hatBlue = await stack.wooApi.post(`products/${hat.data.id}/variations`, {
				sku: 'HAT-BLUE',
				regular_price: '149.00',
				tax_class: 'parent',
				weight: '0.1',
				manage_stock: true,
				stock_quantity: 5,
				attributes: [{ name: 'Färg', option: 'Blå' }],
			});
			await stack.woo.flushWebhooks();

			const termos = await until('article TERMOS-1', () => article('TERMOS-1'));
			assert.deepEqual(
				[termos.name, termos.priceExclVat, termos.vatPercent, termos.weight, termos.webshopId, termos.wireFields[guessed.stockSiteIdField]],
				['Termos', 199.2, 25, 0.45, '1', '1'],
			);
			assert.equal(termos.stockManaged, false, 'no stock was sent');
			assert.ok(!('createArticleStock' in termos.wireFields) && !('noItemsInStock' in termos.wireFields));
			const blue = await until('article HAT-BLUE', () => article('HAT-BLUE'));
			assert.deepEqual([blue.name, blue.priceExclVat, blue.vatPercent, blue.weight, blue.webshopId], ['Mössa - Blå', 133.04, 12, 0.1, '1']);
			assert.equal(blue.stockManaged, false);
			assert.equal(await article('HAT'), undefined, 'the variable product is no article');
			// both stamps saved, the variation's through its parent
			await until('the stamps', async () => stampOf(await wooProduct('TERMOS-1')) !== undefined && stampOf(await wooProduct('HAT-BLUE')) !== undefined);

			// the creations are settled once their runs are over and Specter's reports of them were planned
			await settle();
			await pollNow(articlesWorkflow());
			await articleRunFor(articlesWorkflow(), 'HAT-BLUE');
			await settle();

			// the updates: one Specter write each, and on WooCommerce nothing but the stamp
			const specterBefore = await specterWrites();
			const productRunsBefore = await lastExecutionId(productsWorkflow());
			const articleRunsBefore = await lastExecutionId(articlesWorkflow());
			await stack.wooApi.put(`products/${created.data.id}`, { regular_price: '279.00' });
			await stack.wooApi.put(`products/${hat.data.id}/variations/${hatBlue.data.id}`, { regular_price: '159.00' });
			// the two PUTs above are the newest requests in the log; the stamps come after their webhooks
			const since = await wooLogMark();
			await stack.woo.flushWebhooks();
			await until('the updated prices in Specter', async () => (await article('TERMOS-1'))?.priceExclVat === 223.2 && (await article('HAT-BLUE'))?.priceExclVat === 141.96);
			await until('the new stamps', async () => (await wooWritesSince(since)).length >= 2);
			await stack.woo.flushWebhooks();
			for (const sku of ['TERMOS-1', 'HAT-BLUE']) await productPlanFor(productsWorkflow(), sku, 'skip', productRunsBefore);
			await settle();

			// Specter reports both writes back; the article template finds them in WooCommerce already
			await pollNow(articlesWorkflow());
			const reported = await articleRunFor(articlesWorkflow(), 'TERMOS-1', articleRunsBefore);
			assert.equal(reported.status, 'success');
			const plan = stack.n8n.nodeOutput(reported, 'Plan WooCommerce updates') as Array<Record<string, unknown>>;
			assert.deepEqual(
				plan.map((item) => [item.write, item.sku, item.result]).sort(),
				[
					[false, 'HAT-BLUE', 'unchanged'],
					[false, 'TERMOS-1', 'unchanged'],
				],
			);
			assert.equal(ranNode(reported, 'Update WooCommerce'), false);

			assert.equal(await specterWrites(), specterBefore + 2, 'one article write per WooCommerce change');
			const writes = (await wooWritesSince(since)).map((request) => `${request.method} ${request.path}`);
			const runs = (await stack.n8n.listExecutions(productsWorkflow())).filter((execution) => Number(execution.id) > productRunsBefore - 3);
			const story = JSON.stringify({
				writes: (await wooWritesSince(since)).map((request) => [request.at, request.method, request.path]),
				runs: runs.map((execution) => [execution.id, execution.startedAt, execution.stoppedAt, allOutput(execution, 'Plan articles for Specter').map((plan) => [plan.sku, plan.action])]),
			});
			assert.deepEqual(writes.sort(), [
				`PUT /wp-json/wc/v3/products/${created.data.id}`,
				`PUT /wp-json/wc/v3/products/${hat.data.id}/variations/${hatBlue.data.id}`,
			], story);
			const termosProduct = await wooProduct('TERMOS-1');
			assert.equal(termosProduct.regular_price, '279.00', 'the stamp changed no product field');
		} finally {
			await stack.specterControl('POST', 'settings', { queueApiArticleWrites: false });
		}
	});

	it('catches up a product whose webhook never reached n8n (the 15-minute schedule, run every 5 s here), and its next runs send nothing again', async () => {
		// With the product template inactive, n8n has deleted its webhooks from the store: this change is never delivered.
		await stack.n8n.deactivateWorkflow(productsWorkflow());
		const termos = await wooProduct('TERMOS-1');
		await stack.wooApi.put(`products/${termos.id}`, { regular_price: '299.00' });
		await stack.woo.flushWebhooks();
		assert.equal((await article('TERMOS-1'))?.priceExclVat, 223.2);

		const catchUpOnly = await adjustedCopy(PRODUCTS_TEMPLATE, 'product catch-up only (test)', (template) => ({
			...template,
			nodes: template.nodes
				.filter((node) => node.type !== 'n8n-nodes-base.wooCommerceTrigger')
				.map((node) =>
					node.name === 'Every 15 minutes' ? { ...node, parameters: { rule: { interval: [{ field: 'seconds', secondsInterval: 5 }] } } } : node,
				),
			connections: Object.fromEntries(Object.entries(template.connections).filter(([source]) => !source.startsWith('WooCommerce product'))),
		}));
		try {
			await until('the caught-up price', async () => (await article('TERMOS-1'))?.priceExclVat === 239.2);
			const first = await stack.n8n.waitForExecutions(catchUpOnly, (all) => all.some((execution) => ranNode(execution, 'Remember this run')), WAIT_MS);
			const firstRun = first.find((execution) => ranNode(execution, 'Remember this run')) as Execution;
			assert.equal(firstRun.status, 'success', stack.n8n.logTail());
			// the runs started after it: they look from the first run on, find the products it stamped, and write nothing
			const startedLater = (execution: Execution) =>
				Date.parse(execution.startedAt) > Date.parse(firstRun.stoppedAt ?? firstRun.startedAt) && ranNode(execution, 'Remember this run');
			const later = await stack.n8n.waitForExecutions(catchUpOnly, (all) => all.filter(startedLater).length >= 2, WAIT_MS);
			const laterRuns = later.filter(startedLater);
			for (const run of laterRuns) {
				assert.equal(run.status, 'success');
				const since = stack.n8n.nodeOutput(run, 'Since the last run')[0] as { since: string };
				assert.ok(Date.parse(since.since) > Date.now() - 60 * 60 * 1000, `looks from the last run on, not two days back (${since.since})`);
				assert.equal(ranNode(run, 'Create or update the article in Specter'), false, `run #${run.id} sent nothing`);
				assert.ok(allOutput(run, 'Plan articles for Specter').some((plan) => plan.sku === 'TERMOS-1' && plan.action === 'skip'));
			}
		} finally {
			await stack.n8n.deactivateWorkflow(catchUpOnly);
			await stack.n8n.activateWorkflow(productsWorkflow());
		}
	});
});
