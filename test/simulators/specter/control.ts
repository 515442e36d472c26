 
// The simulator-only control API under /__control/ (JSON in and out, no auth): seeds data, makes Specter-side
// changes that feed the queues and callbacks, injects faults and exposes the state.
import type { CallbackDispatcher } from './callbacks';
import type { SimSettings } from './context';
import { addCustomer } from './customers';
import { fetchBatch } from './queues';
import {
	type FaultKind,
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
import { VAT_PERCENTAGES } from './validation';

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

function optionalString(body: JsonBody, key: string): string | undefined {
	const value = body[key];
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'string' && typeof value !== 'number') throw new ControlError(400, `${key} must be a string`);
	return String(value);
}

function requiredString(body: JsonBody, key: string): string {
	const value = optionalString(body, key);
	if (value === undefined || value.trim() === '') throw new ControlError(400, `${key} is required`);
	return value;
}

function optionalNumber(body: JsonBody, key: string): number | undefined {
	const value = body[key];
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'number' || !Number.isFinite(value)) throw new ControlError(400, `${key} must be a number`);
	return value;
}

/** The article-info fields that both seeding and Specter-side edits may set. */
function applyArticleEdits(article: SimArticle, body: JsonBody): void {
	const vatPercent = optionalNumber(body, 'vatPercent');
	if (vatPercent !== undefined && !VAT_PERCENTAGES.includes(vatPercent)) throw new ControlError(400, `vatPercent must be one of ${VAT_PERCENTAGES.join(', ')}`);
	const edits: Partial<SimArticle> = {
		name: optionalString(body, 'name'),
		priceExclVat: optionalNumber(body, 'priceExclVat'),
		vatPercent,
		weight: optionalNumber(body, 'weight'),
		barCode: optionalString(body, 'barCode'),
		buyPrice: optionalNumber(body, 'buyPrice'),
	};
	for (const [key, value] of Object.entries(edits)) {
		if (value !== undefined) Object.assign(article, { [key]: value });
	}
}

const FAULT_KINDS: FaultKind[] = ['latency', 'http500', 'timeout', 'html', 'empty', 'malformedXml'];
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
				return { status: 200, json: this.seedArticle(body) };
			case 'POST customers':
				return { status: 200, json: this.seedCustomer(body) };
			case 'POST stock':
				return { status: 200, json: this.setStock(body) };
			case 'POST orders/:id/deliver':
				return { status: 200, json: this.deliver(this.order(id), body) };
			case 'POST orders/:id/cancel':
				return { status: 200, json: this.cancel(this.order(id)) };
			case 'POST articles/:id/edit':
				return { status: 200, json: this.editArticle(this.article(id), body) };
			case 'POST queues/:id/fetch':
				return this.fetchQueue(id, requiredString(body, 'batchNo'));
			case 'POST faults':
				return { status: 200, json: this.addFault(body) };
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
	private seedArticle(body: JsonBody): SimArticle {
		const articleNo = requiredString(body, 'articleNo');
		const article = this.state.articles.get(articleNo) ?? newArticle(this.state, articleNo, articleNo);
		applyArticleEdits(article, body);
		const stockManaged = body.stockManaged ?? true;
		if (typeof stockManaged !== 'boolean') throw new ControlError(400, 'stockManaged must be a boolean');
		article.stockManaged = stockManaged;
		if (stockManaged) {
			const site = optionalString(body, 'stockSiteId') ?? DEFAULT_STOCK_SITE;
			article.stock[site] = optionalNumber(body, 'stock') ?? article.stock[site] ?? 0;
		} else {
			article.stock = {};
		}
		return article;
	}

	/** Body: wire customer fields (`name`, `emailAddress`, `orgNo`, `customerOrganizationalForm`, ...), optional `customerId`. */
	private seedCustomer(body: JsonBody): { customerId: string } {
		const { customerId, ...rest } = body;
		const fields: Record<string, string> = {};
		for (const key of Object.keys(rest)) fields[key] = optionalString(rest, key) ?? '';
		const id = customerId === undefined ? undefined : requiredString(body, 'customerId');
		if (id !== undefined && this.state.customers.has(id)) throw new ControlError(409, `customer ${id} exists`);
		// keep generated ids clear of seeded ones
		if (id !== undefined && /^\d+$/.test(id)) this.state.nextIds.customer = Math.max(this.state.nextIds.customer, Number(id) + 1);
		return { customerId: addCustomer(this.state, fields, id).customerId };
	}

	/** `quantity: null` turns stock management off (the queue then reports `noItemsAvailable`). */
	private setStock(body: JsonBody): SimArticle {
		const article = this.article(requiredString(body, 'articleNo'));
		if (!('quantity' in body)) throw new ControlError(400, 'quantity is required (a number, or null for not stock-managed)');
		const quantity = optionalNumber(body, 'quantity');
		article.stockManaged = quantity !== undefined;
		if (quantity === undefined) article.stock = {};
		else article.stock[optionalString(body, 'stockSiteId') ?? DEFAULT_STOCK_SITE] = quantity;
		queueStockChange(this.state, article);
		this.callbacks.fire('stockChange');
		return article;
	}

	private deliver(order: SimOrder, body: JsonBody): SimOrder {
		if (order.statusId === 5) throw new ControlError(409, `order ${order.orderNo} is cancelled`);
		order.deliveryStatus = 'D';
		order.deliveries.push({ trackingNo: optionalString(body, 'trackingNo') ?? null });
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

	private editArticle(article: SimArticle, body: JsonBody): SimArticle {
		applyArticleEdits(article, body);
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

	private addFault(body: JsonBody): PendingFault[] {
		const kind = body.kind as FaultKind;
		if (!FAULT_KINDS.includes(kind)) throw new ControlError(400, `kind must be one of ${FAULT_KINDS.join(', ')}`);
		const times = optionalNumber(body, 'times') ?? 1;
		if (!Number.isInteger(times) || times < 1) throw new ControlError(400, 'times must be a positive integer');
		const latencyMs = optionalNumber(body, 'latencyMs') ?? (kind === 'latency' ? DEFAULT_LATENCY_MS : undefined);
		if (latencyMs !== undefined && latencyMs < 0) throw new ControlError(400, 'latencyMs must not be negative');
		this.state.faults.push({ kind, times, action: optionalString(body, 'action'), latencyMs });
		return this.state.faults;
	}
}
