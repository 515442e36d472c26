// WooCommerce REST API v3 JSON (/wp-json/wc/v3, and the `order.created` webhook body, which is the same JSON),
// as WooCommerce 7.9 sends it: money and prices as decimal strings, ids as numbers. Only what the mappers read is
// typed strictly; the rest is typed so fixtures and real payloads type-check without casts.

export interface WooMetaData {
	id: number;
	key: string;
	/** usually a string; plugins also store numbers, arrays and objects */
	value: unknown;
}

/** Meta on order items carries display variants as well. */
export interface WooItemMetaData extends WooMetaData {
	display_key: string;
	display_value: unknown;
}

export interface WooLink {
	href: string;
	embeddable?: boolean;
}

export type WooLinks = Record<string, WooLink[]>;

export interface WooShippingAddress {
	first_name: string;
	last_name: string;
	company: string;
	address_1: string;
	address_2: string;
	city: string;
	state: string;
	postcode: string;
	/** ISO 3166-1 alpha-2, '' when not set */
	country: string;
	phone: string;
}

export interface WooBillingAddress extends WooShippingAddress {
	email: string;
}

/** One tax rate on an item. `total` and `subtotal` are unrounded (e.g. "6.396429"), and '' when not computed. */
export interface WooItemTax {
	/** the tax rate id: matches `tax_lines[].rate_id` */
	id: number;
	total: string;
	/** '' on shipping and fee lines */
	subtotal: string;
}

export interface WooLineItem {
	id: number;
	name: string;
	product_id: number;
	/** 0 for simple products */
	variation_id: number;
	/** an integer, unless a plugin allows decimal quantities */
	quantity: number;
	tax_class: string;
	/** before coupons, excl. VAT, 2 decimals */
	subtotal: string;
	subtotal_tax: string;
	/** after coupons, excl. VAT, 2 decimals */
	total: string;
	total_tax: string;
	taxes: WooItemTax[];
	meta_data: WooItemMetaData[];
	/** the variation's SKU for variations (the parent's when the variation has none); null when the product is deleted */
	sku: string | null;
	/** total / quantity, unrounded, as a JSON number */
	price: number;
	image: { id: number | string; src: string };
	parent_name: string | null;
}

export interface WooTaxLine {
	id: number;
	rate_code: string;
	rate_id: number;
	label: string;
	compound: boolean;
	tax_total: string;
	shipping_tax_total: string;
	/** a float (e.g. 25 or 2.6000000000000001); missing before WooCommerce 5.7 */
	rate_percent?: number;
	meta_data: WooMetaData[];
}

export interface WooShippingLine {
	id: number;
	method_title: string;
	/** e.g. `flat_rate`, `free_shipping`, `local_pickup`; '' for lines added by hand without a method */
	method_id: string;
	instance_id: string;
	/** excl. VAT */
	total: string;
	total_tax: string;
	taxes: WooItemTax[];
	meta_data: WooItemMetaData[];
}

export interface WooFeeLine {
	id: number;
	name: string;
	tax_class: string;
	tax_status: 'taxable' | 'none';
	amount: string;
	/** excl. VAT; negative for discounts added as fees */
	total: string;
	total_tax: string;
	/** a negative taxable fee carries one entry per tax rate in the cart (WooCommerce splits it by the cart's costs) */
	taxes: WooItemTax[];
	meta_data: WooItemMetaData[];
}

export interface WooCouponLine {
	id: number;
	code: string;
	/** excl. VAT */
	discount: string;
	discount_tax: string;
	meta_data: WooItemMetaData[];
}

export interface WooOrderRefund {
	id: number;
	reason: string;
	/** negative */
	total: string;
}

export interface WooOrder {
	id: number;
	parent_id: number;
	/** pending, processing, on-hold, completed, cancelled, refunded, failed, checkout-draft, or a plugin's own */
	status: string;
	/** ISO 4217 */
	currency: string;
	/** WooCommerce version that created the order */
	version: string;
	prices_include_tax: boolean;
	date_created: string;
	date_modified: string;
	discount_total: string;
	discount_tax: string;
	shipping_total: string;
	shipping_tax: string;
	cart_tax: string;
	/** incl. VAT */
	total: string;
	total_tax: string;
	customer_id: number;
	order_key: string;
	billing: WooBillingAddress;
	shipping: WooShippingAddress;
	/** gateway id: `kco`, `klarna_payments`, `dibs_easy`, `nets_easy_card`, `bacs`, `cod`, ... */
	payment_method: string;
	payment_method_title: string;
	transaction_id: string;
	customer_ip_address: string;
	customer_user_agent: string;
	created_via: string;
	customer_note: string;
	date_completed: string | null;
	date_paid: string | null;
	cart_hash: string;
	/** the order number shown to the customer (differs from id with sequential-number plugins) */
	number: string;
	meta_data: WooMetaData[];
	line_items: WooLineItem[];
	tax_lines: WooTaxLine[];
	shipping_lines: WooShippingLine[];
	fee_lines: WooFeeLine[];
	coupon_lines: WooCouponLine[];
	refunds: WooOrderRefund[];
	payment_url: string;
	is_editable: boolean;
	needs_payment: boolean;
	needs_processing: boolean;
	date_created_gmt: string;
	date_modified_gmt: string;
	date_completed_gmt: string | null;
	date_paid_gmt: string | null;
	currency_symbol: string;
	_links: WooLinks;
}

export interface WooDimensions {
	length: string;
	width: string;
	height: string;
}

export interface WooImage {
	id: number;
	date_created: string;
	date_created_gmt: string;
	date_modified: string;
	date_modified_gmt: string;
	src: string;
	name: string;
	alt: string;
}

export interface WooTermRef {
	id: number;
	name: string;
	slug: string;
}

export interface WooProductAttribute {
	/** 0 for custom (non-taxonomy) attributes */
	id: number;
	name: string;
	position: number;
	visible: boolean;
	variation: boolean;
	options: string[];
}

export interface WooVariationAttribute {
	id: number;
	name: string;
	option: string;
}

export interface WooDownload {
	id: string;
	name: string;
	file: string;
}

export type WooTaxStatus = 'taxable' | 'shipping' | 'none';

export type WooStockStatus = 'instock' | 'outofstock' | 'onbackorder';

export interface WooProduct {
	id: number;
	name: string;
	slug: string;
	permalink: string;
	date_created: string;
	date_created_gmt: string;
	date_modified: string;
	date_modified_gmt: string;
	/** simple, variable, grouped, external, or a plugin's own type */
	type: string;
	status: string;
	featured: boolean;
	catalog_visibility: string;
	/** HTML */
	description: string;
	/** HTML */
	short_description: string;
	sku: string;
	/** current price (the sale price while on sale); '' when not set */
	price: string;
	/** '' when not set (always '' on variable products) */
	regular_price: string;
	sale_price: string;
	date_on_sale_from: string | null;
	date_on_sale_from_gmt: string | null;
	date_on_sale_to: string | null;
	date_on_sale_to_gmt: string | null;
	on_sale: boolean;
	purchasable: boolean;
	total_sales: number;
	virtual: boolean;
	downloadable: boolean;
	downloads: WooDownload[];
	download_limit: number;
	download_expiry: number;
	external_url: string;
	button_text: string;
	tax_status: WooTaxStatus;
	/** tax class slug; '' is the standard class */
	tax_class: string;
	manage_stock: boolean;
	stock_quantity: number | null;
	backorders: 'no' | 'notify' | 'yes';
	backorders_allowed: boolean;
	backordered: boolean;
	low_stock_amount: number | null;
	sold_individually: boolean;
	/** in the store's weight unit; '' when not set */
	weight: string;
	dimensions: WooDimensions;
	shipping_required: boolean;
	shipping_taxable: boolean;
	shipping_class: string;
	shipping_class_id: number;
	reviews_allowed: boolean;
	average_rating: string;
	rating_count: number;
	upsell_ids: number[];
	cross_sell_ids: number[];
	parent_id: number;
	purchase_note: string;
	categories: WooTermRef[];
	tags: WooTermRef[];
	images: WooImage[];
	attributes: WooProductAttribute[];
	default_attributes: Array<{ id: number; name: string; option: string }>;
	/** variation ids (variable products) */
	variations: number[];
	grouped_products: number[];
	menu_order: number;
	price_html: string;
	related_ids: number[];
	meta_data: WooMetaData[];
	stock_status: WooStockStatus;
	has_options: boolean;
	/** GTIN/EAN field of WooCommerce 9.2+ */
	global_unique_id?: string;
	_links: WooLinks;
}

/** A variation as `/products/<id>/variations` returns it (in the default `view` context, which fills in inherited values). */
export interface WooVariation {
	id: number;
	/** WooCommerce 8.x+ */
	type?: 'variation';
	/** WooCommerce 8.x+ */
	name?: string;
	/** WooCommerce 8.x+ */
	parent_id?: number;
	date_created: string;
	date_created_gmt: string;
	date_modified: string;
	date_modified_gmt: string;
	description: string;
	permalink: string;
	/** the parent's SKU when the variation has none of its own */
	sku: string;
	price: string;
	regular_price: string;
	sale_price: string;
	date_on_sale_from: string | null;
	date_on_sale_from_gmt: string | null;
	date_on_sale_to: string | null;
	date_on_sale_to_gmt: string | null;
	on_sale: boolean;
	status: string;
	purchasable: boolean;
	virtual: boolean;
	downloadable: boolean;
	downloads: WooDownload[];
	download_limit: number;
	download_expiry: number;
	tax_status: WooTaxStatus;
	/** 'parent' in the `edit` context when inherited */
	tax_class: string;
	/** 'parent' when the stock is managed on the parent product */
	manage_stock: boolean | 'parent';
	stock_quantity: number | null;
	stock_status: WooStockStatus;
	backorders: 'no' | 'notify' | 'yes';
	backorders_allowed: boolean;
	backordered: boolean;
	low_stock_amount: number | null;
	weight: string;
	dimensions: WooDimensions;
	shipping_class: string;
	shipping_class_id: number;
	image: WooImage | null;
	attributes: WooVariationAttribute[];
	menu_order: number;
	meta_data: WooMetaData[];
	global_unique_id?: string;
	_links: WooLinks;
}
