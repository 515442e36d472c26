// Article → Plan Sync From WooCommerce: for each WooCommerce product or variation (a product.created / product.updated
// webhook, a product list, or a variable product's variations), what the product template to Specter does with it.
// Pure: no request is made; Article → Create or Update writes the article and the workflow saves the sync stamp.
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { DEFAULT_VAT_PERCENT_BY_TAX_CLASS, type WooProduct } from '../../mappers';
import {
	parentIdOf,
	planProductToSpecter,
	SPECTER_SYNC_HASH_META_KEY,
	type ToSpecterSettings,
	type WooCatalogItem,
} from '../../mappers/product-sync';
import { showFor } from '../../shared/descriptions';
import { failedItem } from '../../shared/execution';
import { mappingTablesField, mappingTablesOf } from '../../shared/mapping-tables';
import { optionalText } from '../../shared/parameters';
import { isRecord, jsonParameter, pricesIncludeTaxField, storeSettingsOf, vatRateByTaxClassField, weightUnitField } from './store-settings';

const displayOptions = showFor('article', ['planSyncFromWooCommerce']);

export const description: INodeProperties[] = [
	{
		displayName: `Each input item is one WooCommerce product or variation. No request is made: each output item says what to do in "action": upsert (write the article: articleNo, name, priceExclVat, vatPercent, weight; never stock; then save syncHash on the product as meta ${SPECTER_SYNC_HASH_META_KEY} at stampUrl), variations (a variable product: fetch variationsUrl and plan those) or skip (reason: no SKU, not published, grouped, or its values match its sync stamp, i.e. Specter has them).`,
		name: 'planSyncNotice',
		type: 'notice',
		default: '',
		displayOptions,
	},
	pricesIncludeTaxField(displayOptions),
	vatRateByTaxClassField(
		displayOptions,
		[
			{ taxClass: 'standard', vatPercent: 25 },
			{ taxClass: 'reduced-rate', vatPercent: 12 },
			{ taxClass: 'six-rate', vatPercent: 6 },
			{ taxClass: 'zero-rate', vatPercent: 0 },
		],
		'The VAT percentage of each WooCommerce tax class (slug, as in WooCommerce → Settings → Tax). "standard" also covers products whose tax class is empty. The inverse of the tax class map in the product template from Specter.',
	),
	mappingTablesField(displayOptions, 'vatRates (over VAT Rate by Tax Class)'),
	weightUnitField(displayOptions),
	{
		displayName: 'Parent Product',
		name: 'parentProduct',
		type: 'json',
		default: '',
		placeholder: "={{ $('Route').item.json.parent }}",
		description:
			"For variations as the variations endpoint lists them: their variable product (WooCommerce before 8 gives a variation no name, so it is named after the product and its options). Variable products among the input items are used too. Empty when the input is products or product.updated webhooks, whose variations carry their name.",
		displayOptions,
	},
];

/** Tax class slug → VAT % from the node's table ('standard' also covers WooCommerce's '' for Standard). */
function vatTableOf(context: IExecuteFunctions): Record<string, number> {
	const fromTables = mappingTablesOf(context, 0).vatPercentByTaxClass;
	if (fromTables !== undefined) return fromTables;
	const rates = context.getNodeParameter('vatRates.rate', 0, []) as IDataObject[];
	if (rates.length === 0) return { ...DEFAULT_VAT_PERCENT_BY_TAX_CLASS };
	const table: Record<string, number> = {};
	for (const rate of rates) table[String(rate.taxClass ?? '').trim()] = Number(rate.vatPercent);
	if (table.standard !== undefined && table[''] === undefined) table[''] = table.standard;
	return table;
}

function catalogItemOf(context: IExecuteFunctions, json: IDataObject, itemIndex: number): WooCatalogItem {
	if (typeof json.id !== 'number' || typeof json.sku !== 'string') {
		throw new NodeOperationError(context.getNode(), `Item ${itemIndex + 1} is not a WooCommerce product`, {
			description: 'Each item must be a product or variation as the WooCommerce API or its webhooks send it, with id and sku',
			itemIndex,
		});
	}
	return json as unknown as WooCatalogItem;
}

function parentParameterOf(context: IExecuteFunctions, itemIndex: number): WooProduct | undefined {
	const value = jsonParameter(context, 'parentProduct', itemIndex);
	if (value === undefined) return undefined;
	if (!isRecord(value) || typeof value.id !== 'number') {
		throw new NodeOperationError(context.getNode(), 'Parent Product is not a WooCommerce product', {
			description: 'Give the variable product the variations belong to (with its id), or leave Parent Product empty',
			itemIndex,
		});
	}
	return value as unknown as WooProduct;
}

/** One output item per input item, paired: `{ action, sku, wooProductId, … }` (see the notice). */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	let settings: ToSpecterSettings;
	try {
		settings = { ...storeSettingsOf(this), vatPercentByTaxClass: vatTableOf(this) };
	} catch (error) {
		return [failedItem(this, error, 0)];
	}
	const parents = new Map<number, WooProduct>();
	for (const item of items) {
		const json = item.json as unknown as WooCatalogItem;
		if (typeof json.id === 'number' && json.type === 'variable') parents.set(json.id, json as WooProduct);
	}
	return items.map((item, itemIndex): INodeExecutionData => {
		const sku = optionalText(item.json.sku);
		const details: IDataObject = { sku: sku ?? null, wooProductId: typeof item.json.id === 'number' ? item.json.id : null };
		try {
			const product = catalogItemOf(this, item.json, itemIndex);
			const parentId = parentIdOf(product);
			const given = parentParameterOf(this, itemIndex);
			const parent = parentId === undefined ? undefined : given?.id === parentId ? given : (parents.get(parentId) ?? given);
			const plan = planProductToSpecter(product, settings, parent);
			let json: IDataObject;
			if (plan.action === 'upsert') {
				json = {
					action: 'upsert',
					...details,
					articleNo: plan.article.articleNo,
					name: plan.article.name,
					priceExclVat: plan.article.priceExclVat,
					vatPercent: plan.article.vatPercent,
					weight: plan.article.weight,
					syncHash: plan.syncHash,
					stampUrl: plan.stampUrl,
					stampBody: { meta_data: [{ key: SPECTER_SYNC_HASH_META_KEY, value: plan.syncHash }] },
				};
			} else if (plan.action === 'variations') {
				json = { action: 'variations', ...details, variationsUrl: plan.variationsUrl, parent: item.json };
			} else {
				json = { action: 'skip', ...details, reason: plan.reason };
			}
			return { json, pairedItem: { item: itemIndex } };
		} catch (error) {
			return failedItem(this, error, itemIndex, { subject: sku === undefined ? undefined : `SKU ${sku}`, details });
		}
	});
}
