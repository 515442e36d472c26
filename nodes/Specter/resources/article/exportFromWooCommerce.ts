import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import {
	mapWooProductToArticle,
	type ProductMappingSettings,
	type WooProduct,
	type WooVariation,
	type WooWeightUnit,
} from '../../mappers';
import { showFor, stockSiteIdField, webshopIdField } from '../../shared/descriptions';
import { toNodeError } from '../../shared/execution';
import { mappingTablesField, mappingTablesOf } from '../../shared/mapping-tables';
import { optionalText } from '../../shared/parameters';
import { vatRateByTaxClassField, weightUnitField } from './store-settings';
import type { SpecterClient } from '../../wire';
import { SPECTER_GUESSES, validateArticles } from '../../wire';
import type { ArticleInput, ArticleOptions } from '../../wire/types';

const displayOptions = showFor('article', ['exportFromWooCommerce']);

/** Specter's batch limit as the node sees it: the largest batch any known client sends (S1 sends 100). */
const MAX_BATCH_SIZE = 100;

export const description: INodeProperties[] = [
	{
		displayName:
			'Each input item must be one WooCommerce product or variation (WooCommerce node, Product → Get Many, or the variations endpoint). Include the variable parent products too: variations take their name and inherited tax class from them. One output item per input item, with an outcome: skipped, failed, or for an exported article createdOrLeftAlone (New Only) or createdOrUpdated (All), since Specter\'s answer does not say which articles it created.',
		name: 'inputNotice',
		type: 'notice',
		default: '',
		displayOptions,
	},
	{
		displayName: 'Mode',
		name: 'mode',
		type: 'options',
		options: [
			{
				name: 'All',
				value: 'all',
				description:
					'Create new articles and update existing ones. Never sends stock: Specter owns the stock of articles it has.',
			},
			{
				name: 'New Only',
				value: 'newOnly',
				description:
					'Create articles Specter does not have yet, with their WooCommerce stock as initial stock. Specter leaves existing articles alone.',
			},
		],
		default: 'newOnly',
		displayOptions,
	},
	{
		displayName: 'Batch Size',
		name: 'batchSize',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_BATCH_SIZE },
		default: MAX_BATCH_SIZE,
		description: 'Articles per Specter call',
		displayOptions,
	},
	{
		displayName: 'Prices Include Tax',
		name: 'pricesIncludeTax',
		type: 'boolean',
		default: false,
		description:
			'Whether the store\'s prices are entered with tax (WooCommerce → Settings → Tax → Prices entered with tax). Specter takes prices excluding VAT.',
		displayOptions,
	},
	vatRateByTaxClassField(
		displayOptions,
		[
			{ taxClass: 'standard', vatPercent: 25 },
			{ taxClass: 'reduced-rate', vatPercent: 12 },
			{ taxClass: 'zero-rate', vatPercent: 0 },
		],
		'The VAT percentage of each WooCommerce tax class (slug, as in WooCommerce → Settings → Tax). "standard" also covers products whose tax class is empty.',
	),
	mappingTablesField(displayOptions, 'vatRates (over VAT Rate by Tax Class)'),
	weightUnitField(displayOptions),
	webshopIdField(
		displayOptions,
		`Specter webshop number of the articles (multishop). The Specter field name (${SPECTER_GUESSES.article.webshopIdQueryParam}) is a guess until Specter confirms it.`,
	),
	stockSiteIdField(
		displayOptions,
		`Stock site the initial stock goes to; empty uses Specter's default. The Specter field name (${SPECTER_GUESSES.article.stockSiteIdField}_N) is a guess until Specter confirms it.`,
	),
	{
		displayName: 'Include Descriptions',
		name: 'includeDescriptions',
		type: 'boolean',
		default: false,
		description: 'Whether to send the product description and short description as Specter webshop texts',
		hint: `The Specter field names (${SPECTER_GUESSES.article.descriptionField}_N, ${SPECTER_GUESSES.article.shortDescriptionField}_N) are guesses until Specter confirms them`,
		displayOptions,
	},
	{
		displayName: 'Dry Run',
		name: 'dryRun',
		type: 'boolean',
		default: false,
		description:
			'Whether to map, check and batch every product exactly as a real run does and send nothing to Specter: each item gets the outcome a real run would give it (skipped, failed with the same error, or exported in its batch), with dryRun: true. Only refusals Specter itself would make cannot be foreseen.',
		displayOptions,
	},
];

type ExportMode = ProductMappingSettings['mode'];

/**
 * What an output item says happened to its product. Specter answers an accepted newArticleSubmit with `1;…` only,
 * without saying which rows it created (docs/specter-api.md §3.3), so an exported article's outcome is what its
 * mode allows: created or left alone (New Only: no forceArticleUpdate), created or updated (All).
 */
export const EXPORT_OUTCOMES = {
	newOnly: 'createdOrLeftAlone',
	all: 'createdOrUpdated',
	skipped: 'skipped',
	failed: 'failed',
} as const;

interface ExportSettings {
	options: ArticleOptions;
	batchSize: number;
	mapping: ProductMappingSettings;
	dryRun: boolean;
}

/** Store settings apply to the whole export (one Specter call carries many products), so item 0's values are used. */
function exportSettingsOf(context: IExecuteFunctions): ExportSettings {
	const parameter = (name: string) => context.getNodeParameter(name, 0);
	const modeValue = parameter('mode');
	// An expression can give any value; a wrong one must not quietly become either mode
	if (modeValue !== 'all' && modeValue !== 'newOnly') {
		throw new NodeOperationError(context.getNode(), `Mode must be New Only or All, not ${JSON.stringify(modeValue)}`, {
			description: 'In an expression, give "newOnly" or "all"',
			itemIndex: 0,
		});
	}
	const mode: ExportMode = modeValue;
	const batchSize = Number(parameter('batchSize'));
	if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
		throw new NodeOperationError(context.getNode(), `Batch Size must be a whole number from 1 to ${MAX_BATCH_SIZE}`, {
			itemIndex: 0,
		});
	}
	const vatPercentByTaxClass: Record<string, number> = { ...mappingTablesOf(context, 0).vatPercentByTaxClass };
	const hasTable = Object.keys(vatPercentByTaxClass).length > 0;
	for (const rate of hasTable ? [] : context.getNodeParameter('vatRates.rate', 0, []) as IDataObject[]) {
		const taxClass = String(rate.taxClass ?? '').trim();
		vatPercentByTaxClass[taxClass] = Number(rate.vatPercent);
	}
	// WooCommerce reports the standard tax class as an empty string
	if (vatPercentByTaxClass.standard !== undefined && vatPercentByTaxClass[''] === undefined) {
		vatPercentByTaxClass[''] = vatPercentByTaxClass.standard;
	}
	return {
		options: { forceArticleUpdate: mode === 'all' },
		batchSize,
		dryRun: parameter('dryRun') === true,
		mapping: {
			mode,
			pricesIncludeTax: parameter('pricesIncludeTax') as boolean,
			vatPercentByTaxClass,
			weightUnit: parameter('weightUnit') as WooWeightUnit,
			webshopId: optionalText(parameter('webshopId')),
			stockSiteId: optionalText(parameter('stockSiteId')),
			includeDescriptions: parameter('includeDescriptions') as boolean,
		},
	};
}

type WooItem = WooProduct | WooVariation;

function isVariation(item: WooItem): item is WooVariation {
	return item.type === undefined || item.type === 'variation';
}

/** A variation's parent id: `parent_id` (WooCommerce 8+), else the id at the end of its `up` link. */
function parentIdOf(variation: WooVariation): number | undefined {
	if (typeof variation.parent_id === 'number' && variation.parent_id > 0) return variation.parent_id;
	const href = variation._links?.up?.[0]?.href;
	const id = href === undefined ? NaN : Number(/\/(\d+)\/?$/.exec(href)?.[1]);
	return Number.isFinite(id) ? id : undefined;
}

function wooItemOf(context: IExecuteFunctions, item: INodeExecutionData, itemIndex: number): WooItem {
	const json = item.json;
	if (typeof json.id !== 'number' || typeof json.sku !== 'string') {
		throw new NodeOperationError(context.getNode(), `Item ${itemIndex + 1} is not a WooCommerce product`, {
			description:
				'Each item\'s JSON must be a product or variation as the WooCommerce REST API returns it, with id and sku',
			itemIndex,
		});
	}
	return json as unknown as WooItem;
}

/**
 * A product that failed: thrown without continueOnFail; with it, `{ error, details: { outcome: 'failed', sku?,
 * wooProductId, batchIndex?, description? } }`. Unlike the node's other operations, the item does not carry n8n's
 * `error` property: n8n 2.41 replaces the json of such items with `{ error }` alone (WorkflowExecute's
 * normalizeNodeErrors), losing the SKU, and under its default expression engine (vm) `$input.all()` in a later node
 * fails on them ("Cannot convert undefined or null to object"), which would stop the template's summary. n8n still
 * routes these items to the error output: handleNodeErrorOutput takes a json of only error, message and details as
 * an error.
 */
function failedExport(
	context: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
	subject: string | undefined,
	details: IDataObject,
): INodeExecutionData {
	const nodeError = toNodeError(context.getNode(), error, itemIndex, { subject });
	if (!context.continueOnFail()) throw nodeError;
	return {
		json: {
			error: nodeError.message,
			details: { ...details, ...(nodeError.description ? { description: nodeError.description } : {}) },
		},
		pairedItem: { item: itemIndex },
	};
}

/** Products of one SKU in this run: normally one item; the same product delivered twice shares one article. */
interface PendingArticle {
	article: ArticleInput;
	wooProductId: number;
	itemIndexes: number[];
}

/**
 * Maps every product, validates them all, then sends the articles in batches of Batch Size. Output per input
 * item, paired: `{ articleNo, wooProductId, mode, outcome, batchIndex, initialStock }` (batchIndex counts from 0;
 * outcome `createdOrLeftAlone` in New Only, `createdOrUpdated` in All), `{ outcome: 'skipped', skipped: true,
 * reason, sku?, wooProductId }` for items that are not articles (no SKU, variable parents), and with
 * continueOnFail `{ error, details: { outcome: 'failed', sku?, wooProductId, … } }` (failedExport). Dry Run goes the
 * same way up to the Specter call and leaves the call out, so every item carries the outcome a real run would give
 * it, plus `dryRun: true`.
 */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	client: SpecterClient,
): Promise<INodeExecutionData[]> {
	const settings = exportSettingsOf(this);
	const mode = settings.mapping.mode;
	const output: INodeExecutionData[] = new Array(items.length);
	const fail = (error: unknown, itemIndex: number, subject: string | undefined, details: IDataObject) => {
		output[itemIndex] = failedExport(this, error, itemIndex, subject, details);
	};

	const parents = new Map<number, WooProduct>();
	for (const item of items) {
		const json = item.json as unknown as WooItem;
		if (typeof json.id === 'number' && !isVariation(json)) parents.set(json.id, json);
	}

	// Map and validate everything first: without continueOnFail a bad product stops the export before any call.
	const pendingBySku = new Map<string, PendingArticle>();
	items.forEach((item, itemIndex) => {
		const json = item.json;
		const sku = optionalText(json.sku);
		const details: IDataObject = { wooProductId: typeof json.id === 'number' ? json.id : null, ...(sku && { sku }) };
		const failure: IDataObject = { outcome: EXPORT_OUTCOMES.failed, ...details, ...(settings.dryRun && { dryRun: true }) };
		try {
			const product = wooItemOf(this, item, itemIndex);
			const parentId = isVariation(product) ? parentIdOf(product) : undefined;
			const mapped = mapWooProductToArticle(product, settings.mapping, parentId === undefined ? undefined : parents.get(parentId));
			if ('skipped' in mapped) {
				output[itemIndex] = {
					json: { outcome: EXPORT_OUTCOMES.skipped, skipped: true, reason: mapped.reason, ...details, ...(settings.dryRun && { dryRun: true }) },
					pairedItem: { item: itemIndex },
				};
				return;
			}
			validateArticles([mapped], settings.options);
			const earlier = pendingBySku.get(mapped.articleNo);
			if (earlier === undefined) {
				pendingBySku.set(mapped.articleNo, { article: mapped, wooProductId: product.id, itemIndexes: [itemIndex] });
			} else if (earlier.wooProductId === product.id) {
				earlier.itemIndexes.push(itemIndex);
			} else {
				throw new NodeOperationError(
					this.getNode(),
					`SKU ${mapped.articleNo} is used by WooCommerce products ${earlier.wooProductId} and ${product.id}`,
					{ description: 'Specter article numbers are unique: give each product its own SKU', itemIndex },
				);
			}
		} catch (error) {
			fail(error, itemIndex, sku === undefined ? undefined : `SKU ${sku}`, failure);
		}
	});

	const pending = [...pendingBySku.values()];
	for (let start = 0, batchIndex = 0; start < pending.length; start += settings.batchSize, batchIndex++) {
		const batch = pending.slice(start, start + settings.batchSize);
		try {
			// a dry run stops exactly where the real run would send
			if (!settings.dryRun) await client.upsertArticles(
				batch.map((entry) => entry.article),
				settings.options,
			);
		} catch (error) {
			// Specter refuses a batch as a whole; its messages count rows within the batch
			batch.forEach((entry, row) => {
				for (const itemIndex of entry.itemIndexes) {
					fail(error, itemIndex, `SKU ${entry.article.articleNo} (batch ${batchIndex}, row ${row + 1})`, {
						outcome: EXPORT_OUTCOMES.failed,
						sku: entry.article.articleNo,
						wooProductId: entry.wooProductId,
						batchIndex,
					});
				}
			});
			continue;
		}
		for (const entry of batch) {
			for (const itemIndex of entry.itemIndexes) {
				output[itemIndex] = {
					json: {
						articleNo: entry.article.articleNo,
						wooProductId: entry.wooProductId,
						mode,
						outcome: EXPORT_OUTCOMES[mode],
						batchIndex,
						initialStock: entry.article.initialStock ?? null,
						...(settings.dryRun && { dryRun: true }),
					},
					pairedItem: { item: itemIndex },
				};
			}
		}
	}
	return output;
}
