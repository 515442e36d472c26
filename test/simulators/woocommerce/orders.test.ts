/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
// Orders: totals and VAT computed like WooCommerce (prices incl. VAT), coupons spread over lines, stock, notes.
import assert from 'node:assert/strict';

import { klarnaPayment, nexiPayment, placeOrderInput, sampleCatalogue } from './fixtures';
import { startWooCommerceSimulator, type WooSimulator } from './server';
import { API, control, nextLink, wooRequest } from './test-support';

const cents = (value: string) => Math.round(Number(value) * 100);

interface Money {
	total: string;
	total_tax: string;
}

describe('WooCommerce simulator: orders', () => {
	let sim: WooSimulator;

	beforeAll(async () => {
		sim = await startWooCommerceSimulator();
	});
	afterAll(async () => {
		await sim.close();
	});
	beforeEach(async () => {
		await control(sim, 'POST', 'reset');
		await control(sim, 'POST', 'products', sampleCatalogue());
	});

	async function stockOf(sku: string): Promise<number> {
		const response = await wooRequest(sim, `${API}/products?sku=${sku}`);
		return response.json[0].stock_quantity;
	}

	it('computes two VAT rates, shipping and a percent coupon so that lines and taxes add up to the total', async () => {
		const order = await control(
			sim,
			'POST',
			'orders/place',
			placeOrderInput(
				[
					{ sku: 'MUG-01', quantity: 2 },
					{ sku: 'FOOD-01', quantity: 3 },
				],
				klarnaPayment(),
				{ coupon_lines: [{ code: 'HOST10', discount_type: 'percent', amount: '10' }] },
			),
		);
		assert.equal(order.status, 'processing');
		assert.equal(order.prices_include_tax, true);
		const [mug, coffee] = order.line_items;
		// 2 × 125.00 incl. 25 %: 200.00 + 50.00 before, 10 % off → 180.00 + 45.00.
		assert.deepEqual([mug.subtotal, mug.subtotal_tax, mug.total, mug.total_tax], ['200.00', '50.00', '180.00', '45.00']);
		assert.deepEqual(mug.taxes, [{ id: 1, total: '45.00', subtotal: '50.00' }]);
		assert.equal(mug.tax_class, '');
		assert.equal(mug.price, 90);
		// 3 × 99.00 incl. 12 %: 297.00 = 265.18 + 31.82, 10 % off → 267.30 = 238.66 + 28.64.
		assert.deepEqual([coffee.subtotal, coffee.subtotal_tax, coffee.total, coffee.total_tax], ['265.18', '31.82', '238.66', '28.64']);
		assert.equal(coffee.tax_class, 'reduced-rate');
		assert.deepEqual(order.shipping_lines.map((line: Money) => [line.total, line.total_tax]), [['49.00', '12.25']]);
		assert.equal(order.discount_total, '46.52');
		assert.equal(order.discount_tax, '8.18');
		assert.equal(order.cart_tax, '73.64');
		assert.equal(order.shipping_tax, '12.25');
		assert.equal(order.total_tax, '85.89');
		assert.equal(order.total, '553.55');
		assert.deepEqual(
			order.coupon_lines.map((line: { code: string; discount: string; discount_tax: string }) => [line.code, line.discount, line.discount_tax]),
			[['host10', '46.52', '8.18']],
		);
		assert.deepEqual(
			order.tax_lines.map((line: { rate_code: string; rate_percent: number; tax_total: string; shipping_tax_total: string }) => [
				line.rate_code,
				line.rate_percent,
				line.tax_total,
				line.shipping_tax_total,
			]),
			[
				['SE-MOMS 25%-1', 25, '45.00', '12.25'],
				['SE-MOMS 12%-1', 12, '28.64', '0.00'],
			],
		);

		const parts = [...order.line_items, ...order.shipping_lines, ...order.fee_lines] as Money[];
		const sum = parts.reduce((total, line) => total + cents(line.total) + cents(line.total_tax), 0);
		assert.equal(sum, cents(order.total), 'line totals + their taxes = order total');
		const taxLines = order.tax_lines.reduce(
			(total: number, line: { tax_total: string; shipping_tax_total: string }) => total + cents(line.tax_total) + cents(line.shipping_tax_total),
			0,
		);
		assert.equal(taxLines, cents(order.total_tax), 'tax lines = total_tax');
	});

	it('spreads a fixed_cart coupon over the lines and handles fees, zero rate and the six-rate class', async () => {
		const order = await control(
			sim,
			'POST',
			'orders/place',
			placeOrderInput(
				[
					{ sku: 'MUG-01', quantity: 1 },
					{ sku: 'BOOK-01', quantity: 1 },
					{ sku: 'GIFT-01', quantity: 1 },
				],
				nexiPayment(),
				{
					coupon_lines: [{ code: 'minus100', discount_type: 'fixed_cart', amount: '100' }],
					fee_lines: [{ name: 'Fakturaavgift', total: '20.00' }],
				},
			),
		);
		const discountGross = order.line_items.reduce(
			(total: number, line: { subtotal: string; subtotal_tax: string } & Money) =>
				total + cents(line.subtotal) + cents(line.subtotal_tax) - cents(line.total) - cents(line.total_tax),
			0,
		);
		assert.equal(discountGross, 10_000, '100.00 incl. VAT off in total');
		for (const line of order.line_items) assert.notEqual(line.subtotal, line.total, `${line.name} carries part of it`);
		const book = order.line_items.find((line: { sku: string }) => line.sku === 'BOOK-01');
		assert.equal(book.taxes[0].id, 3, 'six-rate (6 %)');
		const gift = order.line_items.find((line: { sku: string }) => line.sku === 'GIFT-01');
		assert.deepEqual(gift.taxes.map((tax: { id: number; total: string }) => [tax.id, tax.total]), [[4, '0.00']]);
		assert.deepEqual(order.fee_lines.map((fee: Money) => [fee.total, fee.total_tax]), [['20.00', '5.00']]);
		const parts = [...order.line_items, ...order.shipping_lines, ...order.fee_lines] as Money[];
		assert.equal(
			parts.reduce((total, line) => total + cents(line.total) + cents(line.total_tax), 0),
			cents(order.total),
		);
		assert.equal(cents(order.discount_total) + cents(order.discount_tax), 10_000);
	});

	it('reduces stock of products and variations once paid, marks the lines and restores stock on cancel', async () => {
		const order = await control(
			sim,
			'POST',
			'orders/place',
			placeOrderInput([
				{ sku: 'MUG-01', quantity: 2 },
				{ sku: 'TEE-M', quantity: 3 },
			]),
		);
		assert.equal(await stockOf('MUG-01'), 38);
		assert.equal(await stockOf('TEE-M'), 7);
		const tee = order.line_items.find((line: { sku: string }) => line.sku === 'TEE-M');
		assert.equal(tee.name, 'T-shirt - M');
		assert.equal(tee.parent_name, 'T-shirt');
		assert.notEqual(tee.variation_id, 0);
		assert.ok(tee.meta_data.some((meta: { key: string; value: string }) => meta.key === '_reduced_stock' && meta.value === '3'));
		assert.ok(tee.meta_data.some((meta: { key: string; display_key: string; value: string }) => meta.display_key === 'Storlek' && meta.value === 'M'));

		const cancelled = await wooRequest(sim, `${API}/orders/${order.id}`, { method: 'PUT', body: { status: 'cancelled' } });
		assert.equal(cancelled.status, 200);
		assert.equal(await stockOf('MUG-01'), 40);
		assert.equal(await stockOf('TEE-M'), 10);
		assert.ok(cancelled.json.line_items.every((line: { meta_data: Array<{ key: string }> }) => !line.meta_data.some((meta) => meta.key === '_reduced_stock')));

		const notes = await wooRequest(sim, `${API}/orders/${order.id}/notes`);
		assert.ok(notes.json.some((note: { note: string }) => note.note === 'Order status changed from Processing to Cancelled.'));
		assert.ok(notes.json.some((note: { note: string }) => note.note.startsWith('Stock levels reduced:')));
	});

	it('creates REST orders as pending, reducing stock once (woocommerce-behaviour.md §3), and completes them', async () => {
		const [mugProduct] = (await wooRequest(sim, `${API}/products?sku=MUG-01`)).json;
		const created = await wooRequest(sim, `${API}/orders`, {
			method: 'POST',
			body: {
				payment_method: 'kco',
				billing: { first_name: 'Åsa', email: 'asa@example.se' },
				line_items: [{ product_id: mugProduct.id, quantity: 1 }],
			},
		});
		assert.equal(created.status, 201);
		assert.equal(created.json.status, 'pending');
		assert.equal(created.json.created_via, 'rest-api');
		assert.equal(created.json.total, '125.00');
		assert.equal(created.json.number, String(created.json.id));
		assert.match(created.json.order_key, /^wc_order_[A-Za-z0-9]{13}$/);
		assert.equal(created.json.date_paid, null);
		assert.ok(created.text.includes('\\u00c5sa'), 'PHP-style JSON escapes non-ASCII');
		assert.equal(await stockOf('MUG-01'), 39);
		assert.deepEqual(
			created.json.line_items[0].meta_data.map((meta: { key: string; value: string }) => [meta.key, meta.value]),
			[['_reduced_stock', '1']],
		);

		const processing = await wooRequest(sim, `${API}/orders/${created.json.id}`, { method: 'PUT', body: { status: 'processing' } });
		assert.equal(processing.json.status, 'processing');
		assert.notEqual(processing.json.date_paid, null);
		assert.equal(await stockOf('MUG-01'), 39);
		const completed = await wooRequest(sim, `${API}/orders/${created.json.id}`, { method: 'PUT', body: { status: 'completed' } });
		assert.notEqual(completed.json.date_completed, null);
		assert.equal(await stockOf('MUG-01'), 39, 'stock is reduced only once');

		const note = await wooRequest(sim, `${API}/orders/${created.json.id}/notes`, {
			method: 'POST',
			body: { note: 'Skickad med PostNord', customer_note: true },
		});
		assert.equal(note.status, 201);
		assert.equal(note.json.customer_note, true);

		const invalid = await wooRequest(sim, `${API}/orders`, { method: 'POST', body: { line_items: [{ sku: 'NOPE', quantity: 1 }] } });
		assert.equal(invalid.status, 400);
		assert.equal(invalid.json.code, 'woocommerce_rest_invalid_product_id');
	});

	it('carries Klarna and Nexi payment data into the order JSON', async () => {
		const klarna = klarnaPayment();
		const nexi = nexiPayment();
		const klarnaOrder = await control(sim, 'POST', 'orders/place', placeOrderInput([{ sku: 'MUG-01', quantity: 1 }], klarna));
		const nexiOrder = await control(sim, 'POST', 'orders/place', placeOrderInput([{ sku: 'MUG-01', quantity: 1 }], nexi));
		assert.equal(klarnaOrder.payment_method, 'kco');
		assert.match(klarnaOrder.transaction_id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
		const klarnaMeta = klarnaOrder.meta_data.find((meta: { key: string }) => meta.key === '_wc_klarna_order_id');
		assert.equal(klarnaMeta.value, klarnaOrder.transaction_id);
		assert.equal(typeof klarnaMeta.id, 'number');
		assert.equal(nexiOrder.payment_method, 'dibs_easy');
		assert.match(nexiOrder.transaction_id, /^[0-9a-f]{32}$/);
		assert.equal(nexiOrder.meta_data.find((meta: { key: string }) => meta.key === '_dibs_payment_id').value, nexiOrder.transaction_id);
	});

	it('computes VAT on top of the price when the store enters prices excluding VAT', async () => {
		const exclusive = await startWooCommerceSimulator({ pricesIncludeTax: false });
		try {
			await control(exclusive, 'POST', 'products', sampleCatalogue());
			const order = await control(
				exclusive,
				'POST',
				'orders/place',
				placeOrderInput([{ sku: 'MUG-01', quantity: 2 }], klarnaPayment(), {
					coupon_lines: [{ code: 'fifty', discount_type: 'fixed_cart', amount: '50' }],
				}),
			);
			assert.equal(order.prices_include_tax, false);
			const [mug] = order.line_items;
			assert.deepEqual([mug.subtotal, mug.subtotal_tax, mug.total, mug.total_tax], ['250.00', '62.50', '200.00', '50.00']);
			assert.equal(order.total, '311.25', '200 + 50 VAT + 49 shipping + 12.25 VAT');
		} finally {
			await exclusive.close();
		}
	});

	it('lists orders with status and modified_after filters and links carrying status[0], dp and context', async () => {
		const first = await control(sim, 'POST', 'orders/place', placeOrderInput([{ sku: 'MUG-01', quantity: 1 }]));
		await control(sim, 'POST', 'orders/place', placeOrderInput([{ sku: 'MUG-01', quantity: 1 }]));
		await control(sim, 'POST', 'orders/place', placeOrderInput([{ sku: 'MUG-01', quantity: 1 }], klarnaPayment(), { status: 'on-hold' }));

		const page = await wooRequest(sim, `${API}/orders?per_page=1`);
		assert.equal(page.headers['x-wp-total'], '3');
		assert.match(String(page.headers.link), /\/orders\?per_page=1&status%5B0%5D=any&dp=2&context=view&page=2>; rel="next"$/);

		const processing = await wooRequest(sim, `${API}/orders?status=processing&per_page=1`);
		assert.equal(processing.headers['x-wp-total'], '2');
		const next = nextLink(processing.headers.link as string);
		assert.match(String(next), /status%5B0%5D=processing/);
		// n8n appends its qs to the Link URL again; PHP lets the later plain key win.
		const second = await wooRequest(sim, `${next}&status=processing&per_page=1`);
		assert.equal(second.json.length, 1);
		assert.equal(second.json[0].status, 'processing');

		const stamp = new Date(sim.state.orders[0].modified).toISOString();
		await wooRequest(sim, `${API}/orders/${first.id}`, { method: 'PUT', body: { customer_note: 'Ring innan leverans' } });
		const modified = await wooRequest(sim, `${API}/orders?modified_after=${encodeURIComponent(stamp)}`);
		assert.ok(modified.json.some((order: { id: number }) => order.id === first.id));
	});

	it('takes order notes as WC_REST_Order_Notes_Controller does: note required, the flags booleans, a visible note for customer_note true', async () => {
		const order = await control(sim, 'POST', 'orders/place', placeOrderInput([{ sku: 'MUG-01', quantity: 1 }]));
		const notes = `${API}/orders/${order.id}/notes`;
		const visible = await wooRequest(sim, notes, { method: 'POST', body: { note: 'Spårning: PN1', customer_note: true } });
		assert.equal(visible.status, 201);
		assert.deepEqual([visible.json.note, visible.json.customer_note], ['Spårning: PN1', true]);
		// WordPress's boolean arguments take 'true'/'1' too; a private note is the default
		assert.equal((await wooRequest(sim, notes, { method: 'POST', body: { note: 'Intern', customer_note: 'false' } })).json.customer_note, false);
		assert.equal((await wooRequest(sim, notes, { method: 'POST', body: { note: '' } })).status, 201, 'add_order_note() takes an empty note');

		const missing = await wooRequest(sim, notes, { method: 'POST', body: { customer_note: true } });
		assert.equal(missing.status, 400);
		assert.equal(missing.json.code, 'rest_missing_callback_param');
		const notBoolean = await wooRequest(sim, notes, { method: 'POST', body: { note: 'x', customer_note: 'yes' } });
		assert.equal(notBoolean.status, 400);
		assert.equal(notBoolean.json.code, 'rest_invalid_param');
		const unknown = await wooRequest(sim, `${API}/orders/999999/notes`, { method: 'POST', body: { note: 'x' } });
		assert.deepEqual([unknown.status, unknown.json.code, unknown.json.message], [404, 'woocommerce_rest_order_invalid_id', 'Invalid order ID.']);

		const listed = await wooRequest(sim, notes);
		assert.ok(listed.json.some((note: { note: string; customer_note: boolean }) => note.note === 'Spårning: PN1' && note.customer_note));
		assert.equal(sim.state.orders.find((candidate) => candidate.id === order.id)?.notes.filter((note) => note.customer_note).length, 1);
	});
});
