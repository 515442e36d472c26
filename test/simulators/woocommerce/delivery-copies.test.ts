/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
// Simulator conveniences for the fault suite (test/faults/): every topic delivery sent several times, and a request
// log longer than the default 500 entries.
import assert from 'node:assert/strict';

import { placeOrderInput, sampleCatalogue } from './fixtures';
import { startWooCommerceSimulator, type WooSimulator } from './server';
import { API, control, startReceiver, wooRequest, type Receiver } from './test-support';

// eslint-disable-next-line @n8n/community-nodes/no-hardcoded-secrets -- test value for a throwaway local webhook
const SECRET = 'c0ffee00c0ffee00c0ffee00c0ffee00';

describe('WooCommerce simulator: delivery copies and the request log size', () => {
	let receiver: Receiver;
	let sim: WooSimulator;

	beforeEach(async () => {
		receiver = await startReceiver();
		sim = await startWooCommerceSimulator({ allowedDeliveryPorts: [receiver.port], deliveryDelayMs: 60_000, requestLogSize: 600 });
		await control(sim, 'POST', 'products', sampleCatalogue());
		const created = await wooRequest(sim, `${API}/webhooks`, {
			method: 'POST',
			body: { delivery_url: receiver.url, topic: 'order.created', secret: SECRET },
		});
		assert.equal(created.status, 201, created.text);
		receiver.requests.length = 0;
	});
	afterEach(async () => {
		await sim.close();
		await receiver.close();
	});

	it('sends each topic delivery `copies` times: the same body and signature, a new delivery id each', async () => {
		assert.deepEqual(await control(sim, 'POST', 'webhooks/copies', { copies: 3 }), { copies: 3 });
		await control(sim, 'POST', 'orders/place', placeOrderInput([{ sku: 'MUG-01', quantity: 1 }]));
		await sim.flushWebhooks();
		assert.equal(receiver.requests.length, 3);
		const [first, ...copies] = receiver.requests;
		for (const copy of copies) {
			assert.equal(copy.body.toString(), first.body.toString());
			assert.equal(copy.headers['x-wc-webhook-signature'], first.headers['x-wc-webhook-signature']);
			assert.notEqual(copy.headers['x-wc-webhook-delivery-id'], first.headers['x-wc-webhook-delivery-id']);
		}
		assert.deepEqual(
			sim.state.deliveries.filter((entry) => entry.kind !== 'ping').map((entry) => entry.kind),
			['topic', 'redelivery', 'redelivery'],
		);
	});

	it('counts failed copies like any failed delivery, and stops sending copies to a disabled webhook', async () => {
		await control(sim, 'POST', 'webhooks/copies', { copies: 3 });
		receiver.respondWith(500);
		for (let order = 0; order < 3; order++) await control(sim, 'POST', 'orders/place', placeOrderInput([{ sku: 'MUG-01', quantity: 1 }]));
		await sim.flushWebhooks();
		// the 7th consecutive failure disables the webhook; nothing is sent after it
		assert.equal(receiver.requests.length, 7);
		assert.equal(sim.state.webhooks[0].status, 'disabled');
	});

	it('refuses a copies count that is not a whole number from 1 to 10', async () => {
		for (const copies of [0, 11, 1.5, '3']) {
			const response = await wooRequest(sim, '/__control/webhooks/copies', { method: 'POST', body: { copies } });
			assert.equal(response.status, 400, String(copies));
		}
	});

	it('keeps as many requests in its log as asked', async () => {
		sim.state.requests.length = 0;
		for (let request = 0; request < 650; request++) await wooRequest(sim, `${API}/products?per_page=1&page=${request + 1}`);
		assert.equal(sim.state.requests.length, 600);
		assert.equal(sim.state.requests[0].query, '?per_page=1&page=51', 'the oldest went first');
	});
});
