/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
// The WooCommerce fixtures add up the way WooCommerce computes orders: line taxes, coupon discounts, shipping and
// fee taxes, tax_lines per rate, and the order total. Independent of the mappers (own cent arithmetic).
import assert from 'node:assert/strict';
import type { WooItemTax, WooOrder } from '../../nodes/Specter/mappers';
import { loadOrder, loadProduct, loadVariations, ORDER_FIXTURES } from './fixtures';

/** A WooCommerce money string in öre ('' counts as 0, as WooCommerce leaves uncomputed taxes empty). */
function cents(text: string): number {
	return text === '' ? 0 : Math.round(Number(text) * 100);
}

function sum(values: number[]): number {
	return values.reduce((total, value) => total + value, 0);
}

/** Per-item tax as WooCommerce rounds it (each rate's unrounded amount rounded to öre, then added). */
function roundedTaxes(taxes: WooItemTax[], part: 'total' | 'subtotal'): number {
	return sum(taxes.map((tax) => cents(tax[part])));
}

/** The 47 keys WooCommerce 7.9 sends for an order (woocommerce-behaviour.md §5.3). */
const ORDER_KEYS = [
	'id', 'parent_id', 'status', 'currency', 'version', 'prices_include_tax', 'date_created', 'date_modified',
	'discount_total', 'discount_tax', 'shipping_total', 'shipping_tax', 'cart_tax', 'total', 'total_tax',
	'customer_id', 'order_key', 'billing', 'shipping', 'payment_method', 'payment_method_title', 'transaction_id',
	'customer_ip_address', 'customer_user_agent', 'created_via', 'customer_note', 'date_completed', 'date_paid',
	'cart_hash', 'number', 'meta_data', 'line_items', 'tax_lines', 'shipping_lines', 'fee_lines', 'coupon_lines',
	'refunds', 'payment_url', 'is_editable', 'needs_payment', 'needs_processing', 'date_created_gmt',
	'date_modified_gmt', 'date_completed_gmt', 'date_paid_gmt', 'currency_symbol', '_links',
];

function checkOrder(order: WooOrder): void {
	assert.deepEqual(Object.keys(order), ORDER_KEYS);
	const ratePercent = new Map(order.tax_lines.map((line) => [line.rate_id, line.rate_percent as number]));

	for (const line of order.line_items) {
		assert.equal(roundedTaxes(line.taxes, 'total'), cents(line.total_tax), `${line.name}: total_tax`);
		assert.equal(roundedTaxes(line.taxes, 'subtotal'), cents(line.subtotal_tax), `${line.name}: subtotal_tax`);
		assert.ok(Math.abs(line.price - Number(line.total) / line.quantity) < 1e-6, `${line.name}: price`);
		for (const tax of line.taxes) {
			const expected = (Number(line.subtotal) * ratePercent.get(tax.id)!) / 100;
			assert.ok(Math.abs(expected - Number(tax.subtotal)) <= 0.01, `${line.name}: tax rate ${tax.id} on the subtotal`);
		}
	}
	for (const line of [...order.shipping_lines, ...order.fee_lines]) {
		assert.equal(roundedTaxes(line.taxes, 'total'), cents(line.total_tax), `${line.id}: total_tax`);
	}

	const itemTax = sum(order.line_items.map((line) => cents(line.total_tax)));
	const feeTax = sum(order.fee_lines.map((line) => cents(line.total_tax)));
	const shippingTax = sum(order.shipping_lines.map((line) => cents(line.total_tax)));
	assert.equal(cents(order.cart_tax), itemTax + feeTax, 'cart_tax');
	assert.equal(cents(order.shipping_tax), shippingTax, 'shipping_tax');
	assert.equal(cents(order.total_tax), cents(order.cart_tax) + cents(order.shipping_tax), 'total_tax');
	assert.equal(cents(order.shipping_total), sum(order.shipping_lines.map((line) => cents(line.total))), 'shipping_total');

	const discount = sum(order.line_items.map((line) => cents(line.subtotal) - cents(line.total)));
	const discountTax = sum(order.line_items.map((line) => cents(line.subtotal_tax) - cents(line.total_tax)));
	assert.equal(cents(order.discount_total), discount, 'discount_total');
	assert.equal(cents(order.discount_tax), discountTax, 'discount_tax');
	if (order.coupon_lines.length > 0) {
		assert.equal(sum(order.coupon_lines.map((coupon) => cents(coupon.discount))), discount, 'coupon discount');
		assert.equal(sum(order.coupon_lines.map((coupon) => cents(coupon.discount_tax))), discountTax, 'coupon discount_tax');
	}

	for (const taxLine of order.tax_lines) {
		const forRate = (taxes: WooItemTax[]) => roundedTaxes(taxes.filter((tax) => tax.id === taxLine.rate_id), 'total');
		const cartItems = [...order.line_items, ...order.fee_lines];
		assert.equal(cents(taxLine.tax_total), sum(cartItems.map((item) => forRate(item.taxes))), `tax_lines ${taxLine.rate_id}`);
		assert.equal(
			cents(taxLine.shipping_tax_total),
			sum(order.shipping_lines.map((line) => forRate(line.taxes))),
			`tax_lines ${taxLine.rate_id} shipping`,
		);
	}
	const usedRates = [...order.line_items, ...order.shipping_lines, ...order.fee_lines].flatMap((item) =>
		item.taxes.map((tax) => tax.id),
	);
	for (const rateId of usedRates) assert.ok(ratePercent.has(rateId), `rate ${rateId} has a tax line`);

	const itemsTotal = sum(order.line_items.map((line) => cents(line.total)));
	const feesTotal = sum(order.fee_lines.map((line) => cents(line.total)));
	assert.equal(cents(order.total), itemsTotal + feesTotal + cents(order.shipping_total) + cents(order.total_tax), 'total');
}

describe('WooCommerce order fixtures add up as WooCommerce computes them', () => {
	for (const name of ORDER_FIXTURES) {
		it(name, () => checkOrder(loadOrder(name)));
	}

	it('the checks catch a fixture that does not add up', () => {
		const order = loadOrder('order-kco-private-two-rates.json');
		order.total = '577.85';
		assert.throws(() => checkOrder(order), /total/);
	});
});

describe('WooCommerce product fixtures', () => {
	it('simple products: price is the sale price while on sale, else the regular price', () => {
		for (const name of ['product-simple.json', 'product-reduced-rate.json', 'product-without-sku.json'] as const) {
			const product = loadProduct(name);
			assert.equal(product.type, 'simple');
			assert.equal(product.price, product.on_sale ? product.sale_price : product.regular_price, name);
		}
	});

	it('the variable product lists its variations, and each variation links up to it', () => {
		const parent = loadProduct('product-variable.json');
		const variations = loadVariations();
		assert.equal(parent.type, 'variable');
		assert.equal(parent.regular_price, '');
		assert.deepEqual(
			variations.map((variation) => variation.id),
			parent.variations,
		);
		for (const variation of variations) {
			assert.equal(variation.type, undefined, 'WooCommerce 7.9 variations carry no type');
			assert.match(variation._links.up[0].href, new RegExp(`/products/${parent.id}$`));
			assert.equal(variation.price, variation.regular_price);
			for (const attribute of variation.attributes) {
				const parentAttribute = parent.attributes.find((candidate) => candidate.id === attribute.id);
				assert.ok(parentAttribute?.options.includes(attribute.option), `${attribute.name} ${attribute.option}`);
			}
		}
	});
});
