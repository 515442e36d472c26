/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
import assert from 'node:assert/strict';
import { articleChangeToWoo, stockChangeToWoo, type ArticleChangeMappingSettings } from '../../nodes/Specter/mappers';
import type { ArticleChange } from '../../nodes/Specter/wire/types';

describe('stockChangeToWoo', () => {
	it('sets WooCommerce stock to Specter’s quantity and turns stock management on', () => {
		assert.deepEqual(stockChangeToWoo({ articleNo: 'TERMOS-05', specterArticleId: '4411', quantity: 12 }), {
			sku: 'TERMOS-05',
			manageStock: true,
			stockQuantity: 12,
		});
	});

	it('rounds a part quantity down (WooCommerce stock is whole units)', () => {
		const update = stockChangeToWoo({ articleNo: 'TYG-LINNE-NAT', specterArticleId: null, quantity: 7.5 });
		assert.equal('stockQuantity' in update && update.stockQuantity, 7);
	});

	it('leaves WooCommerce alone when Specter says noItemsAvailable', () => {
		assert.deepEqual(stockChangeToWoo({ articleNo: 'KAFFE-MORK-500', specterArticleId: '4412', quantity: null }), {
			sku: 'KAFFE-MORK-500',
			skipped: 'Specter sent no stock figure (noItemsAvailable): WooCommerce stock left unchanged',
		});
	});
});

describe('articleChangeToWoo', () => {
	const ALL_FIELDS: ArticleChangeMappingSettings = {
		pricesIncludeTax: true,
		syncName: true,
		syncPrice: true,
		syncVat: true,
		syncWeight: true,
	};
	const change = (overrides: Partial<ArticleChange>): ArticleChange => ({
		articleNo: 'TERMOS-05',
		name: 'Termos 0,5 l svart',
		priceExclVat: 207.2,
		buyPrice: 88,
		barCode: '7350012340018',
		weight: 0.45,
		vatPercent: 25,
		raw: {},
		...overrides,
	});

	it('prices incl. VAT when the store enters prices with tax', () => {
		assert.deepEqual(articleChangeToWoo(change({}), ALL_FIELDS), {
			sku: 'TERMOS-05',
			fields: { name: 'Termos 0,5 l svart', regular_price: '259.00', tax_class: '', weight: '0.45' }, // 207.20 × 1.25
			warnings: [],
		});
	});

	it('prices excl. VAT as they are, two decimals; 12 % is the reduced-rate class', () => {
		const result = articleChangeToWoo(change({ priceExclVat: 80, vatPercent: 12 }), { ...ALL_FIELDS, pricesIncludeTax: false });
		assert.equal(result.fields.regular_price, '80.00');
		assert.equal(result.fields.tax_class, 'reduced-rate');
	});

	it('rounds the price incl. VAT to öre', () => {
		// 17.77 × 1.12 = 19.9024
		assert.equal(articleChangeToWoo(change({ priceExclVat: 17.77, vatPercent: 12 }), ALL_FIELDS).fields.regular_price, '19.90');
	});

	it('only the fields Specter sent and the settings allow', () => {
		const result = articleChangeToWoo(change({ name: null, weight: null }), { ...ALL_FIELDS, syncPrice: false, syncVat: false });
		assert.deepEqual(result, { sku: 'TERMOS-05', fields: {}, warnings: [] });
	});

	it('explains what could not be synced', () => {
		assert.deepEqual(articleChangeToWoo(change({ vatPercent: null }), ALL_FIELDS).warnings, [
			'price not synced: the store enters prices with tax and Specter sent no VAT rate to add',
		]);
		const unknownRate = articleChangeToWoo(change({ vatPercent: 7 }), ALL_FIELDS);
		assert.equal('tax_class' in unknownRate.fields, false);
		assert.deepEqual(unknownRate.warnings, ['VAT not synced: no tax class is set for 7% VAT']);
	});

	it('uses the configured tax classes and weight unit', () => {
		const result = articleChangeToWoo(change({ vatPercent: 6 }), {
			...ALL_FIELDS,
			taxClassByVatPercent: { '6': 'books' },
			weightUnit: 'g',
		});
		assert.equal(result.fields.tax_class, 'books');
		assert.equal(result.fields.weight, '450');
	});
});
