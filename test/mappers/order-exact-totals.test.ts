/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
// Issue 9, items 1-4: any quantity transfers with Specter's total and VAT per rate equal to WooCommerce's, a
// rate nobody charged is never booked, and an order without billing e-mail has a way out.
import assert from 'node:assert/strict';
import {
	mapWooOrderToSpecter,
	WooMappingError,
	type OrderMappingSettings,
	type WooOrder,
} from '../../nodes/Specter/mappers';
import { loadOrder } from './fixtures';
import { nonZero, specterTotals, wooOrder, wooVatByRate } from './woo-order-builder';

const SETTINGS: OrderMappingSettings = {
	shippingArticleNo: 'FRAKT',
	feeArticleNo: 'AVGIFT',
	discountArticleNo: 'RABATT',
	roundingArticleNo: 'ORESAVRUNDNING',
};

function cents(amount: string | number): number {
	return Math.round(Number(amount) * 100);
}

function mappingError(order: WooOrder, settings: OrderMappingSettings = SETTINGS): WooMappingError {
	try {
		mapWooOrderToSpecter(order, settings);
	} catch (error) {
		assert.ok(error instanceof WooMappingError, `expected a WooMappingError, got ${String(error)}`);
		return error;
	}
	assert.fail('the order mapped without an error');
}

/** Everything issue 9 asks of a mapped order, checked with the test's own arithmetic. */
function assertExact(order: WooOrder, label: string): void {
	const mapped = mapWooOrderToSpecter(order, SETTINGS);
	const rows = mapped.order.rows;
	const totals = specterTotals(rows);
	assert.equal(totals.inclVat, cents(order.total), `${label}: Specter's total equals WooCommerce's`);
	assert.deepEqual(nonZero(totals.vatByRate), nonZero(wooVatByRate(order)), `${label}: VAT per rate equals WooCommerce's tax lines`);
	for (const row of rows) {
		assert.equal(Math.round(row.priceExclVat * 100) / 100, row.priceExclVat, `${label}: ${row.articleNo} price ${row.priceExclVat} has at most 2 decimals`);
	}
	for (const line of order.line_items) {
		const lineRows = rows.filter((row) => row.articleNo === line.sku);
		const quantity = lineRows.reduce((sum, row) => sum + row.quantity, 0);
		assert.ok(Math.abs(quantity - line.quantity) < 1e-9, `${label}: the rows of ${line.sku} carry its quantity`);
		assert.equal(specterTotals(lineRows).exclVat, cents(line.subtotal), `${label}: the rows of ${line.sku} add up to its subtotal`);
	}
	const rounding = rows.filter((row) => row.articleNo === SETTINGS.roundingArticleNo);
	assert.ok(new Set(rounding.map((row) => row.vatPercent)).size === rounding.length, `${label}: at most one rounding row per rate`);
	for (const row of rounding) {
		assert.ok(Math.abs(row.priceExclVat * row.quantity) <= 0.5, `${label}: rounding row ${row.priceExclVat} stays small`);
	}
}

describe('mapWooOrderToSpecter: any quantity adds up to WooCommerce (issue 9, item 1)', () => {
	it('transfers 500 × 12.99 kr incl. 25 % plus shipping with Specter’s total equal to WooCommerce’s', () => {
		const order = wooOrder({ lines: [{ sku: 'PENNA-BLA', quantity: 500, unitPriceInclVat: 12.99, vatPercent: 25 }], shippingExclVat: 39.2 });
		// 500 × 12.99 = 6495.00 incl. → 5196.00 excl. + 1299.00 VAT; shipping 39.20 + 9.80
		assert.equal(order.total, '6544.00');
		const mapped = mapWooOrderToSpecter(order, SETTINGS);
		// 5196.00 / 500 = 10.392: 400 × 10.39 + 100 × 10.40 = 5196.00 exactly, both rows at most 1 öre off the unit price
		assert.deepEqual(mapped.order.rows, [
			{ articleNo: 'PENNA-BLA', articleName: 'Product PENNA-BLA', priceExclVat: 10.39, quantity: 400, vatPercent: 25 },
			{ articleNo: 'PENNA-BLA', articleName: 'Product PENNA-BLA', priceExclVat: 10.4, quantity: 100, vatPercent: 25 },
			{ articleNo: 'FRAKT', articleName: 'PostNord Varubrev', priceExclVat: 39.2, quantity: 1, vatPercent: 25 },
		]);
		assert.equal(mapped.summary.roundingRows, 0);
		assert.equal(mapped.summary.totalExclVat, 5235.2);
		assert.equal(mapped.summary.totalVat, 1308.8);
		assertExact(order, '500 × 12.99');
	});

	it('adds up for every quantity and price, and the rounding rows never grow with the quantity', () => {
		const quantities = [1, 2, 3, 7, 13, 99, 100, 250, 333, 499, 500, 999, 1000, 2500, 10000];
		const prices = [0.99, 7.77, 12.99, 19.9, 33.33, 99.5, 1499];
		for (const vatPercent of [25, 12, 6]) {
			for (const quantity of quantities) {
				for (const unitPriceInclVat of prices) {
					const order = wooOrder({
						lines: [
							{ sku: 'A', quantity, unitPriceInclVat, vatPercent },
							{ sku: 'B', quantity: quantity + 1, unitPriceInclVat: unitPriceInclVat + 0.01, vatPercent: 25 },
						],
						shippingExclVat: 39.2,
					});
					assertExact(order, `${quantity} × ${unitPriceInclVat} at ${vatPercent} %`);
				}
			}
		}
	});

	it('adds up for decimal quantities (a store selling by the metre, paid by bank transfer)', () => {
		for (const quantity of [0.3, 1.5, 2.25, 7.1, 12.75, 333.3]) {
			for (const unitPriceInclVat of [12.99, 249, 0.35]) {
				const order = wooOrder({ lines: [{ sku: 'TYG', quantity, unitPriceInclVat, vatPercent: 25 }] });
				assertExact(order, `${quantity} m × ${unitPriceInclVat}`);
			}
		}
	});
});

describe('mapWooOrderToSpecter: VAT per rate equals WooCommerce’s tax lines (issue 9, item 2)', () => {
	it('books 649.50 VAT at 25 % for 250 × 12.99 kr, as WooCommerce’s tax line says, not 649.38', () => {
		const order = wooOrder({ lines: [{ sku: 'PENNA-BLA', quantity: 250, unitPriceInclVat: 12.99, vatPercent: 25 }] });
		assert.equal(order.tax_lines[0].tax_total, '649.50');
		const totals = specterTotals(mapWooOrderToSpecter(order, SETTINGS).order.rows);
		assert.equal(totals.vatByRate['25'], 64950);
		assert.equal(totals.inclVat, 324750);
	});

	it('puts the öre Specter’s per-row VAT misses on a rounding row at that rate, and the balance on the 0 % rounding row', () => {
		// 3 × 19.90 incl. 12 %: WooCommerce 53.30 + 6.40 (6.396 unrounded); rows 1 × 17.76 + 2 × 17.77 = 53.30
		// give 2.13 + 4.26 = 6.39 VAT in Specter, one öre short.
		const order = loadOrder('order-bacs-admin.json');
		const mapped = mapWooOrderToSpecter(order, SETTINGS);
		assert.deepEqual(mapped.order.rows, [
			{ articleNo: 'TE-EARLGREY-100', articleName: 'Te Earl Grey 100 g', priceExclVat: 17.76, quantity: 1, vatPercent: 12 },
			{ articleNo: 'TE-EARLGREY-100', articleName: 'Te Earl Grey 100 g', priceExclVat: 17.77, quantity: 2, vatPercent: 12 },
			{ articleNo: 'TERMOS-05', articleName: 'Termos 0,5 l', priceExclVat: 199.2, quantity: 1, vatPercent: 25 },
			{ articleNo: 'FRAKT', articleName: 'PostNord Varubrev', priceExclVat: 39.2, quantity: 1, vatPercent: 25 },
			// 0.08 × 12 % = 0.0096 → 0.01 VAT; the 0 % row takes the 0.08 back, so the total stays 357.70
			{ articleNo: 'ORESAVRUNDNING', articleName: 'Rounding (12% VAT)', priceExclVat: 0.08, quantity: 1, vatPercent: 12 },
			{ articleNo: 'ORESAVRUNDNING', articleName: 'Rounding', priceExclVat: -0.08, quantity: 1, vatPercent: 0 },
		]);
		const totals = specterTotals(mapped.order.rows);
		assert.deepEqual(totals.vatByRate, { '12': 640, '25': 5960 });
		assert.equal(totals.inclVat, 35770);
		assert.equal(mapped.summary.roundingRows, 2);
		assert.equal(mapped.summary.totalVat, 66);
		assert.deepEqual(mapped.summary.vatByRate, { '25': 59.6, '12': 6.4 });
	});

	it('keeps the fixtures’ VAT per rate equal to their tax lines', () => {
		for (const name of ['order-kco-private-two-rates.json', 'order-nexi-company.json', 'order-dibs-legacy.json', 'order-cod-fee-lines.json'] as const) {
			const order = loadOrder(name);
			const totals = specterTotals(mapWooOrderToSpecter(order, { ...SETTINGS, klarnaMerchantId: 'K1' }).order.rows);
			assert.deepEqual(nonZero(totals.vatByRate), nonZero(wooVatByRate(order)), name);
			assert.equal(totals.inclVat, cents(order.total), name);
		}
	});

	it('refuses an order whose tax lines the lines cannot explain, naming the rate', () => {
		const order = wooOrder({ lines: [{ sku: 'A', quantity: 2, unitPriceInclVat: 125, vatPercent: 25 }] });
		order.tax_lines[0].tax_total = '60.00'; // the line carries 50.00
		order.total = '260.00';
		const error = mappingError(order);
		assert.equal(error.field, 'tax_lines');
		assert.match(error.message, /^order 1044: WooCommerce's tax lines charge 60\.00 VAT at 25%, but the order's items at 25% come to 50\.00 VAT/);
	});
});

describe('mapWooOrderToSpecter: several tax rates on one item (issue 9, item 3)', () => {
	/** A line taxed 5 % + 7 % (e.g. two stacked rates): together 12 %, a rate Specter takes but nobody charged. */
	function stackedOrder(): WooOrder {
		const order = wooOrder({ lines: [{ sku: 'KAFFE-1', name: 'Kaffe', quantity: 1, unitPriceInclVat: 112, vatPercent: 12 }] });
		order.line_items[0].taxes = [
			{ id: 21, total: '5', subtotal: '5' },
			{ id: 22, total: '7', subtotal: '7' },
		];
		order.tax_lines = [
			{ ...order.tax_lines[0], rate_id: 21, label: 'Tax A', rate_code: 'A', rate_percent: 5, tax_total: '5.00' },
			{ ...order.tax_lines[0], id: 7001, rate_id: 22, label: 'Tax B', rate_code: 'B', rate_percent: 7, tax_total: '7.00' },
		];
		return order;
	}

	it('refuses a product line taxed at 5 % and 7 %, naming order, line, SKU and field, instead of booking 12 %', () => {
		const error = mappingError(stackedOrder());
		assert.equal(
			error.message,
			'order 1044, line 1 (Kaffe, SKU KAFFE-1): 2 tax rates are charged on the same amount (5% "Tax A" and 7% "Tax B"); ' +
				'Specter books one VAT rate per row, and booking 12% would be a rate nobody charged — ' +
				"give the product one tax rate in WooCommerce (its tax class), or enter this order in Specter by hand",
		);
		assert.equal(error.field, 'line_items[0].taxes');
		assert.equal(error.lineIndex, 0);
	});

	it('refuses it too when the tax lines carry no rate_percent (the sum would otherwise be derived from the amounts)', () => {
		const order = stackedOrder();
		for (const line of order.tax_lines) delete line.rate_percent;
		assert.equal(mappingError(order).field, 'line_items[0].taxes');
	});

	it('refuses stacked rates on a shipping line', () => {
		const order = wooOrder({ lines: [{ sku: 'A', quantity: 1, unitPriceInclVat: 125, vatPercent: 25 }], shippingExclVat: 100 });
		order.shipping_lines[0].taxes = [
			{ id: 1, total: '12.5', subtotal: '' },
			{ id: 4, total: '12.5', subtotal: '' },
		];
		order.tax_lines.push({ ...order.tax_lines[0], id: 7009, rate_id: 4, rate_percent: 12.5, label: 'Extra' });
		const error = mappingError(order);
		assert.equal(error.field, 'shipping_lines[0].taxes');
		assert.match(error.message, /^order 1044, shipping line 1 \(PostNord Varubrev\): 2 tax rates are charged on the same amount/);
	});

	it('still splits a negative fee WooCommerce spread over the cart’s rates (each rate on its own share)', () => {
		const rows = mapWooOrderToSpecter(loadOrder('order-cod-fee-lines.json'), SETTINGS).order.rows;
		assert.deepEqual(
			rows.filter((row) => row.articleNo === 'AVGIFT').map((row) => [row.priceExclVat, row.vatPercent]),
			[
				[-20, 25],
				[-30, 6],
				[40, 25],
			],
		);
	});
});

describe('mapWooOrderToSpecter: an order without billing e-mail (issue 9, item 4)', () => {
	function withoutEmail(): WooOrder {
		const order = loadOrder('order-bacs-admin.json');
		order.billing.email = '';
		return order;
	}

	it('names the fallback option in the error', () => {
		const error = mappingError(withoutEmail());
		assert.equal(error.field, 'billing.email');
		assert.equal(
			error.message,
			"order 1044: the billing e-mail is empty — Specter needs an e-mail address for every customer: add one to the order's billing address, " +
				'or set the option Fallback Customer Email (one address for a shared customer, or an expression such as order-{{ $json.number }}@yourshop.se for one customer per order)',
		);
	});

	it('uses the Fallback Customer Email when the billing e-mail is empty, and says so', () => {
		const mapped = mapWooOrderToSpecter(withoutEmail(), { ...SETTINGS, fallbackEmail: ' kassa@butiken.se ' });
		assert.equal(mapped.customer.email, 'kassa@butiken.se');
		assert.equal(mapped.customer.firstName, 'Erik');
		assert.ok(mapped.summary.notes.some((note) => note.includes('fallback e-mail kassa@butiken.se')));
	});

	it('keeps the billing e-mail when there is one', () => {
		const mapped = mapWooOrderToSpecter(loadOrder('order-bacs-admin.json'), { ...SETTINGS, fallbackEmail: 'kassa@butiken.se' });
		assert.equal(mapped.customer.email, 'erik.johansson@example.com');
	});
});
