/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
// Article → Create or Update and Article → Export From WooCommerce against the Specter simulator.
import assert from 'node:assert/strict';
import type { IDataObject } from 'n8n-workflow';
import { SPECTER_GUESSES } from '../../../nodes/Specter/wire/guesses';
import { loadProduct, loadVariations } from '../../mappers/fixtures';
import { type NodeHarness, clone, jsonOf, pairingOf, rejectionOf, startHarness } from './harness';

const EXPORT = { resource: 'article', operation: 'exportFromWooCommerce' };

/** `count` simple products in the fixture's shape: SKU GEN-001…, id 10001…, stock quantity = their number. */
function generatedProducts(count: number): IDataObject[] {
	const template = loadProduct('product-simple.json');
	return Array.from({ length: count }, (_, i) => {
		const product = clone(template) as unknown as IDataObject;
		product.id = 10001 + i;
		product.sku = `GEN-${String(i + 1).padStart(3, '0')}`;
		product.name = `Produkt ${i + 1}`;
		product.stock_quantity = i + 1;
		product.regular_price = '125';
		return product;
	});
}

/** Stock fields of a newArticleSubmit row (the simulator keeps row fields without their _N). */
const STOCK_FIELDS = /^(createArticleStock|noItemsInStock)$/i;

describe('Article → Create or Update', () => {
	let harness: NodeHarness;

	beforeEach(async () => {
		harness = await startHarness();
	});
	afterEach(() => harness.close());

	it('sends the article with its additional fields, the guessed ones under their guessed names', async () => {
		const output = await harness.run({
			parameters: {
				resource: 'article',
				operation: 'upsert',
				articleNo: 'TERMOS-05',
				name: 'Termos 0,5 l',
				additionalFields: {
					priceExclVat: 199.2,
					vatPercent: 25,
					weight: 0.45,
					barCode: '7350012345678',
					initialStock: 12,
					description: 'Håller värmen i 12 timmar',
					publishInWebshop: true,
				},
			},
		});

		const [article] = (await harness.state()).articles;
		assert.equal(article.articleNo, 'TERMOS-05');
		assert.equal(article.name, 'Termos 0,5 l');
		assert.equal(article.priceExclVat, 199.2);
		assert.equal(article.weight, 0.45);
		assert.deepEqual(article.stock, { 1: 12 });
		assert.equal(article.wireFields[SPECTER_GUESSES.article.descriptionField], 'Håller värmen i 12 timmar');
		assert.equal(article.wireFields[SPECTER_GUESSES.article.publishInWebshopField], '1');
		assert.deepEqual(pairingOf(output), [0]);
		assert.deepEqual(jsonOf(output), [
			{
				articleNo: 'TERMOS-05',
				name: 'Termos 0,5 l',
				priceExclVat: 199.2,
				vatPercent: 25,
				weight: 0.45,
				barCode: '7350012345678',
				initialStock: 12,
				description: 'Håller värmen i 12 timmar',
				publishInWebshop: true,
				updateExisting: true,
			},
		]);
	});

	it('leaves an existing article alone when Update Existing Article is off', async () => {
		await harness.control('articles', { articleNo: 'TERMOS-05', name: 'Original', stock: 5 });
		const parameters = { resource: 'article', operation: 'upsert', articleNo: 'TERMOS-05', name: 'Nytt namn' };

		await harness.run({ parameters: { ...parameters, updateExisting: false } });
		assert.equal((await harness.state()).articles[0].name, 'Original');
		await harness.run({ parameters });
		assert.equal((await harness.state()).articles[0].name, 'Nytt namn');
		assert.deepEqual(
			(await harness.state()).articleSubmissions.map((submission) => [submission.untouched, submission.updated]),
			[
				[['TERMOS-05'], []],
				[[], ['TERMOS-05']],
			],
		);
	});

	it('refuses an article number Specter cannot take before sending it', async () => {
		const error = await rejectionOf(
			harness.run({ parameters: { resource: 'article', operation: 'upsert', articleNo: 'TERMOS 05', name: 'Termos' } }),
		);
		assert.equal(error.constructor.name, 'NodeOperationError');
		assert.match(error.message, /^Article TERMOS 05: .*contains a space/);
		assert.deepEqual(await harness.requests(), []);
	});
});

describe('Article → Export From WooCommerce', () => {
	let harness: NodeHarness;
	const EXISTING = ['GEN-005', 'GEN-150', 'GEN-250'];

	beforeEach(async () => {
		harness = await startHarness();
		for (const articleNo of EXISTING) {
			await harness.control('articles', { articleNo, name: `Specter ${articleNo}`, stock: 999 });
		}
	});
	afterEach(() => harness.close());

	it('New Only: 250 products in 3 calls, initial stock for the new ones, existing articles left alone', async () => {
		const products = generatedProducts(250);
		const output = await harness.run({ parameters: EXPORT, items: products });

		const requests = (await harness.requests()).filter((request) => request.action === 'newArticleSubmit');
		assert.deepEqual(
			requests.map((request) => request.rows),
			[100, 100, 50],
		);
		const state = await harness.state();
		assert.equal(state.articles.length, 250);
		const byNo = new Map(state.articles.map((article) => [article.articleNo, article]));
		assert.deepEqual(byNo.get('GEN-001')?.stock, { 1: 1 });
		assert.deepEqual(
			Object.keys(byNo.get('GEN-001')?.wireFields ?? {}).filter((field) => STOCK_FIELDS.test(field)),
			['createArticleStock', 'noItemsInStock'],
		);
		assert.deepEqual(byNo.get('GEN-249')?.stock, { 1: 249 });
		for (const articleNo of EXISTING) {
			assert.deepEqual(byNo.get(articleNo)?.stock, { 1: 999 }, `${articleNo} stock`);
			assert.equal(byNo.get(articleNo)?.name, `Specter ${articleNo}`);
		}
		assert.deepEqual(
			state.articleSubmissions.map((submission) => submission.untouched),
			[['GEN-005'], ['GEN-150'], ['GEN-250']],
		);
		// prices entered without tax by default; 25 % VAT for the standard ('') tax class
		assert.equal(byNo.get('GEN-001')?.priceExclVat, 125);
		assert.equal(byNo.get('GEN-001')?.vatPercent, 25);

		assert.deepEqual(pairingOf(output), products.map((_, i) => i));
		const json = jsonOf(output);
		// Specter's answer does not say which rows it created: GEN-150 was left alone, GEN-001 created, both read the same
		const newOnly = { mode: 'newOnly', outcome: 'createdOrLeftAlone' };
		assert.deepEqual(json[0], { articleNo: 'GEN-001', wooProductId: 10001, ...newOnly, batchIndex: 0, initialStock: 1 });
		assert.deepEqual(json[149], { articleNo: 'GEN-150', wooProductId: 10150, ...newOnly, batchIndex: 1, initialStock: 150 });
		assert.deepEqual(json[249], { articleNo: 'GEN-250', wooProductId: 10250, ...newOnly, batchIndex: 2, initialStock: 250 });
	});

	it('All: 250 products in 3 calls, existing articles updated, no stock field sent and seeded stock unchanged', async () => {
		const products = generatedProducts(250);
		const output = await harness.run({ parameters: { ...EXPORT, mode: 'all', pricesIncludeTax: true }, items: products });

		assert.equal(await harness.callsOf('newArticleSubmit'), 3);
		const state = await harness.state();
		const byNo = new Map(state.articles.map((article) => [article.articleNo, article]));
		for (const articleNo of EXISTING) {
			assert.deepEqual(byNo.get(articleNo)?.stock, { 1: 999 }, `${articleNo} stock`);
			assert.equal(byNo.get(articleNo)?.name, `Produkt ${Number(articleNo.slice(4))}`);
		}
		assert.deepEqual(byNo.get('GEN-001')?.stock, {}, 'a new article gets no stock in All mode');
		for (const article of state.articles) {
			assert.deepEqual(Object.keys(article.wireFields).filter((field) => STOCK_FIELDS.test(field)), [], article.articleNo);
		}
		assert.deepEqual(
			state.articleSubmissions.map((submission) => submission.updated),
			[['GEN-005'], ['GEN-150'], ['GEN-250']],
		);
		assert.equal(byNo.get('GEN-001')?.priceExclVat, 100, 'price 125 incl. 25 % VAT');
		const all = { mode: 'all', outcome: 'createdOrUpdated', initialStock: null };
		assert.deepEqual(jsonOf(output)[0], { articleNo: 'GEN-001', wooProductId: 10001, ...all, batchIndex: 0 });
		assert.deepEqual(jsonOf(output)[4], { articleNo: 'GEN-005', wooProductId: 10005, ...all, batchIndex: 0 });
	});

	it('skips items that are not articles and names variations after their parent', async () => {
		const parent = loadProduct('product-variable.json');
		const items = [
			loadProduct('product-without-sku.json'),
			parent,
			...loadVariations(),
			loadProduct('product-reduced-rate.json'),
		] as unknown as IDataObject[];
		const output = await harness.run({ parameters: { ...EXPORT, weightUnit: 'lbs' }, items });

		assert.deepEqual(pairingOf(output), [0, 1, 2, 3, 4]);
		const json = jsonOf(output);
		assert.deepEqual(Object.keys(json[0]).sort(), ['outcome', 'reason', 'skipped', 'wooProductId']);
		assert.equal(json[0].outcome, 'skipped');
		assert.equal(json[0].skipped, true);
		assert.equal(json[0].wooProductId, 907);
		assert.match(json[0].reason as string, /^no SKU/);
		assert.deepEqual(
			{ outcome: json[1].outcome, skipped: json[1].skipped, sku: json[1].sku, wooProductId: json[1].wooProductId },
			{ outcome: 'skipped', skipped: true, sku: 'JACKA', wooProductId: 812 },
		);
		assert.match(json[1].reason as string, /^variable product: its variations are exported/);
		assert.deepEqual(
			json.slice(2).map((item) => [item.articleNo, item.initialStock]),
			[
				['JACKA-SV-L', 12],
				['JACKA-OR-L', null],
				['KAFFE-MORK-500', null],
			],
		);

		const byNo = new Map((await harness.state()).articles.map((article) => [article.articleNo, article]));
		assert.equal(byNo.get('JACKA-SV-L')?.name, 'Arbetsjacka - Svart, L');
		assert.equal(byNo.get('JACKA-SV-L')?.weight, 0.544, '1.2 lbs');
		assert.equal(byNo.get('KAFFE-MORK-500')?.vatPercent, 12);
		assert.equal(await harness.callsOf('newArticleSubmit'), 1);
	});

	it('turns a batch Specter rejects into an error for each of its products; the other batches go through', async () => {
		const products = generatedProducts(5);
		products[1].name = '';
		const output = await harness.run({ parameters: { ...EXPORT, batchSize: 2 }, items: products, continueOnFail: true });

		assert.equal(await harness.callsOf('newArticleSubmit'), 3);
		assert.deepEqual(pairingOf(output), [0, 1, 2, 3, 4]);
		const json = jsonOf(output);
		for (const [itemIndex, sku] of [
			[0, 'GEN-001'],
			[1, 'GEN-002'],
		] as const) {
			assert.deepEqual(Object.keys(json[itemIndex]).sort(), ['details', 'error'], 'what n8n routes to the error output');
			assert.match(json[itemIndex].error as string, new RegExp(`^SKU ${sku} \\(batch 0, row ${itemIndex + 1}\\): .*name_2`));
			assert.deepEqual(
				{ ...(json[itemIndex].details as IDataObject), description: undefined },
				{ outcome: 'failed', sku, wooProductId: 10001 + itemIndex, batchIndex: 0, description: undefined },
			);
			assert.match((json[itemIndex].details as IDataObject).description as string, /newArticleSubmit/);
			assert.equal(output[itemIndex].error, undefined, 'no n8n error property: n8n 2.41 would replace the json');
		}
		assert.deepEqual(
			json.slice(2).map((item) => [item.articleNo, item.batchIndex]),
			[
				['GEN-003', 1],
				['GEN-004', 1],
				['GEN-005', 2],
			],
		);
		const articleNos = (await harness.state()).articles.map((article) => article.articleNo).sort();
		assert.deepEqual(articleNos, ['GEN-003', 'GEN-004', ...EXISTING].sort());
	});

	it('maps and checks every product before the first call: one bad product stops the export with nothing sent', async () => {
		const products = generatedProducts(3);
		products[2].tax_class = 'luxury-rate';
		const error = await rejectionOf(harness.run({ parameters: EXPORT, items: products }));

		assert.equal(error.constructor.name, 'NodeOperationError');
		assert.equal((error.context as IDataObject).itemIndex, 2);
		assert.match(error.message, /product GEN-003 \(id 10003\): tax class "luxury-rate" has no VAT rate/);
		assert.equal(await harness.callsOf('newArticleSubmit'), 0);
	});

	it('with continueOnFail, a product that cannot be mapped is a failed item and the others are exported', async () => {
		const products = generatedProducts(3);
		products[1].tax_class = 'luxury-rate';
		const output = await harness.run({ parameters: EXPORT, items: products, continueOnFail: true });

		const json = jsonOf(output);
		assert.deepEqual(
			json.map((item) => item.outcome ?? (item.details as IDataObject | undefined)?.outcome),
			['createdOrLeftAlone', 'failed', 'createdOrLeftAlone'],
		);
		assert.deepEqual(Object.keys(json[1]).sort(), ['details', 'error']);
		assert.match(json[1].error as string, /tax class "luxury-rate" has no VAT rate/);
		const details = json[1].details as IDataObject;
		assert.deepEqual({ outcome: details.outcome, sku: details.sku, wooProductId: details.wooProductId }, { outcome: 'failed', sku: 'GEN-002', wooProductId: 10002 });
		assert.match(details.description as string, /field "tax_class"/);
		assert.deepEqual(pairingOf(output), [0, 1, 2]);
		assert.deepEqual(
			(await harness.state()).articles.map((article) => article.articleNo).sort(),
			['GEN-001', 'GEN-003', ...EXISTING].sort(),
		);
	});

	it('refuses a Mode other than New Only or All (an expression can give anything) before any call', async () => {
		const error = await rejectionOf(harness.run({ parameters: { ...EXPORT, mode: 'New Only' }, items: generatedProducts(1) }));

		assert.equal(error.constructor.name, 'NodeOperationError');
		assert.equal(error.message, 'Mode must be New Only or All, not "New Only"');
		assert.equal(await harness.callsOf('newArticleSubmit'), 0);
	});

	it('sends a product that arrives twice once, and outputs it for both items', async () => {
		const [product] = generatedProducts(1);
		const output = await harness.run({ parameters: EXPORT, items: [product, clone(product)] });

		assert.deepEqual(await harness.requests().then((requests) => requests.map((request) => request.rows)), [1]);
		assert.deepEqual(pairingOf(output), [0, 1]);
		assert.deepEqual(jsonOf(output)[0], jsonOf(output)[1]);
	});
});
