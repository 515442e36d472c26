/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test code runs in Node, not inside n8n */
// The product export template, imported as it is, run by hand in a real n8n 2.41 (POST /rest/workflows/<id>/run
// with the trigger to start from, which is what the editor's "Execute workflow" button sends) against the
// simulators: a store of 302 products (41 of them variable, with 124 variations), some of whose SKUs Specter
// already has. New Only must create exactly the new articles, with their WooCommerce stock, and leave the others
// as they were; All, after the merchant switches the mode in n8n, must update every article without sending
// stock. The run's summary must count what Specter did, as far as Specter's answer tells.
import assert from 'node:assert/strict';
import { roundTo } from '../../nodes/Specter/mappers/numbers';
import { createWooProducts, startStack, type Stack } from './stack';
import type { Execution } from './harness';
import type { SimArticle } from '../simulators/specter/state';
import { sampleCatalogue, type ProductSeed } from '../simulators/woocommerce/fixtures';

const TEMPLATE = 'woocommerce-products-export-to-specter.json';
const MODE_NODE = 'Choose New Only or All';
const VAT_BY_TAX_CLASS: Record<string, number> = { '': 25, 'reduced-rate': 12, 'six-rate': 6, 'zero-rate': 0 };
const TAX_CLASSES = Object.keys(VAT_BY_TAX_CLASS);
const SIZES = ['S', 'M', 'L'];
const VARIABLE_REASON = 'variable product: its variations are exported one by one, each with its own SKU';
const FILTER_REASON = 'left out by the filter Has a SKU';
const BAD_SKU = 'EXP 999';

/** A WooCommerce product or variation that should become a Specter article: what the article must hold. */
interface Expected {
	articleNo: string;
	name: string;
	priceExclVat: number;
	vatPercent: number;
	/** kg; null when neither the product nor (for a variation) its parent has a weight, so none is sent */
	weight: number | null;
	/** the WooCommerce stock, when WooCommerce manages it */
	stock: number | null;
}

interface Summary {
	mode: string;
	createdOrLeftAlone?: number;
	createdOrUpdated?: number;
	updated?: number;
	leftAlone?: number;
	skipped: number;
	failed: number;
	skippedBecause: Record<string, number>;
	failures: Array<{ sku: string | null; wooProductId: number | null; error: string }>;
	readFromWooCommerce: { products: number; variations: number };
	note: string;
}

const sku = (n: number) => `EXP-${String(n).padStart(3, '0')}`;
const variableSku = (n: number) => `VAR-${String(n).padStart(2, '0')}`;
const priceOf = (n: number) => (99 + n * 1.25).toFixed(2);

/** 252 simple products (every 7th without managed stock), 3 without SKU, one SKU Specter refuses (a space). */
function simpleProducts(): ProductSeed[] {
	const simple = Array.from({ length: 252 }, (_, i): ProductSeed => {
		const n = i + 1;
		return {
			name: `Produkt ${n}`,
			sku: sku(n),
			regular_price: priceOf(n),
			tax_class: TAX_CLASSES[n % TAX_CLASSES.length],
			manage_stock: n % 7 !== 0,
			...(n % 7 !== 0 && { stock_quantity: n % 50 }),
			weight: String(((n % 9) + 1) / 10),
		};
	});
	const withoutSku = [1, 2, 3].map((n): ProductSeed => ({ name: `Utan SKU ${n}`, regular_price: '10.00' }));
	return [...simple, ...withoutSku, { name: 'Felaktig SKU', sku: BAD_SKU, regular_price: '10.00' }];
}

/**
 * 40 variable products with three sized variations each (every second parent without SKU of its own), the first
 * with a fourth variation without SKU, and one variable product without variations.
 */
function variableProducts(): ProductSeed[] {
	const variable = Array.from({ length: 40 }, (_, i): ProductSeed => {
		const n = i + 1;
		return {
			name: `Jacka ${n}`,
			...(n % 2 === 1 && { sku: variableSku(n) }),
			type: 'variable',
			tax_class: n % 2 === 0 ? 'reduced-rate' : '',
			weight: '1.2',
			attributes: [{ name: 'Storlek', options: [...SIZES, ...(n === 1 ? ['XL'] : [])], variation: true, visible: true }],
			variations: [
				...SIZES.map((size, s) => ({
					sku: `${variableSku(n)}-${size}`,
					regular_price: `${400 + n}.00`,
					manage_stock: true,
					stock_quantity: n + s,
					attributes: [{ name: 'Storlek', option: size }],
				})),
				...(n === 1 ? [{ regular_price: '400.00', attributes: [{ name: 'Storlek', option: 'XL' }] }] : []),
			],
		};
	});
	return [...variable, { name: 'Tom jacka', sku: 'VAR-EMPTY', type: 'variable', attributes: [] }];
}

/** What each product or variation with a SKU Specter takes must become (prices entered with tax). */
function expectedArticles(products: ProductSeed[]): Expected[] {
	const article = (articleNo: string, name: string, price: string, taxClass: string, weight: string | undefined, stock: number | null): Expected => {
		const vatPercent = VAT_BY_TAX_CLASS[taxClass];
		const kg = weight === undefined || weight === '' ? null : Number(weight);
		return { articleNo, name, priceExclVat: roundTo(Number(price) / (1 + vatPercent / 100), 2), vatPercent, weight: kg, stock };
	};
	return products.flatMap((product) => {
		if (product.type === 'variable') {
			return (product.variations ?? [])
				.filter((variation) => variation.sku)
				.map((variation) =>
					article(
						variation.sku as string,
						`${product.name} - ${variation.attributes.map((attribute) => attribute.option).join(', ')}`,
						variation.regular_price as string,
						product.tax_class ?? '',
						product.weight,
						variation.manage_stock ? (variation.stock_quantity ?? null) : null,
					),
				);
		}
		if (!product.sku || product.sku === BAD_SKU) return [];
		const stock = product.manage_stock ? (product.stock_quantity ?? null) : null;
		return [article(product.sku, product.name, product.regular_price as string, product.tax_class ?? '', product.weight, stock)];
	});
}

function ranNode(execution: Execution, nodeName: string): boolean {
	return Boolean(execution.data?.resultData?.runData?.[nodeName]);
}

const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

// Each test and hook may take up to 10 minutes (test/jest-support/timeout-e2e.js).
describe('product export template in a real n8n', () => {
	let stack: Stack;
	let products: ProductSeed[];
	let expected: Map<string, Expected>;
	/** SKUs Specter had before the first export */
	let existing: Set<string>;
	let before: Map<string, SimArticle>;
	const articles = () => stack.specter.state.articles;
	const workflowId = () => stack.workflows[TEMPLATE];

	/** Runs the workflow as the editor's "Execute workflow" button does and returns its finished execution. */
	async function runByHand(): Promise<{ execution: Execution; summary: Summary }> {
		const earlier = (await stack.n8n.listExecutions(workflowId())).length;
		const started = await stack.n8n.rest<{ data: { executionId?: string; waitingForWebhook?: boolean } }>(
			'POST',
			`/workflows/${workflowId()}/run`,
			{ triggerToStartFrom: { name: 'Run the export' } },
		);
		assert.ok(started.data.executionId, JSON.stringify(started));
		// generous: two cores, other tests' n8n instances running beside this one
		const executions = await stack.n8n.waitForExecutions(workflowId(), (all) => all.length > earlier, 480_000);
		const execution = executions.find((candidate) => candidate.id === started.data.executionId) as Execution;
		assert.ok(execution, `execution ${started.data.executionId} among ${executions.map((candidate) => candidate.id).join(', ')}`);
		assert.equal(execution.mode, 'manual');
		assert.equal(execution.status, 'success', stack.n8n.logTail());
		assert.ok(ranNode(execution, 'Export to Specter'));
		const summaries = stack.n8n.nodeOutput(execution, 'Summary') as Summary[];
		assert.equal(summaries.length, 1, 'one summary item');
		process.stderr.write(`[export] execution ${execution.id} summary: ${JSON.stringify(summaries[0])}\n`);
		return { execution, summary: summaries[0] };
	}

	/** The created, updated and untouched article numbers of the newArticleSubmit calls since `from`. */
	function submissionsSince(from: number) {
		const submissions = stack.specter.state.articleSubmissions.slice(from);
		const all = (key: 'created' | 'updated' | 'untouched') => new Set(submissions.flatMap((submission) => submission[key]));
		return { calls: submissions.length, created: all('created'), updated: all('updated'), untouched: all('untouched') };
	}

	function assertArticleHolds(article: SimArticle | undefined, want: Expected): void {
		assert.ok(article, `${want.articleNo} in Specter`);
		assert.deepEqual(
			{ name: article.name, priceExclVat: article.priceExclVat, vatPercent: article.vatPercent, weight: article.weight },
			{ name: want.name, priceExclVat: want.priceExclVat, vatPercent: want.vatPercent, weight: want.weight },
			want.articleNo,
		);
	}

	beforeAll(async () => {
		// imported, none activated: no other template may react to the products created below (a product sync would)
		stack = await startStack({ activateWorkflows: false });
		const added = [...simpleProducts(), ...variableProducts()];
		await createWooProducts(stack.wooApi, added);
		products = [...sampleCatalogue(), ...added];
		expected = new Map(expectedArticles(products).map((article) => [article.articleNo, article]));
		// Specter already has the sample catalogue (seeded by the stack) and, differently, 25 simple products and the
		// variations of two variable ones: New Only must leave these exactly as they are.
		const seeded = [...Array.from({ length: 25 }, (_, i) => sku((i + 1) * 10)), ...['VAR-01', 'VAR-02'].flatMap((parent) => SIZES.map((size) => `${parent}-${size}`))];
		for (const articleNo of seeded) {
			await stack.specterControl('POST', 'articles', { articleNo, name: `Specter ${articleNo}`, priceExclVat: 1, vatPercent: 25, weight: 9, stock: 999 });
		}
		existing = new Set([...articles().keys()].filter((articleNo) => expected.has(articleNo)));
		before = new Map(copy([...articles()]));
	});
	afterAll(async () => {
		await stack?.stop();
	});

	it('the store and Specter are as the scenario says', () => {
		const wooProducts = stack.woo.state.products.filter((product) => product.type !== 'variation');
		assert.equal(wooProducts.length, 302);
		assert.equal(wooProducts.filter((product) => product.type === 'variable').length, 42);
		assert.equal(stack.woo.state.products.filter((product) => product.type === 'variation').length, 124);
		assert.equal(expected.size, 379, '255 simple products with a SKU Specter takes and 124 variations with their own SKU');
		assert.equal(existing.size, 38, 'the catalogue (7) and the 31 seeded');
		assert.equal(articles().get(sku(10))?.name, `Specter ${sku(10)}`);
	});

	it('New Only creates exactly the new articles with their WooCommerce stock and leaves the existing ones as they were', async () => {
		const from = stack.specter.state.articleSubmissions.length;
		const { summary } = await runByHand();

		// every existing article exactly as before: name, price, stock, the fields last written, all of it
		for (const [articleNo, article] of before) assert.deepEqual(copy(articles().get(articleNo)), article, articleNo);
		const created = [...expected.values()].filter((article) => !existing.has(article.articleNo));
		assert.equal(created.length, 341);
		for (const want of created) {
			const article = articles().get(want.articleNo);
			assertArticleHolds(article, want);
			if (want.stock === null) {
				assert.deepEqual([article?.stockManaged, article?.stock], [false, {}], `${want.articleNo}: WooCommerce does not manage its stock`);
			} else {
				assert.deepEqual([article?.stockManaged, article?.stock], [true, { 1: want.stock }], `${want.articleNo}: its WooCommerce stock`);
			}
		}
		assert.equal(articles().size, before.size + created.length, 'nothing else was created');
		assert.equal(articles().has(BAD_SKU), false);

		// what Specter did, as only the simulator knows it
		const did = submissionsSince(from);
		assert.equal(did.calls, 4, '379 articles in batches of 100');
		assert.deepEqual([...did.created].sort(), created.map((article) => article.articleNo).sort());
		assert.deepEqual([...did.untouched].sort(), [...existing].sort());
		assert.equal(did.updated.size, 0);

		// the summary counts what Specter's answer tells: created and left alone together
		assert.deepEqual(
			{ ...summary, note: undefined, failures: undefined },
			{
				mode: 'New Only',
				createdOrLeftAlone: did.created.size + did.untouched.size,
				updated: 0,
				skipped: 46,
				failed: 1,
				skippedBecause: { [FILTER_REASON]: 4, [VARIABLE_REASON]: 42 },
				readFromWooCommerce: { products: 302, variations: 124 },
				note: undefined,
				failures: undefined,
			},
		);
		assert.equal(summary.createdOrLeftAlone, 379);
		assert.equal(summary.failures.length, 1);
		assert.equal(summary.failures[0].sku, BAD_SKU);
		assert.match(summary.failures[0].error, /EXP 999.*space/);
		assert.match(summary.note, /does not|without saying which/);
	});

	it('All (the mode switched in n8n) updates every article from WooCommerce, creates new ones, and never sends or changes stock', async () => {
		// the merchant's changes in WooCommerce since: names, prices and stock of 20 products, a variation's price, 5 new products
		const wooProduct = (articleNo: string) => stack.woo.state.products.find((product) => product.sku === articleNo);
		for (let n = 1; n <= 20; n++) {
			const id = wooProduct(sku(n))?.id;
			await stack.wooApi.put(`products/${id}`, { name: `Produkt ${n} v2`, regular_price: priceOf(n + 1000), stock_quantity: 7777 });
			const want = expected.get(sku(n)) as Expected;
			want.name = `Produkt ${n} v2`;
			want.priceExclVat = roundTo(Number(priceOf(n + 1000)) / (1 + want.vatPercent / 100), 2);
		}
		const variation = wooProduct('VAR-03-M');
		await stack.wooApi.put(`products/${variation?.parent_id}/variations/${variation?.id}`, { regular_price: '555.00', stock_quantity: 1 });
		(expected.get('VAR-03-M') as Expected).priceExclVat = roundTo(555 / 1.25, 2);
		const newProducts = [1, 2, 3, 4, 5].map((n): ProductSeed => ({ name: `Ny produkt ${n}`, sku: `EXP-NEW-${n}`, regular_price: '125.00', manage_stock: true, stock_quantity: 50, weight: '0.5' }));
		await createWooProducts(stack.wooApi, newProducts);
		for (const want of expectedArticles(newProducts)) expected.set(want.articleNo, want);

		// the one change the merchant makes in n8n: mode All
		const workflow = await stack.n8n.api<{ name: string; nodes: Array<{ name: string; parameters: { assignments: { assignments: Array<{ name: string; value: string }> } } }>; connections: object; settings: object }>(
			'GET',
			`/workflows/${workflowId()}`,
		);
		const mode = workflow.nodes.find((node) => node.name === MODE_NODE)?.parameters.assignments.assignments.find((field) => field.name === 'mode');
		assert.equal(mode?.value, 'New Only', 'the template as shipped');
		(mode as { value: string }).value = 'All';
		await stack.n8n.api('PUT', `/workflows/${workflowId()}`, { name: workflow.name, nodes: workflow.nodes, connections: workflow.connections, settings: workflow.settings });

		const stockBefore = new Map([...articles()].map(([articleNo, article]) => [articleNo, copy({ stockManaged: article.stockManaged, stock: article.stock })]));
		const notFromWooCommerce = [...articles().keys()].filter((articleNo) => !expected.has(articleNo));
		const untouchedBefore = new Map(notFromWooCommerce.map((articleNo) => [articleNo, copy(articles().get(articleNo))]));
		const from = stack.specter.state.articleSubmissions.length;
		const { summary } = await runByHand();

		for (const want of expected.values()) {
			const article = articles().get(want.articleNo);
			assertArticleHolds(article, want);
			assert.equal(
				Object.keys(article?.wireFields ?? {}).some((field) => /^(createArticleStock|noItemsInStock)$/i.test(field)),
				false,
				`${want.articleNo}: no stock field sent`,
			);
			const stock = stockBefore.get(want.articleNo);
			if (stock) assert.deepEqual({ stockManaged: article?.stockManaged, stock: article?.stock }, stock, `${want.articleNo}: stock unchanged`);
			else assert.deepEqual([article?.stockManaged, article?.stock], [false, {}], `${want.articleNo}: created without stock`);
		}
		assert.deepEqual(articles().get(sku(10))?.stock, { 1: 999 }, "Specter's stock, not WooCommerce's");
		for (const [articleNo, article] of untouchedBefore) assert.deepEqual(copy(articles().get(articleNo)), article, `${articleNo} is not in WooCommerce`);

		const did = submissionsSince(from);
		assert.deepEqual([...did.created].sort(), ['EXP-NEW-1', 'EXP-NEW-2', 'EXP-NEW-3', 'EXP-NEW-4', 'EXP-NEW-5']);
		assert.equal(did.updated.size, 379);
		assert.equal(did.untouched.size, 0);

		assert.deepEqual(
			{ ...summary, note: undefined, failures: undefined },
			{
				mode: 'All',
				createdOrUpdated: did.created.size + did.updated.size,
				leftAlone: 0,
				skipped: 46,
				failed: 1,
				skippedBecause: { [FILTER_REASON]: 4, [VARIABLE_REASON]: 42 },
				readFromWooCommerce: { products: 307, variations: 124 },
				note: undefined,
				failures: undefined,
			},
		);
		assert.equal(summary.createdOrUpdated, 384);
		assert.deepEqual(summary.failures.map((failure) => failure.sku), [BAD_SKU]);
	});
});
