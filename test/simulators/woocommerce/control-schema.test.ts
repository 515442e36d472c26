/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
/// <reference types="jest" />
// The WooCommerce simulator's control API checks every body against its zod schema (control-schema.ts): a body
// that does not fit is answered 400 with {"error":"invalid control payload","issues":[{path, message}]} naming each
// wrong field, and changes nothing; good bodies (the fixtures the other tests and the sandbox use) still work.
import assert from 'node:assert/strict';

import { klarnaPayment, placeOrderInput, sampleCatalogue } from './fixtures';
import { startWooCommerceSimulator, type WooSimulator } from './server';
import { API, type Receiver, type WooResponse, startReceiver, wooRequest } from './test-support';

interface Issue {
	path: string;
	message: string;
}

describe('WooCommerce simulator: control payload schemas', () => {
	let sim: WooSimulator;
	let receiver: Receiver;

	beforeAll(async () => {
		receiver = await startReceiver();
		// deliveries only on flush, so the redelivery test knows what was delivered
		sim = await startWooCommerceSimulator({ allowedDeliveryPorts: [receiver.port], deliveryDelayMs: 60_000 });
	});
	afterAll(async () => {
		await sim.close();
		await receiver.close();
	});
	beforeEach(async () => {
		assert.equal((await post('reset')).status, 200);
	});

	const post = (path: string, body?: unknown): Promise<WooResponse> =>
		wooRequest(sim, `/__control/${path}`, { method: 'POST', body, auth: 'none' });

	/** POSTs `body` and expects a 400 naming exactly the fields in `paths` (in order). */
	async function refused(path: string, body: unknown, paths: string[]): Promise<Issue[]> {
		const response = await post(path, body);
		assert.equal(response.status, 400, response.text);
		assert.equal(response.json.error, 'invalid control payload');
		const issues = response.json.issues as Issue[];
		assert.deepEqual(
			issues.map((issue) => issue.path),
			paths,
			response.text,
		);
		for (const issue of issues) assert.ok(issue.message.length > 0);
		return issues;
	}

	describe('POST products', () => {
		it('names the wrong field of a product in a list, in a wrapped list and alone, and seeds nothing', async () => {
			const issues = await refused('products', [{ name: 'Mugg', sku: 'MUG', regular_price: 125 }, { name: 'Bok', type: 'book' }], [
				'0.regular_price',
				'1.type',
			]);
			assert.equal(issues[0].message, 'Invalid input: expected string, received number');
			assert.match(issues[1].message, /^Invalid option: expected one of "simple"\|"grouped"\|"external"\|"variable"/);
			await refused('products', { products: [{ name: 'T-shirt', variations: [{ sku: 'TEE-S', attributes: [{ name: 'Storlek' }] }] }] }, [
				'products.0.variations.0.attributes.0.option',
			]);
			await refused('products', { products: [], extra: true }, ['extra']);
			await refused('products', { name: 'Mugg', stock_quantity: 2.5, manage_stock: 'yes' }, ['manage_stock', 'stock_quantity']);
			assert.equal(sim.state.products.length, 0);
		});

		it('seeds the sample catalogue in each of the three forms', async () => {
			// SKUs are unique in a store, so each form seeds a fresh one
			for (const [body, records] of [
				[sampleCatalogue(), 8],
				[{ products: sampleCatalogue() }, 8],
				[sampleCatalogue()[0], 1],
			] as const) {
				assert.equal((await post('reset')).status, 200);
				const seeded = await post('products', body);
				assert.equal(seeded.status, 201, seeded.text);
				assert.equal(sim.state.products.length, records, '5 products and 3 variations, or a mug');
			}
		});
	});

	describe('POST orders/place', () => {
		it('names wrong order lines, totals and statuses, and places no order', async () => {
			await post('products', sampleCatalogue());
			const order = placeOrderInput([{ sku: 'MUG-01', quantity: 0 }, { quantity: 1 }], klarnaPayment(), {
				status: 'paid' as never,
				shipping_lines: [{ method_id: 'flat_rate', method_title: 'PostNord', total: '49,00' }],
			});
			const issues = await refused('orders/place', order, ['line_items.0.quantity', 'line_items.1.sku', 'shipping_lines.0.total', 'status']);
			assert.equal(issues[1].message, 'Required: sku or product_id');
			await refused('orders/place', { billing: { first_name: 'Eva' } }, ['line_items']);
			assert.equal(sim.state.orders.length, 0);
		});

		it('places a good order (the sandbox\'s and the end-to-end tests\' fixtures)', async () => {
			await post('products', sampleCatalogue());
			const placed = await post('orders/place', placeOrderInput([{ sku: 'MUG-01', quantity: 2 }, { sku: 'FOOD-01', quantity: 1 }], klarnaPayment()));
			assert.equal(placed.status, 201, placed.text);
			assert.equal(placed.json.status, 'processing');
			// the sandbox's curl example
			const curl = await post('orders/place', {
				line_items: [{ sku: 'BOOK-01', quantity: 1 }],
				payment_method: 'bacs',
				billing: { first_name: 'Eva', last_name: 'Ek', email: 'eva@example.se' },
			});
			assert.equal(curl.status, 201, curl.text);
		});
	});

	describe('POST faults and webhooks/redeliver', () => {
		it('names every wrong field of a fault and queues none', async () => {
			const issues = await refused('faults', { kind: 'timeout', times: '2', path: 'orders', latency: 5 }, ['kind', 'times', 'path', 'latency']);
			assert.match(issues[0].message, /^Invalid option: expected one of "http500"\|"latency"\|"refuse"$/);
			assert.deepEqual(sim.state.faults, []);
			assert.equal((await post('faults', { kind: 'http500', times: 2, path: '/orders' })).status, 201);
			assert.equal(sim.state.faults.length, 1);
		});

		it('a refusal needs an SKU and takes neither a path nor a latency; a request fault takes no SKU', async () => {
			const issues = await refused('faults', { kind: 'refuse', path: '/products', latencyMs: 5 }, ['path', 'latencyMs', 'sku']);
			assert.equal(issues[2].message, 'Required: the SKU of the product or variation to refuse');
			await refused('faults', { kind: 'http500', sku: 'MUG-01' }, ['sku']);
			assert.deepEqual(sim.state.faults, []);
			assert.equal((await post('faults', { kind: 'refuse', sku: 'MUG-01', times: 3, message: 'Nej.' })).status, 201);
			assert.deepEqual(sim.state.faults, [{ kind: 'refuse', remaining: 3, sku: 'MUG-01', message: 'Nej.' }]);
		});

		it('names a wrong redelivery count or webhook id', async () => {
			await post('products', sampleCatalogue());
			const webhook = await wooRequest(sim, `${API}/webhooks`, { method: 'POST', body: { delivery_url: receiver.url, topic: 'order.created' } });
			assert.equal(webhook.status, 201, webhook.text);
			await post('orders/place', placeOrderInput([{ sku: 'MUG-01', quantity: 1 }]));
			assert.equal((await post('webhooks/flush')).status, 200);

			await refused('webhooks/redeliver', { times: 0, webhook_id: 'one' }, ['times', 'webhook_id']);
			const redelivered = await post('webhooks/redeliver', { times: 2, webhook_id: webhook.json.id });
			assert.equal(redelivered.status, 200, redelivered.text);
			assert.equal(redelivered.json.length, 2);
		});
	});

	it('leaves bodiless and unknown actions as they were', async () => {
		assert.equal((await post('webhooks/flush')).status, 200);
		assert.equal((await post('nothing', { any: 'thing' })).status, 404);
	});
});
