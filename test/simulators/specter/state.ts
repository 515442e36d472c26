 
// The simulator's in-memory account: records, change queues, callbacks and the request log.

export const DEFAULT_STOCK_SITE = '1';

export interface SimCustomer {
	customerId: string;
	organizationalForm: 'C' | 'P';
	/** the key SUBJECT: company name, or first name + surname */
	displayName: string;
	/** every submitted record field, canonical wire names (`name`, `emailAddress`, `orgNo`, ...) */
	fields: Record<string, string>;
	/** times forceCustomerUpdate overwrote this customer */
	updates: number;
}

export interface SimOrderRow {
	articleNo: string;
	articleName: string;
	articleComment: string;
	priceExclVat: number;
	noOfItems: number;
	vatPercent: number;
	/** every `<field>_N` of this row, canonical names */
	fields: Record<string, string>;
}

export interface SimOrder {
	orderNo: string;
	customerId: string;
	externalOrderNo: string;
	/** query parameter (multishop, API v2) */
	webshopId: string | null;
	/** the stock site the order reserved stock on */
	stockSiteId: string;
	/** every header field as sent (externalOrderNo, currency, payTypeIdentifier, webshopId, ...), canonical names */
	header: Record<string, string>;
	rows: SimOrderRow[];
	/** [G] 1 = registered; 5 = deleted/cancelled [E] */
	statusId: number;
	/** [G] 'N' = not delivered; 'D' = delivered [E] */
	deliveryStatus: string;
	deliveries: Array<{ trackingNo: string | null }>;
}

export interface SimArticle {
	/** Specter's internal id (first column of the text stock queue) */
	specterArticleId: string;
	articleNo: string;
	name: string;
	priceExclVat: number | null;
	vatPercent: number;
	weight: number | null;
	volume: number | null;
	barCode: string | null;
	buyPrice: number | null;
	stockPrice: number | null;
	description: string | null;
	shortDescription: string | null;
	publishInWebshop: boolean | null;
	webshopId: string | null;
	/** not stock-managed articles report `noItemsAvailable` */
	stockManaged: boolean;
	/** quantity per stock site id */
	stock: Record<string, number>;
	/** every `<field>_N` of the last accepted newArticleSubmit row (supplier fields, ...), canonical names */
	wireFields: Record<string, string>;
}

export interface StockChange {
	articleNo: string;
	specterArticleId: string;
	stockManaged: boolean;
	/** absolute quantities per stock site at the time of the change */
	stock: Record<string, number>;
}

export interface OrderStatusChange {
	orderNo: string;
	statusId: number;
	deliveryStatus: string;
	deliveries: Array<{ trackingNo: string | null }>;
}

export interface ArticleInfoChange {
	articleNo: string;
	name: string;
	priceExclVat: number | null;
	buyPrice: number | null;
	barCode: string | null;
	weight: number | null;
	vatPercent: number;
	/** [G] the webshop texts and publish flag, sent under the guessed newArticleSubmit names (null: not sent) */
	description: string | null;
	shortDescription: string | null;
	publishInWebshop: boolean | null;
}

export interface BoundBatch<C> {
	batchNo: string;
	changes: C[];
}

export type FetchOutcome<C> = { open: false; batch: BoundBatch<C>; morePending: boolean } | { open: true; openBatchNo: string };

/**
 * One "need update" queue. Pending changes are keyed per article/order (a newer change replaces the pending one).
 * A fetch binds up to `pageSize` of them to a batch number; the batch stays open until acknowledged. Changes that
 * arrive after binding go to `pending`, so acknowledging the batch never drops a newer value.
 */
export class ChangeQueue<C> {
	readonly pending = new Map<string, C>();
	bound: BoundBatch<C> | null = null;

	enqueue(key: string, change: C): void {
		// delete first so the replaced change moves to the back, in arrival order
		this.pending.delete(key);
		this.pending.set(key, change);
	}

	fetch(batchNo: string, pageSize: number): FetchOutcome<C> {
		if (this.bound) {
			if (this.bound.batchNo !== batchNo) return { open: true, openBatchNo: this.bound.batchNo };
			return { open: false, batch: this.bound, morePending: this.pending.size > 0 };
		}
		const keys = [...this.pending.keys()].slice(0, pageSize);
		const batch: BoundBatch<C> = { batchNo, changes: keys.map((key) => this.pending.get(key) as C) };
		for (const key of keys) this.pending.delete(key);
		// an empty fetch opens nothing: there is nothing to acknowledge
		if (batch.changes.length > 0) this.bound = batch;
		return { open: false, batch, morePending: this.pending.size > 0 };
	}

	/** Closes `batchNo` if it is the open batch; returns the number of changes acknowledged (0 for unknown batches). */
	acknowledge(batchNo: string): number {
		if (!this.bound || this.bound.batchNo !== batchNo) return 0;
		const count = this.bound.changes.length;
		this.bound = null;
		return count;
	}

	toJSON(): { pending: C[]; bound: BoundBatch<C> | null } {
		return { pending: [...this.pending.values()], bound: this.bound };
	}
}

export const CALLBACK_PARAMS = {
	stockChange: 'actionStockChange',
	orderChange: 'actionOrderChange',
	articleChange: 'actionArticleChange',
	newInvoice: 'actionNewInvoice',
	removeOrder: 'actionRemoveOrder',
} as const;

export type CallbackEvent = keyof typeof CALLBACK_PARAMS;

export interface CallbackDelivery {
	/** when the call was sent (ISO 8601 with milliseconds), to order it against the request log */
	at: string;
	event: CallbackEvent;
	method: 'GET' | 'POST';
	/** the URL called, placeholders filled */
	url: string;
	ok: boolean;
	status?: number;
	error?: string;
}

export interface RequestLogEntry {
	/** when the request arrived (ISO 8601 with milliseconds), to order it against other logs */
	at: string;
	script: string;
	action: string;
	ok: boolean;
	code?: number;
	rows?: number;
	changes?: number;
	/** queue fetches and acknowledgements: the batch number sent */
	batchNo?: string;
	/** queue fetches that bound or re-read a batch: the article or order numbers in it */
	items?: string[];
	/** newOrderSubmit: the external order number sent */
	externalOrderNo?: string;
	/** the injected fault that answered (or delayed) this request */
	fault?: FaultKind;
	/** the fault answered after the request was carried out (its answer was lost, its changes were made) */
	faultAfter?: boolean;
}

export type FaultKind = 'latency' | 'http500' | 'timeout' | 'html' | 'empty' | 'malformedXml' | 'reset' | 'truncated';

export interface PendingFault {
	kind: FaultKind;
	/** requests left that this fault answers (counted faults; ignored when `rate` is set) */
	times: number;
	/** only requests with this action (case-insensitive) */
	action?: string;
	latencyMs?: number;
	/** a standing fault: each matching request is hit with this probability (0-1) until the faults are cleared */
	rate?: number;
	/** carry the request out first, then answer with the fault: the client loses an answer whose changes were made */
	after?: boolean;
}

export interface ArticleSubmission {
	created: string[];
	updated: string[];
	/** existing articles sent without forceArticleUpdate=1 */
	untouched: string[];
}

export interface SimulatorState {
	customers: Map<string, SimCustomer>;
	orders: Map<string, SimOrder>;
	articles: Map<string, SimArticle>;
	queues: {
		stock: ChangeQueue<StockChange>;
		orderStatus: ChangeQueue<OrderStatusChange>;
		articleInfo: ChangeQueue<ArticleInfoChange>;
	};
	/** registered callback URLs (null = off) */
	callbacks: Record<CallbackEvent, string | null>;
	callbackDeliveries: CallbackDelivery[];
	/** one entry per accepted newArticleSubmit */
	articleSubmissions: ArticleSubmission[];
	requests: RequestLogEntry[];
	faults: PendingFault[];
	nextIds: { customer: number; order: number; article: number };
}

export type QueueName = keyof SimulatorState['queues'];

export function createState(): SimulatorState {
	return {
		customers: new Map(),
		orders: new Map(),
		articles: new Map(),
		queues: { stock: new ChangeQueue(), orderStatus: new ChangeQueue(), articleInfo: new ChangeQueue() },
		callbacks: { stockChange: null, orderChange: null, articleChange: null, newInvoice: null, removeOrder: null },
		callbackDeliveries: [],
		articleSubmissions: [],
		requests: [],
		faults: [],
		nextIds: { customer: 10001, order: 50001, article: 30001 },
	};
}

/** Empties the state in place, so references held by tests stay live. */
export function resetState(state: SimulatorState): void {
	Object.assign(state, createState());
}

export function takeId(state: SimulatorState, kind: keyof SimulatorState['nextIds']): string {
	return String(state.nextIds[kind]++);
}

/** Adds an article created by Specter itself (control API) or by newArticleSubmit. */
export function newArticle(state: SimulatorState, articleNo: string, name: string): SimArticle {
	const article: SimArticle = {
		specterArticleId: takeId(state, 'article'),
		articleNo,
		name,
		priceExclVat: null,
		vatPercent: 25,
		weight: null,
		volume: null,
		barCode: null,
		buyPrice: null,
		stockPrice: null,
		description: null,
		shortDescription: null,
		publishInWebshop: null,
		webshopId: null,
		stockManaged: false,
		stock: {},
		wireFields: {},
	};
	state.articles.set(articleNo, article);
	return article;
}

export function queueStockChange(state: SimulatorState, article: SimArticle): void {
	state.queues.stock.enqueue(article.articleNo, {
		articleNo: article.articleNo,
		specterArticleId: article.specterArticleId,
		stockManaged: article.stockManaged,
		stock: { ...article.stock },
	});
}

export function queueOrderStatusChange(state: SimulatorState, order: SimOrder): void {
	state.queues.orderStatus.enqueue(order.orderNo, {
		orderNo: order.orderNo,
		statusId: order.statusId,
		deliveryStatus: order.deliveryStatus,
		deliveries: order.deliveries.map((delivery) => ({ ...delivery })),
	});
}

export function queueArticleInfoChange(state: SimulatorState, article: SimArticle): void {
	state.queues.articleInfo.enqueue(article.articleNo, {
		articleNo: article.articleNo,
		name: article.name,
		priceExclVat: article.priceExclVat,
		buyPrice: article.buyPrice,
		barCode: article.barCode,
		weight: article.weight,
		vatPercent: article.vatPercent,
		description: article.description,
		shortDescription: article.shortDescription,
		publishInWebshop: article.publishInWebshop,
	});
}

/** JSON view for GET /__control/state (no credentials are part of the state). */
export function stateToJson(state: SimulatorState): unknown {
	return {
		customers: [...state.customers.values()],
		orders: [...state.orders.values()],
		articles: [...state.articles.values()],
		queues: state.queues,
		callbacks: state.callbacks,
		callbackDeliveries: state.callbackDeliveries,
		articleSubmissions: state.articleSubmissions,
		requests: state.requests,
		faults: state.faults,
	};
}
