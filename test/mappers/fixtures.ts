/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test code runs in Node, not inside n8n */
// Loads the WooCommerce REST v3 fixtures in test/fixtures/woocommerce. Each call returns a fresh copy, so a test
// may change it (e.g. another payment method) without affecting others.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WooOrder, WooProduct, WooVariation } from '../../nodes/Specter/mappers';

export const FIXTURE_DIR = join(__dirname, '..', 'fixtures', 'woocommerce');

export const ORDER_FIXTURES = [
	'order-kco-private-two-rates.json',
	'order-nexi-company.json',
	'order-line-without-sku.json',
	'order-dibs-legacy.json',
	'order-bacs-admin.json',
	'order-klarna-decimal-quantity.json',
	'order-cod-fee-lines.json',
] as const;

export const PRODUCT_FIXTURES = [
	'product-simple.json',
	'product-reduced-rate.json',
	'product-variable.json',
	'product-without-sku.json',
] as const;

function load(name: string): unknown {
	return JSON.parse(readFileSync(join(FIXTURE_DIR, name), 'utf8'));
}

export function loadOrder(name: (typeof ORDER_FIXTURES)[number]): WooOrder {
	return load(name) as WooOrder;
}

export function loadProduct(name: (typeof PRODUCT_FIXTURES)[number]): WooProduct {
	return load(name) as WooProduct;
}

/** The variable product's variations, as GET /products/812/variations returns them. */
export function loadVariations(): WooVariation[] {
	return load('product-variable-variations.json') as WooVariation[];
}
