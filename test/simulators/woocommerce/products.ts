 
// Products, variations and product categories: the writable fields WooCommerce stores, the derived ones it
// renders (price, stock_status, variations, …) and the SKU uniqueness rule.
import { DEFAULT_CATEGORY_ID, WooStore, bool, dates, renderMeta } from './store';
import type { CategoryRecord, ImageRecord, ProductRecord, ProductType, RefusalFault, VariationAttribute } from './types';
import { WooError, notFound, type Schema } from './validation';
import { formatDecimal, isRecord, phpEmpty, sanitizeTextField, sanitizeTitle } from './util';

const PRODUCT_STATUSES = ['draft', 'pending', 'private', 'publish', 'future'] as const;

const COMMON_SCHEMA: Schema = {
	description: { type: 'string' },
	sku: { type: 'string' },
	regular_price: { type: 'string' },
	sale_price: { type: 'string' },
	virtual: { type: 'boolean' },
	downloadable: { type: 'boolean' },
	tax_status: { type: 'string', enum: ['taxable', 'shipping', 'none'] },
	tax_class: { type: 'string' },
	manage_stock: { type: 'boolean' },
	stock_quantity: { type: 'integer' },
	stock_status: { type: 'string', enum: ['instock', 'outofstock', 'onbackorder'] },
	backorders: { type: 'string', enum: ['no', 'notify', 'yes'] },
	low_stock_amount: { type: ['integer', 'null'] },
	weight: { type: 'string' },
	dimensions: { type: 'object' },
	shipping_class: { type: 'string' },
	menu_order: { type: 'integer' },
	meta_data: { type: 'array' },
};

export const PRODUCT_SCHEMA: Schema = {
	...COMMON_SCHEMA,
	name: { type: 'string' },
	slug: { type: 'string' },
	type: { type: 'string', enum: ['simple', 'grouped', 'external', 'variable'] },
	status: { type: 'string', enum: PRODUCT_STATUSES },
	featured: { type: 'boolean' },
	catalog_visibility: { type: 'string', enum: ['visible', 'catalog', 'search', 'hidden'] },
	short_description: { type: 'string' },
	external_url: { type: 'string' },
	button_text: { type: 'string' },
	sold_individually: { type: 'boolean' },
	reviews_allowed: { type: 'boolean' },
	purchase_note: { type: 'string' },
	parent_id: { type: 'integer' },
	upsell_ids: { type: 'array' },
	cross_sell_ids: { type: 'array' },
	grouped_products: { type: 'array' },
	categories: { type: 'array' },
	tags: { type: 'array' },
	images: { type: 'array' },
	attributes: { type: 'array' },
	default_attributes: { type: 'array' },
};

export const VARIATION_SCHEMA: Schema = {
	...COMMON_SCHEMA,
	status: { type: 'string', enum: PRODUCT_STATUSES },
	image: { type: ['object', 'null'] },
	attributes: { type: 'array' },
};

function blankProduct(store: WooStore, type: ProductType, parentId: number): ProductRecord {
	const now = Date.now();
	return {
		id: store.next('post'),
		type,
		parent_id: parentId,
		name: '',
		slug: '',
		status: 'publish',
		featured: false,
		catalog_visibility: 'visible',
		description: '',
		short_description: '',
		sku: '',
		regular_price: '',
		sale_price: '',
		virtual: false,
		downloadable: false,
		external_url: '',
		button_text: '',
		tax_status: 'taxable',
		tax_class: type === 'variation' ? 'parent' : '',
		manage_stock: false,
		stock_quantity: null,
		stock_status: 'instock',
		backorders: 'no',
		low_stock_amount: null,
		sold_individually: false,
		weight: '',
		dimensions: { length: '', width: '', height: '' },
		shipping_class: '',
		reviews_allowed: true,
		purchase_note: '',
		menu_order: 0,
		upsell_ids: [],
		cross_sell_ids: [],
		grouped_products: [],
		category_ids: [],
		images: [],
		attributes: [],
		default_attributes: [],
		variation_attributes: [],
		meta_data: [],
		total_sales: 0,
		created: now,
		modified: now,
	};
}

export function findProduct(store: WooStore, id: number): ProductRecord | undefined {
	return store.state.products.find((product) => product.id === id);
}

/** Non-trashed product or variation with this SKU (WooCommerce's is_existing_sku ignores the trash). */
export function findBySku(store: WooStore, sku: string): ProductRecord | undefined {
	return store.state.products.find((product) => product.sku === sku && product.status !== 'trash');
}

function childrenOf(store: WooStore, parent: ProductRecord): ProductRecord[] {
	return store.state.products.filter((product) => product.type === 'variation' && product.parent_id === parent.id);
}

function assertUniqueSku(store: WooStore, sku: string, selfId: number): void {
	if (sku === '') return;
	const holder = findBySku(store, sku);
	if (!holder || holder.id === selfId) return;
	// wc_product_generate_unique_sku(): the first free "<sku>-<n>".
	let index = 1;
	while (findBySku(store, `${sku}-${index}`)) index++;
	throw new WooError(400, 'product_invalid_sku', 'Invalid or duplicated SKU.', {
		resource_id: holder.id,
		unique_sku: `${sku}-${index}`,
	});
}

function uniqueSlug(store: WooStore, wanted: string, selfId: number): string {
	const base = sanitizeTitle(wanted) || String(selfId);
	const taken = (slug: string) =>
		store.state.products.some((product) => product.id !== selfId && product.type !== 'variation' && product.slug === slug);
	let slug = base;
	for (let suffix = 2; taken(slug); suffix++) slug = `${base}-${suffix}`;
	return slug;
}

function idList(value: unknown): number[] {
	return Array.isArray(value) ? value.map(Number).filter((id) => Number.isInteger(id) && id > 0) : [];
}

function imagesFrom(store: WooStore, current: ImageRecord[], input: unknown[]): ImageRecord[] {
	const now = Date.now();
	return input.filter(isRecord).map((image) => {
		const existing = typeof image.id === 'number' ? current.find((known) => known.id === image.id) : undefined;
		const record = existing ?? {
			id: store.next('post'),
			src: '',
			name: '',
			alt: '',
			created: now,
			modified: now,
		};
		if (typeof image.src === 'string') record.src = image.src;
		if (typeof image.name === 'string') record.name = image.name;
		else if (!existing) record.name = decodeURIComponent(record.src.split('/').pop()?.replace(/\.[^.]*$/, '') ?? '');
		if (typeof image.alt === 'string') record.alt = image.alt;
		return record;
	});
}

function variationAttributes(input: unknown[]): VariationAttribute[] {
	return input.filter(isRecord).map((attribute) => ({
		id: Number(attribute.id) || 0,
		name: String(attribute.name ?? ''),
		option: String(attribute.option ?? ''),
	}));
}

/** Keeps stock_status in step with a managed stock quantity (notify-no-stock amount 0). */
export function syncStockStatus(product: ProductRecord): void {
	if (!product.manage_stock || product.stock_quantity === null) return;
	if (product.stock_quantity > 0) product.stock_status = 'instock';
	else product.stock_status = product.backorders === 'no' ? 'outofstock' : 'onbackorder';
}

/**
 * Copies already-validated REST fields onto a product or variation. Like WooCommerce, stock_quantity only
 * counts while manage_stock is on, and stock_status only while it is off.
 */
function applyProductFields(store: WooStore, product: ProductRecord, input: Record<string, unknown>): void {
	const strings = [
		'name',
		'description',
		'short_description',
		'external_url',
		'button_text',
		'tax_status',
		'tax_class',
		'backorders',
		'shipping_class',
		'purchase_note',
		'catalog_visibility',
		'status',
	] as const;
	for (const key of strings) if (typeof input[key] === 'string') product[key] = input[key] as string;
	if (typeof input.type === 'string') product.type = input.type as ProductType;
	for (const key of ['featured', 'virtual', 'downloadable', 'sold_individually', 'reviews_allowed'] as const) {
		if (input[key] !== undefined) product[key] = bool(input[key]);
	}
	if (typeof input.regular_price === 'string') product.regular_price = formatDecimal(input.regular_price);
	if (typeof input.sale_price === 'string') product.sale_price = formatDecimal(input.sale_price);
	if (typeof input.weight === 'string') product.weight = formatDecimal(input.weight);
	if (typeof input.menu_order === 'number') product.menu_order = input.menu_order;
	if (typeof input.parent_id === 'number' && product.type !== 'variation') product.parent_id = input.parent_id;
	if (input.low_stock_amount !== undefined) product.low_stock_amount = input.low_stock_amount as number | null;
	if (isRecord(input.dimensions)) {
		for (const side of ['length', 'width', 'height'] as const) {
			const value = input.dimensions[side];
			if (typeof value === 'string' || typeof value === 'number') product.dimensions[side] = formatDecimal(String(value));
		}
	}
	if (typeof input.sku === 'string') {
		// wc_clean(): sanitize_text_field() for a scalar
		const sku = sanitizeTextField(input.sku);
		assertUniqueSku(store, sku, product.id);
		product.sku = sku;
	}
	if (input.name !== undefined || input.slug !== undefined || product.slug === '') {
		if (product.type !== 'variation') {
			const wanted = typeof input.slug === 'string' && input.slug !== '' ? input.slug : product.slug || product.name;
			product.slug = uniqueSlug(store, wanted, product.id);
		}
	}
	for (const key of ['upsell_ids', 'cross_sell_ids', 'grouped_products'] as const) {
		if (input[key] !== undefined) product[key] = idList(input[key]);
	}
	if (Array.isArray(input.categories)) {
		product.category_ids = idList(input.categories.map((category) => (isRecord(category) ? category.id : undefined))).filter(
			(id) => store.state.categories.some((category) => category.id === id),
		);
	}
	if (Array.isArray(input.images)) product.images = imagesFrom(store, product.images, input.images);
	if (product.type === 'variation') {
		if (isRecord(input.image)) product.images = imagesFrom(store, product.images, [input.image]);
		if (input.image === null) product.images = [];
		if (Array.isArray(input.attributes)) product.variation_attributes = variationAttributes(input.attributes);
	} else {
		if (Array.isArray(input.attributes)) {
			product.attributes = input.attributes.filter(isRecord).map((attribute, index) => ({
				id: Number(attribute.id) || 0,
				name: String(attribute.name ?? ''),
				position: Number(attribute.position ?? index) || 0,
				visible: attribute.visible === undefined ? false : bool(attribute.visible),
				variation: attribute.variation === undefined ? false : bool(attribute.variation),
				options: Array.isArray(attribute.options) ? attribute.options.map(String) : [],
			}));
		}
		if (Array.isArray(input.default_attributes)) product.default_attributes = variationAttributes(input.default_attributes);
	}
	if (input.manage_stock !== undefined) product.manage_stock = bool(input.manage_stock);
	if (product.manage_stock) {
		if (typeof input.stock_quantity === 'number') product.stock_quantity = input.stock_quantity;
		if (product.stock_quantity === null) product.stock_quantity = 0;
		syncStockStatus(product);
	} else {
		product.stock_quantity = null;
		if (typeof input.stock_status === 'string') product.stock_status = input.stock_status;
	}
	store.applyMeta(product.meta_data, input.meta_data);
	product.modified = Date.now();
}

export function createProduct(store: WooStore, input: Record<string, unknown>, emit: boolean): ProductRecord {
	const product = blankProduct(store, 'simple', 0);
	applyProductFields(store, product, input);
	// default_product_cat: WooCommerce files a product without categories under "Uncategorized".
	if (product.category_ids.length === 0 && store.state.categories.some((category) => category.id === DEFAULT_CATEGORY_ID)) {
		product.category_ids = [DEFAULT_CATEGORY_ID];
	}
	store.state.products.push(product);
	if (emit) store.emit('product.created', product.id);
	return product;
}

export function createVariation(
	store: WooStore,
	parent: ProductRecord,
	input: Record<string, unknown>,
	emit: boolean,
): ProductRecord {
	const variation = blankProduct(store, 'variation', parent.id);
	applyProductFields(store, variation, input);
	// WordPress derives the variation's post name from its title, e.g. "T-shirt - M" → t-shirt-m.
	variation.slug = sanitizeTitle(variationName(parent, variation)) || String(variation.id);
	store.state.products.push(variation);
	if (emit) store.emit('product.created', variation.id);
	touchParent(store, variation);
	return variation;
}

export function updateProduct(store: WooStore, product: ProductRecord, input: Record<string, unknown>): void {
	applyProductFields(store, product, input);
	// woocommerce_update_product_variation for a variation: product.updated with the variation's own id
	store.emit('product.updated', product.id);
	touchParent(store, product);
}

/**
 * A saved variation queues its parent for the deferred product sync (WC_Product::maybe_defer_product_sync()), which
 * at the end of the request saves the parent (WC_Post_Data::do_deferred_product_sync() → WC_Product_Variable::sync()
 * → save()): the parent's date_modified moves, so `modified_after` lists it. That save also fires
 * woocommerce_update_product, but both it and the webhook queue (wc_webhook_execute_queue()) run on `shutdown` at
 * priority 10, the webhook queue registered first, so the parent's product.updated is queued after the queue has run
 * and is not delivered (source reading, not recorded): the simulator fires none for the parent.
 */
function touchParent(store: WooStore, product: ProductRecord): void {
	const parent = parentOf(store, product);
	if (parent) parent.modified = Math.max(Date.now(), product.modified);
}

/** force: remove (with a variable product's variations); otherwise trash, which is what fires product.deleted. */
export function deleteProduct(store: WooStore, product: ProductRecord, force: boolean): void {
	if (force) {
		const doomed = new Set([product.id, ...childrenOf(store, product).map((child) => child.id)]);
		store.state.products = store.state.products.filter((candidate) => !doomed.has(candidate.id));
		return;
	}
	if (product.status === 'trash') {
		throw new WooError(410, 'woocommerce_rest_already_trashed', `The product has already been deleted.`);
	}
	product.status = 'trash';
	product.modified = Date.now();
	store.emit('product.deleted', product.id);
}

export function requireProduct(store: WooStore, id: number, variationOf?: ProductRecord): ProductRecord {
	const product = findProduct(store, id);
	if (variationOf) {
		if (!product || product.type !== 'variation' || product.parent_id !== variationOf.id) {
			throw notFound('woocommerce_rest_product_variation_invalid_id');
		}
		return product;
	}
	if (!product) throw notFound('woocommerce_rest_product_invalid_id');
	return product;
}

/**
 * What the products controller answers for a variation written or deleted through /products/<id> (also per item in
 * products/batch): WC_REST_Products_Controller::prepare_object_for_database() and
 * WC_REST_Products_V2_Controller::delete_item(). The angle brackets come HTML-escaped, as WooCommerce sends them.
 */
export function variationThroughProducts(): WooError {
	return new WooError(
		404,
		'woocommerce_rest_invalid_product_id',
		'To manipulate product variations you should use the /products/&lt;product_id&gt;/variations/&lt;id&gt; endpoint.',
	);
}

/**
 * PUT|PATCH|POST /products/<id> and a products/batch update: an unknown id is 400 (WC_REST_CRUD_Controller::
 * update_item()), a variation 404 (prepare_object_for_database(), whatever `type` the body names).
 */
export function requireProductForUpdate(store: WooStore, id: number): ProductRecord {
	const product = findProduct(store, id);
	if (!product) throw new WooError(400, 'woocommerce_rest_product_invalid_id', 'Invalid ID.');
	if (product.type === 'variation') throw variationThroughProducts();
	refuseSaveIfFaulted(store, product, 'product');
	return product;
}

/**
 * The control API's `refuse` fault: this save of the product throws. WC_REST_CRUD_Controller::save_object() catches
 * an exception from `$object->save()` and answers `woocommerce_rest_<post type>_not_created` with the exception's
 * message and status 400, on updates too (post type `product` on the products routes, `product_variation` on the
 * variations routes); in a batch that becomes the item's `error` (batch_items()). Nothing of the item is saved.
 * Called after the id checks, as the save comes after prepare_object_for_database().
 */
function refuseSaveIfFaulted(store: WooStore, product: ProductRecord, postType: 'product' | 'product_variation'): void {
	const { faults } = store.state;
	const fault = faults.find((candidate): candidate is RefusalFault => candidate.kind === 'refuse' && candidate.sku === product.sku);
	if (!fault) return;
	fault.remaining--;
	if (fault.remaining <= 0) faults.splice(faults.indexOf(fault), 1);
	throw new WooError(400, `woocommerce_rest_${postType}_not_created`, fault.message);
}

/** DELETE /products/<id> and a products/batch delete: unknown 404, a variation 404 (delete_item()). */
export function requireProductForDelete(store: WooStore, id: number): ProductRecord {
	const product = requireProduct(store, id);
	if (product.type === 'variation') throw variationThroughProducts();
	return product;
}

/**
 * PUT|PATCH|POST /products/<product id>/variations/<id> and a variations/batch update. WooCommerce:
 * update_item_permissions_check() refuses an object whose parent is not <product id> (403 with API keys, which log
 * a user in), then update_item() answers 400 for an unknown id. WooCommerce does not check the type and would
 * re-parent a simple product, nor does its batch run the permission check; the simulator refuses both (stricter).
 */
export function requireVariationForUpdate(store: WooStore, productId: number, id: number): ProductRecord {
	const variation = findProduct(store, id);
	const invalid = () => new WooError(400, 'woocommerce_rest_product_variation_invalid_id', 'Invalid ID.');
	if (!variation) throw invalid();
	if (variation.parent_id !== 0 && variation.parent_id !== productId) {
		throw new WooError(403, 'woocommerce_rest_cannot_edit', 'Parent product does not match current variation.');
	}
	if (variation.type !== 'variation') throw invalid();
	refuseSaveIfFaulted(store, variation, 'product_variation');
	return variation;
}

/** WC_REST_CRUD_Controller::create_item(): a body that carries an id is refused. */
export function refuseExistingId(input: Record<string, unknown>, postType: 'product' | 'product_variation'): void {
	if (!phpEmpty(input.id)) {
		throw new WooError(400, `woocommerce_rest_${postType}_exists`, `Cannot create existing ${postType}.`);
	}
}

// ---------------------------------------------------------------------------------------------------------
// Derived values

export function parentOf(store: WooStore, product: ProductRecord): ProductRecord | undefined {
	return product.type === 'variation' ? findProduct(store, product.parent_id) : undefined;
}

/** The record whose stock a sale reduces: the variation, its parent ("manage stock" at product level), or none. */
export function stockHolder(store: WooStore, product: ProductRecord): ProductRecord | undefined {
	if (product.manage_stock) return product;
	const parent = parentOf(store, product);
	return parent?.manage_stock ? parent : undefined;
}

export function activePrice(product: ProductRecord): string {
	return isOnSale(product) ? product.sale_price : product.regular_price;
}

function isOnSale(product: ProductRecord): boolean {
	return product.sale_price !== '' && (product.regular_price === '' || Number(product.sale_price) < Number(product.regular_price));
}

function variablePrice(store: WooStore, product: ProductRecord): string {
	const prices = childrenOf(store, product)
		.filter((child) => child.status === 'publish')
		.map(activePrice)
		.filter((price) => price !== '')
		.sort((a, b) => Number(a) - Number(b));
	return prices[0] ?? '';
}

export function effectiveTaxClass(store: WooStore, product: ProductRecord): string {
	if (product.tax_class !== 'parent') return product.tax_class;
	return parentOf(store, product)?.tax_class ?? '';
}

function stockStatus(store: WooStore, product: ProductRecord): string {
	if (product.type === 'variable' && !product.manage_stock) {
		const statuses = childrenOf(store, product).map((child) => stockStatus(store, child));
		if (statuses.includes('instock')) return 'instock';
		return statuses.includes('onbackorder') ? 'onbackorder' : 'outofstock';
	}
	const holder = stockHolder(store, product);
	return holder && holder !== product ? holder.stock_status : product.stock_status;
}

function variationName(parent: ProductRecord | undefined, variation: ProductRecord): string {
	const options = variation.variation_attributes.map((attribute) => attribute.option).filter((option) => option !== '');
	const base = parent?.name ?? '';
	return options.length > 0 && options.length <= 2 ? `${base} - ${options.join(', ')}` : base;
}

export function productDisplayName(store: WooStore, product: ProductRecord): string {
	return product.type === 'variation' ? variationName(parentOf(store, product), product) : product.name;
}

/** wc_price() for a Swedish store: "125,00&nbsp;kr". */
function priceHtml(price: string): string {
	if (price === '') return '';
	const amount = Number(price).toFixed(2).replace('.', ',');
	return `<span class="woocommerce-Price-amount amount"><bdi>${amount}&nbsp;<span class="woocommerce-Price-currencySymbol">&#107;&#114;</span></bdi></span>`;
}

function renderImage(image: ImageRecord) {
	return {
		id: image.id,
		...dates('date_created', image.created),
		...dates('date_modified', image.modified),
		src: image.src,
		name: image.name,
		alt: image.alt,
	};
}

function permalink(store: WooStore, product: ProductRecord): string {
	const parent = parentOf(store, product);
	if (!parent) return `${store.home}/product/${product.slug}/`;
	const query = product.variation_attributes
		.map((attribute) => `attribute_${sanitizeTitle(attribute.name)}=${encodeURIComponent(attribute.option)}`)
		.join('&');
	return `${store.home}/product/${parent.slug}/${query ? `?${query}` : ''}`;
}

/** GET /products/<id>: also answers for a variation id (webhook payloads for variations use it). */
export function renderProduct(store: WooStore, product: ProductRecord): Record<string, unknown> {
	const price = product.type === 'variable' ? variablePrice(store, product) : activePrice(product);
	const holder = stockHolder(store, product);
	const backorders = holder?.backorders ?? product.backorders;
	const status = stockStatus(store, product);
	return {
		id: product.id,
		name: productDisplayName(store, product),
		slug: product.slug,
		permalink: permalink(store, product),
		...dates('date_created', product.created),
		...dates('date_modified', product.modified),
		type: product.type,
		status: product.status,
		featured: product.featured,
		catalog_visibility: product.catalog_visibility,
		description: product.description,
		short_description: product.short_description,
		sku: product.sku,
		price,
		regular_price: product.type === 'variable' ? '' : product.regular_price,
		sale_price: product.type === 'variable' ? '' : product.sale_price,
		...dates('date_on_sale_from', null),
		...dates('date_on_sale_to', null),
		on_sale: product.type !== 'variable' && isOnSale(product),
		purchasable: price !== '' && product.status === 'publish',
		total_sales: product.total_sales,
		virtual: product.virtual,
		downloadable: product.downloadable,
		downloads: [],
		download_limit: -1,
		download_expiry: -1,
		external_url: product.external_url,
		button_text: product.button_text,
		tax_status: product.tax_status,
		tax_class: effectiveTaxClass(store, product),
		manage_stock: product.type === 'variation' && !product.manage_stock && holder ? 'parent' : product.manage_stock,
		stock_quantity: holder ? holder.stock_quantity : null,
		backorders,
		backorders_allowed: backorders !== 'no',
		backordered: false,
		low_stock_amount: product.low_stock_amount,
		sold_individually: product.sold_individually,
		weight: product.weight,
		dimensions: { ...product.dimensions },
		shipping_required: !product.virtual,
		shipping_taxable: !product.virtual && ['taxable', 'shipping'].includes(product.tax_status),
		shipping_class: product.shipping_class,
		shipping_class_id: 0,
		reviews_allowed: product.reviews_allowed,
		average_rating: '0.00',
		rating_count: 0,
		upsell_ids: [...product.upsell_ids],
		cross_sell_ids: [...product.cross_sell_ids],
		parent_id: product.parent_id,
		purchase_note: product.purchase_note,
		categories: product.category_ids
			.map((id) => store.state.categories.find((category) => category.id === id))
			.filter((category): category is CategoryRecord => category !== undefined)
			.map((category) => ({ id: category.id, name: category.name, slug: category.slug })),
		tags: [],
		images: product.images.map(renderImage),
		attributes:
			product.type === 'variation'
				? product.variation_attributes.map((attribute) => ({ ...attribute }))
				: product.attributes.map((attribute) => ({ ...attribute, options: [...attribute.options] })),
		default_attributes: product.default_attributes.map((attribute) => ({ ...attribute })),
		variations: product.type === 'variable' ? childrenOf(store, product).map((child) => child.id) : [],
		grouped_products: [...product.grouped_products],
		menu_order: product.menu_order,
		price_html: priceHtml(price),
		related_ids: [],
		meta_data: renderMeta(product.meta_data),
		stock_status: status,
		has_options: product.type === 'variable',
		post_password: '',
		// WC_REST_Products_V2_Controller::prepare_links(): `up` whenever the product has a parent (a variation, or a
		// product given a parent_id), also for a variation listed through /products?sku=.
		_links: store.links(
			`/products/${product.id}`,
			'/products',
			product.parent_id ? { up: store.restUrl(`/products/${product.parent_id}`) } : {},
		),
	};
}

/**
 * GET /products/<parent>/variations/<id>: WooCommerce's variation schema. Links as
 * WC_REST_Product_Variations_V2_Controller::prepare_links() builds them from the route's product id, which the
 * simulator only serves for the variation's own parent.
 */
export function renderVariation(store: WooStore, variation: ProductRecord): Record<string, unknown> {
	const holder = stockHolder(store, variation);
	const price = activePrice(variation);
	const backorders = holder?.backorders ?? variation.backorders;
	const image = variation.images[0];
	return {
		id: variation.id,
		...dates('date_created', variation.created),
		...dates('date_modified', variation.modified),
		description: variation.description,
		permalink: permalink(store, variation),
		sku: variation.sku,
		price,
		regular_price: variation.regular_price,
		sale_price: variation.sale_price,
		...dates('date_on_sale_from', null),
		...dates('date_on_sale_to', null),
		on_sale: isOnSale(variation),
		status: variation.status,
		purchasable: price !== '' && variation.status === 'publish',
		virtual: variation.virtual,
		downloadable: variation.downloadable,
		downloads: [],
		download_limit: -1,
		download_expiry: -1,
		tax_status: variation.tax_status,
		tax_class: effectiveTaxClass(store, variation),
		manage_stock: !variation.manage_stock && holder ? 'parent' : variation.manage_stock,
		stock_quantity: holder ? holder.stock_quantity : null,
		stock_status: stockStatus(store, variation),
		backorders,
		backorders_allowed: backorders !== 'no',
		backordered: false,
		low_stock_amount: variation.low_stock_amount,
		weight: variation.weight,
		dimensions: { ...variation.dimensions },
		shipping_class: variation.shipping_class,
		shipping_class_id: 0,
		image: image ? renderImage(image) : null,
		attributes: variation.variation_attributes.map((attribute) => ({ ...attribute })),
		menu_order: variation.menu_order,
		meta_data: renderMeta(variation.meta_data),
		parent_id: variation.parent_id,
		_links: store.links(
			`/products/${variation.parent_id}/variations/${variation.id}`,
			`/products/${variation.parent_id}/variations`,
			{ up: store.restUrl(`/products/${variation.parent_id}`) },
		),
	};
}

// ---------------------------------------------------------------------------------------------------------
// Listing

export interface ProductFilter {
	sku?: string[];
	search?: string;
	status?: string;
	type?: string;
	category?: number[];
	tax_class?: string;
	stock_status?: string;
	slug?: string;
	include?: number[];
	exclude?: number[];
	featured?: boolean;
	after?: number;
	before?: number;
	modified_after?: number;
	modified_before?: number;
}

/** Filters products or variations (pass `parent` for variations) as WooCommerce's list queries do. */
export function filterProducts(store: WooStore, filter: ProductFilter, parent?: ProductRecord): ProductRecord[] {
	const search = filter.search?.toLowerCase();
	return store.state.products.filter((product) => {
		// Like WooCommerce, a sku filter on /products also finds variations (post types product and product_variation).
		const listsVariations = filter.sku !== undefined;
		if (parent ? product.type !== 'variation' || product.parent_id !== parent.id : product.type === 'variation' && !listsVariations) {
			return false;
		}
		const status = filter.status ?? 'any';
		if (status === 'any' ? product.status === 'trash' : product.status !== status) return false;
		if (filter.sku && !filter.sku.includes(product.sku)) return false;
		if (search && ![product.name, product.description, product.short_description].some((text) => text.toLowerCase().includes(search))) {
			return false;
		}
		if (filter.type && product.type !== filter.type) return false;
		if (filter.category && !filter.category.some((id) => product.category_ids.includes(id))) return false;
		if (filter.tax_class !== undefined && effectiveTaxClass(store, product) !== (filter.tax_class === 'standard' ? '' : filter.tax_class)) {
			return false;
		}
		if (filter.stock_status && stockStatus(store, product) !== filter.stock_status) return false;
		if (filter.slug !== undefined && product.slug !== filter.slug) return false;
		if (filter.include && !filter.include.includes(product.id)) return false;
		if (filter.exclude?.includes(product.id)) return false;
		if (filter.featured !== undefined && product.featured !== filter.featured) return false;
		if (filter.after !== undefined && product.created <= filter.after) return false;
		if (filter.before !== undefined && product.created >= filter.before) return false;
		if (filter.modified_after !== undefined && product.modified <= filter.modified_after) return false;
		if (filter.modified_before !== undefined && product.modified >= filter.modified_before) return false;
		return true;
	});
}

// ---------------------------------------------------------------------------------------------------------
// Categories

export const CATEGORY_SCHEMA: Schema = {
	name: { type: 'string' },
	slug: { type: 'string' },
	parent: { type: 'integer' },
	description: { type: 'string' },
	display: { type: 'string', enum: ['default', 'products', 'subcategories', 'both'] },
	menu_order: { type: 'integer' },
};

export function createCategory(store: WooStore, input: Record<string, unknown>): CategoryRecord {
	const name = typeof input.name === 'string' ? input.name : '';
	const slug = sanitizeTitle(typeof input.slug === 'string' && input.slug !== '' ? input.slug : name);
	const clash = store.state.categories.find((category) => category.slug === slug || category.name === name);
	if (clash) {
		throw new WooError(400, 'term_exists', 'A term with the name provided already exists with this parent.', {
			resource_id: clash.id,
		});
	}
	const category: CategoryRecord = {
		id: store.next('term'),
		name,
		slug,
		parent: typeof input.parent === 'number' ? input.parent : 0,
		description: typeof input.description === 'string' ? input.description : '',
		display: typeof input.display === 'string' ? input.display : 'default',
		menu_order: typeof input.menu_order === 'number' ? input.menu_order : 0,
	};
	store.state.categories.push(category);
	return category;
}

export function renderCategory(store: WooStore, category: CategoryRecord): Record<string, unknown> {
	return {
		id: category.id,
		name: category.name,
		slug: category.slug,
		parent: category.parent,
		description: category.description,
		display: category.display,
		image: null,
		menu_order: category.menu_order,
		count: store.state.products.filter(
			(product) => product.status !== 'trash' && product.category_ids.includes(category.id),
		).length,
		_links: store.links(`/products/categories/${category.id}`, '/products/categories'),
	};
}
