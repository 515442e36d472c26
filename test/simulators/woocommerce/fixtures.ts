 
// Builders for the control API: a small Swedish catalogue, Swedish addresses, and the order data Klarna
// (Kustom Checkout, `kco`) and Nexi Checkout (`dibs_easy`) leave on a WooCommerce order (docs/woocommerce.md §7).
import { randomUUID } from 'node:crypto';

import { randomHex } from './util';

export interface MetaInput {
	key: string;
	value: unknown;
}

export interface PaymentFields {
	payment_method: string;
	payment_method_title: string;
	/** what the gateway passes to payment_complete(): Klarna's order id or Nexi's paymentId */
	transaction_id: string;
	meta_data: MetaInput[];
}

export interface AddressInput {
	first_name?: string;
	last_name?: string;
	company?: string;
	address_1?: string;
	address_2?: string;
	city?: string;
	state?: string;
	postcode?: string;
	country?: string;
	email?: string;
	phone?: string;
}

export interface PlaceOrderLine {
	sku?: string;
	product_id?: number;
	variation_id?: number;
	quantity: number;
}

/** Body of POST /__control/orders/place. */
export interface PlaceOrderInput {
	line_items: PlaceOrderLine[];
	billing?: AddressInput;
	shipping?: AddressInput;
	payment_method?: string;
	payment_method_title?: string;
	transaction_id?: string;
	meta_data?: MetaInput[];
	/** an unknown code with discount_type and amount is created as a coupon first */
	coupon_lines?: Array<{ code: string; discount_type?: 'percent' | 'fixed_cart' | 'fixed_product'; amount?: string }>;
	shipping_lines?: Array<{ method_id: string; method_title: string; total: string }>;
	fee_lines?: Array<{ name: string; total: string; tax_class?: string; tax_status?: 'taxable' | 'none' }>;
	/** default processing (paid at checkout) */
	status?: string;
	customer_id?: number;
	customer_note?: string;
}

/** Body item of POST /__control/products (a wc/v3 product, plus `variations` for a variable one). */
export interface ProductSeed {
	name: string;
	sku?: string;
	type?: 'simple' | 'variable';
	regular_price?: string;
	sale_price?: string;
	tax_class?: string;
	tax_status?: 'taxable' | 'shipping' | 'none';
	manage_stock?: boolean;
	stock_quantity?: number;
	weight?: string;
	virtual?: boolean;
	attributes?: Array<{ name: string; options: string[]; variation: boolean; visible?: boolean }>;
	variations?: Array<{
		sku?: string;
		regular_price?: string;
		manage_stock?: boolean;
		stock_quantity?: number;
		attributes: Array<{ name: string; option: string }>;
	}>;
	meta_data?: MetaInput[];
}

export function swedishBilling(overrides: AddressInput = {}): AddressInput {
	return {
		first_name: 'Astrid',
		last_name: 'Ödman',
		company: '',
		address_1: 'Storgatan 1',
		address_2: '',
		city: 'Malmö',
		state: '',
		postcode: '211 34',
		country: 'SE',
		email: 'astrid.odman@example.se',
		phone: '+46701234567',
		...overrides,
	};
}

export function swedishShipping(overrides: AddressInput = {}): AddressInput {
	const address = swedishBilling();
	delete address.email;
	return { ...address, ...overrides };
}

/** Kustom (formerly Klarna) Checkout: the Klarna order id (a UUID) is both transaction_id and _wc_klarna_order_id. */
export function klarnaPayment(options: { klarnaOrderId?: string; environment?: 'test' | 'live' } = {}): PaymentFields {
	const klarnaOrderId = (options.klarnaOrderId ?? randomUUID()).toLowerCase();
	return {
		payment_method: 'kco',
		payment_method_title: 'Klarna',
		transaction_id: klarnaOrderId,
		meta_data: [
			{ key: '_wc_klarna_order_id', value: klarnaOrderId },
			{ key: '_wc_klarna_environment', value: options.environment ?? 'test' },
			{ key: '_wc_klarna_country', value: 'SE' },
		],
	};
}

/** Nexi Checkout (formerly DIBS Easy): the paymentId (32 hex characters) is transaction_id and _dibs_payment_id. */
export function nexiPayment(options: { paymentId?: string; paymentType?: string; paymentMethod?: string } = {}): PaymentFields {
	const paymentId = options.paymentId ?? randomHex(16);
	return {
		payment_method: 'dibs_easy',
		payment_method_title: 'Nexi Checkout',
		transaction_id: paymentId,
		meta_data: [
			{ key: '_dibs_payment_id', value: paymentId },
			{ key: 'dibs_payment_type', value: options.paymentType ?? 'CARD' },
			{ key: 'dibs_payment_method', value: options.paymentMethod ?? 'Visa' },
			{ key: 'dibs_customer_card', value: '492500******0004' },
		],
	};
}

/** A checkout by a Swedish shopper paying with `payment` (Klarna unless given). */
export function placeOrderInput(
	lines: PlaceOrderLine[],
	payment: PaymentFields = klarnaPayment(),
	extra: Partial<PlaceOrderInput> = {},
): PlaceOrderInput {
	return {
		line_items: lines,
		billing: swedishBilling(),
		shipping: swedishShipping(),
		...payment,
		shipping_lines: [{ method_id: 'flat_rate', method_title: 'PostNord', total: '49.00' }],
		...extra,
	};
}

/** A small catalogue covering each VAT class (prices incl. VAT, as a Swedish store enters them). */
export function sampleCatalogue(): ProductSeed[] {
	return [
		{ name: 'Kaffekopp', sku: 'MUG-01', regular_price: '125.00', manage_stock: true, stock_quantity: 40, weight: '0.4' },
		{
			name: 'Kokbok',
			sku: 'BOOK-01',
			regular_price: '249.00',
			tax_class: 'six-rate',
			manage_stock: true,
			stock_quantity: 15,
			weight: '0.9',
		},
		{
			name: 'Kaffebönor 500 g',
			sku: 'FOOD-01',
			regular_price: '99.00',
			tax_class: 'reduced-rate',
			manage_stock: true,
			stock_quantity: 120,
			weight: '0.5',
		},
		{ name: 'Presentkort', sku: 'GIFT-01', regular_price: '500.00', tax_class: 'zero-rate', virtual: true },
		{
			name: 'T-shirt',
			sku: 'TEE',
			type: 'variable',
			attributes: [{ name: 'Storlek', options: ['S', 'M', 'L'], variation: true, visible: true }],
			variations: ['S', 'M', 'L'].map((size) => ({
				sku: `TEE-${size}`,
				regular_price: '199.00',
				manage_stock: true,
				stock_quantity: 10,
				attributes: [{ name: 'Storlek', option: size }],
			})),
		},
	];
}
