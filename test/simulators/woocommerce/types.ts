 
// The simulator's in-memory store. Records keep what WooCommerce keeps in its database (timestamps as epoch ms);
// the wc/v3 JSON is rendered from them on every read, as WooCommerce does.

export interface MetaEntry {
	id: number;
	key: string;
	value: unknown;
}

export interface TaxRate {
	id: number;
	country: string;
	state: string;
	postcode: string;
	city: string;
	/** "25.0000" */
	rate: string;
	name: string;
	priority: number;
	compound: boolean;
	shipping: boolean;
	order: number;
	/** tax class slug; "standard" for the standard class */
	class: string;
}

export interface TaxClass {
	slug: string;
	name: string;
}

export interface CategoryRecord {
	id: number;
	name: string;
	slug: string;
	parent: number;
	description: string;
	display: string;
	menu_order: number;
}

export interface ImageRecord {
	id: number;
	src: string;
	name: string;
	alt: string;
	created: number;
	modified: number;
}

export interface ProductAttribute {
	id: number;
	name: string;
	position: number;
	visible: boolean;
	variation: boolean;
	options: string[];
}

export interface VariationAttribute {
	id: number;
	name: string;
	option: string;
}

export type ProductType = 'simple' | 'grouped' | 'external' | 'variable' | 'variation';

/** A product or a variation (WooCommerce stores both as posts, sharing ids and the SKU namespace). */
export interface ProductRecord {
	id: number;
	type: ProductType;
	/** parent product of a variation; 0 otherwise */
	parent_id: number;
	name: string;
	slug: string;
	status: string;
	featured: boolean;
	catalog_visibility: string;
	description: string;
	short_description: string;
	sku: string;
	regular_price: string;
	sale_price: string;
	virtual: boolean;
	downloadable: boolean;
	external_url: string;
	button_text: string;
	tax_status: string;
	/** "" is the standard class; variations may say "parent" */
	tax_class: string;
	manage_stock: boolean;
	stock_quantity: number | null;
	stock_status: string;
	backorders: string;
	low_stock_amount: number | null;
	sold_individually: boolean;
	weight: string;
	dimensions: { length: string; width: string; height: string };
	shipping_class: string;
	reviews_allowed: boolean;
	purchase_note: string;
	menu_order: number;
	upsell_ids: number[];
	cross_sell_ids: number[];
	grouped_products: number[];
	category_ids: number[];
	images: ImageRecord[];
	/** product attributes (parents) */
	attributes: ProductAttribute[];
	default_attributes: VariationAttribute[];
	/** the chosen options of a variation */
	variation_attributes: VariationAttribute[];
	meta_data: MetaEntry[];
	total_sales: number;
	created: number;
	modified: number;
}

export interface OrderAddress {
	first_name: string;
	last_name: string;
	company: string;
	address_1: string;
	address_2: string;
	city: string;
	state: string;
	postcode: string;
	country: string;
	email?: string;
	phone: string;
}

export interface ItemMeta {
	id: number;
	key: string;
	value: unknown;
	display_key: string;
	display_value: string;
}

export interface ItemTax {
	id: number;
	total: string;
	subtotal: string;
}

export interface LineItem {
	id: number;
	name: string;
	product_id: number;
	variation_id: number;
	quantity: number;
	tax_class: string;
	subtotal: string;
	subtotal_tax: string;
	total: string;
	total_tax: string;
	taxes: ItemTax[];
	meta_data: ItemMeta[];
	sku: string;
	price: number;
	image: { id: number | string; src: string };
	parent_name: string | null;
}

export interface TaxLine {
	id: number;
	rate_code: string;
	rate_id: number;
	label: string;
	compound: boolean;
	tax_total: string;
	shipping_tax_total: string;
	rate_percent: number;
	meta_data: ItemMeta[];
}

export interface ShippingLine {
	id: number;
	method_title: string;
	method_id: string;
	instance_id: string;
	total: string;
	total_tax: string;
	taxes: ItemTax[];
	meta_data: ItemMeta[];
}

export interface FeeLine {
	id: number;
	name: string;
	tax_class: string;
	tax_status: string;
	amount: string;
	total: string;
	total_tax: string;
	taxes: ItemTax[];
	meta_data: ItemMeta[];
}

export interface CouponLine {
	id: number;
	code: string;
	discount: string;
	discount_tax: string;
	discount_type: string;
	nominal_amount: number;
	free_shipping: boolean;
	meta_data: ItemMeta[];
}

export interface OrderNote {
	id: number;
	author: string;
	created: number;
	note: string;
	customer_note: boolean;
}

export interface OrderRecord {
	id: number;
	parent_id: number;
	status: string;
	currency: string;
	prices_include_tax: boolean;
	discount_total: string;
	discount_tax: string;
	shipping_total: string;
	shipping_tax: string;
	cart_tax: string;
	total: string;
	total_tax: string;
	customer_id: number;
	order_key: string;
	billing: OrderAddress;
	shipping: OrderAddress;
	payment_method: string;
	payment_method_title: string;
	transaction_id: string;
	customer_ip_address: string;
	customer_user_agent: string;
	created_via: string;
	customer_note: string;
	cart_hash: string;
	meta_data: MetaEntry[];
	line_items: LineItem[];
	tax_lines: TaxLine[];
	shipping_lines: ShippingLine[];
	fee_lines: FeeLine[];
	coupon_lines: CouponLine[];
	notes: OrderNote[];
	/** WooCommerce's _order_stock_reduced flag: stock is reduced once, restored on cancel */
	stock_reduced: boolean;
	created: number;
	modified: number;
	paid: number | null;
	completed: number | null;
}

export interface CustomerRecord {
	id: number;
	email: string;
	first_name: string;
	last_name: string;
	username: string;
	role: string;
	billing: OrderAddress;
	shipping: OrderAddress;
	is_paying_customer: boolean;
	meta_data: MetaEntry[];
	created: number;
	modified: number;
}

export interface CouponRecord {
	id: number;
	code: string;
	amount: string;
	discount_type: string;
	description: string;
	status: string;
	usage_count: number;
	individual_use: boolean;
	free_shipping: boolean;
	meta_data: MetaEntry[];
	created: number;
	modified: number;
}

export interface WebhookRecord {
	id: number;
	name: string;
	status: 'active' | 'paused' | 'disabled';
	topic: string;
	/** never rendered by the REST API */
	secret: string;
	delivery_url: string;
	failure_count: number;
	/** the creation ping has not been answered with 200 yet */
	pending_delivery: boolean;
	created: number;
	modified: number;
}

export interface QueuedDelivery {
	webhook_id: number;
	topic: string;
	resource_id: number;
	/** epoch ms when the simulated Action Scheduler runs it */
	due: number;
}

export interface DeliveryLogEntry {
	kind: 'ping' | 'topic' | 'redelivery';
	webhook_id: number;
	topic: string;
	resource_id: number | null;
	/** X-WC-Webhook-Delivery-ID; pings have none */
	delivery_id: string | null;
	url: string;
	request: { headers: Record<string, string>; body: string };
	status_code: number | null;
	/** WordPress' WP_Error for transport failures, e.g. http_request_failed */
	error: { code: string; message: string } | null;
	success: boolean;
	at: string;
}

/** A request-level fault (control API `POST faults`): HTTP 500s or latency for the next matching requests. */
export interface RequestFault {
	kind: 'http500' | 'latency';
	remaining: number;
	path?: string;
	latencyMs: number;
}

/**
 * A product-level fault (control API `POST faults` with kind `refuse`): the next `remaining` saves of the product or
 * variation with this SKU throw, as a plugin hook or the database can make WC_Data::save() throw.
 */
export interface RefusalFault {
	kind: 'refuse';
	remaining: number;
	sku: string;
	/** the exception's message, which WooCommerce passes on as the error message */
	message: string;
}

export type Fault = RequestFault | RefusalFault;

export interface RequestLogEntry {
	at: string;
	method: string;
	path: string;
	query: string;
	secure: boolean;
	auth: 'basic' | 'query' | 'none';
	status: number;
	/** batch requests (`…/batch`): how many items the body created, and the ids it updated and deleted */
	batch?: { create: number; update: number[]; delete: number[] };
}

export interface WooSettings {
	/** woocommerce_prices_include_tax */
	pricesIncludeTax: boolean;
	currency: string;
}

export interface WooState {
	settings: WooSettings;
	taxClasses: TaxClass[];
	taxRates: TaxRate[];
	categories: CategoryRecord[];
	products: ProductRecord[];
	orders: OrderRecord[];
	customers: CustomerRecord[];
	coupons: CouponRecord[];
	webhooks: WebhookRecord[];
	/** topic deliveries waiting for the simulated Action Scheduler */
	queue: QueuedDelivery[];
	deliveries: DeliveryLogEntry[];
	faults: Fault[];
	/** the latest REST requests (bounded), for asserting what a workflow called */
	requests: RequestLogEntry[];
	/** id sequences: posts (products, variations, orders, coupons, images) share one as in WordPress */
	sequences: { post: number; user: number; term: number; webhook: number; meta: number; orderItem: number; comment: number };
}
