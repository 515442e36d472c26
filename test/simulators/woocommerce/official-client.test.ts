/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
// Conformance with the official client, @woocommerce/woocommerce-rest-api 1.0.2 (axios): what WooCommerce
// developers use must work against the simulator unchanged. Over HTTPS the client sends the keys as Basic
// credentials (here through an axios agent that trusts the simulator's self-signed certificate, nothing global);
// over plain HTTP it signs every request with OAuth 1.0a (HMAC-SHA256), the only way WooCommerce accepts a key
// there. The OAuth tests also send requests the client would never make (wrong secret, replayed nonce, tampered
// query, stale timestamp) to show the simulator really checks the signature.
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';

import WooCommerceRestApi from '@woocommerce/woocommerce-rest-api';
import axios, { type AxiosResponse, type InternalAxiosRequestConfig } from 'axios';

import { sampleCatalogue, type ProductSeed } from './fixtures';
import { startWooCommerceSimulator, type WooSimulator } from './server';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test assertions walk arbitrary JSON
type Json = any;

const REST_PATH = '/wp-json/wc/v3';

/** The response of a request the server refused (axios rejects on 4xx/5xx). */
async function refusal(request: Promise<unknown>): Promise<AxiosResponse<Json>> {
	const outcome = await request.then(
		() => 'answered with success',
		(error: unknown) => error,
	);
	assert.ok(axios.isAxiosError(outcome) && outcome.response, `expected an HTTP refusal, got: ${String(outcome)}`);
	return outcome.response;
}

/** A catalogue product as the products endpoint takes it (variations are created through their own endpoint). */
function withoutVariations(product: ProductSeed): Omit<ProductSeed, 'variations'> {
	const copy = { ...product };
	delete copy.variations;
	return copy;
}

/**
 * An OAuth 1.0a signature made here, independently of the client and of the simulator (RFC 5849 §3.4 with
 * HMAC-SHA1), for requests the client cannot be made to send: a stale timestamp, a missing parameter.
 */
function handSignedUrl(
	baseUrl: string,
	method: string,
	query: Record<string, string>,
	keys: { consumerKey: string; consumerSecret: string },
	oauth: Record<string, string | undefined> = {},
): string {
	const encode = (text: string) => encodeURIComponent(text).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
	const params: Record<string, string> = { ...query };
	const defaults: Record<string, string | undefined> = {
		oauth_consumer_key: keys.consumerKey,
		oauth_nonce: randomBytes(16).toString('hex'),
		oauth_signature_method: 'HMAC-SHA1',
		oauth_timestamp: String(Math.floor(Date.now() / 1000)),
		oauth_version: '1.0',
		...oauth,
	};
	for (const [key, value] of Object.entries(defaults)) if (value !== undefined) params[key] = value;
	const normalized = Object.entries(params)
		.map(([key, value]) => [encode(key), encode(value)])
		.sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : 1) : a < b ? -1 : 1))
		.map(([key, value]) => `${key}=${value}`)
		.join('&');
	const base = `${method}&${encode(baseUrl)}&${encode(normalized)}`;
	const signature = createHmac('sha1', `${encode(keys.consumerSecret)}&`).update(base).digest('base64');
	const search = new URLSearchParams({ ...params, oauth_signature: signature });
	return `${baseUrl}?${search.toString()}`;
}

describe('WooCommerce simulator: the official client (@woocommerce/woocommerce-rest-api)', () => {
	let sim: WooSimulator;
	let httpsAgent: HttpsAgent;
	let httpAgent: HttpAgent;
	/** product ids by SKU, as the client created them */
	const ids: Record<string, number> = {};

	/** HTTPS, keys as Basic credentials (queryStringAuth: keys in the query instead). */
	const overHttps = (options: { consumerSecret?: string; queryStringAuth?: boolean } = {}) =>
		new WooCommerceRestApi({
			url: sim.url,
			consumerKey: sim.consumerKey,
			consumerSecret: options.consumerSecret ?? sim.consumerSecret,
			version: 'wc/v3',
			queryStringAuth: options.queryStringAuth ?? false,
			axiosConfig: { httpsAgent, proxy: false },
		});

	/** Plain HTTP: the client signs with OAuth 1.0a. `seen` receives each request as axios is about to send it. */
	const overHttp = (options: { consumerSecret?: string; seen?: InternalAxiosRequestConfig[] } = {}) => {
		const send = axios.getAdapter('http');
		return new WooCommerceRestApi({
			url: sim.httpUrl as string,
			consumerKey: sim.consumerKey,
			consumerSecret: options.consumerSecret ?? sim.consumerSecret,
			version: 'wc/v3',
			axiosConfig: {
				httpAgent,
				proxy: false,
				adapter: (config: InternalAxiosRequestConfig) => {
					options.seen?.push(config);
					return send(config);
				},
			},
		});
	};

	/** Sends a request exactly as the client built it once more (same URL, same signature). */
	const resend = (config: InternalAxiosRequestConfig) =>
		axios.request({ url: axios.getUri(config), method: config.method, httpAgent, proxy: false, validateStatus: () => true });

	const productCount = () => sim.state.products.filter((product) => product.status !== 'trash').length;

	beforeAll(async () => {
		sim = await startWooCommerceSimulator({ httpPort: 0 });
		httpsAgent = new HttpsAgent({ ca: readFileSync(sim.certPath) });
		httpAgent = new HttpAgent();
	});
	afterAll(async () => {
		httpsAgent.destroy();
		httpAgent.destroy();
		await sim.close();
	});

	describe('over HTTPS with Basic authentication', () => {
		it('creates the catalogue with products/batch and products/<id>/variations/batch', async () => {
			const catalogue = sampleCatalogue();
			const created = await overHttps().post('products/batch', {
				create: catalogue.map(withoutVariations),
			});
			assert.equal(created.status, 200);
			assert.equal(created.data.create.length, catalogue.length);
			for (const product of created.data.create) {
				assert.equal(product.error, undefined, JSON.stringify(product.error));
				ids[product.sku] = product.id;
			}
			const variable = catalogue.find((product) => product.variations) as ProductSeed;
			const variations = await overHttps().post(`products/${ids[variable.sku as string]}/variations/batch`, {
				create: variable.variations,
			});
			assert.equal(variations.status, 200);
			assert.deepEqual(
				variations.data.create.map((variation: Json) => [variation.sku, variation.stock_quantity]),
				[
					['TEE-S', 10],
					['TEE-M', 10],
					['TEE-L', 10],
				],
			);
			for (const variation of variations.data.create) ids[variation.sku] = variation.id;
			const parent = await overHttps().get(`products/${ids.TEE}`);
			assert.deepEqual(parent.data.variations, [ids['TEE-S'], ids['TEE-M'], ids['TEE-L']]);
		});

		it('pages products with per_page/page, and the client returns X-WP-Total and X-WP-TotalPages', async () => {
			const seen: number[] = [];
			for (let page = 1; page <= 3; page++) {
				const response = await overHttps().get('products', { per_page: 2, page });
				assert.equal(response.status, 200);
				assert.equal(response.headers['x-wp-total'], '5', 'variations are not products of the list');
				assert.equal(response.headers['x-wp-totalpages'], '3');
				assert.equal(response.data.length, page < 3 ? 2 : 1);
				seen.push(...response.data.map((product: Json) => product.id));
			}
			assert.deepEqual(
				[...seen].sort((a, b) => a - b),
				['MUG-01', 'BOOK-01', 'FOOD-01', 'GIFT-01', 'TEE'].map((sku) => ids[sku]).sort((a, b) => a - b),
			);
			const beyond = await overHttps().get('products', { per_page: 2, page: 4 });
			assert.deepEqual(beyond.data, []);
		});

		it('finds a product and a variation with the sku filter (a variation as type "variation" with its parent_id)', async () => {
			const simple = await overHttps().get('products', { sku: 'MUG-01' });
			assert.deepEqual(
				simple.data.map((product: Json) => [product.id, product.type, product.parent_id]),
				[[ids['MUG-01'], 'simple', 0]],
			);
			const variation = await overHttps().get('products', { sku: 'TEE-M' });
			assert.equal(variation.headers['x-wp-total'], '1');
			assert.deepEqual(
				variation.data.map((product: Json) => [product.id, product.sku, product.type, product.parent_id]),
				[[ids['TEE-M'], 'TEE-M', 'variation', ids.TEE]],
			);
			const both = await overHttps().get('products', { sku: 'MUG-01,TEE-L' });
			assert.deepEqual(both.data.map((product: Json) => product.sku).sort(), ['MUG-01', 'TEE-L']);
			const none = await overHttps().get('products', { sku: 'NO-SUCH-SKU' });
			assert.deepEqual(none.data, []);
			assert.equal(none.headers['x-wp-total'], '0');
		});

		it('updates through products/batch and variations/batch, and refuses 101 items with 413', async () => {
			const products = await overHttps().post('products/batch', {
				update: [{ id: ids['MUG-01'], regular_price: '135.00' }],
			});
			assert.equal(products.data.update[0].regular_price, '135.00');
			const variations = await overHttps().post(`products/${ids.TEE}/variations/batch`, {
				update: [{ id: ids['TEE-S'], stock_quantity: 7 }],
			});
			assert.equal(variations.data.update[0].stock_quantity, 7);

			const before = productCount();
			const tooMany = Array.from({ length: 101 }, (_, index) => ({ name: `Extra ${index}`, regular_price: '1.00' }));
			for (const [endpoint, body] of [
				['products/batch', { create: tooMany }],
				['products/batch', { create: tooMany.slice(0, 50), update: tooMany.slice(0, 50).map((_, index) => ({ id: index + 1 })), delete: [1] }],
				[`products/${ids.TEE}/variations/batch`, { create: tooMany.map(() => ({ regular_price: '1.00' })) }],
			] as const) {
				const refused = await refusal(overHttps().post(endpoint, body));
				assert.equal(refused.status, 413, endpoint);
				assert.deepEqual(refused.data, {
					code: 'woocommerce_rest_request_entity_too_large',
					message: 'Unable to accept more than 100 items for this request.',
					data: { status: 413 },
				});
			}
			assert.equal(productCount(), before, 'nothing of a refused batch was written');
			const hundred = await overHttps().post('products/batch', { create: tooMany.slice(0, 100) });
			assert.equal(hundred.data.create.length, 100);
			await overHttps().post('products/batch', { delete: hundred.data.create.map((product: Json) => product.id) });
			assert.equal(productCount(), before);
		});

		it('creates, reads and updates an order', async () => {
			const created = await overHttps().post('orders', {
				payment_method: 'bacs',
				payment_method_title: 'Bankgiro',
				set_paid: true,
				billing: { first_name: 'Eva', last_name: 'Ek', email: 'eva@example.se', country: 'SE' },
				line_items: [{ sku: 'BOOK-01', quantity: 2 }],
			});
			assert.equal(created.status, 201);
			assert.equal(created.data.status, 'processing');
			const read = await overHttps().get(`orders/${created.data.id}`);
			assert.equal(read.data.line_items[0].sku, 'BOOK-01');
			assert.equal(read.data.line_items[0].quantity, 2);
			const updated = await overHttps().put(`orders/${created.data.id}`, {
				status: 'completed',
				meta_data: [{ key: '_specter_order_no', value: '5001' }],
			});
			assert.equal(updated.data.status, 'completed');
			const again = await overHttps().get(`orders/${created.data.id}`);
			assert.equal(again.data.status, 'completed');
			assert.ok(again.data.meta_data.some((meta: Json) => meta.key === '_specter_order_no' && meta.value === '5001'));
		});

		it('accepts the keys in the query string too (queryStringAuth)', async () => {
			const response = await overHttps({ queryStringAuth: true }).get('products', { sku: 'BOOK-01' });
			assert.equal(response.data[0].id, ids['BOOK-01']);
		});

		it('answers a wrong secret with 401 woocommerce_rest_authentication_error', async () => {
			for (const queryStringAuth of [false, true]) {
				const refused = await refusal(overHttps({ consumerSecret: 'cs_wrong', queryStringAuth }).get('products'));
				assert.equal(refused.status, 401);
				assert.deepEqual(refused.data, {
					code: 'woocommerce_rest_authentication_error',
					message: 'Consumer secret is invalid.',
					data: { status: 401 },
				});
			}
		});
	});

	describe('over plain HTTP with OAuth 1.0a', () => {
		it('pages products; per_page and page are part of what the client signed', async () => {
			const seen: number[] = [];
			for (let page = 1; page <= 3; page++) {
				const response = await overHttp().get('products', { per_page: 2, page });
				assert.equal(response.status, 200);
				assert.equal(response.headers['x-wp-total'], '5');
				assert.equal(response.headers['x-wp-totalpages'], '3');
				seen.push(...response.data.map((product: Json) => product.id));
			}
			assert.equal(new Set(seen).size, 5);
		});

		it('finds a variation with the sku filter', async () => {
			const response = await overHttp().get('products', { sku: 'TEE-L' });
			assert.deepEqual(
				response.data.map((product: Json) => [product.id, product.type, product.parent_id]),
				[[ids['TEE-L'], 'variation', ids.TEE]],
			);
		});

		it('runs products/batch and variations/batch, and refuses 101 items with 413', async () => {
			const products = await overHttp().post('products/batch', { update: [{ id: ids['FOOD-01'], regular_price: '109.00' }] });
			assert.equal(products.data.update[0].regular_price, '109.00');
			const variations = await overHttp().put(`products/${ids.TEE}/variations/batch`, {
				update: [{ id: ids['TEE-M'], stock_quantity: 3 }],
			});
			assert.equal(variations.data.update[0].stock_quantity, 3);
			const refused = await refusal(
				overHttp().post(`products/${ids.TEE}/variations/batch`, {
					update: Array.from({ length: 101 }, () => ({ id: ids['TEE-M'], stock_quantity: 1 })),
				}),
			);
			assert.equal(refused.status, 413);
			assert.equal(refused.data.code, 'woocommerce_rest_request_entity_too_large');
			const variation = await overHttp().get(`products/${ids.TEE}/variations/${ids['TEE-M']}`);
			assert.equal(variation.data.stock_quantity, 3);
		});

		it('reads and updates an order', async () => {
			const created = await overHttp().post('orders', { line_items: [{ sku: 'MUG-01', quantity: 1 }] });
			assert.equal(created.data.status, 'pending');
			const updated = await overHttp().put(`orders/${created.data.id}`, { status: 'on-hold' });
			assert.equal(updated.data.status, 'on-hold');
			const read = await overHttp().get(`orders/${created.data.id}`);
			assert.equal(read.data.status, 'on-hold');
		});

		it('refuses a request signed with a wrong secret with 401, and changes nothing', async () => {
			const refused = await refusal(overHttp({ consumerSecret: 'cs_wrong' }).get('products'));
			assert.equal(refused.status, 401);
			assert.deepEqual(refused.data, {
				code: 'woocommerce_rest_authentication_error',
				message: 'Invalid signature - provided signature does not match.',
				data: { status: 401 },
			});
			const write = await refusal(
				overHttp({ consumerSecret: 'cs_wrong' }).post('products/batch', { update: [{ id: ids['GIFT-01'], regular_price: '1.00' }] }),
			);
			assert.equal(write.status, 401);
			const gift = await overHttp().get(`products/${ids['GIFT-01']}`);
			assert.equal(gift.data.regular_price, '500.00');
		});

		it('refuses a replayed request (same nonce) and a signed query that was changed', async () => {
			const seen: InternalAxiosRequestConfig[] = [];
			const first = await overHttp({ seen }).get('products', { per_page: 1 });
			assert.equal(first.data.length, 1);
			const replayed = await resend(seen[0]);
			assert.equal(replayed.status, 401);
			assert.deepEqual(replayed.data, {
				code: 'woocommerce_rest_authentication_error',
				message: 'Invalid nonce - nonce has already been used.',
				data: { status: 401 },
			});

			await overHttp({ seen }).get('products', { per_page: 1 });
			// The client sends its query twice (in the URL and again among the OAuth parameters, which oauth-1.0a
			// merged them into); PHP keeps the last, so both are changed.
			const url = axios.getUri(seen[1]);
			assert.equal(url.match(/per_page=1/g)?.length, 2);
			const tampered = await axios.request({
				url: url.replace(/per_page=1/g, 'per_page=5'),
				httpAgent,
				proxy: false,
				validateStatus: () => true,
			});
			assert.equal(tampered.status, 401);
			assert.equal(tampered.data.message, 'Invalid signature - provided signature does not match.');
		});

		it('checks timestamp, consumer key, signature method and the required parameters like WooCommerce', async () => {
			const products = `${sim.httpUrl}${REST_PATH}/products`;
			const keys = { consumerKey: sim.consumerKey, consumerSecret: sim.consumerSecret };
			const get = (url: string) => axios.get(url, { httpAgent, proxy: false, validateStatus: () => true });

			const fresh = await get(handSignedUrl(products, 'GET', { sku: 'MUG-01' }, keys));
			assert.equal(fresh.status, 200, 'HMAC-SHA1 is accepted too');
			assert.equal(fresh.data[0].sku, 'MUG-01');

			const stale = await get(
				handSignedUrl(products, 'GET', {}, keys, { oauth_timestamp: String(Math.floor(Date.now() / 1000) - 16 * 60) }),
			);
			assert.deepEqual([stale.status, stale.data.message], [401, 'Invalid timestamp.']);

			const unknownKey = await get(handSignedUrl(products, 'GET', {}, { ...keys, consumerKey: 'ck_unknown' }));
			assert.deepEqual([unknownKey.status, unknownKey.data.code, unknownKey.data.message], [
				401,
				'woocommerce_rest_authentication_error',
				'Consumer key is invalid.',
			]);

			const plaintext = await get(handSignedUrl(products, 'GET', {}, keys, { oauth_signature_method: 'PLAINTEXT' }));
			assert.deepEqual([plaintext.status, plaintext.data.message], [401, 'Invalid signature - signature method is invalid.']);

			const noNonce = await get(handSignedUrl(products, 'GET', {}, keys, { oauth_nonce: undefined }));
			assert.deepEqual([noNonce.status, noNonce.data.code, noNonce.data.message], [
				401,
				'woocommerce_rest_authentication_missing_parameter',
				'Missing OAuth parameter oauth_nonce',
			]);
		});

		it('ignores keys sent as Basic credentials or in the query over plain HTTP (not logged in)', async () => {
			const basic = await axios.get(`${sim.httpUrl}${REST_PATH}/products`, {
				auth: { username: sim.consumerKey, password: sim.consumerSecret },
				httpAgent,
				proxy: false,
				validateStatus: () => true,
			});
			assert.equal(basic.status, 401);
			assert.equal(basic.data.code, 'woocommerce_rest_cannot_view');
			const query = await axios.get(`${sim.httpUrl}${REST_PATH}/products`, {
				params: { consumer_key: sim.consumerKey, consumer_secret: sim.consumerSecret },
				httpAgent,
				proxy: false,
				validateStatus: () => true,
			});
			assert.equal(query.data.code, 'woocommerce_rest_cannot_view');
		});
	});
});
