/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
// A WooCommerce 7.9 REST API (wc/v3) on 127.0.0.1 for n8n's unmodified WooCommerce node and trigger: HTTPS with
// WooCommerce's authentication rules, an optional plain-HTTP listener (where only OAuth 1.0a-signed requests log in,
// as in WooCommerce), asynchronous webhooks, and a test-only control API under /__control/.
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

import { WooAuthenticator } from './auth';
import { ensureCertificate } from './cert';
import { ControlPayloadError } from '../control-payload';
import { parseControlBody } from './control-schema';
import { createCoupon, findCoupon, renderCoupon } from './coupons';
import { renderCustomer } from './customers';
import { ORDER_SCHEMA, createOrder, renderOrder } from './orders';
import { PRODUCT_SCHEMA, VARIATION_SCHEMA, createProduct, createVariation, findProduct, renderProduct } from './products';
import { matchRoute, permissionError, type RestRequest } from './rest';
import { WooStore, createInitialState } from './store';
import type { RequestFault, RequestLogEntry, WooState } from './types';
import { WooError, notFound, validateParams } from './validation';
import { WebhookDispatcher } from './webhooks';
import { isRecord, parsePhpQuery, phpInt, phpJsonEncode, type PhpObject } from './util';

export type { WooState } from './types';

// eslint-disable-next-line @n8n/community-nodes/no-hardcoded-secrets -- sandbox-only key of a local simulator
export const DEFAULT_CONSUMER_KEY = 'ck_sandbox_0000000000000000000000000000000';
// eslint-disable-next-line @n8n/community-nodes/no-hardcoded-secrets -- sandbox-only secret of a local simulator
export const DEFAULT_CONSUMER_SECRET = 'cs_sandbox_0000000000000000000000000000000';

export interface WooSimulatorOptions {
	/** HTTPS port, 0 = random (default 0) */
	port?: number;
	/**
	 * plain-HTTP listener too (same store): keys in Basic or the query are ignored there and only OAuth 1.0a
	 * signatures (over this listener's own URL) log in, as in WooCommerce; 0 = random; omit = none
	 */
	httpPort?: number;
	consumerKey?: string;
	consumerSecret?: string;
	/** where cert.pem/key.pem are written (default: a fresh temp dir); a valid pair found there is reused */
	certDir?: string;
	/** loopback delivery ports allowed besides 80/443/8080 and the store's own (default []) */
	allowedDeliveryPorts?: number[];
	/** async webhook delivery delay (default 200); deliveries also flush on demand */
	deliveryDelayMs?: number;
	/** each topic delivery is sent this many times (default 1; also `POST /__control/webhooks/copies`) */
	deliveryCopies?: number;
	/** how many REST requests the request log keeps, the oldest dropped first (default 500) */
	requestLogSize?: number;
	/** store setting woocommerce_prices_include_tax (default true, Swedish stores) */
	pricesIncludeTax?: boolean;
}

export interface WooSimulator {
	/** 'https://127.0.0.1:<port>' (no trailing slash; this is the n8n credential URL) */
	url: string;
	/** 'http://127.0.0.1:<port>' when the plain-HTTP listener runs (OAuth 1.0a only) */
	httpUrl?: string;
	port: number;
	/** PEM of the self-signed cert (NODE_EXTRA_CA_CERTS for n8n) */
	certPath: string;
	consumerKey: string;
	consumerSecret: string;
	/** live in-memory state */
	state: WooState;
	/** deliver everything queued now (like running Action Scheduler) */
	flushWebhooks(): Promise<void>;
	close(): Promise<void>;
}

const MAX_BODY_BYTES = 10 * 1024 * 1024;
const REQUEST_LOG_SIZE = 500;
/** What a refused save says unless the fault names a message (an exception's text, passed on by WooCommerce). */
const REFUSAL_MESSAGE = 'The product could not be saved (simulated exception in WC_Data::save()).';

/** For the request log: what a batch body asks for (ids as WooCommerce casts them; malformed items count as 0). */
function batchSummary(body: Record<string, unknown>): NonNullable<RequestLogEntry['batch']> {
	const items = (group: string): unknown[] => (Array.isArray(body[group]) ? (body[group] as unknown[]) : []);
	return {
		create: items('create').length,
		update: items('update').map((item) => (isRecord(item) ? phpInt(item.id) : 0)),
		delete: items('delete').map((item) => phpInt(item)),
	};
}

/** WordPress' answer to a PHP fatal error inside a REST request. */
const CRITICAL_ERROR = {
	code: 'internal_server_error',
	message:
		'<p>There has been a critical error on this website.</p><p><a href="https://wordpress.org/documentation/article/faq-troubleshooting/">Learn more about troubleshooting WordPress.</a></p>',
	data: { status: 500 },
	additional_errors: [],
};

function listen(server: Server, port: number): Promise<number> {
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen({ host: '127.0.0.1', port }, () => {
			server.off('error', reject);
			resolve((server.address() as AddressInfo).port);
		});
	});
}

function closeServer(server: Server): Promise<void> {
	return new Promise((resolve) => {
		server.close(() => resolve());
		server.closeAllConnections();
	});
}

function readBody(request: IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		request.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > MAX_BODY_BYTES) {
				reject(new WooError(413, 'rest_request_too_large', 'Request entity too large.'));
				request.destroy();
			} else {
				chunks.push(chunk);
			}
		});
		request.on('end', () => resolve(Buffer.concat(chunks)));
		request.on('error', reject);
	});
}

function parseJson(text: string): { value: unknown } | undefined {
	try {
		return { value: JSON.parse(text) };
	} catch {
		return undefined;
	}
}

/** WP_REST_Request's body handling: JSON (invalid → rest_invalid_json) or form fields in PHP's notation. */
function parseBody(raw: Buffer, contentType: string | undefined): unknown {
	const text = raw.toString('utf8');
	if (text.trim() === '') return undefined;
	if (contentType?.includes('application/json')) {
		const parsed = parseJson(text);
		if (!parsed) {
			throw new WooError(400, 'rest_invalid_json', 'Invalid JSON body passed.', {
				json_error_code: 4,
				json_error_message: 'Syntax error',
			});
		}
		return parsed.value;
	}
	if (contentType?.includes('application/x-www-form-urlencoded')) return parsePhpQuery(text);
	return undefined;
}

/** The listener a request came in on. */
interface Listener {
	secure: boolean;
	/** scheme://127.0.0.1:port (what an OAuth signature covers) */
	origin: string;
}

interface RestTarget {
	/** route inside wc/v3, e.g. /products/12 ('' for the namespace index) */
	route: string;
	/** WooCommerce only authenticates request URIs containing wp-json/wc/ (not the ?rest_route= form) */
	authenticates: boolean;
}

/** Where a request goes in WordPress' REST server; undefined = not a REST request. */
function restTarget(url: URL, rawUrl: string): RestTarget | { other: string } | undefined {
	let restPath: string | undefined;
	if (url.pathname === '/wp-json' || url.pathname.startsWith('/wp-json/')) {
		restPath = url.pathname.slice('/wp-json'.length);
	} else if ((url.pathname === '/' || url.pathname === '/index.php') && url.searchParams.has('rest_route')) {
		restPath = url.searchParams.get('rest_route') ?? '';
	}
	if (restPath === undefined) return undefined;
	// rest_api_loaded() strips the trailing slash.
	const path = restPath.replace(/\/+$/, '');
	if (path !== '/wc/v3' && !path.startsWith('/wc/v3/')) return { other: path };
	return { route: path.slice('/wc/v3'.length), authenticates: rawUrl.includes('wp-json/wc/') };
}

class Simulator {
	readonly store: WooStore;
	readonly webhooks: WebhookDispatcher;
	private readonly auth: WooAuthenticator;

	constructor(
		readonly state: WooState,
		readonly home: string,
		homePort: number,
		keys: { consumerKey: string; consumerSecret: string },
		private readonly options: WooSimulatorOptions,
	) {
		this.auth = new WooAuthenticator(keys);
		// The dispatcher is created right below; events only arrive once requests are served.
		this.store = new WooStore(state, home, (topic, id) => this.webhooks.enqueue(topic, id));
		this.webhooks = new WebhookDispatcher({
			store: this.store,
			homePort,
			allowedPorts: options.allowedDeliveryPorts ?? [],
			delayMs: options.deliveryDelayMs ?? 200,
			copies: options.deliveryCopies,
			render: (resource, id) => this.renderResource(resource, id),
		});
	}

	/** What get_endpoint_data('/wc/v3/<resource>s/<id>') gives a webhook at delivery time (the 404 body if gone). */
	private renderResource(resource: string, id: number): unknown {
		const { store, state } = this;
		switch (resource) {
			case 'order': {
				const order = state.orders.find((candidate) => candidate.id === id);
				return order ? renderOrder(store, order) : notFound('woocommerce_rest_shop_order_invalid_id').body();
			}
			case 'product': {
				const product = findProduct(store, id);
				return product ? renderProduct(store, product) : notFound('woocommerce_rest_product_invalid_id').body();
			}
			case 'customer': {
				const customer = state.customers.find((candidate) => candidate.id === id);
				return customer ? renderCustomer(store, customer) : notFound('woocommerce_rest_invalid_id', 'Invalid resource ID.').body();
			}
			case 'coupon': {
				const coupon = state.coupons.find((candidate) => candidate.id === id);
				return coupon ? renderCoupon(store, coupon) : notFound('woocommerce_rest_shop_coupon_invalid_id').body();
			}
			default:
				return { action: resource, arg: id };
		}
	}

	async handle(request: IncomingMessage, response: ServerResponse, listener: Listener): Promise<void> {
		const rawUrl = request.url ?? '/';
		const url = new URL(rawUrl, 'http://127.0.0.1');
		try {
			if (url.pathname.startsWith('/__control/')) {
				await this.control(request, response, url);
				return;
			}
			const target = restTarget(url, rawUrl);
			if (!target) {
				response.writeHead(404, { 'Content-Type': 'text/html; charset=UTF-8' });
				response.end('<!DOCTYPE html><html><body><h1>Not Found</h1></body></html>');
				return;
			}
			await this.rest(request, response, url, target, listener);
		} catch (error) {
			if (!response.headersSent) this.sendJson(response, 500, { ...CRITICAL_ERROR, detail: String(error) });
		}
	}

	// -------------------------------------------------------------------------------------------------
	// REST

	private async rest(
		request: IncomingMessage,
		response: ServerResponse,
		url: URL,
		target: RestTarget | { other: string },
		listener: Listener,
	): Promise<void> {
		const method = (request.method ?? 'GET').toUpperCase();
		const query = parsePhpQuery(url.search.slice(1));
		const log: RequestLogEntry = {
			at: new Date().toISOString(),
			method,
			path: url.pathname,
			query: url.search,
			secure: listener.secure,
			auth: 'none',
			status: 0,
		};
		const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
			log.status = status;
			this.state.requests.push(log);
			if (this.state.requests.length > (this.options.requestLogSize ?? REQUEST_LOG_SIZE)) this.state.requests.shift();
			this.sendJson(response, status, body, headers);
		};
		try {
			const raw = await readBody(request);
			if ('other' in target) {
				if (target.other === '') {
					reply(200, { name: 'WooCommerce simulator', url: this.home, home: this.home, namespaces: ['wc/v3'] });
				} else {
					throw new WooError(404, 'rest_no_route', 'No route was found matching the URL and request method.');
				}
				return;
			}
			const fault = this.takeFault(url.pathname, target.route);
			if (fault?.kind === 'latency') await sleep(fault.latencyMs);
			if (fault?.kind === 'http500') {
				reply(500, CRITICAL_ERROR);
				return;
			}
			// rest_authentication_errors runs first: a wrong secret or signature fails every route.
			const authenticated = target.authenticates && this.authenticate(request, listener, query, raw, log);
			const route = matchRoute(method, target.route);
			if (!route) throw new WooError(404, 'rest_no_route', 'No route was found matching the URL and request method.');
			const body = parseBody(raw, request.headers['content-type']);
			if (target.route.endsWith('/batch') && isRecord(body)) log.batch = batchSummary(body);
			if (route.op !== 'public' && !authenticated) throw permissionError(route.op);
			const restRequest: RestRequest = {
				method,
				route: target.route,
				query,
				body,
				params: { ...query, ...(isRecord(body) ? body : {}) },
			};
			const result = await route.run(this.store, this.webhooks, restRequest);
			reply(result.status, result.body, result.headers);
		} catch (error) {
			// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- simulator code: anything but a WooError is a simulator bug, answered 500 by handle()
			if (!(error instanceof WooError)) throw error;
			reply(error.status, error.body());
		}
	}

	/** WC_REST_Authentication (auth.ts): keys over HTTPS, OAuth 1.0a over either listener; throws its 401s. */
	private authenticate(
		request: IncomingMessage,
		listener: Listener,
		query: PhpObject,
		raw: Buffer,
		log: RequestLogEntry,
	): boolean {
		const method = (request.method ?? 'GET').toUpperCase();
		// PHP fills $_POST (part of the OAuth parameters) only for a POSTed form.
		const isForm = method === 'POST' && (request.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded');
		const outcome = this.auth.authenticate({
			method,
			rawUrl: request.url ?? '/',
			origin: listener.origin,
			secure: listener.secure,
			headers: request.headers,
			query,
			form: isForm ? parsePhpQuery(raw.toString('utf8')) : {},
		});
		// RequestLogEntry.auth has no 'oauth' (types.ts); an OAuth request is logged as 'none' until it does.
		if (outcome.method !== 'oauth') log.auth = outcome.method;
		return outcome.authenticated;
	}

	private takeFault(pathname: string, route: string): RequestFault | undefined {
		const fault = this.state.faults.find(
			(candidate): candidate is RequestFault =>
				candidate.kind !== 'refuse' && (!candidate.path || pathname.startsWith(candidate.path) || route.startsWith(candidate.path)),
		);
		if (!fault) return undefined;
		fault.remaining--;
		if (fault.remaining <= 0) this.state.faults.splice(this.state.faults.indexOf(fault), 1);
		return fault;
	}

	private sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
		const payload = phpJsonEncode(body);
		response.writeHead(status, {
			'Content-Type': 'application/json; charset=UTF-8',
			'X-Robots-Tag': 'noindex',
			'X-Content-Type-Options': 'nosniff',
			'Access-Control-Expose-Headers': 'X-WP-Total, X-WP-TotalPages, Link',
			// WP_REST_Server sends the API root link on every response; pagination links replace it.
			Link: `<${this.home}/wp-json/>; rel="https://api.w.org/"`,
			...headers,
			'Content-Length': String(Buffer.byteLength(payload)),
		});
		response.end(payload);
	}

	// -------------------------------------------------------------------------------------------------
	// Control API (tests only)

	private async control(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
		const method = (request.method ?? 'GET').toUpperCase();
		const action = `${method} ${url.pathname.slice('/__control/'.length).replace(/\/+$/, '')}`;
		try {
			const raw = await readBody(request);
			const input = raw.length > 0 ? JSON.parse(raw.toString('utf8')) : {};
			// control-schema.ts: a body that does not fit its route is answered 400 naming each wrong field
			const [status, body] = await this.controlAction(action, parseControlBody(action, input));
			this.sendJson(response, status, body);
		} catch (error) {
			if (error instanceof WooError) this.sendJson(response, error.status, error.body());
			else if (error instanceof ControlPayloadError) this.sendJson(response, 400, error.body);
			else this.sendJson(response, 400, { code: 'control_error', message: String(error) });
		}
	}

	private async controlAction(action: string, input: unknown): Promise<[number, unknown]> {
		const fields = isRecord(input) ? input : {};
		switch (action) {
			case 'GET state':
				return [200, this.state];
			case 'GET deliveries':
				return [200, this.state.deliveries];
			case 'POST reset':
				this.reset();
				return [200, { reset: true }];
			case 'POST products': {
				const seeds = Array.isArray(input) ? input : Array.isArray(fields.products) ? fields.products : [input];
				return [201, seeds.map((seed) => renderProduct(this.store, this.seedProduct(seed)))];
			}
			case 'POST orders/place':
				return [201, renderOrder(this.store, this.placeOrder(fields))];
			case 'POST webhooks/flush': {
				const before = this.state.deliveries.length;
				await this.webhooks.flush();
				return [200, this.state.deliveries.slice(before)];
			}
			case 'POST webhooks/copies':
				this.webhooks.copies = Number(fields.copies);
				return [200, { copies: this.webhooks.copies }];
			case 'POST webhooks/redeliver': {
				const times = Math.max(1, Number(fields.times ?? 1) || 1);
				const webhookId = fields.webhook_id === undefined ? undefined : Number(fields.webhook_id);
				return [200, await this.webhooks.redeliver(times, webhookId)];
			}
			case 'POST faults': {
				if (fields.kind === 'refuse') {
					this.state.faults.push({
						kind: 'refuse',
						remaining: Math.max(1, Number(fields.times ?? 1) || 1),
						sku: String(fields.sku),
						message: typeof fields.message === 'string' ? fields.message : REFUSAL_MESSAGE,
					});
					return [201, this.state.faults];
				}
				if (fields.kind !== 'http500' && fields.kind !== 'latency') {
					throw new WooError(400, 'control_invalid_fault', "kind must be 'http500', 'latency' or 'refuse'");
				}
				this.state.faults.push({
					kind: fields.kind,
					remaining: Math.max(1, Number(fields.times ?? 1) || 1),
					path: typeof fields.path === 'string' ? fields.path : undefined,
					latencyMs: Math.max(0, Number(fields.latencyMs ?? 2000) || 0),
				});
				return [201, this.state.faults];
			}
			default:
				throw new WooError(404, 'control_no_route', `Unknown control action: ${action}`);
		}
	}

	reset(): void {
		this.webhooks.clear();
		Object.assign(this.state, createInitialState(this.state.settings));
	}

	/** A product (and its `variations`) straight into the store, without webhooks. */
	private seedProduct(seed: unknown): ReturnType<typeof createProduct> {
		if (!isRecord(seed)) throw new WooError(400, 'control_invalid_product', 'Each product must be an object.');
		const product = createProduct(this.store, validateParams(seed, PRODUCT_SCHEMA), false);
		if (Array.isArray(seed.variations)) {
			for (const variation of seed.variations.filter(isRecord)) {
				createVariation(this.store, product, validateParams(variation, VARIATION_SCHEMA), false);
			}
		}
		return product;
	}

	/** A shopper's checkout: coupons given with discount_type/amount are created first if the store lacks them. */
	private placeOrder(input: Record<string, unknown>) {
		const couponLines = Array.isArray(input.coupon_lines) ? input.coupon_lines.filter(isRecord) : [];
		for (const line of couponLines) {
			if (typeof line.code === 'string' && !findCoupon(this.store, line.code) && line.amount !== undefined) {
				createCoupon(
					this.store,
					{ code: line.code, amount: String(line.amount), discount_type: line.discount_type ?? 'percent' },
					false,
				);
			}
		}
		return createOrder(this.store, validateParams(input, ORDER_SCHEMA), { createdVia: 'checkout', defaultStatus: 'processing' });
	}
}

export async function startWooCommerceSimulator(options: WooSimulatorOptions = {}): Promise<WooSimulator> {
	const certificate = await ensureCertificate(options.certDir);
	const keys = {
		consumerKey: options.consumerKey ?? DEFAULT_CONSUMER_KEY,
		consumerSecret: options.consumerSecret ?? DEFAULT_CONSUMER_SECRET,
	};
	const state = createInitialState({ pricesIncludeTax: options.pricesIncludeTax ?? true, currency: 'SEK' });
	let simulator: Simulator | undefined;
	// Each listener's own URL, known once it listens (an OAuth signature covers the URL the client used).
	const origins = { https: '', http: '' };
	const serve = (secure: boolean) => (request: IncomingMessage, response: ServerResponse) => {
		if (!simulator) {
			response.writeHead(503).end();
			return;
		}
		void simulator.handle(request, response, { secure, origin: secure ? origins.https : origins.http });
	};
	const httpsServer = createHttpsServer({ cert: certificate.cert, key: certificate.key }, serve(true));
	const servers: Server[] = [httpsServer];
	try {
		const port = await listen(httpsServer, options.port ?? 0);
		const url = `https://127.0.0.1:${port}`;
		origins.https = url;
		simulator = new Simulator(state, url, port, keys, options);
		let httpUrl: string | undefined;
		if (options.httpPort !== undefined) {
			const httpServer = createHttpServer(serve(false));
			servers.push(httpServer);
			httpUrl = `http://127.0.0.1:${await listen(httpServer, options.httpPort)}`;
			origins.http = httpUrl;
		}
		const running = simulator;
		let closing: Promise<void> | undefined;
		return {
			url,
			httpUrl,
			port,
			certPath: certificate.certPath,
			...keys,
			state,
			flushWebhooks: () => running.webhooks.flush(),
			close: () => {
				closing ??= (async () => {
					await running.webhooks.close();
					await Promise.all(servers.map(closeServer));
					await certificate.dispose();
				})();
				return closing;
			},
		};
	} catch (error) {
		await Promise.all(servers.filter((server) => server.listening).map(closeServer));
		await certificate.dispose();
		// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- simulator code: a failed start (e.g. port in use) goes to the caller as is
		throw error;
	}
}
