/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
// Both directions of the product sync, and the property the two templates rely on together: a write one direction
// plans is never planned back by the other (no echo), for any price, VAT rate and store price setting.
import assert from 'node:assert/strict';
import {
	planProductToSpecter,
	planWooUpdates,
	SPECTER_SYNC_HASH_META_KEY,
	syncHashOf,
	writeUrlOf,
	type ToSpecterSettings,
	type ToWooSettings,
	type WooCatalogItem,
	type WooProductUpdate,
} from '../../nodes/Specter/mappers/product-sync';
import { SPECTER_GUESSES } from '../../nodes/Specter/wire/guesses';
import type { ArticleChange } from '../../nodes/Specter/wire/types';

const STORE = 'https://shop.example/wp-json/wc/v3';
const INCL: ToWooSettings & ToSpecterSettings = { pricesIncludeTax: true };
const EXCL: ToWooSettings & ToSpecterSettings = { pricesIncludeTax: false };
const guessed = SPECTER_GUESSES.article;

function product(overrides: Record<string, unknown> = {}): WooCatalogItem {
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
		description: '<p>Old</p>',
		short_description: 'Old short',
		parent_id: 0,
		meta_data: [],
		_links: { self: [{ href: `${STORE}/products/${id}` }], collection: [{ href: `${STORE}/products` }] },
		...overrides,
	} as unknown as WooCatalogItem;
}

/** A variation as /products?sku= or a product.updated webhook returns it: the product schema. */
function variation(overrides: Record<string, unknown> = {}): WooCatalogItem {
	const id = (overrides.id as number | undefined) ?? 31;
	return product({
		id,
		type: 'variation',
		parent_id: 30,
		name: 'T-shirt - M',
		sku: 'TEE-M',
		regular_price: '199.00',
		weight: '0.2',
		description: '',
		short_description: '',
		_links: {
			self: [{ href: `${STORE}/products/${id}` }],
			collection: [{ href: `${STORE}/products` }],
			up: [{ href: `${STORE}/products/30` }],
		},
		...overrides,
	});
}

function change(overrides: Partial<ArticleChange> = {}): ArticleChange {
	return {
		articleNo: 'MUG-01',
		name: 'Mugg',
		priceExclVat: 100,
		buyPrice: null,
		barCode: null,
		weight: 0.35,
		vatPercent: 25,
		raw: {},
		...overrides,
	};
}

/** The product as WooCommerce holds it after the planned update (meta replaced by key, as WooCommerce does). */
function applied(item: WooCatalogItem, update: WooProductUpdate): WooCatalogItem {
	const { meta_data: meta, ...fields } = update;
	const kept = (item.meta_data ?? []).filter((entry) => !meta?.some((added) => added.key === entry.key));
	return { ...item, ...fields, meta_data: [...kept, ...(meta ?? []).map((entry, index) => ({ id: 900 + index, ...entry }))] } as WooCatalogItem;
}

describe('product sync: WooCommerce → Specter (planProductToSpecter)', () => {
	it('plans the article of a published product: price excl. VAT from a price incl. VAT, VAT % from the tax class, weight in kg, never stock', () => {
		const plan = planProductToSpecter(product({ tax_class: 'six-rate', regular_price: '106.00', weight: '350', manage_stock: true, stock_quantity: 4 }), {
			...INCL,
			weightUnit: 'g',
		});
		assert.equal(plan.action, 'upsert');
		assert.deepEqual(plan.action === 'upsert' && plan.article, { articleNo: 'MUG-01', name: 'Mugg', priceExclVat: 100, vatPercent: 6, weight: 0.35 });
		assert.equal(plan.action === 'upsert' && plan.stampUrl, `${STORE}/products/21`);
		assert.equal(plan.action === 'upsert' && 'initialStock' in plan.article, false);
	});

	it('takes prices as they are for a store entering them without tax', () => {
		const plan = planProductToSpecter(product(), EXCL);
		assert.equal(plan.action === 'upsert' && plan.article.priceExclVat, 125);
	});

	it('skips what is not an article: no SKU, not published, grouped; expands a variable product into its variations', () => {
		assert.deepEqual(planProductToSpecter(product({ sku: '' }), INCL).action, 'skip');
		assert.deepEqual(planProductToSpecter(product({ status: 'draft' }), INCL), { action: 'skip', reason: 'not published (status draft)' });
		assert.equal(planProductToSpecter(product({ type: 'grouped' }), INCL).action, 'skip');
		assert.deepEqual(planProductToSpecter(product({ id: 30, type: 'variable', sku: 'TEE' }), INCL), {
			action: 'variations',
			variationsUrl: `${STORE}/products/30/variations`,
		});
	});

	it('writes a variation through its parent: the stamp address is products/<parent>/variations/<id>, never products/<id>', () => {
		const plan = planProductToSpecter(variation(), INCL);
		assert.equal(plan.action, 'upsert');
		assert.equal(plan.action === 'upsert' && plan.stampUrl, `${STORE}/products/30/variations/31`);
		assert.equal(plan.action === 'upsert' && plan.article.name, 'T-shirt - M');
		assert.equal(plan.action === 'upsert' && plan.article.priceExclVat, 159.2);
	});

	it("names a variation from the variations endpoint (no name before WooCommerce 8) after its parent, and skips it while the parent is a draft", () => {
		const listed = {
			id: 32,
			sku: 'TEE-L',
			status: 'publish',
			regular_price: '199.00',
			price: '199.00',
			tax_status: 'taxable',
			tax_class: '',
			weight: '',
			attributes: [{ id: 0, name: 'Storlek', option: 'L' }],
			meta_data: [],
			_links: { self: [{ href: `${STORE}/products/30/variations/32` }], collection: [{ href: `${STORE}/products/30/variations` }], up: [{ href: `${STORE}/products/30` }] },
		} as unknown as WooCatalogItem;
		const parent = product({ id: 30, type: 'variable', name: 'T-shirt', sku: 'TEE' }) as never;
		const plan = planProductToSpecter(listed, INCL, parent);
		assert.equal(plan.action === 'upsert' && plan.article.name, 'T-shirt - L');
		assert.equal(plan.action === 'upsert' && plan.stampUrl, `${STORE}/products/30/variations/32`);
		assert.equal(planProductToSpecter(listed, INCL, { ...(parent as object), status: 'draft' } as never).action, 'skip');
		const withoutOwnSku = planProductToSpecter({ ...listed, sku: 'TEE' } as WooCatalogItem, INCL, parent);
		assert.equal(withoutOwnSku.action === 'skip' && withoutOwnSku.reason, "variation has no SKU of its own (WooCommerce shows the parent's SKU TEE) — give the variation a SKU in WooCommerce");
	});

	it('skips a product whose values hash to its sync stamp, and plans it again once a synced field changed', () => {
		const plain = planProductToSpecter(product(), INCL);
		assert.equal(plain.action, 'upsert');
		const hash = plain.action === 'upsert' ? plain.syncHash : '';
		const stamped = product({ meta_data: [{ id: 5, key: SPECTER_SYNC_HASH_META_KEY, value: hash }] });
		assert.equal(planProductToSpecter(stamped, INCL).action, 'skip');
		// stock, descriptions and other fields Specter does not take leave the stamp valid
		assert.equal(planProductToSpecter({ ...stamped, stock_quantity: 3, description: 'x' } as WooCatalogItem, INCL).action, 'skip');
		assert.equal(planProductToSpecter({ ...stamped, regular_price: '129.00' } as WooCatalogItem, INCL).action, 'upsert');
	});

	it('hashes prices to the öre and weights to the gram, as Specter holds them', () => {
		const base = { articleNo: 'A', name: 'N', priceExclVat: 100, vatPercent: 25, weight: 0.35 };
		assert.equal(syncHashOf(base), syncHashOf({ ...base, priceExclVat: 100.004, weight: 0.3504 }));
		assert.notEqual(syncHashOf(base), syncHashOf({ ...base, priceExclVat: 100.01 }));
		assert.notEqual(syncHashOf(base), syncHashOf({ ...base, vatPercent: 12 }));
		assert.match(syncHashOf(base), /^v1:[0-9a-f]{40}$/);
	});
});

describe('product sync: Specter → WooCommerce (planWooUpdates)', () => {
	it('writes only what differs, in a products/batch update with the sync stamp', () => {
		const plan = planWooUpdates([change({ name: 'Mugg XL', priceExclVat: 120 })], [product()], INCL);
		assert.equal(plan.requests.length, 1);
		const [request] = plan.requests;
		assert.equal(request.url, `${STORE}/products/batch`);
		assert.deepEqual(request.skus, ['MUG-01']);
		const [update] = request.body.update;
		assert.equal(update.id, 21);
		assert.equal(update.name, 'Mugg XL');
		assert.equal(update.regular_price, '150.00', '120.00 excl. + 25 %');
		assert.equal('tax_class' in update || 'weight' in update || 'description' in update, false);
		assert.equal(update.meta_data?.[0].key, SPECTER_SYNC_HASH_META_KEY);
		assert.deepEqual(plan.results, [{ sku: 'MUG-01', result: 'update', wooProductId: 21, fields: ['name', 'regular_price'] }]);
	});

	it('writes the price excl. VAT as it is for a store entering prices without tax', () => {
		const plan = planWooUpdates([change({ priceExclVat: 99.5 })], [product({ regular_price: '100.00' })], EXCL);
		assert.equal(plan.requests[0].body.update[0].regular_price, '99.50');
	});

	it('leaves a price that converts to Specter\'s price alone: no write for the öre a VAT round trip moves (12.52 incl. is 10.02 excl.)', () => {
		// 12.52 / 1.25 = 10.016 → 10.02; 10.02 × 1.25 = 12.525 → 12.53: writing would move WooCommerce's price by an öre
		const plan = planWooUpdates([change({ priceExclVat: 10.02 })], [product({ regular_price: '12.52' })], INCL);
		assert.deepEqual(plan.requests, []);
		assert.deepEqual(plan.results, [{ sku: 'MUG-01', result: 'unchanged', wooProductId: 21 }]);
		const moved = planWooUpdates([change({ priceExclVat: 10.03 })], [product({ regular_price: '12.52' })], INCL);
		assert.equal(moved.requests[0].body.update[0].regular_price, '12.54');
	});

	it('a new VAT rate moves the tax class and, in a store with prices incl. VAT, the price', () => {
		const plan = planWooUpdates([change({ vatPercent: 12 })], [product()], INCL);
		const [update] = plan.requests[0].body.update;
		assert.equal(update.tax_class, 'reduced-rate');
		assert.equal(update.regular_price, '112.00');
		const excl = planWooUpdates([change({ vatPercent: 12, priceExclVat: 125 })], [product()], EXCL);
		assert.deepEqual(Object.keys(excl.requests[0].body.update[0]), ['id', 'tax_class', 'meta_data']);
	});

	it("uses the editable tax class map, makes a product taxable, and reports a VAT rate the map has no class for", () => {
		const settings = { ...INCL, taxClassByVatPercent: { '25': '', '12': 'livsmedel', '6': 'sex-procent', '0': 'zero-rate' } };
		const plan = planWooUpdates([change({ vatPercent: 6, priceExclVat: 100 })], [product({ tax_status: 'none', regular_price: '106.00' })], settings);
		const [update] = plan.requests[0].body.update;
		assert.equal(update.tax_class, 'sex-procent');
		assert.equal(update.tax_status, 'taxable');
		assert.equal('regular_price' in update, false, '106.00 incl. 6 % is 100.00');
		const unknown = planWooUpdates([change({ vatPercent: 12 })], [product()], { ...INCL, taxClassByVatPercent: { '25': '' } });
		assert.deepEqual(unknown.results[0].warnings, ['VAT not synced: no tax class is set for 12% VAT']);
	});

	it('compares weights in the store unit to the gram; an empty weight counts as 0', () => {
		assert.deepEqual(planWooUpdates([change({ weight: 0.35 })], [product({ weight: '350' })], { ...INCL, weightUnit: 'g' }).requests, []);
		assert.deepEqual(planWooUpdates([change({ weight: 0 })], [product({ weight: '' })], INCL).requests, []);
		assert.equal(planWooUpdates([change({ weight: 0.5 })], [product({ weight: '350' })], { ...INCL, weightUnit: 'g' }).requests[0].body.update[0].weight, '500');
	});

	it('writes the descriptions only while the article is published in the webshop (guessed field names read from raw)', () => {
		const texts = { [guessed.descriptionField]: '<p>Ny</p>', [guessed.shortDescriptionField]: 'Kort' };
		const published = planWooUpdates([change({ raw: { ...texts, [guessed.publishInWebshopField]: '1' } })], [product()], INCL);
		assert.deepEqual(
			[published.requests[0].body.update[0].description, published.requests[0].body.update[0].short_description],
			['<p>Ny</p>', 'Kort'],
		);
		for (const flag of ['0', undefined]) {
			const raw = flag === undefined ? texts : { ...texts, [guessed.publishInWebshopField]: flag };
			const plan = planWooUpdates([change({ raw })], [product()], INCL);
			assert.deepEqual(plan.requests, [], `publish flag ${String(flag)}`);
		}
	});

	it('writes a variation through products/<parent>/variations/batch, never its name, and never a short description', () => {
		const raw = { [guessed.publishInWebshopField]: '1', [guessed.descriptionField]: 'Variant', [guessed.shortDescriptionField]: 'Kort' };
		const plan = planWooUpdates(
			[change({ articleNo: 'TEE-M', name: 'Tröja M', priceExclVat: 175, weight: 0.2, raw })],
			[variation()],
			INCL,
		);
		assert.equal(plan.requests[0].url, `${STORE}/products/30/variations/batch`);
		const [update] = plan.requests[0].body.update;
		assert.deepEqual(Object.keys(update).sort(), ['description', 'id', 'meta_data', 'regular_price']);
		assert.equal(update.regular_price, '218.75');
		assert.match(plan.results[0].warnings?.[0] ?? '', /^name not synced: a variation's name comes from its product/);
	});

	it('skips SKUs the store does not have and variable products; groups variations per parent and batches of 100', () => {
		const changes = [change({ articleNo: 'NOPE-1' }), change({ articleNo: 'TEE', priceExclVat: 1 })];
		const parent = product({ id: 30, type: 'variable', sku: 'TEE' });
		const plan = planWooUpdates(changes, [parent], INCL);
		assert.deepEqual(plan.requests, []);
		assert.deepEqual(plan.results.map((result) => [result.sku, result.result]), [['NOPE-1', 'skipped'], ['TEE', 'skipped']]);
		assert.equal(plan.results[0].reason, 'not in the store: no product or variation has this SKU');

		const many = Array.from({ length: 150 }, (_, index) => product({ id: 100 + index, sku: `P-${index}` }));
		const manyChanges = many.map((item) => change({ articleNo: item.sku, priceExclVat: 90 }));
		const variations = [variation({ id: 41, sku: 'V-1', parent_id: 40 }), variation({ id: 51, sku: 'V-2', parent_id: 50 })];
		const batched = planWooUpdates([...manyChanges, change({ articleNo: 'V-1' }), change({ articleNo: 'V-2' })], [...many, ...variations], INCL);
		assert.deepEqual(
			batched.requests.map((request) => [request.url.slice(STORE.length), request.body.update.length]),
			[
				['/products/batch', 100],
				['/products/batch', 50],
				['/products/40/variations/batch', 1],
				['/products/50/variations/batch', 1],
			],
		);
	});

	it('takes the last change of an article when one comes twice', () => {
		const plan = planWooUpdates([change({ priceExclVat: 90 }), change({ priceExclVat: 110 })], [product()], INCL);
		assert.equal(plan.requests[0].body.update[0].regular_price, '137.50');
		assert.equal(plan.results.length, 1);
	});
});

describe('product sync: no echo between the two directions', () => {
	const prices = Array.from({ length: 400 }, (_, index) => Math.round((0.01 + index * 1.37) * 100) / 100);

	for (const settings of [INCL, EXCL]) {
		for (const vatPercent of [25, 12, 6, 0]) {
			it(`a Specter change written to WooCommerce is not planned back to Specter (prices ${settings.pricesIncludeTax ? 'incl.' : 'excl.'} VAT, ${vatPercent} %)`, () => {
				for (const price of prices) {
					const item = product({ regular_price: '1.00', tax_class: 'zero-rate' });
					const plan = planWooUpdates([change({ priceExclVat: price, vatPercent, name: `Mugg ${price}`, weight: price / 100 })], [item], settings);
					assert.equal(plan.requests.length, 1);
					const after = applied(item, plan.requests[0].body.update[0]);
					const back = planProductToSpecter(after, settings);
					assert.equal(back.action, 'skip', `price ${price}: ${JSON.stringify(back)}`);
					// and the same change again writes nothing
					assert.deepEqual(planWooUpdates([change({ priceExclVat: price, vatPercent, name: `Mugg ${price}`, weight: price / 100 })], [after], settings).requests, []);
				}
			});

			it(`a WooCommerce change sent to Specter finds nothing to write when Specter reports it back (prices ${settings.pricesIncludeTax ? 'incl.' : 'excl.'} VAT, ${vatPercent} %)`, () => {
				const taxClass = { 25: '', 12: 'reduced-rate', 6: 'six-rate', 0: 'zero-rate' }[vatPercent];
				for (const price of prices) {
					const item = product({ regular_price: price.toFixed(2), tax_class: taxClass, weight: '1.234' });
					const sent = planProductToSpecter(item, settings);
					assert.equal(sent.action, 'upsert');
					if (sent.action !== 'upsert') continue;
					const reported = change({ ...sent.article, raw: {} });
					const plan = planWooUpdates([reported], [item], settings);
					assert.deepEqual(plan.requests, [], `price ${price}`);
				}
			});
		}
	}

	it('the stamp the update carries is the one WooCommerce → Specter computes for the product after it, also for a variation', () => {
		const item = variation();
		const plan = planWooUpdates([change({ articleNo: 'TEE-M', priceExclVat: 100, vatPercent: 12, weight: 0.25 })], [item], INCL);
		const after = applied(item, plan.requests[0].body.update[0]);
		assert.equal(writeUrlOf(after), `${STORE}/products/30/variations/31`);
		assert.deepEqual(planProductToSpecter(after, INCL).action, 'skip');
	});
});
