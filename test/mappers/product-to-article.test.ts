/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
import assert from 'node:assert/strict';
import {
	mapWooProductToArticle,
	ProductMappingError,
	type ProductMappingSettings,
	type WooProduct,
	type WooVariation,
} from '../../nodes/Specter/mappers';
import { loadProduct, loadVariations } from './fixtures';

const NEW_ONLY: ProductMappingSettings = { mode: 'newOnly', pricesIncludeTax: true, includeDescriptions: true };
const ALL: ProductMappingSettings = { ...NEW_ONLY, mode: 'all' };

function productError(product: WooProduct | WooVariation, settings: ProductMappingSettings, parent?: WooProduct): ProductMappingError {
	try {
		mapWooProductToArticle(product, settings, parent);
	} catch (error) {
		assert.ok(error instanceof ProductMappingError, `expected a ProductMappingError, got ${String(error)}`);
		return error;
	}
	assert.fail('the product mapped without an error');
}

describe('mapWooProductToArticle: simple products', () => {
	it("newOnly: the article with WooCommerce's stock as initial stock", () => {
		assert.deepEqual(mapWooProductToArticle(loadProduct('product-simple.json'), NEW_ONLY), {
			articleNo: 'TERMOS-05',
			name: 'Termos 0,5 l',
			priceExclVat: 199.2, // 249 incl. 25 %
			vatPercent: 25,
			weight: 0.45,
			barCode: '7350012340018',
			initialStock: 37,
			description: '<p>Dubbelväggig termos i rostfritt stål. Håller drycken varm i 12 timmar och kall i 24.</p>',
			shortDescription: '<p>Rostfri termos, 0,5 liter.</p>',
		});
	});

	it('all: never any stock field', () => {
		const article = mapWooProductToArticle(loadProduct('product-simple.json'), ALL);
		assert.equal('initialStock' in article, false);
		assert.equal('articleNo' in article && article.priceExclVat, 199.2);
	});

	it('prices entered without tax are sent as they are', () => {
		const article = mapWooProductToArticle(loadProduct('product-simple.json'), { ...NEW_ONLY, pricesIncludeTax: false });
		assert.equal('articleNo' in article && article.priceExclVat, 249);
	});

	it('passes webshop, stock site and publish flag; leaves descriptions out when not wanted', () => {
		assert.deepEqual(
			mapWooProductToArticle(loadProduct('product-simple.json'), {
				...ALL,
				includeDescriptions: false,
				webshopId: '3',
				stockSiteId: '7',
				publishInWebshop: true,
			}),
			{
				articleNo: 'TERMOS-05',
				name: 'Termos 0,5 l',
				priceExclVat: 199.2,
				vatPercent: 25,
				weight: 0.45,
				barCode: '7350012340018',
				publishInWebshop: true,
				webshopId: '3',
				stockSiteId: '7',
			},
		);
	});

	it('reduced rate: the regular price (not the sale price) excl. 12 %, no stock when WooCommerce does not manage it', () => {
		assert.deepEqual(mapWooProductToArticle(loadProduct('product-reduced-rate.json'), NEW_ONLY), {
			articleNo: 'KAFFE-MORK-500',
			name: 'Kaffe mörkrost 500 g',
			priceExclVat: 80, // 89.60 / 1.12
			vatPercent: 12,
			weight: 0.5,
			barCode: '7350012340025',
			description: '<p>Mörkrostade bönor från Brasilien och Colombia, malda för bryggare.</p>',
			shortDescription: '<p>Mörkrost, bryggmalet.</p>',
		});
	});

	it('falls back to price when regular_price is empty', () => {
		const product = loadProduct('product-simple.json');
		product.regular_price = '';
		product.price = '199';
		const article = mapWooProductToArticle(product, NEW_ONLY);
		assert.equal('articleNo' in article && article.priceExclVat, 159.2);
	});

	it('a product that is not taxable gets 0 % and its price as it is', () => {
		const product = loadProduct('product-simple.json');
		product.tax_status = 'none';
		const article = mapWooProductToArticle(product, NEW_ONLY);
		assert.equal('articleNo' in article && article.vatPercent, 0);
		assert.equal('articleNo' in article && article.priceExclVat, 249);
	});

	it("prefers WooCommerce's own GTIN field over EAN meta", () => {
		const product = loadProduct('product-simple.json');
		product.global_unique_id = '7350012340049';
		const article = mapWooProductToArticle(product, NEW_ONLY);
		assert.equal('articleNo' in article && article.barCode, '7350012340049');
	});

	it('reads the EAN from configured meta keys only', () => {
		const article = mapWooProductToArticle(loadProduct('product-simple.json'), { ...NEW_ONLY, eanMetaKeys: ['_alg_ean'] });
		assert.equal('barCode' in article, false);
	});

	it('converts the store weight unit to kg', () => {
		const product = loadProduct('product-simple.json');
		const weightIn = (unit: 'g' | 'lbs' | 'oz', weight: string) => {
			product.weight = weight;
			const article = mapWooProductToArticle(product, { ...NEW_ONLY, weightUnit: unit });
			return 'articleNo' in article ? article.weight : undefined;
		};
		assert.equal(weightIn('g', '450'), 0.45);
		assert.equal(weightIn('lbs', '1'), 0.454); // 0.45359237
		assert.equal(weightIn('oz', '16'), 0.454); // 16 × 0.028349523125 = 0.45359237
	});

	it('skips a product without SKU, with the reason', () => {
		assert.deepEqual(mapWooProductToArticle(loadProduct('product-without-sku.json'), NEW_ONLY), {
			skipped: true,
			reason: 'no SKU: Specter identifies articles by SKU — give the product a SKU in WooCommerce',
		});
	});

	it('an unknown tax class is an error naming SKU and field', () => {
		const product = loadProduct('product-simple.json');
		product.tax_class = 'luxury-rate';
		const error = productError(product, NEW_ONLY);
		assert.equal(
			error.message,
			'product TERMOS-05 (id 801): tax class "luxury-rate" has no VAT rate — add it to the VAT rate by tax class setting',
		);
		assert.equal(error.sku, 'TERMOS-05');
		assert.equal(error.productId, 801);
		assert.equal(error.field, 'tax_class');
	});

	it('a configured VAT rate Specter does not accept is an error', () => {
		const error = productError(loadProduct('product-simple.json'), { ...NEW_ONLY, vatPercentByTaxClass: { '': 7 } });
		assert.match(error.message, /tax class "" maps to 7% VAT, which Specter does not accept/);
	});

	it('a price that is not a number is an error', () => {
		const product = loadProduct('product-simple.json');
		product.regular_price = '249,00';
		assert.equal(productError(product, NEW_ONLY).field, 'regular_price');
	});
});

describe('mapWooProductToArticle: variable products and variations', () => {
	const parent = loadProduct('product-variable.json');
	const [black, orange] = loadVariations();

	it('skips the variable parent: its variations carry the SKUs', () => {
		assert.deepEqual(mapWooProductToArticle(parent, NEW_ONLY), {
			skipped: true,
			reason: 'variable product: its variations are exported one by one, each with its own SKU',
		});
	});

	it('a variation is named after its parent and options, with its own SKU, price, stock and EAN', () => {
		assert.deepEqual(mapWooProductToArticle(black, NEW_ONLY, parent), {
			articleNo: 'JACKA-SV-L',
			name: 'Arbetsjacka - Svart, L',
			priceExclVat: 1199.2, // 1499 / 1.25
			vatPercent: 25,
			weight: 1.2,
			barCode: '7350012340032',
			initialStock: 12,
			description: '<p>Svart, storlek L.</p>',
		});
	});

	it('stock managed on the parent is not sent per variation', () => {
		assert.deepEqual(mapWooProductToArticle(orange, NEW_ONLY, parent), {
			articleNo: 'JACKA-OR-L',
			name: 'Arbetsjacka - Orange, L',
			priceExclVat: 1279.2, // 1599 / 1.25
			vatPercent: 25,
			weight: 1.35,
		});
	});

	it("tax class 'parent' (the edit context) takes the parent's class", () => {
		const variation = { ...black, tax_class: 'parent' };
		const article = mapWooProductToArticle(variation, NEW_ONLY, { ...parent, tax_class: 'reduced-rate' });
		assert.equal('articleNo' in article && article.vatPercent, 12);
		assert.equal('articleNo' in article && article.priceExclVat, 1338.39); // 1499 / 1.12 = 1338.392…
		const error = productError(variation, NEW_ONLY);
		assert.equal(error.field, 'tax_class');
		assert.equal(error.sku, 'JACKA-SV-L');
	});

	it("an empty variation weight is the parent's", () => {
		const article = mapWooProductToArticle({ ...orange, weight: '' }, NEW_ONLY, parent);
		assert.equal('articleNo' in article && article.weight, 1.2);
	});

	it("skips a variation that only shows the parent's SKU", () => {
		assert.deepEqual(mapWooProductToArticle({ ...orange, sku: 'JACKA' }, NEW_ONLY, parent), {
			skipped: true,
			reason: "variation has no SKU of its own (WooCommerce shows the parent's SKU JACKA) — give the variation a SKU in WooCommerce",
		});
	});

	it('without the parent, uses the name WooCommerce 8+ sends, or says the parent is needed', () => {
		const article = mapWooProductToArticle({ ...orange, name: 'Arbetsjacka - Orange, L' }, ALL);
		assert.equal('articleNo' in article && article.name, 'Arbetsjacka - Orange, L');
		assert.equal(productError(orange, ALL).field, 'parent');
	});
});
