/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
// woocommerce-behaviour.md §1/§2: keys count only over HTTPS and only for /wp-json/wc/ URIs.
import assert from 'node:assert/strict';

import { startWooCommerceSimulator, type WooSimulator } from './server';
import { API, wooRequest } from './test-support';

describe('WooCommerce simulator: authentication', () => {
	let sim: WooSimulator;

	beforeAll(async () => {
		sim = await startWooCommerceSimulator({ httpPort: 0 });
	});
	afterAll(async () => {
		await sim.close();
	});

	it('answers HTTPS with Basic auth (what n8n sends) with 200, including the credential test route', async () => {
		const response = await wooRequest(sim, `${API}/products/categories`);
		assert.equal(response.status, 200);
		assert.ok(Array.isArray(response.json));
		assert.equal(response.json[0].slug, 'uncategorized');
	});

	it('answers HTTPS with consumer_key/consumer_secret in the query (Include Credentials in Query) with 200', async () => {
		const response = await wooRequest(sim, `${API}/products`, { auth: 'query' });
		assert.equal(response.status, 200);
		assert.deepEqual(response.json, []);
	});

	it('rejects a wrong secret over HTTPS with woocommerce_rest_authentication_error, Basic or query', async () => {
		for (const auth of ['basic', 'query'] as const) {
			const response = await wooRequest(sim, `${API}/products`, { auth, consumerSecret: 'cs_wrong' });
			assert.equal(response.status, 401, auth);
			assert.deepEqual(response.json, {
				code: 'woocommerce_rest_authentication_error',
				message: 'Consumer secret is invalid.',
				data: { status: 401 },
			});
		}
	});

	it('ignores keys over plain HTTP: GET gets cannot_view, POST cannot_create, PUT cannot_edit, DELETE cannot_delete', async () => {
		const list = await wooRequest(sim, `${API}/products`, { plain: true });
		assert.equal(list.status, 401);
		assert.deepEqual(list.json, {
			code: 'woocommerce_rest_cannot_view',
			message: 'Sorry, you cannot list resources.',
			data: { status: 401 },
		});

		const queryKeys = await wooRequest(sim, `${API}/orders`, { plain: true, auth: 'query' });
		assert.equal(queryKeys.json.code, 'woocommerce_rest_cannot_view');

		const create = await wooRequest(sim, `${API}/products`, { plain: true, method: 'POST', body: { name: 'X' } });
		assert.equal(create.status, 401);
		assert.equal(create.json.code, 'woocommerce_rest_cannot_create');

		const product = await wooRequest(sim, `${API}/products`, { method: 'POST', body: { name: 'Kaffekopp' } });
		assert.equal(product.status, 201);
		const update = await wooRequest(sim, `${API}/products/${product.json.id}`, { plain: true, method: 'PUT', body: {} });
		assert.equal(update.json.code, 'woocommerce_rest_cannot_edit');
		const remove = await wooRequest(sim, `${API}/products/${product.json.id}?force=true`, { plain: true, method: 'DELETE' });
		assert.equal(remove.json.code, 'woocommerce_rest_cannot_delete');
		// A wrong secret over HTTP is not even checked: the keys are ignored.
		const wrong = await wooRequest(sim, `${API}/products`, { plain: true, consumerSecret: 'cs_wrong' });
		assert.equal(wrong.json.code, 'woocommerce_rest_cannot_view');
	});

	it('does not authenticate the ?rest_route= form, even over HTTPS with Basic', async () => {
		const response = await wooRequest(sim, '/?rest_route=/wc/v3/products');
		assert.equal(response.status, 401);
		assert.equal(response.json.code, 'woocommerce_rest_cannot_view');
	});

	it('treats an unknown consumer key as not logged in, and serves the public namespace index', async () => {
		const unknown = await wooRequest(sim, `${API}/products`, {
			auth: 'none',
			headers: { Authorization: `Basic ${Buffer.from('ck_other:cs_other').toString('base64')}` },
		});
		assert.equal(unknown.status, 401);
		assert.equal(unknown.json.code, 'woocommerce_rest_cannot_view');

		const index = await wooRequest(sim, API, { auth: 'none' });
		assert.equal(index.status, 200);
		assert.equal(index.json.namespace, 'wc/v3');
	});

	it('answers unknown routes with rest_no_route and every REST response carries a Link header', async () => {
		const response = await wooRequest(sim, `${API}/nothing-here`);
		assert.equal(response.status, 404);
		assert.equal(response.json.code, 'rest_no_route');
		assert.match(String(response.headers.link), /rel="https:\/\/api\.w\.org\/"/);
	});
});
