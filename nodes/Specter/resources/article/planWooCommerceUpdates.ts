// Article → Plan WooCommerce Updates: turns article changes from Specter (Specter Trigger, Article Changed) and the
// WooCommerce products and variations found for their SKUs into WooCommerce batch requests. Pure: no request is
// made; the workflow sends each request (HTTP Request, WooCommerce credential) and acknowledges the batch after.
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties, IPairedItemData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { DEFAULT_TAX_CLASS_BY_VAT_PERCENT } from '../../mappers';
import {
	planWooUpdates,
	SPECTER_SYNC_HASH_META_KEY,
	type ToWooSettings,
	type WooCatalogItem,
	type WooSyncField,
} from '../../mappers/product-sync';
import { showFor, vatPercentOptions } from '../../shared/descriptions';
import { failedItem } from '../../shared/execution';
import { mappingTablesField, mappingTablesOf } from '../../shared/mapping-tables';
import { SPECTER_GUESSES } from '../../wire/guesses';
import type { ArticleChange } from '../../wire/types';
import { isRecord, jsonParameter, pricesIncludeTaxField, storeSettingsOf, weightUnitField } from './store-settings';

const displayOptions = showFor('article', ['planWooCommerceUpdates']);
const guessed = SPECTER_GUESSES.article;

const FIELD_OPTIONS: Array<{ name: string; value: WooSyncField; description: string }> = [
	{
		name: 'Descriptions',
		value: 'descriptions',
		description: `Long and short description, only while the article is published in the webshop (Specter fields ${guessed.descriptionField}, ${guessed.shortDescriptionField}, ${guessed.publishInWebshopField}: guessed names)`,
	},
	{ name: 'Price', value: 'price', description: 'Regular price, converted for the store\'s tax setting' },
	{ name: 'Tax Class', value: 'taxClass', description: 'From the VAT rate, by the tax class map' },
	{ name: 'Title', value: 'name', description: 'Products only: a variation is named after its product and attributes' },
	{ name: 'Weight', value: 'weight', description: 'Converted to the store\'s weight unit' },
];

export const description: INodeProperties[] = [
	{
		displayName: `Each input item is one WooCommerce product or variation found for the changes' SKUs (WooCommerce node, Product → Get Many with the SKU list); items without an id are ignored. No request is made. Output: one item per batch request with write: true (POST body to url), and one per change that needs no write (write: false, result unchanged or skipped, with the reason). Each update carries the meta ${SPECTER_SYNC_HASH_META_KEY}, which the product template to Specter compares to skip the product.updated this write causes.`,
		name: 'planUpdatesNotice',
		type: 'notice',
		default: '',
		displayOptions,
	},
	{
		displayName: 'Article Changes',
		name: 'articleChanges',
		type: 'json',
		required: true,
		default: '',
		placeholder: "={{ $('Specter article changed').all().map(item => item.json) }}",
		description:
			'The changes of the Specter Trigger (Article Changed) or Article → Get Changes: a list of changes, or of their chunk or batch items (each with changes)',
		displayOptions,
	},
	{
		displayName: 'Fields to Update',
		name: 'fields',
		type: 'multiOptions',
		options: FIELD_OPTIONS,
		default: ['descriptions', 'name', 'price', 'taxClass', 'weight'],
		displayOptions,
	},
	pricesIncludeTaxField(displayOptions),
	{
		displayName: 'Tax Class by VAT Rate',
		name: 'taxClasses',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add VAT Rate',
		default: {
			rate: Object.entries(DEFAULT_TAX_CLASS_BY_VAT_PERCENT).map(([vatPercent, taxClass]) => ({
				vatPercent: Number(vatPercent),
				taxClass: taxClass === '' ? 'standard' : taxClass,
			})),
		},
		description:
			'The WooCommerce tax class (slug, WooCommerce → Settings → Tax) for each VAT rate Specter sends; "standard" is the Standard class. A store makes Reduced rate and Zero rate when installed; add a class for 6 % yourself. The inverse of the VAT map in the product template to Specter.',
		displayOptions,
		options: [
			{
				displayName: 'Rate',
				name: 'rate',
				values: [
					{
						displayName: 'VAT Percent',
						name: 'vatPercent',
						type: 'options',
						options: vatPercentOptions,
						default: 25,
					},
					{
						displayName: 'Tax Class',
						name: 'taxClass',
						type: 'string',
						default: 'standard',
						placeholder: 'reduced-rate',
					},
				],
			},
		],
	},
	mappingTablesField(displayOptions, 'vatRates (over Tax Class by VAT Rate)'),
	weightUnitField(displayOptions),
];

const numberOrNull = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const textOrNull = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** The changes of the Article Changes parameter: changes, or items carrying `changes` (chunks, batches). */
function changesOf(context: IExecuteFunctions): ArticleChange[] {
	const value = jsonParameter(context, 'articleChanges', 0);
	const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
	const changes: ArticleChange[] = [];
	const add = (entry: unknown) => {
		if (!isRecord(entry) || typeof entry.articleNo !== 'string' || entry.articleNo.trim() === '') {
			throw new NodeOperationError(context.getNode(), 'Article Changes holds something that is not an article change', {
				description:
					"Each entry must be an article change with articleNo (Specter Trigger, Article Changed), or an item with changes. E.g. {{ $('Specter article changed').all().map(item => item.json) }}.",
				itemIndex: 0,
			});
		}
		const raw: Record<string, string> = {};
		if (isRecord(entry.raw)) for (const [key, text] of Object.entries(entry.raw)) if (typeof text === 'string') raw[key] = text;
		changes.push({
			articleNo: entry.articleNo.trim(),
			name: textOrNull(entry.name),
			priceExclVat: numberOrNull(entry.priceExclVat),
			buyPrice: numberOrNull(entry.buyPrice),
			barCode: textOrNull(entry.barCode),
			weight: numberOrNull(entry.weight),
			vatPercent: numberOrNull(entry.vatPercent),
			raw,
		});
	};
	for (const entry of list) {
		if (isRecord(entry) && Array.isArray(entry.changes)) entry.changes.forEach(add);
		else add(entry);
	}
	return changes;
}

function settingsOf(context: IExecuteFunctions): ToWooSettings {
	const table: Record<string, string> = {};
	for (const entry of context.getNodeParameter('taxClasses.rate', 0, []) as IDataObject[]) {
		const slug = String(entry.taxClass ?? '').trim();
		// WooCommerce names the Standard class '' on products
		table[String(Number(entry.vatPercent))] = slug === 'standard' ? '' : slug;
	}
	const fields = context.getNodeParameter('fields', 0, []) as WooSyncField[];
	return {
		...storeSettingsOf(context),
		taxClassByVatPercent: mappingTablesOf(context, 0).taxClassByVatPercent ?? (Object.keys(table).length > 0 ? table : { ...DEFAULT_TAX_CLASS_BY_VAT_PERCENT }),
		fields,
	};
}

/**
 * One item per batch request `{ write: true, url, body, skus, results }` (paired to the products it updates), then
 * one per change without a write `{ write: false, sku, result, reason?, warnings? }`.
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	let plan: ReturnType<typeof planWooUpdates>;
	const indexOfProduct = new Map<number, number>();
	try {
		const settings = settingsOf(this);
		const changes = changesOf(this);
		const products: WooCatalogItem[] = [];
		items.forEach((item, itemIndex) => {
			if (typeof item.json.id !== 'number') return;
			products.push(item.json as unknown as WooCatalogItem);
			if (!indexOfProduct.has(item.json.id)) indexOfProduct.set(item.json.id, itemIndex);
		});
		plan = planWooUpdates(changes, products, settings);
	} catch (error) {
		return [failedItem(this, error, 0)];
	}
	const resultBySku = new Map(plan.results.map((result) => [result.sku, result]));
	// an item is paired to the products it updates (several for a batch), or to item 0 when none was found
	const pairOf = (productIds: Array<number | undefined>): IPairedItemData | IPairedItemData[] => {
		const indexes = [...new Set(productIds.map((id) => (id === undefined ? undefined : indexOfProduct.get(id))))].filter(
			(index): index is number => index !== undefined,
		);
		return indexes.length <= 1 ? { item: indexes[0] ?? 0 } : indexes.map((item) => ({ item }));
	};
	const output: INodeExecutionData[] = plan.requests.map((request) => {
		const results = request.skus.map((sku) => resultBySku.get(sku)).filter((result) => result !== undefined);
		return {
			json: { write: true, url: request.url, body: request.body as unknown as IDataObject, skus: request.skus, results: results as unknown as IDataObject[] },
			pairedItem: pairOf(request.body.update.map((update) => update.id)),
		};
	});
	for (const result of plan.results) {
		if (result.result === 'update') continue;
		output.push({ json: { write: false, ...(result as unknown as IDataObject) }, pairedItem: pairOf([result.wooProductId]) });
	}
	return output;
}
