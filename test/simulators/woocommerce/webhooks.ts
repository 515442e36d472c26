/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test code runs in Node, not inside n8n */
// Webhooks: the REST resource, the synchronous creation ping, and topic deliveries that are queued (Action
// Scheduler) and sent later with WooCommerce's headers and signature. Failures disable a webhook.
import { createHmac, randomBytes } from 'node:crypto';
import { request as httpRequest, type ClientRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

import { WC_VERSION, WP_VERSION, WooStore, dates } from './store';
import type { DeliveryLogEntry, WebhookRecord } from './types';
import { WooError, notFound, type Schema } from './validation';
import { phpJsonEncode, randomHex } from './util';

export const WEBHOOK_SCHEMA: Schema = {
	name: { type: 'string' },
	status: { type: 'string', enum: ['active', 'paused', 'disabled'] },
	topic: { type: 'string' },
	secret: { type: 'string' },
	delivery_url: { type: 'string' },
};

const USER_AGENT = `WooCommerce/${WC_VERSION} Hookshot (WordPress/${WP_VERSION})`;

/**
 * woocommerce_max_webhook_delivery_failures. WC_Webhook::failed_delivery() compares the stored count with it before
 * counting, so the count stops at 6 and the 7th consecutive failure disables the webhook.
 */
const MAX_DELIVERY_FAILURES = 5;
const DELIVERY_TIMEOUT_MS = 60_000;
/** wp_safe_remote_request() only allows these ports (http_allowed_safe_ports), plus the site's own. */
const SAFE_PORTS = [80, 443, 8080];

const TOPIC_HOOKS: Record<string, string[]> = {
	'coupon.created': ['woocommerce_process_shop_coupon_meta', 'woocommerce_new_coupon'],
	'coupon.updated': ['woocommerce_process_shop_coupon_meta', 'woocommerce_update_coupon'],
	'coupon.deleted': ['wp_trash_post'],
	'coupon.restored': ['untrashed_post'],
	'customer.created': ['user_register', 'woocommerce_created_customer', 'woocommerce_new_customer'],
	'customer.updated': ['profile_update', 'woocommerce_update_customer'],
	'customer.deleted': ['delete_user'],
	'order.created': ['woocommerce_new_order'],
	'order.updated': ['woocommerce_update_order', 'woocommerce_order_refunded'],
	'order.deleted': ['wp_trash_post'],
	'order.restored': ['untrashed_post'],
	'product.created': ['woocommerce_process_product_meta', 'woocommerce_new_product', 'woocommerce_new_product_variation'],
	'product.updated': ['woocommerce_process_product_meta', 'woocommerce_update_product', 'woocommerce_update_product_variation'],
	'product.deleted': ['wp_trash_post'],
	'product.restored': ['untrashed_post'],
};

/** Refused by newer WooCommerce (wc_is_webhook_valid_topic()); refused here whatever the version (stricter). */
const BLOCKED_ACTION_TOPICS = [
	'action.woocommerce_login_credentials',
	'action.woocommerce_product_csv_importer_check_import_file_path',
	'action.woocommerce_webhook_should_deliver',
];

/**
 * wc_is_webhook_valid_topic(): a resource.event pair WooCommerce has hooks for, or an action topic whose action
 * starts with woocommerce_ or wc_ (compared as given: the controller lowercases before checking, but
 * WC_Webhook::set_topic() checks again without lowercasing and would store an empty topic).
 */
function isValidTopic(topic: string): boolean {
	if (BLOCKED_ACTION_TOPICS.includes(topic)) return false;
	return topic in TOPIC_HOOKS || topic.startsWith('action.woocommerce_') || topic.startsWith('action.wc_');
}

/** wc_is_valid_url(): only the shape is checked at creation; whether delivery is allowed shows at delivery. */
function isValidUrl(url: string): boolean {
	try {
		const parsed = new URL(url);
		return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.hostname !== '';
	} catch {
		return false;
	}
}

const SECRET_CHARACTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!@#$%^&*()-_ []{}<>~`+=,.;:/?|';

/** wp_generate_password(50, true, true), what WooCommerce uses when no secret is given. */
function generateSecret(): string {
	return [...randomBytes(50)].map((byte) => SECRET_CHARACTERS[byte % SECRET_CHARACTERS.length]).join('');
}

export function signature(body: string, secret: string): string {
	return createHmac('sha256', secret).update(body).digest('base64');
}

function topicParts(topic: string): { resource: string; event: string } {
	const [resource, event = ''] = topic.split('.');
	return { resource, event };
}

function webhookName(now: number): string {
	// WooCommerce formats 'M d, Y @ h:i A' in PHP's timezone, which WordPress keeps at UTC.
	const date = new Date(now);
	const month = date.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
	const hours = date.getUTCHours();
	const clock = `${String(hours % 12 || 12).padStart(2, '0')}:${String(date.getUTCMinutes()).padStart(2, '0')} ${hours < 12 ? 'AM' : 'PM'}`;
	return `Webhook created on ${month} ${String(date.getUTCDate()).padStart(2, '0')}, ${date.getUTCFullYear()} @ ${clock}`;
}

export function renderWebhook(store: WooStore, webhook: WebhookRecord): Record<string, unknown> {
	const { resource, event } = topicParts(webhook.topic);
	return {
		id: webhook.id,
		name: webhook.name,
		status: webhook.status,
		topic: webhook.topic,
		resource,
		event,
		hooks: resource === 'action' ? [event] : [...(TOPIC_HOOKS[webhook.topic] ?? [])],
		delivery_url: webhook.delivery_url,
		...dates('date_created', webhook.created),
		...dates('date_modified', webhook.modified),
		_links: store.links(`/webhooks/${webhook.id}`, '/webhooks'),
	};
}

/**
 * An unknown webhook id as WC_REST_Webhooks_V1_Controller answers it (post type shop_webhook): reading
 * (prepare_item_for_response()) and updating answer 400 "ID is invalid.", deleting 404 "Invalid ID." (after the
 * force check, see delete()).
 */
export function requireWebhook(store: WooStore, id: number, operation: 'read' | 'update' | 'delete' = 'read'): WebhookRecord {
	const webhook = store.state.webhooks.find((candidate) => candidate.id === id);
	if (webhook) return webhook;
	if (operation === 'delete') throw notFound('woocommerce_rest_shop_webhook_invalid_id');
	throw new WooError(400, 'woocommerce_rest_shop_webhook_invalid_id', 'ID is invalid.');
}

/** create_item() and update_item() word the refusal differently. */
function checkTopic(topic: unknown, creating: boolean): void {
	if (typeof topic !== 'string' || !isValidTopic(topic)) {
		throw new WooError(
			400,
			'woocommerce_rest_shop_webhook_invalid_topic',
			creating ? 'Webhook topic is required and must be valid.' : 'Webhook topic must be valid.',
		);
	}
}

function checkDeliveryUrl(url: unknown): void {
	if (typeof url !== 'string' || !isValidUrl(url)) {
		throw new WooError(
			400,
			'woocommerce_rest_shop_webhook_invalid_delivery_url',
			'Webhook delivery URL must be a valid URL starting with http:// or https://.',
		);
	}
}

export interface DispatcherOptions {
	store: WooStore;
	/** the site's own port, which wp_safe_remote_request() allows for its own host */
	homePort: number;
	allowedPorts: number[];
	delayMs: number;
	/** how many times each topic delivery is sent (default 1; see WebhookDispatcher.copies) */
	copies?: number;
	/** the wc/v3 JSON of a resource at delivery time (or the error get_endpoint_data() would give) */
	render(resource: string, id: number): unknown;
}

type Outcome = Pick<DeliveryLogEntry, 'status_code' | 'error'>;

export class WebhookDispatcher {
	private timer: NodeJS.Timeout | undefined;
	/** deliveries run one at a time, like one Action Scheduler queue runner */
	private chain: Promise<void> = Promise.resolve();
	private readonly inFlight = new Set<ClientRequest>();
	private closed = false;
	/**
	 * Simulator convenience: each topic delivery is sent this many times in a row, the extra ones as redeliveries
	 * (a new delivery id, the same body and signature), as a store whose events fire repeatedly would deliver them.
	 */
	copies: number;

	constructor(private readonly options: DispatcherOptions) {
		this.copies = options.copies ?? 1;
	}

	private get state() {
		return this.options.store.state;
	}

	// -------------------------------------------------------------------------------------------------
	// REST resource

	async create(input: Record<string, unknown>): Promise<WebhookRecord> {
		checkTopic(input.topic, true);
		checkDeliveryUrl(input.delivery_url);
		const now = Date.now();
		const webhook: WebhookRecord = {
			id: this.options.store.next('webhook'),
			name: typeof input.name === 'string' && input.name !== '' ? input.name : webhookName(now),
			status: (input.status as WebhookRecord['status'] | undefined) ?? 'active',
			topic: input.topic as string,
			secret: typeof input.secret === 'string' && input.secret !== '' ? input.secret : generateSecret(),
			delivery_url: input.delivery_url as string,
			failure_count: 0,
			pending_delivery: true,
			created: now,
			modified: now,
		};
		this.state.webhooks.push(webhook);
		// Synchronous, inside the REST request (not the delivery queue): the answer waits for the ping.
		if (webhook.status === 'active') await this.ping(webhook);
		return webhook;
	}

	update(webhook: WebhookRecord, input: Record<string, unknown>): void {
		if (input.topic !== undefined) checkTopic(input.topic, false);
		if (input.delivery_url !== undefined) checkDeliveryUrl(input.delivery_url);
		if (typeof input.name === 'string') webhook.name = input.name;
		if (typeof input.topic === 'string') webhook.topic = input.topic;
		if (typeof input.secret === 'string' && input.secret !== '') webhook.secret = input.secret;
		if (typeof input.delivery_url === 'string') webhook.delivery_url = input.delivery_url;
		// Setting a webhook active again keeps its failure count (only a successful delivery resets it), so a
		// webhook that was disabled is disabled again by its next failure (WC_Webhook::failed_delivery()).
		if (typeof input.status === 'string') webhook.status = input.status as WebhookRecord['status'];
		webhook.modified = Date.now();
	}

	delete(webhook: WebhookRecord, force: boolean): void {
		if (!force) throw new WooError(501, 'woocommerce_rest_trash_not_supported', 'Webhooks do not support trashing.');
		this.state.webhooks = this.state.webhooks.filter((candidate) => candidate !== webhook);
	}

	// -------------------------------------------------------------------------------------------------
	// Events and the queue

	/** A resource event: queue one delivery per active webhook on the topic, once per pending resource. */
	enqueue(topic: string, resourceId: number): void {
		const due = Date.now() + this.options.delayMs;
		for (const webhook of this.state.webhooks) {
			if (webhook.status !== 'active' || webhook.topic !== topic) continue;
			const pending = this.state.queue.some((entry) => entry.webhook_id === webhook.id && entry.resource_id === resourceId);
			if (!pending) this.state.queue.push({ webhook_id: webhook.id, topic, resource_id: resourceId, due });
		}
		this.schedule();
	}

	/** Delivers everything queued now and waits for it (like running Action Scheduler's queue directly). */
	flush(): Promise<void> {
		return this.run(() => this.deliverQueued(true));
	}

	/** Sends the last topic delivery (of `webhookId`, if given) `times` more times, each with a new delivery id. */
	redeliver(times: number, webhookId?: number): Promise<DeliveryLogEntry[]> {
		return this.run(async () => {
			const last = [...this.state.deliveries]
				.reverse()
				.find((entry) => entry.kind !== 'ping' && (webhookId === undefined || entry.webhook_id === webhookId));
			if (!last) throw new WooError(400, 'no_delivery', 'There is no delivery to repeat.');
			const webhook = this.state.webhooks.find((candidate) => candidate.id === last.webhook_id);
			const sent: DeliveryLogEntry[] = [];
			for (let index = 0; index < times && !this.closed; index++) {
				const deliveryId = randomHex(16);
				const headers = { ...last.request.headers, 'X-WC-Webhook-Delivery-ID': deliveryId };
				const entry = await this.send('redelivery', last, headers, last.request.body, deliveryId);
				if (webhook) this.recordOutcome(webhook, entry.success);
				sent.push(entry);
			}
			return sent;
		});
	}

	async close(): Promise<void> {
		this.closed = true;
		if (this.timer) clearTimeout(this.timer);
		this.timer = undefined;
		for (const request of this.inFlight) request.destroy();
		await this.chain;
	}

	/** Forgets queued deliveries and the timer (control API reset). */
	clear(): void {
		if (this.timer) clearTimeout(this.timer);
		this.timer = undefined;
		this.state.queue.length = 0;
	}

	private run<T>(task: () => Promise<T>): Promise<T> {
		const result = this.chain.then(task);
		this.chain = result.then(
			() => undefined,
			() => undefined,
		);
		return result;
	}

	private schedule(): void {
		if (this.timer || this.closed || this.state.queue.length === 0) return;
		const nextDue = Math.min(...this.state.queue.map((entry) => entry.due));
		this.timer = setTimeout(
			() => {
				this.timer = undefined;
				void this.run(() => this.deliverQueued(false));
			},
			Math.max(0, nextDue - Date.now()),
		);
	}

	private async deliverQueued(all: boolean): Promise<void> {
		// Bounded: a delivery never queues another one, but stay safe against a runaway queue.
		for (let round = 0; round < 10_000 && !this.closed; round++) {
			const now = Date.now();
			const index = this.state.queue.findIndex((entry) => all || entry.due <= now);
			if (index === -1) break;
			const [entry] = this.state.queue.splice(index, 1);
			const webhook = this.state.webhooks.find((candidate) => candidate.id === entry.webhook_id);
			// A deleted webhook's scheduled action finds nothing to deliver.
			if (webhook) await this.deliverTopic(webhook, entry.resource_id);
		}
		this.schedule();
	}

	// -------------------------------------------------------------------------------------------------
	// Deliveries

	private async deliverTopic(webhook: WebhookRecord, resourceId: number): Promise<void> {
		const { resource, event } = topicParts(webhook.topic);
		const payload = event === 'deleted' ? { id: resourceId } : this.options.render(resource, resourceId);
		const body = phpJsonEncode(payload).trim();
		const deliveryId = randomHex(16);
		const headers: Record<string, string> = {
			'User-Agent': USER_AGENT,
			'Content-Type': 'application/json',
			'X-WC-Webhook-Source': `${this.options.store.home}/`,
			'X-WC-Webhook-Topic': webhook.topic,
			'X-WC-Webhook-Resource': resource,
			'X-WC-Webhook-Event': event,
			'X-WC-Webhook-Signature': signature(body, webhook.secret),
			'X-WC-Webhook-ID': String(webhook.id),
			'X-WC-Webhook-Delivery-ID': deliveryId,
		};
		const target = { webhook_id: webhook.id, topic: webhook.topic, resource_id: resourceId, url: webhook.delivery_url };
		const entry = await this.send('topic', target, headers, body, deliveryId);
		this.recordOutcome(webhook, entry.success);
		for (let copy = 1; copy < this.copies && !this.closed && webhook.status === 'active'; copy++) {
			const copyId = randomHex(16);
			const copyHeaders = { ...headers, 'X-WC-Webhook-Delivery-ID': copyId };
			this.recordOutcome(webhook, (await this.send('redelivery', target, copyHeaders, body, copyId)).success);
		}
		// A webhook whose creation ping failed gets the ping again after its next successful delivery.
		if (entry.success && webhook.pending_delivery && webhook.status === 'active') await this.ping(webhook);
	}

	/** The creation ping: form-encoded `webhook_id=N`, no X-WC-* headers; only a 200 counts. */
	private async ping(webhook: WebhookRecord): Promise<void> {
		const headers = { 'User-Agent': USER_AGENT, 'Content-Type': 'application/x-www-form-urlencoded' };
		const target = { webhook_id: webhook.id, topic: webhook.topic, resource_id: null, url: webhook.delivery_url };
		const entry = await this.send('ping', target, headers, `webhook_id=${webhook.id}`, null);
		if (entry.status_code === 200) webhook.pending_delivery = false;
	}

	/**
	 * WC_Webhook::log_delivery(): a status from 200 to 302 resets the failure count; anything else (transport
	 * errors too) is WC_Webhook::failed_delivery(): if the count is already above the maximum the webhook is
	 * disabled (the count stays), otherwise the count goes up by one.
	 */
	private recordOutcome(webhook: WebhookRecord, success: boolean): void {
		if (success) {
			webhook.failure_count = 0;
		} else if (webhook.failure_count > MAX_DELIVERY_FAILURES) {
			webhook.status = 'disabled';
		} else {
			webhook.failure_count++;
		}
		webhook.modified = Date.now();
	}

	private async send(
		kind: DeliveryLogEntry['kind'],
		target: Pick<DeliveryLogEntry, 'webhook_id' | 'topic' | 'resource_id' | 'url'>,
		headers: Record<string, string>,
		body: string,
		deliveryId: string | null,
	): Promise<DeliveryLogEntry> {
		const outcome = this.isSafeUrl(target.url)
			? await this.post(target.url, headers, body)
			: { status_code: null, error: { code: 'http_request_failed', message: 'A valid URL was not provided.' } };
		const code = outcome.status_code ?? 0;
		const entry: DeliveryLogEntry = {
			kind,
			webhook_id: target.webhook_id,
			topic: target.topic,
			resource_id: target.resource_id,
			delivery_id: deliveryId,
			url: target.url,
			request: { headers, body },
			...outcome,
			success: code >= 200 && code < 303,
			at: new Date().toISOString(),
		};
		this.state.deliveries.push(entry);
		return entry;
	}

	/** wp_http_validate_url(): loopback/private hosts only as the site itself, and only the safe ports. */
	private isSafeUrl(url: string): boolean {
		let parsed: URL;
		try {
			parsed = new URL(url);
		} catch {
			return false;
		}
		if (!['http:', 'https:'].includes(parsed.protocol) || parsed.username || parsed.password) return false;
		const host = parsed.hostname;
		// The simulator is the site at 127.0.0.1; its certificate also names localhost.
		const sameHost = host === '127.0.0.1' || host === 'localhost';
		if (!sameHost) {
			const ip = /^(\d{1,3})\.(\d{1,3})\.\d{1,3}\.\d{1,3}$/.exec(host);
			if (host.startsWith('[') || host === 'localhost') return false;
			if (ip) {
				const [first, second] = [Number(ip[1]), Number(ip[2])];
				const local =
					first === 127 || first === 10 || first === 0 || (first === 172 && second >= 16 && second <= 31) || (first === 192 && second === 168);
				if (local) return false;
			}
		}
		if (parsed.port === '') return true;
		const port = Number(parsed.port);
		return [...SAFE_PORTS, ...this.options.allowedPorts].includes(port) || (sameHost && port === this.options.homePort);
	}

	private post(url: string, headers: Record<string, string>, body: string): Promise<Outcome> {
		const target = new URL(url);
		const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
		return new Promise((resolve) => {
			let settled = false;
			const finish = (outcome: Outcome) => {
				if (settled) return;
				settled = true;
				this.inFlight.delete(request);
				resolve(outcome);
			};
			const request = send(
				target,
				{
					method: 'POST',
					agent: false,
					timeout: DELIVERY_TIMEOUT_MS,
					headers: { ...headers, Referer: url, Connection: 'close', 'Content-Length': String(Buffer.byteLength(body)) },
				},
				(response) => {
					response.resume();
					response.on('end', () => finish({ status_code: response.statusCode ?? 0, error: null }));
					response.on('close', () => finish({ status_code: response.statusCode ?? 0, error: null }));
				},
			);
			this.inFlight.add(request);
			request.on('timeout', () => request.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
			request.on('error', (error: NodeJS.ErrnoException) =>
				finish({ status_code: null, error: { code: 'http_request_failed', message: curlMessage(error, target) } }),
			);
			request.end(body);
		});
	}
}

/** How WordPress (cURL) words transport failures in the webhooks-delivery log. */
function curlMessage(error: NodeJS.ErrnoException, target: URL): string {
	const port = target.port || (target.protocol === 'https:' ? '443' : '80');
	if (error.code === 'ECONNREFUSED') {
		return `cURL error 7: Failed to connect to ${target.hostname} port ${port} after 0 ms: Connection refused`;
	}
	if (error.code === 'ETIMEDOUT') {
		return `cURL error 28: Operation timed out after ${DELIVERY_TIMEOUT_MS} milliseconds with 0 bytes received`;
	}
	return `cURL error 56: ${error.message}`;
}
