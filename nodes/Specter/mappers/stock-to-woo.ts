// Specter stock changes → WooCommerce batch writes, and WooCommerce's answers → what was written and what not. Pure:
// no I/O, no n8n. The stock template looks the products up by SKU (n8n's WooCommerce node), plans the writes here
// (Stock → Plan WooCommerce Writes), sends them with n8n's HTTP Request node and checks the answers here
// (Stock → Check WooCommerce Answers) before the batch is acknowledged.
//
// What WooCommerce is relied on for (docs/woocommerce.md): `GET /products?sku=A,B` finds products and variations,
// each with `_links.collection` on the store's home URL (§3.1); `POST products/batch` and
// `POST products/<parent>/variations/batch` take up to 100 updates and answer each item on its own, an error as
// `{id, error: {code, message, data}}` (§3.2); `meta_data` is written with the stock in the same save and comes back
// in every answer (§3.1).
//
// Old figures never overwrite newer ones: every write also sets two meta keys on the product, the time the trigger
// first emitted the change's batch and the batch number. A product whose mark is as new as the change's batch or
// newer already has this figure or a newer one (written by an earlier attempt of this batch, or by a later batch),
// and is left alone. Specter's batch numbers are random (docs/specter-api.md §4.1), so the emission time is what
// orders them. The mark lives in WooCommerce, so it survives n8n restarts and does not depend on any execution.

import type { StockChange } from '../wire/types';
import { stockChangeToWoo } from './specter-to-woo';
import type { WooLinks, WooMetaData } from './woo-types';

/** Product meta: when the trigger first emitted the Specter batch whose figure the product holds (ISO time). */
export const STOCK_EMITTED_AT_META_KEY = '_specter_stock_emitted_at';
/** Product meta: the number of that Specter batch (for people reading the product; nothing compares it). */
export const STOCK_BATCH_META_KEY = '_specter_stock_batch';
/** WooCommerce's batch limit (`woocommerce_rest_batch_items_limit`, default 100; docs/woocommerce.md §3.2). */
export const WOO_BATCH_LIMIT = 100;
/** Attempts of one batch before a change WooCommerce keeps refusing is given up (the node's default). */
export const DEFAULT_GIVE_UP_AFTER_ATTEMPTS = 5;

/** Up to 100 changes of one Specter stock batch, as the Specter Trigger emits them (output "Chunks of 100 Changes"). */
export interface StockChunk {
	batchNo: string;
	/** how many times the trigger has emitted this batch (1 the first time) */
	attempt: number;
	/** when the trigger first emitted this batch (ISO) */
	firstEmittedAt: string;
	/** the trigger acknowledged the batch itself: it never comes again, so this is its last attempt */
	acknowledged: boolean;
	changes: StockChange[];
}

/** What the planner reads of a product or variation as `GET /products?sku=` returns it. */
export interface WooStockTarget {
	id: number;
	sku: string;
	type: string;
	parent_id: number;
	meta_data?: WooMetaData[];
	_links?: WooLinks;
}

/** One change to be written: the Specter figure and where it goes. */
export interface PlannedStockWrite {
	articleNo: string;
	/** the WooCommerce stock to set (Specter's figure, rounded down) */
	quantity: number;
	productId: number;
	/** the variation's parent, 0 for a product */
	parentId: number;
	batchNo: string;
	attempt: number;
	firstEmittedAt: string;
	acknowledged: boolean;
}

/** One item of a batch `update` list. */
export interface WooStockUpdateItem {
	id: number;
	manage_stock: true;
	stock_quantity: number;
	meta_data: Array<{ key: string; value: string }>;
}

/** One WooCommerce batch call: POST `body` to `url`. */
export interface StockWriteRequest {
	url: string;
	body: { update: WooStockUpdateItem[] };
	writes: PlannedStockWrite[];
	/** indexes into the products given to the planner, of the products this call writes */
	productIndexes: number[];
}

export type StockSkipReason = 'notStockManaged' | 'notInStore' | 'alreadyWritten' | 'superseded';

export interface SkippedStockChange {
	articleNo: string;
	quantity: number | null;
	batchNo: string;
	reason: StockSkipReason;
	message: string;
}

export interface StockWritePlan {
	requests: StockWriteRequest[];
	skipped: SkippedStockChange[];
}

/** A found product the planner cannot address (no `_links.collection`, a variation without parent). */
export class StockPlanError extends Error {
	readonly articleNo: string;
	/** index into the products given to the planner */
	readonly productIndex: number;

	constructor(details: { articleNo: string; productIndex: number; message: string }) {
		super(details.message);
		this.name = 'StockPlanError';
		this.articleNo = details.articleNo;
		this.productIndex = details.productIndex;
	}
}

function metaValue(product: WooStockTarget, key: string): unknown {
	return (product.meta_data ?? []).find((meta) => meta.key === key)?.value;
}

/**
 * The product with the change's SKU: exactly, else the one product whose SKU differs only in case (WooCommerce's
 * `sku` filter compares in the database, usually without regard to case, so it may return such a product).
 */
function productIndexOf(products: WooStockTarget[], articleNo: string): number {
	const exact = products.findIndex((product) => product.sku === articleNo);
	if (exact >= 0) return exact;
	const lower = articleNo.toLowerCase();
	const matches = products.flatMap((product, index) => (typeof product.sku === 'string' && product.sku.toLowerCase() === lower ? [index] : []));
	return matches.length === 1 ? matches[0] : -1;
}

/** `<collection>/batch` for a product, `<collection>/<parent>/variations/batch` for a variation (docs §3.1). */
function batchUrlOf(product: WooStockTarget, articleNo: string, productIndex: number): string {
	const collection = product._links?.collection?.[0]?.href;
	const fail = (message: string) => {
		throw new StockPlanError({ articleNo, productIndex, message });
	};
	if (typeof collection !== 'string' || collection === '') {
		return fail(
			`SKU ${articleNo}: WooCommerce product ${product.id} came without _links.collection, the store address its writes go to. Give this node the products exactly as WooCommerce returns them.`,
		);
	}
	const base = collection.replace(/\/+$/, '');
	if (product.type !== 'variation') return `${base}/batch`;
	if (!(product.parent_id > 0)) {
		return fail(`SKU ${articleNo}: WooCommerce variation ${product.id} came without its parent_id, which its writes need.`);
	}
	return `${base}/${product.parent_id}/variations/batch`;
}

function isAlreadyWritten(product: WooStockTarget, chunk: StockChunk): { mark: string; batchNo: string } | undefined {
	const mark = metaValue(product, STOCK_EMITTED_AT_META_KEY);
	if (typeof mark !== 'string') return undefined;
	const markedAt = Date.parse(mark);
	if (Number.isNaN(markedAt) || markedAt < Date.parse(chunk.firstEmittedAt)) return undefined;
	const batchNo = metaValue(product, STOCK_BATCH_META_KEY);
	return { mark, batchNo: typeof batchNo === 'string' ? batchNo : '?' };
}

/**
 * The WooCommerce batch calls that write the changes of `chunks` to the `products` found for them.
 *
 * - The changes are taken in order; of several changes of one article (or of one product) the last wins, the
 *   others are skipped as superseded.
 * - Skipped, with the reason: not stock-managed in Specter (quantity null, stockChangeToWoo), no product or variation
 *   with the SKU in WooCommerce, or a product whose stock mark is as new as the change's batch or newer (already
 *   written by an earlier attempt of this batch, or by a newer batch).
 * - Products go to `products/batch`, variations to `products/<parent>/variations/batch`, at most `maxPerRequest`
 *   (default and most 100) per call, in the order first met. Each update sets `manage_stock`, `stock_quantity` and the
 *   stock mark (meta).
 *
 * Throws StockPlanError for a found product it cannot address.
 */
export function planStockWrites(
	chunks: StockChunk[],
	products: WooStockTarget[],
	options: { maxPerRequest?: number } = {},
): StockWritePlan {
	const maxPerRequest = Math.max(1, Math.min(WOO_BATCH_LIMIT, Math.floor(options.maxPerRequest ?? WOO_BATCH_LIMIT)));
	const skipped: SkippedStockChange[] = [];
	const skip = (change: StockChange, chunk: StockChunk, reason: StockSkipReason, message: string) =>
		skipped.push({ articleNo: change.articleNo, quantity: change.quantity, batchNo: chunk.batchNo, reason, message });

	// the last change of each article wins
	const latest = new Map<string, { change: StockChange; chunk: StockChunk }>();
	for (const chunk of chunks) {
		for (const change of chunk.changes) {
			const earlier = latest.get(change.articleNo);
			if (earlier) skip(earlier.change, earlier.chunk, 'superseded', 'A later change of the same article came in the same run: that one is written');
			latest.set(change.articleNo, { change, chunk });
		}
	}

	// the last change of each product wins too (two article numbers differing only in case can find one product)
	const byProduct = new Map<number, { write: PlannedStockWrite; url: string; productIndex: number; change: StockChange; chunk: StockChunk }>();
	for (const { change, chunk } of latest.values()) {
		const update = stockChangeToWoo(change);
		if ('skipped' in update) {
			skip(change, chunk, 'notStockManaged', update.skipped);
			continue;
		}
		const productIndex = productIndexOf(products, change.articleNo);
		if (productIndex < 0) {
			skip(change, chunk, 'notInStore', 'WooCommerce has no product or variation with this SKU: nothing written');
			continue;
		}
		const product = products[productIndex];
		const written = isAlreadyWritten(product, chunk);
		if (written) {
			skip(
				change,
				chunk,
				'alreadyWritten',
				`WooCommerce already holds the stock of Specter batch ${written.batchNo} (first emitted ${written.mark}), this batch or a newer one: not written again, so sales since then stay counted`,
			);
			continue;
		}
		const url = batchUrlOf(product, change.articleNo, productIndex);
		const earlier = byProduct.get(product.id);
		if (earlier) {
			skip(earlier.change, earlier.chunk, 'superseded', `A later change for the same WooCommerce product (SKU ${change.articleNo}) came in the same run: that one is written`);
		}
		byProduct.set(product.id, {
			url,
			productIndex,
			change,
			chunk,
			write: {
				articleNo: change.articleNo,
				quantity: update.stockQuantity,
				productId: product.id,
				parentId: product.type === 'variation' ? product.parent_id : 0,
				batchNo: chunk.batchNo,
				attempt: chunk.attempt,
				firstEmittedAt: chunk.firstEmittedAt,
				acknowledged: chunk.acknowledged,
			},
		});
	}

	const byUrl = new Map<string, Array<{ write: PlannedStockWrite; productIndex: number }>>();
	for (const { url, write, productIndex } of byProduct.values()) {
		const list = byUrl.get(url) ?? [];
		list.push({ write, productIndex });
		byUrl.set(url, list);
	}
	const requests: StockWriteRequest[] = [];
	for (const [url, list] of byUrl) {
		for (let start = 0; start < list.length; start += maxPerRequest) {
			const part = list.slice(start, start + maxPerRequest);
			requests.push({
				url,
				body: {
					update: part.map(({ write }) => ({
						id: write.productId,
						manage_stock: true,
						stock_quantity: write.quantity,
						meta_data: [
							{ key: STOCK_EMITTED_AT_META_KEY, value: write.firstEmittedAt },
							{ key: STOCK_BATCH_META_KEY, value: write.batchNo },
						],
					})),
				},
				writes: part.map(({ write }) => write),
				productIndexes: part.map(({ productIndex }) => productIndex),
			});
		}
	}
	return { requests, skipped };
}

// ---- answers ------------------------------------------------------------------------------------------------------

/** What came back for one batch call. */
export type StockWriteAnswer =
	/** an HTTP answer: its status (when known) and body */
	| { statusCode?: number; body: unknown }
	/** no answer (the connection failed): the error text */
	| { transportError: string };

export interface StockWriteFailure extends PlannedStockWrite {
	/** WooCommerce's error code, or `http_<status>` / `no_answer` for a call that failed as a whole */
	code: string;
	message: string;
	/** the HTTP status WooCommerce gave (per item: data.status), when known */
	status: number | null;
	/** WooCommerce answered this item itself (true) or the whole call failed (false) */
	itemRefused: boolean;
	/** this change is given up: WooCommerce refused the item at the batch's last attempt */
	givenUp: boolean;
}

export interface StockWriteOutcome {
	written: PlannedStockWrite[];
	failed: StockWriteFailure[];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

function text(value: unknown): string {
	return typeof value === 'string' ? value : value === undefined || value === null ? '' : JSON.stringify(value);
}

/** The WooCommerce error in an answer body (`{code, message, data: {status}}`), if it is one. */
function wooError(body: unknown): { code: string; message: string; status: number | null } | undefined {
	if (!isRecord(body) || typeof body.code !== 'string') return undefined;
	const status = isRecord(body.data) && typeof body.data.status === 'number' ? body.data.status : null;
	return { code: body.code, message: text(body.message), status };
}

function excerpt(body: unknown): string {
	const raw = typeof body === 'string' ? body : JSON.stringify(body) ?? '';
	const flat = raw.replace(/\s+/g, ' ').trim();
	return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
}

/**
 * Which `writes` of one batch call WooCommerce took. A call that failed as a whole (no answer, an HTTP error, an
 * answer that is not a batch answer) fails every write in it and never gives one up: nothing there is about one
 * product, and the next attempt sends them again. An item WooCommerce refused (its entry has `error`, or the answer
 * has no entry for it) is given up when this is the batch's last attempt: `attempt >= giveUpAfterAttempts`, or the
 * batch is already acknowledged.
 */
export function checkStockWriteAnswer(
	writes: PlannedStockWrite[],
	answer: StockWriteAnswer,
	giveUpAfterAttempts: number = DEFAULT_GIVE_UP_AFTER_ATTEMPTS,
): StockWriteOutcome {
	const wholeCall = (code: string, message: string, status: number | null): StockWriteOutcome => ({
		written: [],
		failed: writes.map((write) => ({ ...write, code, message, status, itemRefused: false, givenUp: false })),
	});
	if ('transportError' in answer) return wholeCall('no_answer', `WooCommerce did not answer: ${answer.transportError}`, null);
	const { statusCode, body } = answer;
	if (statusCode !== undefined && (statusCode < 200 || statusCode >= 300)) {
		const error = wooError(body);
		return error
			? wholeCall(error.code, error.message, statusCode)
			: wholeCall(`http_${statusCode}`, `WooCommerce answered HTTP ${statusCode}: ${excerpt(body)}`, statusCode);
	}
	// an empty PHP array (no entries at all) is encoded as []
	const entries = isRecord(body) && Array.isArray(body.update) ? body.update : Array.isArray(body) && body.length === 0 ? [] : undefined;
	if (entries === undefined) {
		const error = wooError(body);
		return error
			? wholeCall(error.code, error.message, error.status)
			: wholeCall('not_a_batch_answer', `WooCommerce's answer is not a batch answer: ${excerpt(body)}`, statusCode ?? null);
	}

	const outcome: StockWriteOutcome = { written: [], failed: [] };
	for (const write of writes) {
		const lastAttempt = write.acknowledged || write.attempt >= giveUpAfterAttempts;
		const entry = entries.find((candidate) => isRecord(candidate) && Number(candidate.id) === write.productId) as Record<string, unknown> | undefined;
		if (entry === undefined) {
			outcome.failed.push({
				...write,
				code: 'no_entry',
				message: "WooCommerce's batch answer has no entry for this product",
				status: null,
				itemRefused: true,
				givenUp: lastAttempt,
			});
			continue;
		}
		if (entry.error !== undefined) {
			const error = wooError(entry.error) ?? { code: 'unknown', message: excerpt(entry.error), status: null };
			outcome.failed.push({ ...write, ...error, itemRefused: true, givenUp: lastAttempt });
			continue;
		}
		outcome.written.push(write);
	}
	return outcome;
}

// ---- messages -----------------------------------------------------------------------------------------------------

function placeOf(failure: StockWriteFailure): string {
	return failure.parentId ? `WooCommerce variation ${failure.productId} of product ${failure.parentId}` : `WooCommerce product ${failure.productId}`;
}

function answerOf(failure: StockWriteFailure): string {
	return `${failure.code}: ${failure.message}${failure.status === null ? '' : ` (HTTP ${failure.status})`}`;
}

/** `SKU X (stock 7, WooCommerce variation 12 of product 10): <code>: <message> (HTTP 400)` */
export function stockFailureLine(failure: StockWriteFailure): string {
	return `SKU ${failure.articleNo} (stock ${failure.quantity}, ${placeOf(failure)}): ${answerOf(failure)}`;
}

function batchesOf(failures: StockWriteFailure[]): string {
	const batches = [...new Map(failures.map((failure) => [failure.batchNo, failure])).values()];
	return batches.map((failure) => `Specter batch ${failure.batchNo} (attempt ${failure.attempt})`).join(', ');
}

/** The error of a run whose failed writes will be tried again (the batch is not acknowledged). */
export function stockRetryMessage(failures: StockWriteFailure[]): string {
	const skus = failures.length === 1 ? 'SKU' : 'SKUs';
	return `WooCommerce did not take the stock of ${failures.length} ${skus} of ${batchesOf(failures)}: ${failures.map(stockFailureLine).join('; ')}`;
}

/** What the alert says about changes given up: each SKU with the stock it should have and WooCommerce's answer. */
export function stockGiveUpMessage(failures: StockWriteFailure[]): string {
	const lines = failures.map((failure) => `SKU ${failure.articleNo} wanted ${failure.quantity} (${placeOf(failure)}): ${answerOf(failure)}`);
	return (
		`Stock not written to WooCommerce, given up after ${batchesOf(failures)}: ${lines.join('; ')}. ` +
		'The batch is acknowledged, so Specter sends these figures again only with their next change: set the stock by hand in WooCommerce, or fix the product and change its stock in Specter.'
	);
}
