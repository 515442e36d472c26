/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
// Article → Plan Sync From WooCommerce and Article → Plan WooCommerce Updates: pure operations (no credential, no
// request) run through the node with n8n's parameter defaults; pairing, continueOnFail and item indexes on errors;
// and an article change read from the Specter simulator (Article → Get Changes) planned into a WooCommerce batch.
import assert from 'node:assert/strict';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';
import { Specter } from '../../../nodes/Specter/Specter.node';
import { SPECTER_SYNC_HASH_META_KEY } from '../../../nodes/Specter/mappers/product-sync';
import { SPECTER_GUESSES } from '../../../nodes/Specter/wire/guesses';
import { executeContext, type HttpCall } from '../../helpers/n8n-context';
import { jsonOf, pairingOf, rejectionOf, startHarness } from './harness';

const STORE = 'https://butik.example.se/wp-json/wc/v3';

function wooProduct(overrides: IDataObject = {}): IDataObject {
	const id = (overrides.id as number | undefined) ?? 21;
	return {
		id,
		type: 'simple',
		status: 'publish',
		name: 'Mugg',
		sku: 'MUG-01',
		regular_price: '125.00',
		price: '125.00',
		tax_status: 'taxable',
		tax_class: '',
		weight: '0.35',
		description: '',
		short_description: '',
		parent_id: 0,
		meta_data: [],
		_links: { self: [{ href: `${STORE}/products/${id}` }], collection: [{ href: `${STORE}/products` }] },
		...overrides,
	};
}

function wooVariation(overrides: IDataObject = {}): IDataObject {
	return wooProduct({
		id: 31,
		type: 'variation',
		parent_id: 30,
		name: 'T-shirt - M',
		sku: 'TEE-M',
		regular_price: '199.00',
		attributes: [{ id: 0, name: 'Storlek', option: 'M' }],
		_links: { self: [{ href: `${STORE}/products/31` }], collection: [{ href: `${STORE}/products` }], up: [{ href: `${STORE}/products/30` }] },
		...overrides,
	});
}

async function run(
	operation: string,
	items: IDataObject[],
	parameters: IDataObject | ((itemIndex: number) => IDataObject) = {},
	continueOnFail = false,
): Promise<{ output: INodeExecutionData[]; httpLog: HttpCall[] }> {
	const node = new Specter();
	const httpLog: HttpCall[] = [];
	const context = executeContext({
		parameters: (itemIndex) => ({
			resource: 'article',
			operation,
			...(typeof parameters === 'function' ? parameters(itemIndex) : parameters),
		}),
		credentials: {},
		items: items.map((json) => ({ json })),
		continueOnFail,
		nodeType: node,
		httpLog,
	});
	const [output] = await node.execute.call(context);
	return { output, httpLog };
}

describe('Article → Plan Sync From WooCommerce', () => {
	it('asks for no credential and defaults to a Swedish store: prices incl. VAT, 25/12/6/0 by tax class, kg', () => {
		const node = new Specter();
		const parameters = { resource: 'article', operation: 'planSyncFromWooCommerce' };
		const withDefaults = NodeHelpers.getNodeParameters(node.description.properties, parameters, true, false, null, node.description);
		assert.equal(withDefaults?.pricesIncludeTax, true);
		assert.equal(withDefaults?.weightUnit, 'kg');
		assert.deepEqual(withDefaults?.vatRates, {
			rate: [
				{ taxClass: 'standard', vatPercent: 25 },
				{ taxClass: 'reduced-rate', vatPercent: 12 },
				{ taxClass: 'six-rate', vatPercent: 6 },
				{ taxClass: 'zero-rate', vatPercent: 0 },
			],
		});
		const [credential] = node.description.credentials ?? [];
		assert.equal(NodeHelpers.displayParameter(parameters, credential, null, node.description), false);
		assert.equal(NodeHelpers.displayParameter({ resource: 'article', operation: 'planWooCommerceUpdates' }, credential, null, node.description), false);
		assert.equal(NodeHelpers.displayParameter({ resource: 'article', operation: 'upsert' }, credential, null, node.description), true);
	});

	it('plans one output per product, paired: the article to write with its stamp and address, variations to fetch, skips with reasons', async () => {
		const items = [
			wooProduct({ manage_stock: true, stock_quantity: 9 }),
			wooVariation(),
			wooProduct({ id: 30, type: 'variable', sku: 'TEE', regular_price: '' }),
			wooProduct({ id: 22, sku: 'DRAFT-1', status: 'draft' }),
			wooProduct({ id: 23, sku: '' }),
		];
		const { output, httpLog } = await run('planSyncFromWooCommerce', items);
		assert.deepEqual(httpLog, []);
		assert.deepEqual(pairingOf(output), [0, 1, 2, 3, 4]);
		const [simple, variation, variable, draft, noSku] = jsonOf(output);
		assert.deepEqual(
			{ ...simple, syncHash: typeof simple.syncHash },
			{
				action: 'upsert',
				sku: 'MUG-01',
				wooProductId: 21,
				articleNo: 'MUG-01',
				name: 'Mugg',
				priceExclVat: 100,
				vatPercent: 25,
				weight: 0.35,
				syncHash: 'string',
				stampUrl: `${STORE}/products/21`,
				stampBody: { meta_data: [{ key: SPECTER_SYNC_HASH_META_KEY, value: simple.syncHash }] },
			},
		);
		assert.equal(variation.stampUrl, `${STORE}/products/30/variations/31`);
		assert.equal(variation.priceExclVat, 159.2);
		assert.equal(variable.action, 'variations');
		assert.equal(variable.variationsUrl, `${STORE}/products/30/variations`);
		assert.equal((variable.parent as IDataObject).id, 30, 'the parent travels on, for the variations it expands into');
		assert.deepEqual([draft.action, draft.reason], ['skip', 'not published (status draft)']);
		assert.equal(noSku.action, 'skip');
	});

	it('takes the store settings and a Parent Product for variations listed by the variations endpoint', async () => {
		const listed = {
			id: 32,
			sku: 'TEE-L',
			status: 'publish',
			regular_price: '219.00',
			price: '219.00',
			tax_status: 'taxable',
			tax_class: 'kläder',
			weight: '250',
			attributes: [{ id: 0, name: 'Storlek', option: 'L' }],
			meta_data: [],
			_links: { self: [{ href: `${STORE}/products/30/variations/32` }], up: [{ href: `${STORE}/products/30` }] },
		};
		const parent = wooProduct({ id: 30, type: 'variable', name: 'T-shirt', sku: 'TEE' });
		const { output } = await run('planSyncFromWooCommerce', [listed], {
			pricesIncludeTax: false,
			weightUnit: 'g',
			vatRates: { rate: [{ taxClass: 'kläder', vatPercent: 12 }] },
			parentProduct: JSON.stringify(parent),
		});
		const [article] = jsonOf(output);
		assert.deepEqual(
			[article.action, article.name, article.priceExclVat, article.vatPercent, article.weight, article.stampUrl],
			['upsert', 'T-shirt - L', 219, 12, 0.25, `${STORE}/products/30/variations/32`],
		);
	});

	it('names the item and the SKU in errors; with continueOnFail the others go on', async () => {
		const items = [{ order: 1 }, wooProduct({ tax_class: 'okänd' }), wooProduct({ id: 24, sku: 'OK-1' })];
		const error = await rejectionOf(run('planSyncFromWooCommerce', items));
		assert.equal(error.message, 'Item 1 is not a WooCommerce product');
		assert.equal((error.context as IDataObject).itemIndex, 0);

		const { output } = await run('planSyncFromWooCommerce', items, {}, true);
		assert.deepEqual(pairingOf(output), [0, 1, 2]);
		const json = jsonOf(output);
		assert.equal(json[0].error, 'Item 1 is not a WooCommerce product');
		assert.match(json[1].error as string, /^product MUG-01 \(id 21\): tax class "okänd" has no VAT rate/);
		assert.equal(json[1].sku, 'MUG-01');
		assert.equal(json[2].action, 'upsert');
		assert.ok(output[1].error !== undefined);

		const parentError = await rejectionOf(run('planSyncFromWooCommerce', [wooVariation()], { parentProduct: '[1]' }));
		assert.equal(parentError.message, 'Parent Product is not a WooCommerce product');
	});
});

describe('Article → Plan WooCommerce Updates', () => {
	const change = (overrides: IDataObject = {}): IDataObject => ({
		queue: 'articleInfo',
		batchNo: 'b1',
		articleNo: 'MUG-01',
		name: 'Mugg',
		priceExclVat: 100,
		buyPrice: null,
		barCode: null,
		weight: 0.35,
		vatPercent: 25,
		raw: {},
		...overrides,
	});

	it('defaults the tax class map to WooCommerce slugs (standard, reduced-rate, six-rate, zero-rate) and all fields', () => {
		const node = new Specter();
		const withDefaults = NodeHelpers.getNodeParameters(
			node.description.properties,
			{ resource: 'article', operation: 'planWooCommerceUpdates' },
			true,
			false,
			null,
			node.description,
		);
		assert.deepEqual(withDefaults?.taxClasses, {
			rate: [
				{ vatPercent: 0, taxClass: 'zero-rate' },
				{ vatPercent: 6, taxClass: 'six-rate' },
				{ vatPercent: 12, taxClass: 'reduced-rate' },
				{ vatPercent: 25, taxClass: 'standard' },
			],
		});
		assert.deepEqual(withDefaults?.fields, ['descriptions', 'name', 'price', 'taxClass', 'weight']);
	});

	it('takes the trigger\'s chunk items, outputs one batch request per endpoint paired to its products, and the changes it leaves alone', async () => {
		const chunk = {
			queue: 'articleInfo',
			batchNo: 'b1',
			chunk: 1,
			chunks: 1,
			articleNos: 'MUG-01,TEE-M,NOPE-1,SAME-1',
			changes: [
				change({ priceExclVat: 120 }),
				change({ articleNo: 'TEE-M', priceExclVat: 175, name: 'T-shirt - M' }),
				change({ articleNo: 'NOPE-1' }),
				change({ articleNo: 'SAME-1' }),
			],
		};
		const items = [wooVariation(), wooProduct(), wooProduct({ id: 25, sku: 'SAME-1' }), {}];
		const { output, httpLog } = await run('planWooCommerceUpdates', items, { articleChanges: [chunk] });
		assert.deepEqual(httpLog, []);
		const json = jsonOf(output);
		assert.deepEqual(
			json.map((item) => [item.write, item.url ?? item.sku, item.result ?? null]),
			[
				[true, `${STORE}/products/batch`, null],
				[true, `${STORE}/products/30/variations/batch`, null],
				[false, 'NOPE-1', 'skipped'],
				[false, 'SAME-1', 'unchanged'],
			],
		);
		assert.deepEqual(pairingOf(output), [1, 0, 0, 2]);
		assert.deepEqual((json[0].body as { update: IDataObject[] }).update[0].regular_price, '150.00');
		assert.deepEqual(json[0].skus, ['MUG-01']);
		assert.deepEqual((json[0].results as IDataObject[])[0], { sku: 'MUG-01', result: 'update', wooProductId: 21, fields: ['regular_price'] });
	});

	it('plans nothing but the skips when WooCommerce found nothing (the look-up output one empty item)', async () => {
		const { output } = await run('planWooCommerceUpdates', [{}], { articleChanges: JSON.stringify([change()]) });
		assert.deepEqual(jsonOf(output), [{ write: false, sku: 'MUG-01', result: 'skipped', reason: 'not in the store: no product or variation has this SKU' }]);
	});

	it('refuses Article Changes that are not changes, at item 0; with continueOnFail as an error item', async () => {
		const error = await rejectionOf(run('planWooCommerceUpdates', [wooProduct()], { articleChanges: [{ sku: 'x' }] }));
		assert.equal(error.message, 'Article Changes holds something that is not an article change');
		assert.equal((error.context as IDataObject).itemIndex, 0);
		const { output } = await run('planWooCommerceUpdates', [wooProduct()], { articleChanges: [{ sku: 'x' }] }, true);
		assert.equal(jsonOf(output)[0].error, 'Article Changes holds something that is not an article change');
		assert.deepEqual(pairingOf(output), [0]);
	});

	it('plans an article edited in the Specter simulator, its texts read under the guessed names, into a variation update', async () => {
		const harness = await startHarness();
		try {
			await harness.control('articles', { articleNo: 'TEE-M', name: 'T-shirt - M' });
			await harness.control('articles/TEE-M/edit', {
				priceExclVat: 151.2,
				vatPercent: 25,
				description: '<p>Bomull & "ekologisk"</p>',
				shortDescription: 'Kort',
				publishInWebshop: true,
			});
			const changes = jsonOf(await harness.run({ parameters: { resource: 'article', operation: 'getChanges' } }));
			const guessed = SPECTER_GUESSES.article;
			assert.equal((changes[0].raw as IDataObject)[guessed.descriptionField], '<p>Bomull & "ekologisk"</p>');
			assert.equal((changes[0].raw as IDataObject)[guessed.publishInWebshopField], '1');
			const { output } = await run('planWooCommerceUpdates', [wooVariation()], { articleChanges: changes });
			const [request] = jsonOf(output);
			assert.equal(request.url, `${STORE}/products/30/variations/batch`);
			const [update] = (request.body as { update: IDataObject[] }).update;
			assert.deepEqual([update.regular_price, update.description, 'short_description' in update], ['189.00', '<p>Bomull & "ekologisk"</p>', false]);
		} finally {
			await harness.close();
		}
	});
});
