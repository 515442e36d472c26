/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
// Webhooks (woocommerce-behaviour.md §5): the synchronous ping, asynchronous signed topic deliveries,
// duplicates, refused ports and automatic disabling.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import { placeOrderInput, sampleCatalogue } from './fixtures';
import { startWooCommerceSimulator, type WooSimulator } from './server';
import { API, control, startReceiver, waitFor, wooRequest, type ReceivedRequest, type Receiver } from './test-support';

// eslint-disable-next-line @n8n/community-nodes/no-hardcoded-secrets -- test value for a throwaway local webhook
const SECRET = 'b3f5c1d2e4a6978812345678abcdef00';

function xwcHeaders(request: ReceivedRequest): string[] {
	return Object.keys(request.headers).filter((name) => name.startsWith('x-wc-'));
}

describe('WooCommerce simulator: webhooks', () => {
	let receiver: Receiver;
	let sim: WooSimulator;

	beforeAll(async () => {
		receiver = await startReceiver();
		// A long delay: topic deliveries only happen on flush, so "not yet delivered" is deterministic.
		sim = await startWooCommerceSimulator({ allowedDeliveryPorts: [receiver.port], deliveryDelayMs: 60_000 });
	});
	afterAll(async () => {
		await sim.close();
		await receiver.close();
	});
	beforeEach(async () => {
		await control(sim, 'POST', 'reset');
		await control(sim, 'POST', 'products', sampleCatalogue());
		receiver.requests.length = 0;
		receiver.respondWith(200);
	});

	async function createWebhook(topic: string, extra: Record<string, unknown> = {}) {
		const response = await wooRequest(sim, `${API}/webhooks`, {
			method: 'POST',
			body: { delivery_url: receiver.url, topic, secret: SECRET, ...extra },
		});
		assert.equal(response.status, 201, response.text);
		return response.json as { id: number; status: string };
	}

	it('pings synchronously on creation: form-encoded webhook_id=N without X-WC-* headers', async () => {
		const webhook = await createWebhook('order.created');
		assert.equal(receiver.requests.length, 1, 'the ping arrived before the REST answer');
		const [ping] = receiver.requests;
		assert.equal(ping.method, 'POST');
		assert.equal(ping.body.toString(), `webhook_id=${webhook.id}`);
		assert.equal(ping.headers['content-type'], 'application/x-www-form-urlencoded');
		assert.equal(ping.headers['user-agent'], 'WooCommerce/7.9.0 Hookshot (WordPress/6.1.9)');
		assert.deepEqual(xwcHeaders(ping), []);
		assert.equal(sim.state.webhooks[0].pending_delivery, false);
	});

	it('never returns the secret, and generates a 50-character one when none is given', async () => {
		const response = await wooRequest(sim, `${API}/webhooks`, {
			method: 'POST',
			body: { delivery_url: receiver.url, topic: 'product.updated' },
		});
		assert.equal(response.status, 201);
		assert.equal(response.json.topic, 'product.updated');
		assert.equal(response.json.resource, 'product');
		assert.equal(response.json.event, 'updated');
		assert.deepEqual(response.json.hooks, ['woocommerce_process_product_meta', 'woocommerce_update_product', 'woocommerce_update_product_variation']);
		assert.match(response.json.name, /^Webhook created on [A-Z][a-z]{2} \d{2}, \d{4} @ \d{2}:\d{2} [AP]M$/);
		const single = await wooRequest(sim, `${API}/webhooks/${response.json.id}`);
		const listed = await wooRequest(sim, `${API}/webhooks?status=active&per_page=100`);
		for (const body of [response.text, single.text, listed.text]) assert.doesNotMatch(body, /secret/);
		assert.equal(listed.json.length, 1);
		assert.equal(sim.state.webhooks[0].secret.length, 50);
	});

	it('queues topic deliveries: nothing during the causing request, a signed delivery on flush', async () => {
		const webhook = await createWebhook('order.created');
		const created = await wooRequest(sim, `${API}/orders`, {
			method: 'POST',
			body: { status: 'processing', billing: { first_name: 'Åsa' }, line_items: [{ sku: 'MUG-01', quantity: 1 }] },
		});
		assert.equal(created.status, 201);
		assert.equal(receiver.requests.length, 1, 'only the ping so far');
		assert.equal(sim.state.queue.length, 1);

		await sim.flushWebhooks();
		assert.equal(receiver.requests.length, 2);
		const delivery = receiver.requests[1];
		assert.equal(delivery.headers['content-type'], 'application/json');
		assert.equal(delivery.headers['user-agent'], 'WooCommerce/7.9.0 Hookshot (WordPress/6.1.9)');
		assert.equal(delivery.headers['x-wc-webhook-source'], `${sim.url}/`);
		assert.equal(delivery.headers['x-wc-webhook-topic'], 'order.created');
		assert.equal(delivery.headers['x-wc-webhook-resource'], 'order');
		assert.equal(delivery.headers['x-wc-webhook-event'], 'created');
		assert.equal(delivery.headers['x-wc-webhook-id'], String(webhook.id));
		assert.match(String(delivery.headers['x-wc-webhook-delivery-id']), /^[0-9a-f]{32}$/);
		const expected = createHmac('sha256', SECRET).update(delivery.body).digest('base64');
		assert.equal(delivery.headers['x-wc-webhook-signature'], expected);

		const raw = delivery.body.toString('utf8');
		assert.ok(raw.includes('\\u00c5sa') && raw.includes('https:\\/\\/'), 'PHP json_encode escaping');
		const order = JSON.parse(raw);
		assert.equal(order.id, created.json.id);
		assert.equal(order.status, 'processing');
		assert.equal(Object.keys(order).length, 47);
		assert.equal(sim.state.queue.length, 0);
		const log = await control(sim, 'GET', 'deliveries');
		assert.deepEqual(
			log.map((entry: { kind: string; status_code: number }) => [entry.kind, entry.status_code]),
			[
				['ping', 200],
				['topic', 200],
			],
		);
	});

	it('delivers on its own after the delay (poll, no fixed sleep): stock updates fire product.updated', async () => {
		const quick = await startWooCommerceSimulator({ allowedDeliveryPorts: [receiver.port], deliveryDelayMs: 50 });
		try {
			const [mug] = await control(quick, 'POST', 'products', [sampleCatalogue()[0]]);
			const hook = await wooRequest(quick, `${API}/webhooks`, {
				method: 'POST',
				body: { delivery_url: receiver.url, topic: 'product.updated', secret: SECRET },
			});
			assert.equal(hook.status, 201);
			const updated = await wooRequest(quick, `${API}/products/${mug.id}`, { method: 'PUT', body: { stock_quantity: 12 } });
			assert.equal(updated.status, 200);
			await waitFor(() => receiver.requests.some((request) => request.headers['x-wc-webhook-topic'] === 'product.updated'), 'product.updated');
			const delivery = receiver.requests.find((request) => request.headers['x-wc-webhook-topic'] === 'product.updated');
			assert.equal(JSON.parse(delivery?.body.toString() ?? '{}').stock_quantity, 12);
		} finally {
			await quick.close();
		}
	});

	it('fires order.updated on a status change and product.updated for the stock an order takes', async () => {
		await createWebhook('order.updated');
		await createWebhook('product.updated');
		const order = await control(sim, 'POST', 'orders/place', placeOrderInput([{ sku: 'TEE-S', quantity: 1 }]));
		await wooRequest(sim, `${API}/orders/${order.id}`, { method: 'PUT', body: { status: 'completed' } });
		await sim.flushWebhooks();
		const topics = receiver.requests.slice(2).map((request) => [
			request.headers['x-wc-webhook-topic'],
			JSON.parse(request.body.toString()).sku ?? JSON.parse(request.body.toString()).status,
		]);
		assert.deepEqual(topics, [
			['product.updated', 'TEE-S'],
			['order.updated', 'completed'],
		]);
	});

	it('fires product.updated for a variation written through its parent: the variation itself, in the product schema; none for the parent', async () => {
		await createWebhook('product.updated');
		const tee = sim.state.products.find((product) => product.sku === 'TEE') as { id: number };
		const small = sim.state.products.find((product) => product.sku === 'TEE-S') as { id: number };
		const written = await wooRequest(sim, `${API}/products/${tee.id}/variations/${small.id}`, { method: 'PUT', body: { regular_price: '179.00' } });
		assert.equal(written.status, 200);
		await sim.flushWebhooks();
		const payloads = receiver.requests.slice(1).map((request) => JSON.parse(request.body.toString()));
		assert.deepEqual(
			payloads.map((payload) => [payload.id, payload.type, payload.parent_id, payload.name, payload.regular_price, payload._links.collection[0].href.endsWith('/wp-json/wc/v3/products')]),
			[[small.id, 'variation', tee.id, 'T-shirt - S', '179.00', true]],
		);
	});

	it("moves the parent's date_modified when a variation is saved (deferred product sync), so modified_after lists the parent", async () => {
		const tee = sim.state.products.find((product) => product.sku === 'TEE') as { id: number; modified: number };
		const small = sim.state.products.find((product) => product.sku === 'TEE-S') as { id: number };
		// WooCommerce compares dates to the second: take the next full second and wait until it has passed
		const boundary = (Math.floor(Date.now() / 1000) + 1) * 1000;
		const before = new Date(boundary).toISOString();
		await sleep(boundary + 50 - Date.now());
		const listed = async () => ((await wooRequest(sim, `${API}/products?modified_after=${encodeURIComponent(before)}`)).json as Array<{ id: number }>).map((product) => product.id);
		assert.deepEqual(await listed(), []);
		await wooRequest(sim, `${API}/products/${tee.id}/variations/${small.id}`, { method: 'PUT', body: { weight: '0.3' } });
		assert.deepEqual(await listed(), [tee.id], 'the parent, not the variation: /products lists no variations without sku');
	});

	it('redelivers the last delivery N times: same body and signature, new delivery ids', async () => {
		await createWebhook('order.created');
		await control(sim, 'POST', 'orders/place', placeOrderInput([{ sku: 'MUG-01', quantity: 1 }]));
		await control(sim, 'POST', 'webhooks/flush');
		const redelivered = await control(sim, 'POST', 'webhooks/redeliver', { times: 3 });
		assert.equal(redelivered.length, 3);
		const deliveries = receiver.requests.filter((request) => request.headers['x-wc-webhook-topic'] === 'order.created');
		assert.equal(deliveries.length, 4);
		assert.equal(new Set(deliveries.map((request) => request.body.toString())).size, 1);
		assert.equal(new Set(deliveries.map((request) => request.headers['x-wc-webhook-signature'])).size, 1);
		assert.equal(new Set(deliveries.map((request) => request.headers['x-wc-webhook-delivery-id'])).size, 4);
	});

	it('disables a webhook on the 7th consecutive failed delivery, as WC_Webhook::failed_delivery() counts, and then stops delivering', async () => {
		const webhook = await createWebhook('order.created');
		receiver.respondWith(500);
		// failed_delivery() compares before it counts: failures 1-6 raise the count to 6, the 7th finds 6 > 5.
		for (let attempt = 1; attempt <= 7; attempt++) {
			await control(sim, 'POST', 'orders/place', placeOrderInput([{ sku: 'MUG-01', quantity: 1 }]));
			await sim.flushWebhooks();
			const state = await wooRequest(sim, `${API}/webhooks/${webhook.id}`);
			assert.equal(state.json.status, attempt < 7 ? 'active' : 'disabled', `after failure ${attempt}`);
			assert.equal(sim.state.webhooks[0].failure_count, Math.min(attempt, 6), `count after failure ${attempt}`);
		}
		const deliveriesSoFar = receiver.requests.length;
		await control(sim, 'POST', 'orders/place', placeOrderInput([{ sku: 'MUG-01', quantity: 1 }]));
		await sim.flushWebhooks();
		assert.equal(receiver.requests.length, deliveriesSoFar, 'a disabled webhook gets nothing');
		const active = await wooRequest(sim, `${API}/webhooks?status=active&per_page=100`);
		assert.deepEqual(active.json, [], "n8n's checkExists no longer sees it");
	});

	it('keeps the failure count when a webhook is set active again: one more failure disables it at once, a success resets it', async () => {
		const webhook = await createWebhook('order.created');
		receiver.respondWith(500);
		for (let attempt = 1; attempt <= 7; attempt++) {
			await control(sim, 'POST', 'orders/place', placeOrderInput([{ sku: 'MUG-01', quantity: 1 }]));
			await sim.flushWebhooks();
		}
		assert.equal(sim.state.webhooks[0].status, 'disabled');
		const reactivated = await wooRequest(sim, `${API}/webhooks/${webhook.id}`, { method: 'PUT', body: { status: 'active' } });
		assert.equal(reactivated.json.status, 'active');
		assert.equal(sim.state.webhooks[0].failure_count, 6, 'only a successful delivery resets the count (WC_Webhook::log_delivery())');
		await control(sim, 'POST', 'orders/place', placeOrderInput([{ sku: 'MUG-01', quantity: 1 }]));
		await sim.flushWebhooks();
		assert.equal(sim.state.webhooks[0].status, 'disabled', 'disabled again by the next failure');

		await wooRequest(sim, `${API}/webhooks/${webhook.id}`, { method: 'PUT', body: { status: 'active' } });
		receiver.respondWith(200);
		await control(sim, 'POST', 'orders/place', placeOrderInput([{ sku: 'MUG-01', quantity: 1 }]));
		await sim.flushWebhooks();
		assert.equal(sim.state.webhooks[0].failure_count, 0);
		assert.equal(sim.state.webhooks[0].status, 'active');
	});

	it('creates webhooks for refused ports but fails their ping and deliveries with http_request_failed', async () => {
		const refusing = await startWooCommerceSimulator({ deliveryDelayMs: 60_000 });
		try {
			const response = await wooRequest(refusing, `${API}/webhooks`, {
				method: 'POST',
				body: { delivery_url: receiver.url, topic: 'order.created', secret: SECRET },
			});
			assert.equal(response.status, 201, 'created although the ping failed');
			assert.equal(refusing.state.webhooks[0].pending_delivery, true);
			await control(refusing, 'POST', 'products', sampleCatalogue());
			await control(refusing, 'POST', 'orders/place', placeOrderInput([{ sku: 'MUG-01', quantity: 1 }]));
			await refusing.flushWebhooks();
			assert.equal(receiver.requests.length, 0);
			const log = refusing.state.deliveries.map((entry) => [entry.kind, entry.error?.code, entry.error?.message]);
			assert.deepEqual(log, [
				['ping', 'http_request_failed', 'A valid URL was not provided.'],
				['topic', 'http_request_failed', 'A valid URL was not provided.'],
			]);
			assert.equal(refusing.state.webhooks[0].failure_count, 1);
		} finally {
			await refusing.close();
		}
	});

	it('validates topic and delivery URL with the shop_webhook error codes, and deletes only with force=true', async () => {
		const badUrl = await wooRequest(sim, `${API}/webhooks`, { method: 'POST', body: { delivery_url: 'not a url', topic: 'order.created' } });
		assert.equal(badUrl.status, 400);
		assert.equal(badUrl.json.code, 'woocommerce_rest_shop_webhook_invalid_delivery_url');
		// WC_REST_Webhooks_V1_Controller::create_item() / update_item(), post type shop_webhook
		for (const topic of ['order.shipped', 'action.save_post', 'action.my_plugin_event']) {
			const badTopic = await wooRequest(sim, `${API}/webhooks`, { method: 'POST', body: { delivery_url: receiver.url, topic } });
			assert.equal(badTopic.status, 400, topic);
			assert.deepEqual(badTopic.json, {
				code: 'woocommerce_rest_shop_webhook_invalid_topic',
				message: 'Webhook topic is required and must be valid.',
				data: { status: 400 },
			});
		}
		assert.equal(sim.state.webhooks.length, 0);
		// wc_is_webhook_valid_topic(): action topics only for woocommerce_* and wc_* actions
		for (const topic of ['action.woocommerce_add_to_cart', 'action.wc_custom_event']) {
			const accepted = await wooRequest(sim, `${API}/webhooks`, { method: 'POST', body: { delivery_url: receiver.url, topic, secret: SECRET } });
			assert.equal(accepted.status, 201, topic);
		}

		const webhook = await createWebhook('order.created');
		const badUpdate = await wooRequest(sim, `${API}/webhooks/${webhook.id}`, { method: 'PUT', body: { topic: 'order.shipped' } });
		assert.equal(badUpdate.status, 400);
		assert.deepEqual(badUpdate.json, {
			code: 'woocommerce_rest_shop_webhook_invalid_topic',
			message: 'Webhook topic must be valid.',
			data: { status: 400 },
		});
		const trash = await wooRequest(sim, `${API}/webhooks/${webhook.id}`, { method: 'DELETE' });
		assert.equal(trash.status, 501);
		const deleted = await wooRequest(sim, `${API}/webhooks/${webhook.id}?force=true`, { method: 'DELETE' });
		assert.equal(deleted.status, 200);
		assert.equal(deleted.json.id, webhook.id);
	});

	it('answers an unknown webhook id as the webhooks controller does: 400 to read or update, 404 to delete (501 without force first)', async () => {
		const invalid = { code: 'woocommerce_rest_shop_webhook_invalid_id', message: 'ID is invalid.', data: { status: 400 } };
		const read = await wooRequest(sim, `${API}/webhooks/999`);
		assert.equal(read.status, 400);
		assert.deepEqual(read.json, invalid);
		const update = await wooRequest(sim, `${API}/webhooks/999`, { method: 'PUT', body: { name: 'x' } });
		assert.equal(update.status, 400);
		assert.deepEqual(update.json, invalid);
		const withoutForce = await wooRequest(sim, `${API}/webhooks/999`, { method: 'DELETE' });
		assert.equal(withoutForce.status, 501);
		assert.equal(withoutForce.json.code, 'woocommerce_rest_trash_not_supported');
		const forced = await wooRequest(sim, `${API}/webhooks/999?force=true`, { method: 'DELETE' });
		assert.equal(forced.status, 404);
		assert.deepEqual(forced.json, { code: 'woocommerce_rest_shop_webhook_invalid_id', message: 'Invalid ID.', data: { status: 404 } });
	});
});

describe('WooCommerce simulator: a failed ping is retried after the next successful delivery', () => {
	let receiver: Receiver;
	let sim: WooSimulator;

	beforeAll(async () => {
		receiver = await startReceiver(500);
		sim = await startWooCommerceSimulator({ allowedDeliveryPorts: [receiver.port], deliveryDelayMs: 60_000 });
		await control(sim, 'POST', 'products', sampleCatalogue());
	});
	afterEach(() => {
		receiver.requests.length = 0;
	});
	afterAll(async () => {
		await sim.close();
		await receiver.close();
	});

	it('keeps pending_delivery after a 500 ping and pings again once a delivery succeeds', async () => {
		const response = await wooRequest(sim, `${API}/webhooks`, {
			method: 'POST',
			body: { delivery_url: receiver.url, topic: 'order.created', secret: SECRET },
		});
		assert.equal(response.status, 201);
		assert.equal(sim.state.webhooks[0].pending_delivery, true);
		receiver.respondWith(200);
		await control(sim, 'POST', 'orders/place', placeOrderInput([{ sku: 'MUG-01', quantity: 1 }]));
		await sim.flushWebhooks();
		assert.deepEqual(
			receiver.requests.map((request) => request.headers['x-wc-webhook-topic'] ?? request.body.toString()),
			['webhook_id=1', 'order.created', 'webhook_id=1'],
		);
		assert.equal(sim.state.webhooks[0].pending_delivery, false);
	});
});
