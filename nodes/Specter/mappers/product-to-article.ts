// WooCommerce product or variation → Specter article (newArticleSubmit). Pure: no I/O, no n8n.
// The SKU is the article number (the key between the two systems), so items without an own SKU are skipped.

import type { ArticleInput } from '../wire/types';
import { ProductMappingError } from './errors';
import { firstMetaValue } from './meta';
import { KG_PER_WEIGHT_UNIT, parseDecimal, roundTo, type WooWeightUnit } from './numbers';
import { compact, nonEmpty } from './values';
import { toSpecterVatRate } from './vat';
import type { WooProduct, WooVariation } from './woo-types';

/** WooCommerce's tax class slugs ('' is Standard) → VAT %. `six-rate` is the class Swedish shops add for 6 %. */
export const DEFAULT_VAT_PERCENT_BY_TAX_CLASS: Readonly<Record<string, number>> = {
	'': 25,
	standard: 25,
	'reduced-rate': 12,
	'six-rate': 6,
	'zero-rate': 0,
};

/** Meta keys EAN plugins use, and WooCommerce's own GTIN field as meta. */
export const DEFAULT_EAN_META_KEYS: readonly string[] = ['_ean', 'ean', '_global_unique_id', 'global_unique_id'];

export interface ProductMappingSettings {
	/**
	 * newOnly: articles Specter does not have yet, with their WooCommerce stock as initial stock.
	 * all: also updates existing articles, and never sends stock (Specter owns stock).
	 */
	mode: 'newOnly' | 'all';
	/** the WooCommerce store setting "Prices entered with tax" */
	pricesIncludeTax: boolean;
	vatPercentByTaxClass?: Readonly<Record<string, number>>;
	/** the store's weight unit (default kg); Specter takes kg */
	weightUnit?: WooWeightUnit;
	webshopId?: string;
	stockSiteId?: string;
	/** send description and short description (as Specter's webshop info texts) */
	includeDescriptions: boolean;
	publishInWebshop?: boolean;
	eanMetaKeys?: readonly string[];
}

export interface SkippedProduct {
	skipped: true;
	reason: string;
}

/** Product types that only group other products; their children carry the SKUs. */
const CONTAINER_TYPES: Record<string, string> = {
	variable: 'variable product: its variations are exported one by one, each with its own SKU',
	grouped: 'grouped product: its child products are exported on their own',
};

function isVariation(item: WooProduct | WooVariation): item is WooVariation {
	return item.type === undefined || item.type === 'variation';
}

class ArticleMapper {
	constructor(
		private readonly item: WooProduct | WooVariation,
		private readonly settings: ProductMappingSettings,
		private readonly parent: WooProduct | undefined,
	) {}

	map(): ArticleInput | SkippedProduct {
		const { item, settings, parent } = this;
		const variation = isVariation(item);
		if (!variation && CONTAINER_TYPES[item.type] !== undefined) {
			return { skipped: true, reason: CONTAINER_TYPES[item.type] };
		}
		const articleNo = nonEmpty(item.sku);
		if (articleNo === undefined) {
			return { skipped: true, reason: 'no SKU: Specter identifies articles by SKU — give the product a SKU in WooCommerce' };
		}
		// The variations endpoint shows the parent's SKU for a variation without one; exporting it would merge them.
		if (variation && parent !== undefined && articleNo === nonEmpty(parent.sku)) {
			return {
				skipped: true,
				reason: `variation has no SKU of its own (WooCommerce shows the parent's SKU ${articleNo}) — give the variation a SKU in WooCommerce`,
			};
		}

		const vatPercent = this.vatPercent(articleNo);
		const price = this.decimal(articleNo, 'regular_price', nonEmpty(item.regular_price) ?? item.price);
		const weightText = nonEmpty(item.weight) ?? (variation ? nonEmpty(parent?.weight) : undefined);
		const weight = weightText === undefined ? undefined : this.decimal(articleNo, 'weight', weightText);
		const managedStock = item.manage_stock === true && typeof item.stock_quantity === 'number';
		return compact({
			articleNo,
			name: this.name(articleNo),
			priceExclVat:
				price === undefined ? undefined : roundTo(settings.pricesIncludeTax ? price / (1 + vatPercent / 100) : price, 2),
			vatPercent,
			weight: weight === undefined ? undefined : roundTo(weight * KG_PER_WEIGHT_UNIT[settings.weightUnit ?? 'kg'], 3),
			barCode: nonEmpty(item.global_unique_id) ?? firstMetaValue(item.meta_data, settings.eanMetaKeys ?? DEFAULT_EAN_META_KEYS),
			// Stock shared with the parent (manage_stock 'parent') cannot be split per variation, so it is not sent.
			initialStock: settings.mode === 'newOnly' && managedStock ? (item.stock_quantity as number) : undefined,
			description: settings.includeDescriptions ? nonEmpty(item.description) : undefined,
			shortDescription: settings.includeDescriptions && !variation ? nonEmpty(item.short_description) : undefined,
			publishInWebshop: settings.publishInWebshop,
			webshopId: nonEmpty(settings.webshopId),
			stockSiteId: nonEmpty(settings.stockSiteId),
		});
	}

	/** A variation is named "<parent name> - <option>, <option>", as WooCommerce names variations in the cart. */
	private name(articleNo: string): string {
		const { item, parent } = this;
		if (!isVariation(item)) return item.name;
		if (parent !== undefined) {
			const options = item.attributes.map((attribute) => attribute.option).filter((option) => option.trim() !== '');
			return options.length > 0 ? `${parent.name} - ${options.join(', ')}` : parent.name;
		}
		const ownName = nonEmpty(item.name);
		if (ownName === undefined) {
			this.fail(articleNo, 'parent', 'the variation has no name of its own', 'pass its parent product (GET /products/<parent_id>)');
		}
		return ownName;
	}

	private vatPercent(articleNo: string): number {
		const { item, parent } = this;
		if (item.tax_status !== 'taxable') return 0;
		let taxClass = item.tax_class;
		if (taxClass === 'parent') {
			if (parent === undefined) {
				this.fail(articleNo, 'tax_class', "the variation inherits its parent's tax class", 'pass its parent product (GET /products/<parent_id>)');
			}
			taxClass = parent.tax_class;
		}
		const table = this.settings.vatPercentByTaxClass ?? DEFAULT_VAT_PERCENT_BY_TAX_CLASS;
		const percent = Object.prototype.hasOwnProperty.call(table, taxClass) ? table[taxClass] : undefined;
		if (percent === undefined) {
			this.fail(articleNo, 'tax_class', `tax class "${taxClass}" has no VAT rate`, 'add it to the VAT rate by tax class setting');
		}
		const rate = toSpecterVatRate(percent);
		if (rate === undefined) {
			this.fail(
				articleNo,
				'tax_class',
				`tax class "${taxClass}" maps to ${percent}% VAT, which Specter does not accept (25, 12, 6 or 0)`,
				'correct the VAT rate by tax class setting',
			);
		}
		return rate;
	}

	private decimal(articleNo: string, field: string, text: string): number | undefined {
		if (text.trim() === '') return undefined;
		const value = parseDecimal(text);
		if (value === undefined) {
			this.fail(articleNo, field, `${field} "${text}" is not a number`, 'correct the product in WooCommerce');
		}
		return value;
	}

	private fail(articleNo: string, field: string, problem: string, fix: string): never {
		throw new ProductMappingError({
			sku: articleNo,
			productId: this.item.id,
			field,
			message: `product ${articleNo} (id ${this.item.id}): ${problem} — ${fix}`,
		});
	}
}

/**
 * Maps a WooCommerce product, or a variation (pass its parent for the name and inherited values), to a Specter
 * article. Returns `{ skipped, reason }` for items that are not articles; throws ProductMappingError when the
 * store settings cannot map it (e.g. an unknown tax class).
 */
export function mapWooProductToArticle(
	product: WooProduct | WooVariation,
	settings: ProductMappingSettings,
	parent?: WooProduct,
): ArticleInput | SkippedProduct {
	return new ArticleMapper(product, settings, parent).map();
}
