 
// The simulator-only control API under /__control/ (JSON in and out, no auth): seeds data, makes Specter-side
// changes that feed the queues and callbacks, injects faults and exposes the state.
import type { CallbackDispatcher } from './callbacks';
import type { SimSettings } from './context';
import { ControlPayloadError, parseControlPayload } from '../control-payload';
import {
	type ArticleEdit,
	type Deliver,
	type FaultInput,
	type OrderStatusInput,
	type SeedArticle,
	type SeedCustomer,
	type SetStock,
	articleEditSchema,
	deliverSchema,
	duplicateCheckSchema,
	faultSchema,
	fetchQueueSchema,
	orderStatusSchema,
	seedArticleSchema,
	seedCustomerSchema,
	setStockSchema,
	settingsSchema,
} from './control-schema';
import { addCustomer } from './customers';
import { fetchBatch } from './queues';
import {
	type PendingFault,
	type QueueName,
	type SimArticle,
	type SimOrder,
	type SimulatorState,
	DEFAULT_STOCK_SITE,
	newArticle,
	queueArticleInfoChange,
	queueOrderStatusChange,
	queueStockChange,
	resetState,
	stateToJson,
} from './state';

export interface ControlResponse {
	status: number;
	json: unknown;
}

class ControlError extends Error {
	constructor(
		readonly status: number,
		message: string,
	) {
		super(message);
	}
}

type JsonBody = Record<string, unknown>;

/** The article-info fields that both seeding and Specter-side edits may set (already checked by the schema). */
function applyArticleEdits(article: SimArticle, edits: ArticleEdit): void {
	for (const [key, value] of Object.entries(edits)) {
		if (value !== undefined) Object.assign(article, { [key]: value });
	}
}

const DEFAULT_LATENCY_MS = 1000;

export class ControlApi {
	constructor(
		private readonly state: SimulatorState,
		private readonly settings: SimSettings,
		private readonly callbacks: CallbackDispatcher,
	) {}

	handle(method: string, segments: string[], body: JsonBody): ControlResponse {
		try {
			return this.route(method, segments, body);
		} catch (error) {
			if (error instanceof ControlError) return { status: error.status, json: { error: error.message } };
			// a body that does not fit the route's schema (control-schema.ts): 400 naming each wrong field
			if (error instanceof ControlPayloadError) return { status: 400, json: error.body };
			// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- simulator code: anything else is a simulator bug, answered 500 by the server
			throw error;
		}
	}

	private route(method: string, segments: string[], body: JsonBody): ControlResponse {
		const route = `${method} ${segments.map((segment, i) => (i === 1 && segments.length === 3 ? ':id' : segment)).join('/')}`;
		const id = segments[1];
		switch (route) {
			case 'GET state':
				return { status: 200, json: stateToJson(this.state) };
			case 'POST reset':
				resetState(this.state);
				return { status: 200, json: { ok: true } };
			case 'GET requests':
				return { status: 200, json: this.state.requests };
			case 'POST articles':
				return { status: 200, json: this.seedArticle(parseControlPayload(seedArticleSchema, body)) };
			case 'POST customers':
				return { status: 200, json: this.seedCustomer(parseControlPayload(seedCustomerSchema, body)) };
			case 'POST stock':
				return { status: 200, json: this.setStock(parseControlPayload(setStockSchema, body)) };
			case 'POST orders/:id/deliver': {
				const delivery = parseControlPayload(deliverSchema, body);
				return { status: 200, json: this.deliver(this.order(id), delivery) };
			}
			case 'POST orders/:id/cancel':
				return { status: 200, json: this.cancel(this.order(id)) };
			case 'POST orders/:id/status': {
				const status = parseControlPayload(orderStatusSchema, body);
				return { status: 200, json: this.setOrderStatus(this.order(id), status) };
			}
			case 'POST articles/:id/edit': {
				const edits = parseControlPayload(articleEditSchema, body);
				return { status: 200, json: this.editArticle(this.article(id), edits) };
			}
			case 'POST settings':
				Object.assign(this.settings, parseControlPayload(settingsSchema, body));
				return { status: 200, json: { queueApiArticleWrites: this.settings.queueApiArticleWrites } };
			case 'POST queues/:id/fetch':
				return this.fetchQueue(id, parseControlPayload(fetchQueueSchema, body).batchNo);
			case 'POST faults':
				return { status: 200, json: this.addFault(parseControlPayload(faultSchema, body)) };
			case 'POST duplicate-check':
				this.settings.duplicateCheckWindowMs = parseControlPayload(duplicateCheckSchema, body).windowMs;
				return { status: 200, json: { windowMs: this.settings.duplicateCheckWindowMs } };
			case 'DELETE faults':
				this.state.faults.length = 0;
				return { status: 200, json: { ok: true } };
			default:
				throw new ControlError(404, `no control route ${method} /__control/${segments.join('/')}`);
		}
	}

	private order(orderNo: string): SimOrder {
		const order = this.state.orders.get(orderNo);
		if (!order) throw new ControlError(404, `order ${orderNo} does not exist`);
		return order;
	}

	private article(articleNo: string): SimArticle {
		const article = this.state.articles.get(articleNo);
		if (!article) throw new ControlError(404, `article ${articleNo} does not exist`);
		return article;
	}

	/** Creates or overwrites an article directly; nothing is queued. */
	private seedArticle(input: SeedArticle): SimArticle {
		const { articleNo, stock, stockSiteId, stockManaged, ...edits } = input;
		const article = this.state.articles.get(articleNo) ?? newArticle(this.state, articleNo, articleNo);
		applyArticleEdits(article, edits);
		article.stockManaged = stockManaged;
		if (stockManaged) {
			const site = stockSiteId ?? DEFAULT_STOCK_SITE;
			article.stock[site] = stock ?? article.stock[site] ?? 0;
		} else {
			article.stock = {};
		}
		return article;
	}

	/** Body: wire customer fields (`name`, `emailAddress`, `orgNo`, `customerOrganizationalForm`, ...), optional `customerId`. */
	private seedCustomer({ customerId: id, fields }: SeedCustomer): { customerId: string } {
		if (id !== undefined && this.state.customers.has(id)) throw new ControlError(409, `customer ${id} exists`);
		// keep generated ids clear of seeded ones
		if (id !== undefined && /^\d+$/.test(id)) this.state.nextIds.customer = Math.max(this.state.nextIds.customer, Number(id) + 1);
		return { customerId: addCustomer(this.state, fields, id).customerId };
	}

	/** `quantity: null` turns stock management off (the queue then reports `noItemsAvailable`). */
	private setStock({ articleNo, quantity, stockSiteId }: SetStock): SimArticle {
		const article = this.article(articleNo);
		article.stockManaged = quantity !== null;
		if (quantity === null) article.stock = {};
		else article.stock[stockSiteId ?? DEFAULT_STOCK_SITE] = quantity;
		queueStockChange(this.state, article);
		this.callbacks.fire('stockChange');
		return article;
	}

	/**
	 * A delivery, with its tracking number. A partial one keeps the order's delivery status (what Specter sends for
	 * a partial delivery is not known; the pack reads a delivery with a status other than D as partial).
	 */
	private deliver(order: SimOrder, { trackingNo, partial }: Deliver): SimOrder {
		if (order.statusId === 5) throw new ControlError(409, `order ${order.orderNo} is cancelled`);
		if (!partial) order.deliveryStatus = 'D';
		order.deliveries.push({ trackingNo: trackingNo ?? null });
		queueOrderStatusChange(this.state, order);
		this.callbacks.fire('orderChange', { orderNo: order.orderNo, orderId: order.orderNo });
		return order;
	}

	/** Any other status change (values the evidence does not describe), queued like the others. */
	private setOrderStatus(order: SimOrder, { statusId, deliveryStatus }: OrderStatusInput): SimOrder {
		if (order.statusId === 5) throw new ControlError(409, `order ${order.orderNo} is cancelled`);
		if (statusId !== undefined) order.statusId = statusId;
		if (deliveryStatus !== undefined) order.deliveryStatus = deliveryStatus;
		queueOrderStatusChange(this.state, order);
		this.callbacks.fire('orderChange', { orderNo: order.orderNo, orderId: order.orderNo });
		return order;
	}

	private cancel(order: SimOrder): SimOrder {
		order.statusId = 5;
		queueOrderStatusChange(this.state, order);
		this.callbacks.fire('orderChange', { orderNo: order.orderNo, orderId: order.orderNo });
		this.callbacks.fire('removeOrder', { orderNo: order.orderNo, orderId: order.orderNo });
		return order;
	}

	private editArticle(article: SimArticle, edits: ArticleEdit): SimArticle {
		applyArticleEdits(article, edits);
		queueArticleInfoChange(this.state, article);
		this.callbacks.fire('articleChange');
		return article;
	}

	private fetchQueue(queue: string, batchNo: string): ControlResponse {
		if (!Object.keys(this.state.queues).includes(queue)) throw new ControlError(404, `no queue ${queue} (stock, orderStatus, articleInfo)`);
		const result = fetchBatch(this.state, this.settings, queue as QueueName, batchNo);
		if (!result.ok) return { status: 409, json: { error: `batch '${result.openBatchNo}' is open`, openBatchNo: result.openBatchNo } };
		return { status: 200, json: { batchNo, changes: result.batch.changes, morePending: result.morePending } };
	}

	private addFault({ kind, times, action, latencyMs, rate, after }: FaultInput): PendingFault[] {
		const fault: PendingFault = { kind, times, action, latencyMs: latencyMs ?? (kind === 'latency' ? DEFAULT_LATENCY_MS : undefined) };
		if (rate !== undefined) fault.rate = rate;
		if (after !== undefined) fault.after = after;
		this.state.faults.push(fault);
		return this.state.faults;
	}
}
