// Specter change-queue items → WooCommerce updates (stock, product fields). Pure: no I/O, no n8n.
// The node looks the product up by SKU and applies what these return. Order status: order-status-to-woo.ts.

import type { ArticleChange, StockChange } from '../wire/types';
import { KG_PER_WEIGHT_UNIT, roundTo, type WooWeightUnit } from './numbers';

export interface WooStockUpdate {
	sku: string;
	manageStock: true;
	stockQuantity: number;
}

export interface WooStockSkip {
	sku: string;
	skipped: string;
}

/**
 * Specter's available quantity as WooCommerce stock. WooCommerce stock is an integer, so a part quantity is
 * rounded down (never sell what is not there). `noItemsAvailable` (quantity null) leaves WooCommerce alone.
 */
export function stockChangeToWoo(change: StockChange): WooStockUpdate | WooStockSkip {
	if (change.quantity === null) {
		return { sku: change.articleNo, skipped: 'Specter sent no stock figure (noItemsAvailable): WooCommerce stock left unchanged' };
	}
	return { sku: change.articleNo, manageStock: true, stockQuantity: Math.floor(change.quantity) };
}

/** WooCommerce's default tax class slugs by VAT % (the inverse of DEFAULT_VAT_PERCENT_BY_TAX_CLASS). */
export const DEFAULT_TAX_CLASS_BY_VAT_PERCENT: Readonly<Record<string, string>> = {
	'25': '',
	'12': 'reduced-rate',
	'6': 'six-rate',
	'0': 'zero-rate',
};

export interface ArticleChangeMappingSettings {
	/** the WooCommerce store setting "Prices entered with tax" */
	pricesIncludeTax: boolean;
	/** VAT % (as a string key) → tax class slug */
	taxClassByVatPercent?: Readonly<Record<string, string>>;
	syncName: boolean;
	syncPrice: boolean;
	syncVat: boolean;
	syncWeight: boolean;
	/** the store's weight unit (default kg); Specter sends kg */
	weightUnit?: WooWeightUnit;
}

/** Fields of a WooCommerce product update (PUT /products/<id> or /products/<parent>/variations/<id>). */
export interface WooProductFields {
	name?: string;
	/** 2 decimals, incl. VAT when the store enters prices with tax */
	regular_price?: string;
	tax_class?: string;
	/** in the store's weight unit */
	weight?: string;
}

export interface WooProductChange {
	sku: string;
	/** empty when nothing is to be changed */
	fields: WooProductFields;
	/** fields Specter sent that could not be applied, and why */
	warnings: string[];
}

/** The product fields Specter sent (non-null) that the settings allow syncing. */
export function articleChangeToWoo(change: ArticleChange, settings: ArticleChangeMappingSettings): WooProductChange {
	const fields: WooProductFields = {};
	const warnings: string[] = [];
	if (settings.syncName && change.name !== null) fields.name = change.name;

	if (settings.syncPrice && change.priceExclVat !== null) {
		if (!settings.pricesIncludeTax) {
			fields.regular_price = roundTo(change.priceExclVat, 2).toFixed(2);
		} else if (change.vatPercent !== null) {
			fields.regular_price = roundTo(change.priceExclVat * (1 + change.vatPercent / 100), 2).toFixed(2);
		} else {
			warnings.push('price not synced: the store enters prices with tax and Specter sent no VAT rate to add');
		}
	}

	if (settings.syncVat && change.vatPercent !== null) {
		const table = settings.taxClassByVatPercent ?? DEFAULT_TAX_CLASS_BY_VAT_PERCENT;
		const key = String(change.vatPercent);
		if (Object.prototype.hasOwnProperty.call(table, key)) {
			fields.tax_class = table[key];
		} else {
			warnings.push(`VAT not synced: no tax class is set for ${change.vatPercent}% VAT`);
		}
	}

	if (settings.syncWeight && change.weight !== null) {
		fields.weight = String(roundTo(change.weight / KG_PER_WEIGHT_UNIT[settings.weightUnit ?? 'kg'], 3));
	}
	return { sku: change.articleNo, fields, warnings };
}
