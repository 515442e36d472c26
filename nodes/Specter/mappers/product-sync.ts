// Keeping WooCommerce products and Specter articles in step in both directions without echoes. Pure: no I/O, no n8n.
//
// Specter → WooCommerce (planWooUpdates): for each article change, the WooCommerce fields that actually differ,
// compared in Specter's terms (a price excl. VAT to the öre, a weight in kg to the gram), written together with the
// sync stamp: meta `_specter_synced_hash`, the hash of what WooCommerce → Specter would send for the product after
// the write. WooCommerce → Specter (planProductToSpecter): a product whose fields hash to its stamp is what Specter
// already has, so the product.updated that the write above fires sends nothing back. A change that reaches
// WooCommerce from Specter therefore never returns to Specter, and one that reaches Specter from WooCommerce finds
// nothing to write when (if) Specter reports it back.

import { createHash } from 'crypto';

import type { ArticleChange } from '../wire/types';
import { SPECTER_GUESSES } from '../wire/guesses';
import { ProductMappingError } from './errors';
import { firstMetaValue } from './meta';
import { KG_PER_WEIGHT_UNIT, parseDecimal, roundTo, toCents, type WooWeightUnit } from './numbers';
import { DEFAULT_VAT_PERCENT_BY_TAX_CLASS, mapWooProductToArticle } from './product-to-article';
import { articleChangeToWoo, DEFAULT_TAX_CLASS_BY_VAT_PERCENT } from './specter-to-woo';
import { nonEmpty } from './values';
import type { WooMetaData, WooProduct, WooVariation } from './woo-types';

/** The product meta that says which Specter article values the product was last in step with. */
export const SPECTER_SYNC_HASH_META_KEY = '_specter_synced_hash';

/** WooCommerce takes at most 100 items per batch request (docs/woocommerce.md §3.2). */
export const WOO_BATCH_LIMIT = 100;

/** The store settings both directions convert with; both templates must be set alike. */
export interface StoreConversionSettings {
	/** the WooCommerce store setting "Prices entered with tax" (woocommerce_prices_include_tax) */
	pricesIncludeTax: boolean;
	/** the store's weight unit (default kg); Specter takes kg */
	weightUnit?: WooWeightUnit;
}

export interface ToSpecterSettings extends StoreConversionSettings {
	/** tax class slug → VAT %; '' is WooCommerce's Standard class (default DEFAULT_VAT_PERCENT_BY_TAX_CLASS) */
	vatPercentByTaxClass?: Readonly<Record<string, number>>;
}

/** The article values the two templates keep in step, as WooCommerce → Specter maps them. */
export interface SyncedArticle {
	articleNo: string;
	name: string;
	/** 2 decimals; null when the product has no price */
	priceExclVat: number | null;
	vatPercent: number;
	/** kg, 3 decimals; null when the product has no weight */
	weight: number | null;
}

/** A product or variation as the products endpoint (or a webhook, or the variations endpoint) returns it. */
export type WooCatalogItem = (WooProduct | WooVariation) & { _links?: WooLinks };

interface WooLinks {
	self?: Array<{ href: string }>;
	collection?: Array<{ href: string }>;
	up?: Array<{ href: string }>;
}

const CONTAINER_TYPES = ['variable', 'grouped'];

function isVariation(item: WooCatalogItem): item is WooVariation {
	return item.type === undefined || item.type === 'variation';
}

/** A variation's parent id: `parent_id` (the products endpoint, WooCommerce 8+), else the id its `up` link ends in. */
export function parentIdOf(item: WooCatalogItem): number | undefined {
	if (typeof item.parent_id === 'number' && item.parent_id > 0) return item.parent_id;
	const href = (item as { _links?: WooLinks })._links?.up?.[0]?.href;
	const id = href === undefined ? NaN : Number(/\/(\d+)\/?$/.exec(href)?.[1]);
	return Number.isFinite(id) ? id : undefined;
}

/**
 * What WooCommerce → Specter sends for a product or variation (pass a variation's parent when the item lacks a
 * name, i.e. from the variations endpoint of WooCommerce before 8). Never stock. Throws ProductMappingError when
 * the settings cannot map it (an unknown tax class).
 */
export function syncedArticleOf(item: WooCatalogItem, settings: ToSpecterSettings, parent?: WooProduct): SyncedArticle | { skipped: string } {
	// A variation that carries its name (the products endpoint, webhooks, WooCommerce 8+) keeps WooCommerce's own
	// name, which both directions see alike; the parent names only one without (the variations endpoint before 8),
	// and gives the tax class to one that says 'parent'.
	const needsParent = isVariation(item) && (nonEmpty(item.name) === undefined || item.tax_class === 'parent');
	if (isVariation(item) && parent !== undefined && nonEmpty(item.sku) !== undefined && nonEmpty(item.sku) === nonEmpty(parent.sku)) {
		return {
			skipped: `variation has no SKU of its own (WooCommerce shows the parent's SKU ${item.sku}) — give the variation a SKU in WooCommerce`,
		};
	}
	const mapped = mapWooProductToArticle(
		item,
		{
			mode: 'all',
			pricesIncludeTax: settings.pricesIncludeTax,
			vatPercentByTaxClass: settings.vatPercentByTaxClass,
			weightUnit: settings.weightUnit,
			includeDescriptions: false,
		},
		needsParent ? parent : undefined,
	);
	if ('skipped' in mapped) return { skipped: mapped.reason };
	return {
		articleNo: mapped.articleNo,
		name: mapped.name ?? '',
		priceExclVat: mapped.priceExclVat ?? null,
		vatPercent: mapped.vatPercent ?? 0,
		weight: mapped.weight ?? null,
	};
}

/**
 * The sync stamp of article values: a hash over the article number, name, price in öre, VAT % and weight in grams
 * (so 100.004 and 100.00 are the same price, as they are in Specter).
 */
export function syncHashOf(article: SyncedArticle): string {
	const canonical = JSON.stringify([
		'v1',
		article.articleNo,
		article.name.trim(),
		article.priceExclVat === null ? null : toCents(article.priceExclVat),
		article.vatPercent,
		article.weight === null ? null : roundTo(article.weight * 1000, 0),
	]);
	return `v1:${createHash('sha256').update(canonical, 'utf8').digest('hex').slice(0, 40)}`;
}

/** The stamp the product carries, if any. */
export function storedSyncHash(item: { meta_data?: WooMetaData[] }): string | undefined {
	return firstMetaValue(item.meta_data ?? [], [SPECTER_SYNC_HASH_META_KEY]);
}

function collectionOf(item: WooCatalogItem): string | undefined {
	return nonEmpty(item._links?.collection?.[0]?.href)?.replace(/\/+$/, '');
}

/**
 * Where a product or variation is written (docs/woocommerce.md §3.1): a variation through
 * products/<parent>/variations/<id>, never products/<variation id>; built on the address WooCommerce returned.
 */
export function writeUrlOf(item: WooCatalogItem): string | undefined {
	const self = nonEmpty(item._links?.self?.[0]?.href)?.replace(/\/+$/, '');
	if (self !== undefined && /\/variations\/\d+$/.test(self)) return self;
	const collection = collectionOf(item);
	if (collection === undefined) return undefined;
	if (isVariation(item)) {
		if (/\/variations$/.test(collection)) return `${collection}/${item.id}`;
		const parentId = parentIdOf(item);
		return parentId === undefined ? undefined : `${collection}/${parentId}/variations/${item.id}`;
	}
	return `${collection}/${item.id}`;
}

/** The batch endpoint a product or variation belongs to: products/batch, or products/<parent>/variations/batch. */
export function batchUrlOf(item: WooCatalogItem): string | undefined {
	const write = writeUrlOf(item);
	return write?.replace(/\/\d+$/, '/batch');
}

// ---------------------------------------------------------------------------------------------------------------
// WooCommerce → Specter

export type ToSpecterPlan =
	| { action: 'upsert'; article: SyncedArticle; syncHash: string; stampUrl: string | null }
	| { action: 'variations'; variationsUrl: string }
	| { action: 'skip'; reason: string };

/**
 * What WooCommerce → Specter does with one product or variation: write its article (`upsert`), expand a variable
 * product into its variations (their names and inherited values may have changed), or nothing (`skip`, with why):
 * no SKU, not published, a grouped product, or its values hash to its sync stamp (Specter already has them).
 */
export function planProductToSpecter(item: WooCatalogItem, settings: ToSpecterSettings, parent?: WooProduct): ToSpecterPlan {
	const status = item.status ?? 'publish';
	if (status !== 'publish') return { action: 'skip', reason: `not published (status ${status})` };
	if (parent !== undefined && parent.status !== undefined && parent.status !== 'publish') {
		return { action: 'skip', reason: `its product ${parent.id} is not published (status ${parent.status})` };
	}
	if (!isVariation(item) && CONTAINER_TYPES.includes(item.type)) {
		if (item.type === 'grouped') return { action: 'skip', reason: 'grouped product: its child products are synced on their own' };
		const base = writeUrlOf(item);
		if (base === undefined) {
			throw new ProductMappingError({
				sku: item.sku,
				productId: item.id,
				field: '_links',
				message: `product ${item.sku || item.id} (id ${item.id}): no _links to find its variations — pass the product as the WooCommerce API returns it`,
			});
		}
		return { action: 'variations', variationsUrl: `${base}/variations` };
	}
	const article = syncedArticleOf(item, settings, parent);
	if ('skipped' in article) return { action: 'skip', reason: article.skipped };
	const syncHash = syncHashOf(article);
	if (storedSyncHash(item) === syncHash) {
		return {
			action: 'skip',
			reason: `in step with Specter: its ${SPECTER_SYNC_HASH_META_KEY} matches (the last change came from Specter, or was sent already)`,
		};
	}
	return { action: 'upsert', article, syncHash, stampUrl: writeUrlOf(item) ?? null };
}

// ---------------------------------------------------------------------------------------------------------------
// Specter → WooCommerce

export type WooSyncField = 'name' | 'price' | 'taxClass' | 'weight' | 'descriptions';

export interface ToWooSettings extends StoreConversionSettings {
	/** VAT % (as a string key) → tax class slug; '' is Standard (default DEFAULT_TAX_CLASS_BY_VAT_PERCENT) */
	taxClassByVatPercent?: Readonly<Record<string, string>>;
	/** the fields written (default all) */
	fields?: readonly WooSyncField[];
}

/** The fields of one product update, as WooCommerce's batch endpoints take them. */
export interface WooProductUpdate {
	id: number;
	name?: string;
	regular_price?: string;
	tax_status?: 'taxable';
	tax_class?: string;
	weight?: string;
	description?: string;
	short_description?: string;
	meta_data?: Array<{ key: string; value: string }>;
}

export interface WooBatchRequest {
	/** products/batch or products/<parent>/variations/batch, on the store's own address */
	url: string;
	body: { update: WooProductUpdate[] };
	/** the SKUs in this request, in order */
	skus: string[];
}

export interface ArticleChangeResult {
	sku: string;
	/** update: a write is planned; unchanged: WooCommerce has it already; skipped: not written, see reason */
	result: 'update' | 'unchanged' | 'skipped';
	wooProductId?: number;
	/** WooCommerce fields the update writes */
	fields?: string[];
	reason?: string;
	/** what Specter sent that could not be applied, and why */
	warnings?: string[];
}

export interface WooUpdatePlan {
	requests: WooBatchRequest[];
	/** one per distinct article number, in the order of the changes */
	results: ArticleChangeResult[];
}

const ALL_FIELDS: readonly WooSyncField[] = ['name', 'price', 'taxClass', 'weight', 'descriptions'];

/** Flag values read as "published in webshop" (the flag's name and values are guesses, see the guess table). */
const PUBLISHED = /^(1|true|yes|ja|j|y)$/i;

/** Whether Specter says the article is published in the webshop: its raw field under the guessed name. */
export function isPublishedInWebshop(change: ArticleChange): boolean {
	const value = change.raw[SPECTER_GUESSES.article.publishInWebshopField];
	return value !== undefined && PUBLISHED.test(value.trim());
}

/** The tax class → VAT % table that inverts a VAT % → tax class table ('' and 'standard' both for Standard). */
export function invertTaxClassTable(taxClassByVatPercent: Readonly<Record<string, string>>): Record<string, number> {
	const table: Record<string, number> = {};
	for (const [percent, taxClass] of Object.entries(taxClassByVatPercent)) {
		const slug = normaliseTaxClass(taxClass);
		if (table[slug] === undefined) table[slug] = Number(percent);
	}
	if (table[''] !== undefined) table.standard = table[''];
	return table;
}

function normaliseTaxClass(taxClass: string | undefined): string {
	const slug = (taxClass ?? '').trim();
	return slug === 'standard' ? '' : slug;
}

function currentVatPercent(item: WooCatalogItem, vatByClass: Readonly<Record<string, number>>): number | undefined {
	if (item.tax_status !== undefined && item.tax_status !== 'taxable') return 0;
	const percent = vatByClass[normaliseTaxClass(item.tax_class)];
	return typeof percent === 'number' ? percent : undefined;
}

/** A WooCommerce price in Specter's terms (excl. VAT, 2 decimals), or undefined when it has none. */
function priceExclVatOf(text: string | undefined, pricesIncludeTax: boolean, vatPercent: number): number | undefined {
	const price = parseDecimal(text ?? '');
	if (price === undefined) return undefined;
	return roundTo(pricesIncludeTax ? price / (1 + vatPercent / 100) : price, 2);
}

/** Grams of a WooCommerce weight in the store's unit ('' counts as 0, as Specter has no "no weight" to compare). */
function gramsOf(text: string | undefined, unit: WooWeightUnit): number {
	const weight = parseDecimal(text ?? '') ?? 0;
	return roundTo(weight * KG_PER_WEIGHT_UNIT[unit] * 1000, 0);
}

/**
 * Plans the WooCommerce writes for article changes (Specter Trigger, Article Changed) against the products and
 * variations WooCommerce found for their SKUs: only SKUs the store has, only fields that differ, compared after the
 * conversion WooCommerce → Specter would apply (so a price WooCommerce rounded incl. VAT is not written again), the
 * texts only while the article is published in the webshop, each update with the sync stamp. Updates go in batches of
 * at most 100 per endpoint: products/batch, and products/<parent>/variations/batch per variable product.
 */
export function planWooUpdates(changes: readonly ArticleChange[], items: readonly WooCatalogItem[], settings: ToWooSettings): WooUpdatePlan {
	const taxClassByVat = settings.taxClassByVatPercent ?? DEFAULT_TAX_CLASS_BY_VAT_PERCENT;
	const vatByClass = settings.taxClassByVatPercent ? invertTaxClassTable(taxClassByVat) : DEFAULT_VAT_PERCENT_BY_TAX_CLASS;
	const weightUnit = settings.weightUnit ?? 'kg';
	const fields = new Set(settings.fields ?? ALL_FIELDS);
	const guessed = SPECTER_GUESSES.article;

	// the last change of an article wins; the order of first appearance is kept
	const latest = new Map<string, ArticleChange>();
	for (const change of changes) {
		latest.delete(change.articleNo);
		latest.set(change.articleNo, change);
	}
	const bySku = new Map<string, WooCatalogItem[]>();
	for (const item of items) {
		if (typeof item.id !== 'number' || typeof item.sku !== 'string' || item.sku === '') continue;
		const list = bySku.get(item.sku) ?? [];
		if (!list.some((known) => known.id === item.id)) list.push(item);
		bySku.set(item.sku, list);
	}

	const results: ArticleChangeResult[] = [];
	const updatesByUrl = new Map<string, Array<{ sku: string; update: WooProductUpdate }>>();
	for (const change of latest.values()) {
		const sku = change.articleNo;
		const found = bySku.get(sku) ?? [];
		const item = found.find((candidate) => isVariation(candidate) || !CONTAINER_TYPES.includes(candidate.type));
		if (item === undefined) {
			results.push({
				sku,
				result: 'skipped',
				reason:
					found.length > 0
						? `${found[0].type} product ${found[0].id}: its variations or child products carry the articles, not the product itself`
						: 'not in the store: no product or variation has this SKU',
			});
			continue;
		}
		const variation = isVariation(item);
		const batchUrl = batchUrlOf(item);
		if (batchUrl === undefined) {
			results.push({ sku, result: 'skipped', wooProductId: item.id, reason: 'WooCommerce returned no _links for it: pass the products as the WooCommerce API returns them' });
			continue;
		}

		const vatForPrice = change.vatPercent ?? currentVatPercent(item, vatByClass) ?? null;
		const candidate = articleChangeToWoo(
			{ ...change, vatPercent: vatForPrice },
			{
				pricesIncludeTax: settings.pricesIncludeTax,
				taxClassByVatPercent: taxClassByVat,
				syncName: fields.has('name') && !variation,
				syncPrice: fields.has('price'),
				syncVat: fields.has('taxClass') && change.vatPercent !== null,
				syncWeight: fields.has('weight'),
				weightUnit,
			},
		);
		const warnings = [...candidate.warnings];
		if (variation && fields.has('name') && change.name !== null && change.name.trim() !== (item.name ?? '').trim()) {
			warnings.push(`name not synced: a variation's name comes from its product and attributes in WooCommerce ("${item.name ?? ''}")`);
		}
		const update: WooProductUpdate = { id: item.id };
		const wanted = candidate.fields;
		if (wanted.name !== undefined && wanted.name.trim() !== (item.name ?? '').trim()) update.name = wanted.name;
		if (wanted.regular_price !== undefined && change.priceExclVat !== null) {
			const current = priceExclVatOf(item.regular_price, settings.pricesIncludeTax, vatForPrice ?? 0);
			if (current === undefined || toCents(current) !== toCents(change.priceExclVat)) update.regular_price = wanted.regular_price;
		}
		if (wanted.tax_class !== undefined) {
			if (normaliseTaxClass(wanted.tax_class) !== normaliseTaxClass(item.tax_class)) update.tax_class = wanted.tax_class;
			if (item.tax_status !== undefined && item.tax_status !== 'taxable') update.tax_status = 'taxable';
		}
		if (wanted.weight !== undefined && change.weight !== null) {
			if (gramsOf(item.weight, weightUnit) !== roundTo(change.weight * 1000, 0)) update.weight = wanted.weight;
		}
		if (fields.has('descriptions') && isPublishedInWebshop(change)) {
			const long = change.raw[guessed.descriptionField];
			if (long !== undefined && long !== (item.description ?? '').trim()) update.description = long;
			const short = change.raw[guessed.shortDescriptionField];
			const currentShort = (item as WooProduct).short_description ?? '';
			if (!variation && short !== undefined && short !== currentShort.trim()) update.short_description = short;
		}

		const written = Object.keys(update).filter((key) => key !== 'id');
		if (written.length === 0) {
			results.push({ sku, result: 'unchanged', wooProductId: item.id, ...(warnings.length > 0 && { warnings }) });
			continue;
		}
		// the stamp: what WooCommerce → Specter will compute from the product once this update is applied
		try {
			const after = { ...item, ...update, meta_data: [] } as WooCatalogItem;
			const article = syncedArticleOf(after, { pricesIncludeTax: settings.pricesIncludeTax, vatPercentByTaxClass: vatByClass, weightUnit });
			if ('skipped' in article) warnings.push(`no sync stamp: ${article.skipped}`);
			else update.meta_data = [{ key: SPECTER_SYNC_HASH_META_KEY, value: syncHashOf(article) }];
		} catch (error) {
			warnings.push(`no sync stamp: ${error instanceof Error ? error.message : String(error)}`);
		}
		const group = updatesByUrl.get(batchUrl) ?? [];
		group.push({ sku, update });
		updatesByUrl.set(batchUrl, group);
		results.push({ sku, result: 'update', wooProductId: item.id, fields: written, ...(warnings.length > 0 && { warnings }) });
	}

	const requests: WooBatchRequest[] = [];
	for (const [url, entries] of updatesByUrl) {
		for (let start = 0; start < entries.length; start += WOO_BATCH_LIMIT) {
			const chunk = entries.slice(start, start + WOO_BATCH_LIMIT);
			requests.push({ url, body: { update: chunk.map((entry) => entry.update) }, skus: chunk.map((entry) => entry.sku) });
		}
	}
	return { requests, results };
}
