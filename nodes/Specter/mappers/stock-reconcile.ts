// Specter's full stock (one batch of the stock queue, fetched after a full resync) against the stock of every product
// and variation of one WooCommerce store: what differs, and what would set the store right. Pure: no I/O, no n8n.
//
// The store side is what WooCommerce lists: `GET /products` (products, with `type`) and `GET /products/<id>/variations`
// (variations, without `type`: WooCommerce's variations controller leaves it out, and WooCommerce 8+ adds
// `parent_id`; docs/woocommerce.md §3.1). A variation's write goes to `<products collection>/<parent>/variations/batch`,
// so the targets handed to Stock → Plan WooCommerce Writes carry the products collection, as `GET /products?sku=`
// would give it.
//
// The figures compare as the stock template writes them: Specter's quantity rounded down (stockChangeToWoo), and an
// article Specter does not stock-manage (quantity null) is left alone, so it is never a difference.

import type { StockChange } from '../wire/types';
import { stockChangeToWoo } from './specter-to-woo';
import type { WooStockTarget } from './stock-to-woo';
import type { WooLinks, WooMetaData } from './woo-types';

export type StockDifferenceKind = 'differs' | 'missingInStore' | 'notStockManagedInStore' | 'missingInSpecter';

/** What the comparison reads of a product or variation as WooCommerce lists it. */
export interface StoreStockItem {
	id: number;
	sku?: string;
	/** absent on the variations route */
	type?: string;
	parent_id?: number;
	/** a variation whose stock its parent holds says 'parent' */
	manage_stock?: boolean | 'parent';
	stock_quantity?: number | null;
	meta_data?: WooMetaData[];
	_links?: WooLinks;
}

export interface StockDifference {
	kind: StockDifferenceKind;
	sku: string;
	/** the WooCommerce product or variation, null when the store has none with this SKU */
	productId: number | null;
	/** the variation's parent, 0 for a product, null when the store has none */
	parentId: number | null;
	/** Specter's figure as the store would hold it (rounded down), null when Specter has no stock for the SKU */
	specterQuantity: number | null;
	/** the store's figure, null when it has none (not stock-managed, or no product) */
	storeQuantity: number | null;
	/** writing Specter's figure through the stock write path would set it right */
	fixable: boolean;
	message: string;
}

export interface StockComparison {
	differences: StockDifference[];
	/** SKUs where the store holds Specter's figure */
	matching: number;
	/** stock-managed articles in Specter's stock */
	specterArticles: number;
	/** articles Specter sent without a figure (noItemsAvailable): left alone, as the stock template does */
	notStockManagedInSpecter: string[];
	/** products and variations with a SKU the store listed */
	storeItems: number;
	/** Specter's changes for the fixable differences, and the products and variations they go to */
	fix: { changes: StockChange[]; targets: WooStockTarget[] };
}

/** WooCommerce cannot manage stock of these product types (their set_manage_stock() keeps it off). */
const STOCKLESS_TYPES = ['grouped', 'external'];

function isVariation(item: StoreStockItem): boolean {
	return item.type === undefined || item.type === 'variation';
}

/** A variation's parent: `parent_id` (WooCommerce 8+), else the id at the end of its `up` link. */
function parentIdOf(item: StoreStockItem): number {
	if (typeof item.parent_id === 'number' && item.parent_id > 0) return item.parent_id;
	const up = item._links?.up?.[0]?.href ?? '';
	const match = /\/products\/(\d+)\/?$/.exec(up);
	return match ? Number(match[1]) : 0;
}

/**
 * The item as Stock → Plan WooCommerce Writes addresses it: a variation listed through its parent's variations route
 * has `collection` `…/products/<parent>/variations`; the planner builds `<collection>/<parent>/variations/batch`
 * from the products collection, so that is what the target carries.
 */
function writeTargetOf(item: StoreStockItem, sku: string): WooStockTarget {
	const collection = item._links?.collection?.[0]?.href;
	const productsCollection = typeof collection === 'string' ? collection.replace(/\/\d+\/variations\/?$/, '') : collection;
	const variation = isVariation(item);
	return {
		id: item.id,
		sku,
		type: variation ? 'variation' : (item.type as string),
		parent_id: variation ? parentIdOf(item) : 0,
		meta_data: item.meta_data ?? [],
		_links: productsCollection === undefined ? {} : { collection: [{ href: productsCollection }] },
	};
}

/** The last change of each article, in queue order (a later change of one article replaces an earlier one). */
function latestByArticle(changes: StockChange[]): Map<string, StockChange> {
	const latest = new Map<string, StockChange>();
	for (const change of changes) {
		latest.delete(change.articleNo);
		latest.set(change.articleNo, change);
	}
	return latest;
}

const sortBySku = (a: StockDifference, b: StockDifference) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0);

/**
 * Compares Specter's stock (`changes`: every stock-managed article's figure) with the store's `items`.
 *
 * - Specter figure, store product with managed stock: `differs` when the figures differ (fixable), else matching.
 * - Specter figure, store product without managed stock (off, or held by the variation's parent): `notStockManagedInStore`,
 *   fixable (the stock write turns stock management on, as the stock template's writes do) unless the product type
 *   cannot hold stock.
 * - Specter figure, no store product with the SKU (exact, else the one differing only in case): `missingInStore`.
 * - Store product with managed stock whose SKU Specter did not send at all: `missingInSpecter`.
 * - Specter without figure (noItemsAvailable): no difference, listed in `notStockManagedInSpecter`.
 * Items without SKU are not compared. Differences come sorted by SKU.
 */
export function compareStock(changes: StockChange[], items: StoreStockItem[]): StockComparison {
	const withSku = items.flatMap((item) => {
		const sku = typeof item.sku === 'string' ? item.sku.trim() : '';
		return sku === '' || typeof item.id !== 'number' ? [] : [{ item, sku }];
	});
	const bySku = new Map<string, { item: StoreStockItem; sku: string }>();
	const byLowerSku = new Map<string, Array<{ item: StoreStockItem; sku: string }>>();
	for (const entry of withSku) {
		if (!bySku.has(entry.sku)) bySku.set(entry.sku, entry);
		const lower = entry.sku.toLowerCase();
		byLowerSku.set(lower, [...(byLowerSku.get(lower) ?? []), entry]);
	}
	const find = (articleNo: string) => {
		const exact = bySku.get(articleNo);
		if (exact) return exact;
		const candidates = byLowerSku.get(articleNo.toLowerCase()) ?? [];
		return candidates.length === 1 ? candidates[0] : undefined;
	};

	const differences: StockDifference[] = [];
	const notStockManagedInSpecter: string[] = [];
	const fix: StockComparison['fix'] = { changes: [], targets: [] };
	const seen = new Set<StoreStockItem>();
	let matching = 0;
	let specterArticles = 0;

	for (const change of latestByArticle(changes).values()) {
		const found = find(change.articleNo);
		if (found) seen.add(found.item);
		const update = stockChangeToWoo(change);
		if ('skipped' in update) {
			notStockManagedInSpecter.push(change.articleNo);
			continue;
		}
		specterArticles++;
		const specterQuantity = update.stockQuantity;
		if (!found) {
			differences.push({
				kind: 'missingInStore',
				sku: change.articleNo,
				productId: null,
				parentId: null,
				specterQuantity,
				storeQuantity: null,
				fixable: false,
				message: `Specter has ${specterQuantity} in stock; the store has no product or variation with this SKU`,
			});
			continue;
		}
		const { item } = found;
		const place = {
			sku: change.articleNo,
			productId: item.id,
			parentId: isVariation(item) ? parentIdOf(item) : 0,
			specterQuantity,
		};
		const storeQuantity = typeof item.stock_quantity === 'number' ? item.stock_quantity : null;
		if (item.manage_stock !== true) {
			const stockless = !isVariation(item) && STOCKLESS_TYPES.includes(item.type as string);
			differences.push({
				kind: 'notStockManagedInStore',
				...place,
				storeQuantity: null,
				fixable: !stockless,
				message: stockless
					? `Specter has ${specterQuantity} in stock; WooCommerce cannot manage the stock of a ${item.type} product`
					: `Specter has ${specterQuantity} in stock; the store does not manage this ${isVariation(item) ? 'variation' : 'product'}'s own stock${item.manage_stock === 'parent' ? ' (its parent does)' : ''}`,
			});
			if (!stockless) {
				fix.changes.push(change);
				fix.targets.push(writeTargetOf(item, found.sku));
			}
			continue;
		}
		if (storeQuantity === specterQuantity) {
			matching++;
			continue;
		}
		differences.push({
			kind: 'differs',
			...place,
			storeQuantity,
			fixable: true,
			message: `Specter has ${specterQuantity} in stock, the store ${storeQuantity ?? 'no figure'}`,
		});
		fix.changes.push(change);
		fix.targets.push(writeTargetOf(item, found.sku));
	}

	for (const { item, sku } of withSku) {
		if (seen.has(item) || item.manage_stock !== true) continue;
		differences.push({
			kind: 'missingInSpecter',
			sku,
			productId: item.id,
			parentId: isVariation(item) ? parentIdOf(item) : 0,
			specterQuantity: null,
			storeQuantity: typeof item.stock_quantity === 'number' ? item.stock_quantity : null,
			fixable: false,
			message: "The store manages this SKU's stock; Specter sent no stock for it (no such article, or not stock-managed there)",
		});
	}

	return {
		differences: differences.sort(sortBySku),
		matching,
		specterArticles,
		notStockManagedInSpecter,
		storeItems: withSku.length,
		fix,
	};
}
