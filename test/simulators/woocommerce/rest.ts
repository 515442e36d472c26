 
// The wc/v3 routes: matching, list parameters, pagination headers (X-WP-Total, X-WP-TotalPages, Link) and the
// handlers that tie the resource modules together.
import { COUPON_SCHEMA, createCoupon, applyCouponFields, renderCoupon } from './coupons';
import { CUSTOMER_SCHEMA, createCustomer, deleteCustomer, renderCustomer, requireCustomer, updateCustomer } from './customers';
import {
	ORDER_SCHEMA,
	ORDER_STATUSES,
	addOrderNote,
	createOrder,
	deleteOrder,
	filterOrders,
	renderNote,
	renderOrder,
	requireOrder,
	updateOrder,
} from './orders';
import {
	CATEGORY_SCHEMA,
	PRODUCT_SCHEMA,
	VARIATION_SCHEMA,
	activePrice,
	createCategory,
	createProduct,
	createVariation,
	deleteProduct,
	filterProducts,
	renderCategory,
	renderProduct,
	renderVariation,
	refuseExistingId,
	requireProduct,
	requireProductForDelete,
	requireProductForUpdate,
	requireVariationForUpdate,
	updateProduct,
	type ProductFilter,
} from './products';
import { WC_VERSION, WP_VERSION, WooStore, bool } from './store';
import type { CategoryRecord, ProductRecord } from './types';
import { WooError, notFound, requireParams, validateParams, type Schema } from './validation';
import { WEBHOOK_SCHEMA, renderWebhook, requireWebhook, type WebhookDispatcher } from './webhooks';
import { buildPhpQuery, isRecord, parseWcDate, phpEmpty, phpInt, sanitizeTextField, type PhpObject } from './util';

export type Operation = 'list' | 'read' | 'create' | 'update' | 'delete' | 'batch' | 'public';

export interface RestRequest {
	method: string;
	/** route inside the namespace, e.g. /products/12 */
	route: string;
	/** parsed query string (the Link header's base) */
	query: PhpObject;
	/** the JSON or form body, if any */
	body: unknown;
	/** query and body parameters merged, body first, as WP_REST_Request::get_param() sees them */
	params: Record<string, unknown>;
}

export interface RestResponse {
	status: number;
	body: unknown;
	headers: Record<string, string>;
}

interface Context {
	store: WooStore;
	webhooks: WebhookDispatcher;
	request: RestRequest;
	ids: number[];
}

type Handler = (context: Context) => RestResponse | Promise<RestResponse>;

interface Endpoint {
	op: Operation;
	handler: Handler;
}

const ok = (body: unknown, status = 200, headers: Record<string, string> = {}): RestResponse => ({ status, body, headers });

function created(store: WooStore, route: string, body: unknown): RestResponse {
	return ok(body, 201, { Location: store.restUrl(route) });
}

// ---------------------------------------------------------------------------------------------------------
// Parameters

function list(value: unknown): string[] | undefined {
	if (value === undefined || value === '') return undefined;
	const items = Array.isArray(value) ? value.map(String) : String(value).split(',');
	return items.map((item) => item.trim()).filter((item) => item !== '');
}

function integers(value: unknown): number[] | undefined {
	return list(value)
		?.map(Number)
		.filter((number) => Number.isInteger(number));
}

function text(value: unknown): string | undefined {
	return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The `format: date-time` check WordPress runs on these arguments (rest_validate_value_from_schema() →
 * rest_parse_date()): a full date and time to the second, an optional fraction and an optional `Z` or `±hh[:mm]`.
 * A date alone, or a time without seconds, is refused, though parseWcDate() would read them.
 */
const REST_DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}(?::\d{2})?)?$/;

function date(params: Record<string, unknown>, key: string): number | undefined {
	const value = text(params[key]);
	if (value === undefined) return undefined;
	const parsed = REST_DATE_TIME.test(value) ? parseWcDate(value, bool(params.dates_are_gmt)) : undefined;
	if (parsed === undefined) {
		throw new WooError(400, 'rest_invalid_param', `Invalid parameter(s): ${key}`, {
			params: { [key]: 'Invalid date.' },
			details: { [key]: { code: 'rest_invalid_date', message: 'Invalid date.', data: null } },
		});
	}
	return parsed;
}

function collectionSchema(orderby: string[], order: 'asc' | 'desc' = 'desc'): Schema {
	return {
		page: { type: 'integer', minimum: 1 },
		per_page: { type: 'integer', minimum: 1, maximum: 100 },
		order: { type: 'string', enum: order === 'desc' ? ['desc', 'asc'] : ['asc', 'desc'] },
		orderby: { type: 'string', enum: orderby },
	};
}

interface Sortable {
	id: number;
	created: number;
	modified: number;
}

function sortRecords<T extends Sortable>(
	records: T[],
	params: Record<string, unknown>,
	keys: Record<string, (record: T) => number | string>,
	defaults: { orderby: string; order: 'asc' | 'desc' },
): T[] {
	const orderby = typeof params.orderby === 'string' ? params.orderby : defaults.orderby;
	const direction = (typeof params.order === 'string' ? params.order : defaults.order) === 'asc' ? 1 : -1;
	const include = integers(params.include) ?? [];
	const key = orderby === 'include' ? (record: T) => include.indexOf(record.id) : (keys[orderby] ?? keys.id);
	return [...records].sort((a, b) => {
		const [x, y] = [key(a), key(b)];
		const compared = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
		return (compared || a.id - b.id) * direction;
	});
}

const DATE_KEYS = {
	id: (record: Sortable) => record.id,
	date: (record: Sortable) => record.created,
	modified: (record: Sortable) => record.modified,
};

/**
 * One page of a collection with WordPress' headers. The Link base is the request's own query string plus the
 * route's default parameters (WooCommerce adds e.g. status[0]=any, dp and context=view to order links), with
 * `page` replaced; prev comes before next, as WordPress sends them.
 */
function paginate<T>(
	context: Context,
	records: T[],
	render: (record: T) => unknown,
	linkDefaults: Record<string, unknown> = { context: 'view' },
	sanitized: Record<string, unknown> = {},
): RestResponse {
	const params = context.request.params;
	const perPage = typeof params.per_page === 'number' ? params.per_page : 10;
	const page = typeof params.page === 'number' ? params.page : 1;
	const total = records.length;
	const totalPages = Math.ceil(total / perPage);
	const headers: Record<string, string> = { 'X-WP-Total': String(total), 'X-WP-TotalPages': String(totalPages) };
	const base: Record<string, unknown> = { ...context.request.query, ...sanitized };
	for (const [key, value] of Object.entries(linkDefaults)) if (!(key in base)) base[key] = value;
	const url = (target: number) => `${context.store.restUrl(context.request.route)}?${buildPhpQuery({ ...base, page: target })}`;
	const links: string[] = [];
	if (page > 1) links.push(`<${url(Math.min(page - 1, totalPages))}>; rel="prev"`);
	if (totalPages > page) links.push(`<${url(page + 1)}>; rel="next"`);
	if (links.length > 0) headers.Link = links.join(', ');
	return ok(
		records.slice((page - 1) * perPage, page * perPage).map(render),
		200,
		headers,
	);
}

function body(context: Context): Record<string, unknown> {
	return isRecord(context.request.body) ? context.request.body : {};
}

/** The request's params validated against `schema` (body and query, as WordPress validates both). */
function input(context: Context, schema: Schema): Record<string, unknown> {
	return validateParams({ ...context.request.params }, schema);
}

function force(context: Context): boolean {
	return bool(context.request.params.force);
}

// ---------------------------------------------------------------------------------------------------------
// Products and variations

const PRODUCT_LIST_SCHEMA: Schema = {
	...collectionSchema(['date', 'id', 'include', 'title', 'slug', 'price', 'popularity', 'rating', 'modified', 'menu_order']),
	// a string, so sku[]=A answers rest_invalid_param (WC_REST_Products_V2_Controller::get_collection_params())
	sku: { type: 'string' },
	status: { type: 'string', enum: ['any', 'future', 'trash', 'draft', 'pending', 'private', 'publish'] },
	type: { type: 'string', enum: ['simple', 'grouped', 'external', 'variable'] },
	stock_status: { type: 'string', enum: ['instock', 'outofstock', 'onbackorder'] },
	featured: { type: 'boolean' },
};

/**
 * The `sku` list as prepare_objects_query() reads it: sanitize_text_field() on the whole value, ignored when PHP's
 * empty() holds ('' and '0'), split on commas without trimming the parts, plus the whole string as one more SKU
 * when it has a comma.
 */
function skuList(value: unknown): string[] | undefined {
	if (typeof value !== 'string') return undefined;
	const sku = sanitizeTextField(value);
	if (phpEmpty(sku)) return undefined;
	const skus = sku.split(',');
	if (skus.length > 1) skus.push(sku);
	return skus;
}

function productFilter(context: Context): ProductFilter {
	const params = context.request.params;
	return {
		sku: skuList(params.sku),
		search: text(params.search),
		status: text(params.status),
		type: text(params.type),
		category: integers(params.category),
		tax_class: text(params.tax_class),
		stock_status: text(params.stock_status),
		slug: text(params.slug),
		include: integers(params.include),
		exclude: integers(params.exclude),
		featured: params.featured === undefined ? undefined : bool(params.featured),
		after: date(params, 'after'),
		before: date(params, 'before'),
		modified_after: date(params, 'modified_after'),
		modified_before: date(params, 'modified_before'),
	};
}

const PRODUCT_SORT_KEYS = {
	...DATE_KEYS,
	title: (product: ProductRecord) => product.name,
	slug: (product: ProductRecord) => product.slug,
	price: (product: ProductRecord) => Number(activePrice(product)) || 0,
	popularity: (product: ProductRecord) => product.total_sales,
	rating: () => 0,
	menu_order: (product: ProductRecord) => product.menu_order,
};

function listProducts(context: Context, parent?: ProductRecord): RestResponse {
	Object.assign(context.request.params, validateParams(context.request.params, PRODUCT_LIST_SCHEMA));
	const { store } = context;
	const records = sortRecords(filterProducts(store, productFilter(context), parent), context.request.params, PRODUCT_SORT_KEYS, {
		orderby: 'date',
		order: 'desc',
	});
	return paginate(context, records, (product) => (parent ? renderVariation(store, product) : renderProduct(store, product)));
}

interface BatchItemResult {
	[key: string]: unknown;
}

function batchError(id: unknown, error: unknown): BatchItemResult {
	if (error instanceof WooError) return { id, error: error.body() };
	throw error;
}

/**
 * POST|PUT|PATCH …/batch as WC_REST_Controller::batch_items() runs it: at most 100 items in total (413), then
 * creates, updates and deletes, each on its own; HTTP 200 with the resource or `{id, error}` per item. A failed
 * create's entry has id 0, a failed update's the item's id; delete ids are cast to integers and 0 is skipped
 * (deletes always force). Groups with no entries are left out, as WooCommerce only fills the groups it ran.
 */
function batch(
	context: Context,
	operations: {
		create(item: Record<string, unknown>): unknown;
		update(id: number, item: Record<string, unknown>): unknown;
		remove(id: number): unknown;
	},
): RestResponse {
	const request = body(context);
	const groups = ['create', 'update', 'delete'] as const;
	const total = groups.reduce((sum, group) => sum + (Array.isArray(request[group]) ? (request[group] as unknown[]).length : 0), 0);
	if (total > 100) {
		throw new WooError(413, 'woocommerce_rest_request_entity_too_large', 'Unable to accept more than 100 items for this request.');
	}
	const result: Record<string, BatchItemResult[]> = {};
	for (const group of groups) {
		const items = request[group];
		if (!Array.isArray(items)) continue;
		const entries: BatchItemResult[] = [];
		for (const item of items) {
			const fields = isRecord(item) ? item : {};
			try {
				if (group === 'create') entries.push(operations.create(fields) as BatchItemResult);
				else if (group === 'update') entries.push(operations.update(phpInt(fields.id), fields) as BatchItemResult);
				else if (phpInt(item) !== 0) entries.push(operations.remove(phpInt(item)) as BatchItemResult);
			} catch (error) {
				entries.push(batchError(group === 'create' ? 0 : group === 'update' ? (fields.id ?? null) : phpInt(item), error));
			}
		}
		if (entries.length > 0) result[group] = entries;
	}
	// An empty PHP array encodes as [].
	return ok(Object.keys(result).length > 0 ? result : []);
}

function productRoutes(): Array<[RegExp, Record<string, Endpoint>]> {
	const readProduct: Handler = ({ store, ids }) => ok(renderProduct(store, requireProduct(store, ids[0])));
	// WordPress validates the arguments against the products schema before the controller looks at the id.
	const writeProduct: Handler = (context) => {
		const { store, ids } = context;
		const values = input(context, PRODUCT_SCHEMA);
		const product = requireProductForUpdate(store, ids[0]);
		updateProduct(store, product, values);
		return ok(renderProduct(store, product));
	};
	const readVariation: Handler = ({ store, ids }) =>
		ok(renderVariation(store, requireProduct(store, ids[1], requireProduct(store, ids[0]))));
	const writeVariation: Handler = (context) => {
		const { store, ids } = context;
		const values = input(context, VARIATION_SCHEMA);
		const variation = requireVariationForUpdate(store, ids[0], ids[1]);
		updateProduct(store, variation, values);
		return ok(renderVariation(store, variation));
	};
	const update = (handler: Handler): Record<string, Endpoint> => ({
		PUT: { op: 'update', handler },
		PATCH: { op: 'update', handler },
		POST: { op: 'update', handler },
	});
	const productBatch: Handler = (context) => {
		const { store } = context;
		return batch(context, {
			create: (item) => {
				refuseExistingId(item, 'product');
				return renderProduct(store, createProduct(store, validateParams(item, PRODUCT_SCHEMA), true));
			},
			update: (id, item) => {
				const values = validateParams(item, PRODUCT_SCHEMA);
				const product = requireProductForUpdate(store, id);
				updateProduct(store, product, values);
				return renderProduct(store, product);
			},
			remove: (id) => {
				const product = requireProductForDelete(store, id);
				const rendered = renderProduct(store, product);
				deleteProduct(store, product, true);
				return rendered;
			},
		});
	};
	const variationBatch: Handler = (context) => {
		const { store, ids } = context;
		const parent = requireProduct(store, ids[0]);
		return batch(context, {
			create: (item) => {
				refuseExistingId(item, 'product_variation');
				return renderVariation(store, createVariation(store, parent, validateParams(item, VARIATION_SCHEMA), true));
			},
			update: (id, item) => {
				const values = validateParams(item, VARIATION_SCHEMA);
				const variation = requireVariationForUpdate(store, parent.id, id);
				updateProduct(store, variation, values);
				return renderVariation(store, variation);
			},
			remove: (id) => {
				const variation = requireProduct(store, id, parent);
				const rendered = renderVariation(store, variation);
				deleteProduct(store, variation, true);
				return rendered;
			},
		});
	};
	return [
		[
			/^\/products$/,
			{
				GET: { op: 'list', handler: (context) => listProducts(context) },
				POST: {
					op: 'create',
					handler: (context) => {
						refuseExistingId(context.request.params, 'product');
						const product = createProduct(context.store, input(context, PRODUCT_SCHEMA), true);
						return created(context.store, `/products/${product.id}`, renderProduct(context.store, product));
					},
				},
			},
		],
		[/^\/products\/batch$/, { POST: { op: 'batch', handler: productBatch }, PUT: { op: 'batch', handler: productBatch }, PATCH: { op: 'batch', handler: productBatch } }],
		[
			/^\/products\/(\d+)$/,
			{
				GET: { op: 'read', handler: readProduct },
				...update(writeProduct),
				DELETE: {
					op: 'delete',
					handler: (context) => {
						const { store, ids } = context;
						const product = requireProductForDelete(store, ids[0]);
						const rendered = renderProduct(store, product);
						deleteProduct(store, product, force(context));
						return ok(force(context) ? rendered : renderProduct(store, product));
					},
				},
			},
		],
		[
			/^\/products\/(\d+)\/variations$/,
			{
				GET: { op: 'list', handler: (context) => listProducts(context, requireProduct(context.store, context.ids[0])) },
				POST: {
					op: 'create',
					handler: (context) => {
						const { store, ids } = context;
						const parent = requireProduct(store, ids[0]);
						refuseExistingId(context.request.params, 'product_variation');
						const variation = createVariation(store, parent, input(context, VARIATION_SCHEMA), true);
						return created(store, `/products/${parent.id}/variations/${variation.id}`, renderVariation(store, variation));
					},
				},
			},
		],
		[
			/^\/products\/(\d+)\/variations\/batch$/,
			// WP_REST_Server::EDITABLE in WC_REST_Product_Variations_V2_Controller::register_routes()
			{ POST: { op: 'batch', handler: variationBatch }, PUT: { op: 'batch', handler: variationBatch }, PATCH: { op: 'batch', handler: variationBatch } },
		],
		[
			/^\/products\/(\d+)\/variations\/(\d+)$/,
			{
				GET: { op: 'read', handler: readVariation },
				...update(writeVariation),
				DELETE: {
					op: 'delete',
					handler: (context) => {
						const { store, ids } = context;
						const variation = requireProduct(store, ids[1], requireProduct(store, ids[0]));
						const rendered = renderVariation(store, variation);
						deleteProduct(store, variation, force(context));
						return ok(force(context) ? rendered : renderVariation(store, variation));
					},
				},
			},
		],
		[
			/^\/products\/categories$/,
			{
				GET: {
					op: 'list',
					handler: (context) => {
						Object.assign(context.request.params, validateParams(context.request.params, collectionSchema(['id', 'name', 'slug'], 'asc')));
						const search = text(context.request.params.search)?.toLowerCase();
						const records = context.store.state.categories.filter(
							(category) => !search || category.name.toLowerCase().includes(search),
						);
						const sorted = sortCategories(records, context.request.params);
						return paginate(context, sorted, (category) => renderCategory(context.store, category));
					},
				},
				POST: {
					op: 'create',
					handler: (context) => {
						const values = input(context, CATEGORY_SCHEMA);
						requireParams(values, ['name']);
						const category = createCategory(context.store, values);
						return created(context.store, `/products/categories/${category.id}`, renderCategory(context.store, category));
					},
				},
			},
		],
		[
			/^\/products\/categories\/(\d+)$/,
			{
				GET: {
					op: 'read',
					handler: ({ store, ids }) => {
						const category = store.state.categories.find((candidate) => candidate.id === ids[0]);
						if (!category) throw notFound('woocommerce_rest_term_invalid', 'Resource does not exist.');
						return ok(renderCategory(store, category));
					},
				},
			},
		],
		[/^\/products\/tags$/, { GET: { op: 'list', handler: (context) => paginate(context, [], () => null) } }],
	];
}

function sortCategories(records: CategoryRecord[], params: Record<string, unknown>): CategoryRecord[] {
	const orderby = typeof params.orderby === 'string' ? params.orderby : 'name';
	const direction = params.order === 'desc' ? -1 : 1;
	const key = (category: CategoryRecord) => (orderby === 'id' ? category.id : orderby === 'slug' ? category.slug : category.name);
	return [...records].sort((a, b) => {
		const [x, y] = [key(a), key(b)];
		return (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y))) * direction;
	});
}

// ---------------------------------------------------------------------------------------------------------
// Orders

const ORDER_LIST_SCHEMA: Schema = {
	...collectionSchema(['date', 'id', 'include', 'title', 'slug', 'modified']),
	customer: { type: 'integer' },
	product: { type: 'integer' },
	dp: { type: 'integer' },
};

function orderStatuses(params: Record<string, unknown>): string[] {
	const statuses = list(params.status) ?? ['any'];
	const allowed = ['any', 'trash', ...ORDER_STATUSES];
	const invalid = statuses.filter((status) => !allowed.includes(status));
	if (invalid.length > 0) {
		const message = `status[${statuses.indexOf(invalid[0])}] is not one of ${allowed.join(', ')}.`;
		throw new WooError(400, 'rest_invalid_param', 'Invalid parameter(s): status', {
			params: { status: message },
			details: { status: { code: 'rest_not_in_enum', message, data: null } },
		});
	}
	return statuses;
}

/** POST orders/<id>/notes (WC_REST_Order_Notes_Controller: create args from its schema, `note` required). */
const ORDER_NOTE_SCHEMA: Schema = {
	note: { type: 'string' },
	customer_note: { type: 'boolean' },
	added_by_user: { type: 'boolean' },
};

function orderRoutes(): Array<[RegExp, Record<string, Endpoint>]> {
	const writeOrder: Handler = (context) => {
		const { store, ids } = context;
		const order = requireOrder(store, ids[0]);
		updateOrder(store, order, input(context, ORDER_SCHEMA));
		return ok(renderOrder(store, order));
	};
	return [
		[
			/^\/orders$/,
			{
				GET: {
					op: 'list',
					handler: (context) => {
						const params = context.request.params;
						Object.assign(params, validateParams(params, ORDER_LIST_SCHEMA));
						const status = orderStatuses(params);
						const records = filterOrders(context.store, {
							status,
							customer: typeof params.customer === 'number' ? params.customer : undefined,
							product: typeof params.product === 'number' ? params.product : undefined,
							search: text(params.search),
							include: integers(params.include),
							exclude: integers(params.exclude),
							parent: integers(params.parent),
							after: date(params, 'after'),
							before: date(params, 'before'),
							modified_after: date(params, 'modified_after'),
							modified_before: date(params, 'modified_before'),
						});
						const sorted = sortRecords(records, params, { ...DATE_KEYS, title: (order) => String(order.id), slug: (order) => order.id }, {
							orderby: 'date',
							order: 'desc',
						});
						// WooCommerce sanitizes status into an array, so its links carry status[0]=… .
						const sanitized = context.request.query.status !== undefined ? { status } : {};
						return paginate(
							context,
							sorted,
							(order) => renderOrder(context.store, order),
							{ status: ['any'], dp: '2', context: 'view' },
							sanitized,
						);
					},
				},
				POST: {
					op: 'create',
					handler: (context) => {
						const order = createOrder(context.store, input(context, ORDER_SCHEMA), {
							createdVia: 'rest-api',
							defaultStatus: 'pending',
						});
						return created(context.store, `/orders/${order.id}`, renderOrder(context.store, order));
					},
				},
			},
		],
		[
			/^\/orders\/(\d+)$/,
			{
				GET: { op: 'read', handler: ({ store, ids }) => ok(renderOrder(store, requireOrder(store, ids[0]))) },
				PUT: { op: 'update', handler: writeOrder },
				PATCH: { op: 'update', handler: writeOrder },
				POST: { op: 'update', handler: writeOrder },
				DELETE: {
					op: 'delete',
					handler: (context) => {
						const { store, ids } = context;
						const order = requireOrder(store, ids[0]);
						const rendered = renderOrder(store, order);
						deleteOrder(store, order, force(context));
						return ok(force(context) ? rendered : renderOrder(store, order));
					},
				},
			},
		],
		[
			/^\/orders\/(\d+)\/notes$/,
			{
				GET: {
					op: 'list',
					handler: ({ store, ids }) => {
						const order = requireOrder(store, ids[0]);
						return ok([...order.notes].reverse().map((note) => renderNote(store, order, note)));
					},
				},
				POST: {
					op: 'create',
					handler: (context) => {
						const { store, ids } = context;
						// WordPress checks the arguments first: note is required, the flags are booleans
						const values = input(context, ORDER_NOTE_SCHEMA);
						requireParams(values, ['note']);
						const order = store.state.orders.find((candidate) => candidate.id === ids[0]);
						if (!order) throw notFound('woocommerce_rest_order_invalid_id', 'Invalid order ID.');
						const note = addOrderNote(store, order, values);
						return created(store, `/orders/${order.id}/notes/${note.id}`, renderNote(store, order, note));
					},
				},
			},
		],
		[
			/^\/orders\/(\d+)\/notes\/(\d+)$/,
			{
				GET: {
					op: 'read',
					handler: ({ store, ids }) => {
						const order = requireOrder(store, ids[0]);
						const note = order.notes.find((candidate) => candidate.id === ids[1]);
						if (!note) throw notFound('woocommerce_rest_order_invalid_id', 'Invalid resource ID.');
						return ok(renderNote(store, order, note));
					},
				},
			},
		],
	];
}

// ---------------------------------------------------------------------------------------------------------
// Customers, coupons, taxes, webhooks, system status

function customerRoutes(): Array<[RegExp, Record<string, Endpoint>]> {
	const writeCustomer: Handler = (context) => {
		const { store, ids } = context;
		const customer = requireCustomer(store, ids[0]);
		updateCustomer(store, customer, input(context, CUSTOMER_SCHEMA));
		return ok(renderCustomer(store, customer));
	};
	return [
		[
			/^\/customers$/,
			{
				GET: {
					op: 'list',
					handler: (context) => {
						const params = context.request.params;
						Object.assign(params, validateParams(params, collectionSchema(['id', 'include', 'name', 'registered_date'], 'asc')));
						const email = text(params.email)?.toLowerCase();
						const search = text(params.search)?.toLowerCase();
						const role = text(params.role) ?? 'customer';
						const records = context.store.state.customers.filter(
							(customer) =>
								(role === 'all' || customer.role === role) &&
								(!email || customer.email.toLowerCase() === email) &&
								(!search ||
									[customer.email, customer.username, customer.first_name, customer.last_name].some((field) =>
										field.toLowerCase().includes(search),
									)),
						);
						const sorted = sortRecords(
							records,
							params,
							{ ...DATE_KEYS, name: (customer) => customer.username, registered_date: (customer) => customer.created },
							{ orderby: 'name', order: 'asc' },
						);
						return paginate(context, sorted, (customer) => renderCustomer(context.store, customer));
					},
				},
				POST: {
					op: 'create',
					handler: (context) => {
						const values = input(context, CUSTOMER_SCHEMA);
						requireParams(values, ['email']);
						const customer = createCustomer(context.store, values);
						return created(context.store, `/customers/${customer.id}`, renderCustomer(context.store, customer));
					},
				},
			},
		],
		[
			/^\/customers\/(\d+)$/,
			{
				GET: { op: 'read', handler: ({ store, ids }) => ok(renderCustomer(store, requireCustomer(store, ids[0]))) },
				PUT: { op: 'update', handler: writeCustomer },
				PATCH: { op: 'update', handler: writeCustomer },
				POST: { op: 'update', handler: writeCustomer },
				DELETE: {
					op: 'delete',
					handler: (context) => {
						const { store, ids } = context;
						const customer = requireCustomer(store, ids[0]);
						if (!force(context)) {
							throw new WooError(501, 'woocommerce_rest_trash_not_supported', 'Customers do not support trashing.');
						}
						const rendered = renderCustomer(store, customer);
						deleteCustomer(store, customer);
						return ok(rendered);
					},
				},
			},
		],
	];
}

function couponRoutes(): Array<[RegExp, Record<string, Endpoint>]> {
	const requireCoupon = (store: WooStore, id: number) => {
		const coupon = store.state.coupons.find((candidate) => candidate.id === id);
		if (!coupon) throw notFound('woocommerce_rest_shop_coupon_invalid_id');
		return coupon;
	};
	const writeCoupon: Handler = (context) => {
		const { store, ids } = context;
		const coupon = requireCoupon(store, ids[0]);
		applyCouponFields(store, coupon, input(context, COUPON_SCHEMA));
		store.emit('coupon.updated', coupon.id);
		return ok(renderCoupon(store, coupon));
	};
	return [
		[
			/^\/coupons$/,
			{
				GET: {
					op: 'list',
					handler: (context) => {
						const params = context.request.params;
						Object.assign(params, validateParams(params, collectionSchema(['date', 'id', 'include', 'title', 'slug', 'modified'])));
						const code = text(params.code)?.toLowerCase();
						const records = context.store.state.coupons.filter(
							(coupon) => coupon.status !== 'trash' && (!code || coupon.code === code),
						);
						const sorted = sortRecords(records, params, { ...DATE_KEYS, title: (coupon) => coupon.code, slug: (coupon) => coupon.code }, {
							orderby: 'date',
							order: 'desc',
						});
						return paginate(context, sorted, (coupon) => renderCoupon(context.store, coupon));
					},
				},
				POST: {
					op: 'create',
					handler: (context) => {
						const values = input(context, COUPON_SCHEMA);
						requireParams(values, ['code']);
						const coupon = createCoupon(context.store, values, true);
						return created(context.store, `/coupons/${coupon.id}`, renderCoupon(context.store, coupon));
					},
				},
			},
		],
		[
			/^\/coupons\/(\d+)$/,
			{
				GET: { op: 'read', handler: ({ store, ids }) => ok(renderCoupon(store, requireCoupon(store, ids[0]))) },
				PUT: { op: 'update', handler: writeCoupon },
				POST: { op: 'update', handler: writeCoupon },
				DELETE: {
					op: 'delete',
					handler: (context) => {
						const { store, ids } = context;
						const coupon = requireCoupon(store, ids[0]);
						const rendered = renderCoupon(store, coupon);
						if (force(context)) {
							store.state.coupons = store.state.coupons.filter((candidate) => candidate !== coupon);
							return ok(rendered);
						}
						coupon.status = 'trash';
						store.emit('coupon.deleted', coupon.id);
						return ok(renderCoupon(store, coupon));
					},
				},
			},
		],
	];
}

function taxRoutes(): Array<[RegExp, Record<string, Endpoint>]> {
	const renderRate = (store: WooStore, rate: WooStore['state']['taxRates'][number]) => ({
		id: rate.id,
		country: rate.country,
		state: rate.state,
		postcode: rate.postcode,
		city: rate.city,
		postcodes: rate.postcode ? [rate.postcode] : [],
		cities: rate.city ? [rate.city] : [],
		rate: rate.rate,
		name: rate.name,
		priority: rate.priority,
		compound: rate.compound,
		shipping: rate.shipping,
		order: rate.order,
		class: rate.class,
		_links: store.links(`/taxes/${rate.id}`, '/taxes'),
	});
	return [
		[
			/^\/taxes$/,
			{
				GET: {
					op: 'list',
					handler: (context) => {
						Object.assign(context.request.params, validateParams(context.request.params, collectionSchema(['id', 'order', 'priority'], 'asc')));
						const taxClass = text(context.request.params.class);
						const rates = context.store.state.taxRates.filter((rate) => !taxClass || rate.class === taxClass);
						return paginate(context, rates, (rate) => renderRate(context.store, rate));
					},
				},
			},
		],
		[
			/^\/taxes\/(\d+)$/,
			{
				GET: {
					op: 'read',
					handler: ({ store, ids }) => {
						const rate = store.state.taxRates.find((candidate) => candidate.id === ids[0]);
						if (!rate) throw notFound('woocommerce_rest_invalid_id', 'Invalid resource ID.');
						return ok(renderRate(store, rate));
					},
				},
			},
		],
		[
			/^\/taxes\/classes$/,
			{
				GET: {
					op: 'list',
					handler: ({ store }) =>
						ok(
							store.state.taxClasses.map((taxClass) => ({
								slug: taxClass.slug,
								name: taxClass.name,
								_links: { collection: [{ href: store.restUrl('/taxes/classes') }] },
							})),
						),
				},
			},
		],
	];
}

function webhookRoutes(): Array<[RegExp, Record<string, Endpoint>]> {
	const writeWebhook: Handler = (context) => {
		const { store, ids } = context;
		const values = input(context, WEBHOOK_SCHEMA);
		const webhook = requireWebhook(store, ids[0], 'update');
		context.webhooks.update(webhook, values);
		return ok(renderWebhook(store, webhook));
	};
	return [
		[
			/^\/webhooks$/,
			{
				GET: {
					op: 'list',
					handler: (context) => {
						const params = context.request.params;
						Object.assign(
							params,
							validateParams(params, {
								...collectionSchema(['date', 'id', 'title']),
								status: { type: 'string', enum: ['all', 'active', 'paused', 'disabled'] },
							}),
						);
						const status = text(params.status) ?? 'all';
						const search = text(params.search)?.toLowerCase();
						const records = context.store.state.webhooks.filter(
							(webhook) =>
								(status === 'all' || webhook.status === status) && (!search || webhook.name.toLowerCase().includes(search)),
						);
						const sorted = sortRecords(records, params, { ...DATE_KEYS, title: (webhook) => webhook.name }, {
							orderby: 'date',
							order: 'desc',
						});
						return paginate(context, sorted, (webhook) => renderWebhook(context.store, webhook));
					},
				},
				POST: {
					op: 'create',
					handler: async (context) => {
						const webhook = await context.webhooks.create(input(context, WEBHOOK_SCHEMA));
						return created(context.store, `/webhooks/${webhook.id}`, renderWebhook(context.store, webhook));
					},
				},
			},
		],
		[
			/^\/webhooks\/(\d+)$/,
			{
				GET: { op: 'read', handler: ({ store, ids }) => ok(renderWebhook(store, requireWebhook(store, ids[0]))) },
				PUT: { op: 'update', handler: writeWebhook },
				PATCH: { op: 'update', handler: writeWebhook },
				POST: { op: 'update', handler: writeWebhook },
				DELETE: {
					op: 'delete',
					handler: (context) => {
						const { store, ids } = context;
						// delete_item() refuses a delete without force=true before it looks the id up.
						if (!force(context)) {
							throw new WooError(501, 'woocommerce_rest_trash_not_supported', 'Webhooks do not support trashing.');
						}
						const webhook = requireWebhook(store, ids[0], 'delete');
						const rendered = renderWebhook(store, webhook);
						context.webhooks.delete(webhook, true);
						return ok(rendered);
					},
				},
			},
		],
	];
}

function systemStatus(store: WooStore) {
	return {
		environment: {
			home_url: store.home,
			site_url: store.home,
			version: WC_VERSION,
			wp_version: WP_VERSION,
			wp_multisite: false,
			wp_debug_mode: false,
			language: 'sv_SE',
			external_object_cache: null,
			server_info: 'woocommerce-simulator',
			php_version: '8.2.0',
			default_timezone: 'UTC',
			secure_connection: true,
		},
		database: { wc_database_version: WC_VERSION, database_prefix: 'wp_' },
		active_plugins: [
			{ plugin: 'woocommerce/woocommerce.php', name: 'WooCommerce', version: WC_VERSION, author_name: 'Automattic' },
		],
		inactive_plugins: [],
		dropins_mu_plugins: { dropins: [], mu_plugins: [] },
		theme: { name: '', version: '', is_child_theme: false, has_woocommerce_support: false },
		settings: {
			api_enabled: true,
			force_ssl: false,
			currency: store.state.settings.currency,
			currency_symbol: 'kr',
			currency_position: 'right_space',
			thousand_separator: ' ',
			decimal_separator: ',',
			number_of_decimals: 2,
			geolocation_enabled: false,
			woocommerce_com_connected: 'no',
			enforce_approved_download_dirs: true,
			order_datastore: 'WC_Order_Data_Store_CPT',
		},
		security: { secure_connection: true, hide_errors: true },
		pages: [],
		post_type_counts: [
			{ type: 'product', count: String(store.state.products.filter((product) => product.type !== 'variation').length) },
			{ type: 'shop_order', count: String(store.state.orders.length) },
		],
	};
}

// ---------------------------------------------------------------------------------------------------------
// The route table

const ROUTES: Array<[RegExp, Record<string, Endpoint>]> = [
	[
		/^\/?$/,
		{
			GET: {
				op: 'public',
				handler: ({ store }) =>
					ok({
						namespace: 'wc/v3',
						routes: Object.fromEntries(
							ROUTES.map(([pattern, methods]) => [
								`/wc/v3${pattern.source.replace(/^\^|\$$/g, '').replace(/\\\//g, '/').replace(/\(\\d\+\)/g, '(?P<id>[\\d]+)')}`,
								{ namespace: 'wc/v3', methods: Object.keys(methods) },
							]),
						),
						_links: { up: [{ href: `${store.home}/wp-json/` }] },
					}),
			},
		},
	],
	...productRoutes(),
	...orderRoutes(),
	...customerRoutes(),
	...couponRoutes(),
	...taxRoutes(),
	...webhookRoutes(),
	[/^\/system_status$/, { GET: { op: 'read', handler: ({ store }) => ok(systemStatus(store)) } }],
];

export interface MatchedRoute {
	op: Operation;
	run(store: WooStore, webhooks: WebhookDispatcher, request: RestRequest): Promise<RestResponse>;
}

/** The endpoint for a method and route, or undefined (rest_no_route). */
export function matchRoute(method: string, route: string): MatchedRoute | undefined {
	for (const [pattern, methods] of ROUTES) {
		const match = pattern.exec(route);
		if (!match) continue;
		const endpoint = methods[method];
		if (!endpoint) return undefined;
		const ids = match.slice(1).map(Number);
		return {
			op: endpoint.op,
			run: async (store, webhooks, request) => await endpoint.handler({ store, webhooks, request, ids }),
		};
	}
	return undefined;
}

/** The 401 WooCommerce's permission callbacks give without valid authentication. */
export function permissionError(op: Operation): WooError {
	const errors: Record<Exclude<Operation, 'public'>, [string, string]> = {
		list: ['woocommerce_rest_cannot_view', 'Sorry, you cannot list resources.'],
		read: ['woocommerce_rest_cannot_view', 'Sorry, you cannot view this resource.'],
		create: ['woocommerce_rest_cannot_create', 'Sorry, you are not allowed to create resources.'],
		update: ['woocommerce_rest_cannot_edit', 'Sorry, you are not allowed to edit this resource.'],
		delete: ['woocommerce_rest_cannot_delete', 'Sorry, you are not allowed to delete this resource.'],
		batch: ['woocommerce_rest_cannot_batch', 'Sorry, you are not allowed to batch manipulate this resource.'],
	};
	const [code, message] = errors[op === 'public' ? 'read' : op];
	return new WooError(401, code, message);
}
