 
// Orders: totals and taxes from the store's rates, coupons spread over lines, stock reduced on creation and on
// status transitions (restored on cancel), order notes, and the wc/v3 order JSON.
import { createHash } from 'node:crypto';

import { findCoupon } from './coupons';
import {
	activePrice,
	effectiveTaxClass,
	findBySku,
	findProduct,
	parentOf,
	productDisplayName,
	stockHolder,
	syncStockStatus,
} from './products';
import { WC_VERSION, WooStore, applyAddress, bool, emptyAddress, renderMeta } from './store';
import type {
	CouponRecord,
	FeeLine,
	ItemMeta,
	LineItem,
	OrderNote,
	OrderRecord,
	ProductRecord,
	ShippingLine,
	TaxLine,
	TaxRate,
} from './types';
import { WooError, notFound, type Schema } from './validation';
import { formatCents, isRecord, randomAlphanumeric, roundHalfAway, sanitizeTitle, toCents, wcDateGmt, wcDateLocal } from './util';

export const ORDER_STATUSES = [
	'pending',
	'processing',
	'on-hold',
	'completed',
	'cancelled',
	'refunded',
	'failed',
	'checkout-draft',
] as const;

const STATUS_LABELS: Record<string, string> = {
	pending: 'Pending payment',
	processing: 'Processing',
	'on-hold': 'On hold',
	completed: 'Completed',
	cancelled: 'Cancelled',
	refunded: 'Refunded',
	failed: 'Failed',
	'checkout-draft': 'Draft',
	trash: 'Trash',
};

const CURRENCY_SYMBOLS: Record<string, string> = { SEK: 'kr', NOK: 'kr', DKK: 'kr.', EUR: '€', USD: '$', GBP: '£' };

export const ORDER_SCHEMA: Schema = {
	parent_id: { type: 'integer' },
	status: { type: 'string', enum: ORDER_STATUSES },
	currency: { type: 'string' },
	customer_id: { type: 'integer' },
	customer_note: { type: 'string' },
	billing: { type: 'object' },
	shipping: { type: 'object' },
	payment_method: { type: 'string' },
	payment_method_title: { type: 'string' },
	transaction_id: { type: 'string' },
	meta_data: { type: 'array' },
	line_items: { type: 'array' },
	shipping_lines: { type: 'array' },
	fee_lines: { type: 'array' },
	coupon_lines: { type: 'array' },
	set_paid: { type: 'boolean' },
};

// Statuses whose transition reduces stock (wc_maybe_reduce_stock_levels) or gives it back.
const STOCK_REDUCING = ['processing', 'completed', 'on-hold'];
const STOCK_RESTORING = ['cancelled', 'pending'];
const PAYABLE = ['pending', 'failed', 'on-hold', 'cancelled'];
/**
 * docs/woocommerce.md §3.3 and §8 (recorded 7.9): creating an order reduces stock, whatever its status, except for
 * statuses that mean it will not be fulfilled.
 */
const NOT_REDUCED_ON_CREATION = ['cancelled', 'failed', 'refunded', 'checkout-draft'];

// ---------------------------------------------------------------------------------------------------------
// Taxes

function rateFor(store: WooStore, taxClass: string, taxStatus: string): TaxRate | null {
	if (taxStatus === 'none') return null;
	const slug = taxClass === '' || taxClass === 'standard' ? 'standard' : taxClass;
	return store.state.taxRates.find((rate) => rate.class === slug) ?? null;
}

function shippingRate(store: WooStore): TaxRate | null {
	return store.state.taxRates.find((rate) => rate.shipping && rate.class === 'standard') ?? null;
}

function taxOnExclusive(cents: number, rate: TaxRate | null): number {
	return rate ? roundHalfAway((cents * Number(rate.rate)) / 100) : 0;
}

function taxInInclusive(cents: number, rate: TaxRate | null): number {
	return rate ? roundHalfAway((cents * Number(rate.rate)) / (100 + Number(rate.rate))) : 0;
}

function rateCode(rate: TaxRate): string {
	return [rate.country, rate.state, rate.name, String(rate.priority)].filter((part) => part !== '').join('-').toUpperCase();
}

function itemTaxes(rate: TaxRate | null, total: number, subtotal: number | null) {
	return rate ? [{ id: rate.id, total: formatCents(total), subtotal: subtotal === null ? '' : formatCents(subtotal) }] : [];
}

// ---------------------------------------------------------------------------------------------------------
// Pricing: drafts hold what each line is worth before discounts; price() writes every total onto the order.

interface LineDraft {
	item: LineItem;
	rate: TaxRate | null;
	subEx: number;
	subTax: number;
	/** a `total` the caller set explicitly: coupons leave such a line alone */
	fixedTotalEx?: number;
}

interface ShippingDraft {
	item: ShippingLine;
	totalEx: number;
}

interface FeeDraft {
	item: FeeLine;
	rate: TaxRate | null;
	totalEx: number;
}

interface CouponDraft {
	id: number;
	coupon: CouponRecord;
}

interface OrderDrafts {
	lines: LineDraft[];
	shipping: ShippingDraft[];
	fees: FeeDraft[];
	coupons: CouponDraft[];
}

function itemMeta(store: WooStore, key: string, value: unknown, label = key): ItemMeta {
	return { id: store.next('meta'), key, value, display_key: label, display_value: String(value) };
}

function metaFromInput(store: WooStore, input: unknown): ItemMeta[] {
	if (!Array.isArray(input)) return [];
	return input
		.filter(isRecord)
		.filter((meta) => typeof meta.key === 'string')
		.map((meta) => itemMeta(store, meta.key as string, meta.value ?? ''));
}

/** The draft's undiscounted value: WooCommerce applies coupons to prices as entered (incl. VAT in Sweden). */
function discountBase(store: WooStore, draft: LineDraft): number {
	return store.state.settings.pricesIncludeTax ? draft.subEx + draft.subTax : draft.subEx;
}

function subtotalFromPrice(store: WooStore, draft: LineDraft, unitPriceCents: number): void {
	const amount = unitPriceCents * draft.item.quantity;
	if (store.state.settings.pricesIncludeTax) {
		draft.subTax = taxInInclusive(amount, draft.rate);
		draft.subEx = amount - draft.subTax;
	} else {
		draft.subEx = amount;
		draft.subTax = taxOnExclusive(amount, draft.rate);
	}
}

/** Discount per coupon and line, in discount-base cents; coupons apply one after another to what is left. */
function couponShares(store: WooStore, drafts: OrderDrafts): number[][] {
	const bases = drafts.lines.map((draft) => (draft.fixedTotalEx === undefined ? discountBase(store, draft) : 0));
	const remaining = [...bases];
	return drafts.coupons.map(({ coupon }) => {
		const shares = bases.map(() => 0);
		if (coupon.discount_type === 'percent') {
			bases.forEach((base, index) => {
				shares[index] = Math.min(remaining[index], roundHalfAway((base * Number(coupon.amount)) / 100));
			});
		} else if (coupon.discount_type === 'fixed_product') {
			drafts.lines.forEach((draft, index) => {
				shares[index] = Math.min(remaining[index], toCents(coupon.amount) * draft.item.quantity);
			});
		} else {
			const pool = remaining.reduce((sum, value) => sum + value, 0);
			const amount = Math.min(toCents(coupon.amount), pool);
			if (pool > 0) {
				remaining.forEach((value, index) => {
					shares[index] = Math.floor((amount * value) / pool);
				});
				// Whole cents left over go one by one to the first lines that can take them.
				let leftover = amount - shares.reduce((sum, value) => sum + value, 0);
				for (let index = 0; index < shares.length && leftover > 0; index++) {
					if (shares[index] < remaining[index]) {
						shares[index]++;
						leftover--;
					}
				}
			}
		}
		shares.forEach((share, index) => {
			remaining[index] -= share;
		});
		return shares;
	});
}

/** Splits `amount` in proportion to `weights` (whole cents, the remainder to the last non-zero weight). */
function splitProportionally(amount: number, weights: number[]): number[] {
	const total = weights.reduce((sum, weight) => sum + weight, 0);
	if (total === 0) return weights.map(() => 0);
	const last = weights.map((weight) => weight > 0).lastIndexOf(true);
	let given = 0;
	return weights.map((weight, index) => {
		if (index === last) return amount - given;
		const part = roundHalfAway((amount * weight) / total);
		given += part;
		return part;
	});
}

function price(store: WooStore, order: OrderRecord, drafts: OrderDrafts): void {
	const inclusive = store.state.settings.pricesIncludeTax;
	const shares = couponShares(store, drafts);
	const couponTotals = drafts.coupons.map(() => ({ ex: 0, tax: 0 }));
	const taxByRate = new Map<number, { rate: TaxRate; items: number; shipping: number }>();
	const addTax = (rate: TaxRate | null, items: number, shipping: number) => {
		if (!rate) return;
		const entry = taxByRate.get(rate.id) ?? { rate, items: 0, shipping: 0 };
		entry.items += items;
		entry.shipping += shipping;
		taxByRate.set(rate.id, entry);
	};

	let linesEx = 0;
	let cartTax = 0;
	let discountEx = 0;
	let discountTax = 0;
	order.line_items = drafts.lines.map((draft, index) => {
		const lineShares = shares.map((couponShare) => couponShare[index]);
		const discount = lineShares.reduce((sum, share) => sum + share, 0);
		let totalEx: number;
		let totalTax: number;
		if (draft.fixedTotalEx !== undefined) {
			totalEx = draft.fixedTotalEx;
			totalTax = taxOnExclusive(totalEx, draft.rate);
		} else if (discount === 0) {
			totalEx = draft.subEx;
			totalTax = draft.subTax;
		} else if (inclusive) {
			const gross = draft.subEx + draft.subTax - discount;
			totalTax = taxInInclusive(gross, draft.rate);
			totalEx = gross - totalTax;
		} else {
			totalEx = draft.subEx - discount;
			totalTax = taxOnExclusive(totalEx, draft.rate);
		}
		const exParts = splitProportionally(draft.subEx - totalEx, lineShares);
		const taxParts = splitProportionally(draft.subTax - totalTax, lineShares);
		exParts.forEach((part, couponIndex) => {
			couponTotals[couponIndex].ex += part;
			couponTotals[couponIndex].tax += taxParts[couponIndex];
		});
		linesEx += totalEx;
		cartTax += totalTax;
		discountEx += draft.subEx - totalEx;
		discountTax += draft.subTax - totalTax;
		addTax(draft.rate, totalTax, 0);
		const quantity = draft.item.quantity;
		return {
			...draft.item,
			subtotal: formatCents(draft.subEx),
			subtotal_tax: formatCents(draft.subTax),
			total: formatCents(totalEx),
			total_tax: formatCents(totalTax),
			taxes: itemTaxes(draft.rate, totalTax, draft.subTax),
			price: quantity ? totalEx / 100 / quantity : 0,
		};
	});

	let feesEx = 0;
	order.fee_lines = drafts.fees.map((draft) => {
		const tax = taxOnExclusive(draft.totalEx, draft.rate);
		feesEx += draft.totalEx;
		cartTax += tax;
		addTax(draft.rate, tax, 0);
		return {
			...draft.item,
			amount: formatCents(draft.totalEx),
			total: formatCents(draft.totalEx),
			total_tax: formatCents(tax),
			taxes: itemTaxes(draft.rate, tax, null),
		};
	});

	let shippingEx = 0;
	let shippingTax = 0;
	const shipRate = shippingRate(store);
	order.shipping_lines = drafts.shipping.map((draft) => {
		const tax = taxOnExclusive(draft.totalEx, shipRate);
		shippingEx += draft.totalEx;
		shippingTax += tax;
		addTax(shipRate, 0, tax);
		return {
			...draft.item,
			total: formatCents(draft.totalEx),
			total_tax: formatCents(tax),
			taxes: itemTaxes(shipRate, tax, null),
		};
	});

	order.coupon_lines = drafts.coupons.map(({ id, coupon }, index) => ({
		id,
		code: coupon.code,
		discount: formatCents(couponTotals[index].ex),
		discount_tax: formatCents(couponTotals[index].tax),
		discount_type: coupon.discount_type,
		nominal_amount: Number(coupon.amount),
		free_shipping: coupon.free_shipping,
		meta_data: [],
	}));

	const previousTaxLines = order.tax_lines;
	order.tax_lines = [...taxByRate.values()].map(
		({ rate, items, shipping }): TaxLine => ({
			id: previousTaxLines.find((line) => line.rate_id === rate.id)?.id ?? store.next('orderItem'),
			rate_code: rateCode(rate),
			rate_id: rate.id,
			label: rate.name,
			compound: rate.compound,
			tax_total: formatCents(items),
			shipping_tax_total: formatCents(shipping),
			rate_percent: Number(rate.rate),
			meta_data: [],
		}),
	);

	order.discount_total = formatCents(discountEx);
	order.discount_tax = formatCents(discountTax);
	order.shipping_total = formatCents(shippingEx);
	order.shipping_tax = formatCents(shippingTax);
	order.cart_tax = formatCents(cartTax);
	order.total_tax = formatCents(cartTax + shippingTax);
	order.total = formatCents(linesEx + feesEx + shippingEx + cartTax + shippingTax);
}

// ---------------------------------------------------------------------------------------------------------
// Drafts from REST input and from stored items

function resolveLineProduct(store: WooStore, input: Record<string, unknown>): ProductRecord {
	const variationId = Number(input.variation_id) || 0;
	const productId = Number(input.product_id) || 0;
	let product: ProductRecord | undefined;
	if (variationId > 0 || productId > 0) {
		product = findProduct(store, variationId || productId);
	} else if (typeof input.sku === 'string' && input.sku !== '') {
		product = findBySku(store, input.sku);
	} else {
		throw new WooError(400, 'woocommerce_rest_required_product_reference', 'Product ID or SKU is required.');
	}
	if (!product || product.status === 'trash') {
		throw new WooError(400, 'woocommerce_rest_invalid_product_id', 'Product ID provided is invalid.');
	}
	return product;
}

/** Line item fields that come from the product (name, ids, sku, image, attribute meta). */
function productFields(store: WooStore, product: ProductRecord) {
	const parent = parentOf(store, product);
	const image = product.images[0] ?? parent?.images[0];
	return {
		name: productDisplayName(store, product),
		product_id: parent ? parent.id : product.id,
		variation_id: parent ? product.id : 0,
		sku: product.sku,
		image: image ? { id: image.id, src: image.src } : { id: '', src: '' },
		parent_name: parent ? parent.name : null,
	};
}

function newLineDraft(store: WooStore, input: Record<string, unknown>): LineDraft {
	const product = resolveLineProduct(store, input);
	const fields = productFields(store, product);
	const quantity = Number(input.quantity ?? 1) || 1;
	const taxClass = typeof input.tax_class === 'string' ? input.tax_class : effectiveTaxClass(store, product);
	const attributeMeta = product.variation_attributes.map((attribute) =>
		itemMeta(store, sanitizeTitle(attribute.name), attribute.option, attribute.name),
	);
	const draft: LineDraft = {
		item: {
			id: store.next('orderItem'),
			...fields,
			name: typeof input.name === 'string' && input.name !== '' ? input.name : fields.name,
			quantity,
			tax_class: taxClass,
			subtotal: '',
			subtotal_tax: '',
			total: '',
			total_tax: '',
			taxes: [],
			meta_data: [...attributeMeta, ...metaFromInput(store, input.meta_data)],
			price: 0,
		},
		rate: rateFor(store, taxClass, product.tax_status),
		subEx: 0,
		subTax: 0,
	};
	setLineAmounts(store, draft, input, product);
	return draft;
}

/** An explicit `subtotal`/`total` is excl. VAT, as in WooCommerce; otherwise the product's price counts. */
function setLineAmounts(store: WooStore, draft: LineDraft, input: Record<string, unknown>, product?: ProductRecord): void {
	if (input.subtotal !== undefined && input.subtotal !== '') {
		draft.subEx = toCents(input.subtotal);
		draft.subTax = taxOnExclusive(draft.subEx, draft.rate);
	} else if (product) {
		subtotalFromPrice(store, draft, toCents(activePrice(product)));
	}
	draft.fixedTotalEx = input.total !== undefined && input.total !== '' ? toCents(input.total) : undefined;
}

function storedLineDraft(store: WooStore, item: LineItem): LineDraft {
	const rateId = item.taxes[0]?.id;
	return {
		item: { ...item, meta_data: item.meta_data.map((meta) => ({ ...meta })) },
		rate: store.state.taxRates.find((rate) => rate.id === rateId) ?? null,
		subEx: toCents(item.subtotal),
		subTax: toCents(item.subtotal_tax),
	};
}

function shippingDraft(store: WooStore, input: Record<string, unknown>, existing?: ShippingLine): ShippingDraft {
	const item: ShippingLine = existing
		? { ...existing }
		: {
				id: store.next('orderItem'),
				method_title: '',
				method_id: '',
				instance_id: '',
				total: '0.00',
				total_tax: '0.00',
				taxes: [],
				meta_data: metaFromInput(store, input.meta_data),
			};
	if (typeof input.method_title === 'string') item.method_title = input.method_title;
	if (typeof input.method_id === 'string') item.method_id = input.method_id;
	if (input.instance_id !== undefined) item.instance_id = String(input.instance_id);
	return { item, totalEx: input.total !== undefined ? toCents(input.total) : toCents(item.total) };
}

function feeDraft(store: WooStore, input: Record<string, unknown>, existing?: FeeLine): FeeDraft {
	const item: FeeLine = existing
		? { ...existing }
		: {
				id: store.next('orderItem'),
				name: '',
				tax_class: '',
				tax_status: 'taxable',
				amount: '0.00',
				total: '0.00',
				total_tax: '0.00',
				taxes: [],
				meta_data: metaFromInput(store, input.meta_data),
			};
	if (typeof input.name === 'string') item.name = input.name;
	if (typeof input.tax_class === 'string') item.tax_class = input.tax_class;
	if (typeof input.tax_status === 'string') item.tax_status = input.tax_status;
	return {
		item,
		rate: rateFor(store, item.tax_class, item.tax_status),
		totalEx: input.total !== undefined ? toCents(input.total) : toCents(item.total),
	};
}

function couponDraft(store: WooStore, code: unknown): CouponDraft {
	const coupon = typeof code === 'string' ? findCoupon(store, code) : undefined;
	if (!coupon) {
		throw new WooError(400, 'woocommerce_rest_invalid_coupon', `Coupon "${String(code ?? '')}" does not exist!`);
	}
	return { id: store.next('orderItem'), coupon };
}

function inputItems(value: unknown): Array<Record<string, unknown>> {
	return Array.isArray(value) ? value.filter(isRecord) : [];
}

function storedDrafts(store: WooStore, order: OrderRecord): OrderDrafts {
	return {
		lines: order.line_items.map((item) => storedLineDraft(store, item)),
		shipping: order.shipping_lines.map((item) => shippingDraft(store, {}, item)),
		fees: order.fee_lines.map((item) => feeDraft(store, {}, item)),
		coupons: order.coupon_lines.map((line) => {
			const coupon = findCoupon(store, line.code);
			if (!coupon) throw new WooError(400, 'woocommerce_rest_invalid_coupon', `Coupon "${line.code}" does not exist!`);
			return { id: line.id, coupon };
		}),
	};
}

function invalidItem(): WooError {
	return new WooError(400, 'woocommerce_rest_invalid_item_id', 'Order item ID provided is not associated with order.');
}

/** Item changes of a PUT: `id` updates an item (quantity 0, or a null method_id/name/code, removes it). */
function applyItemChanges(store: WooStore, drafts: OrderDrafts, input: Record<string, unknown>): void {
	for (const change of inputItems(input.line_items)) {
		if (change.id === undefined) {
			drafts.lines.push(newLineDraft(store, change));
			continue;
		}
		const index = drafts.lines.findIndex((draft) => draft.item.id === Number(change.id));
		if (index === -1) throw invalidItem();
		if (Number(change.quantity) === 0 && change.quantity !== undefined) {
			drafts.lines.splice(index, 1);
			continue;
		}
		const draft = drafts.lines[index];
		if (change.quantity !== undefined) draft.item.quantity = Number(change.quantity) || draft.item.quantity;
		if (typeof change.name === 'string') draft.item.name = change.name;
		const product = findProduct(store, draft.item.variation_id || draft.item.product_id);
		const repriced = change.quantity !== undefined || change.subtotal !== undefined || change.total !== undefined;
		if (repriced) setLineAmounts(store, draft, change, product);
	}
	for (const change of inputItems(input.shipping_lines)) {
		const index = change.id === undefined ? -1 : drafts.shipping.findIndex((draft) => draft.item.id === Number(change.id));
		if (change.id === undefined) drafts.shipping.push(shippingDraft(store, change));
		else if (index === -1) throw invalidItem();
		else if (change.method_id === null) drafts.shipping.splice(index, 1);
		else drafts.shipping[index] = shippingDraft(store, change, drafts.shipping[index].item);
	}
	for (const change of inputItems(input.fee_lines)) {
		const index = change.id === undefined ? -1 : drafts.fees.findIndex((draft) => draft.item.id === Number(change.id));
		if (change.id === undefined) drafts.fees.push(feeDraft(store, change));
		else if (index === -1) throw invalidItem();
		else if (change.name === null) drafts.fees.splice(index, 1);
		else drafts.fees[index] = feeDraft(store, change, drafts.fees[index].item);
	}
	for (const change of inputItems(input.coupon_lines)) {
		const index = change.id === undefined ? -1 : drafts.coupons.findIndex((draft) => draft.id === Number(change.id));
		if (change.id === undefined) drafts.coupons.push(couponDraft(store, change.code));
		else if (index === -1) throw invalidItem();
		else if (change.code === null) drafts.coupons.splice(index, 1);
	}
}

// ---------------------------------------------------------------------------------------------------------
// Stock and status

function addNote(store: WooStore, order: OrderRecord, note: string, customerNote = false, author = 'WooCommerce'): OrderNote {
	const entry: OrderNote = { id: store.next('comment'), author, created: Date.now(), note, customer_note: customerNote };
	order.notes.push(entry);
	return entry;
}

function stockProduct(store: WooStore, item: LineItem): ProductRecord | undefined {
	return findProduct(store, item.variation_id || item.product_id);
}

function reduceStock(store: WooStore, order: OrderRecord): void {
	if (order.stock_reduced) return;
	const changes: string[] = [];
	for (const item of order.line_items) {
		const product = stockProduct(store, item);
		if (!product) continue;
		const salesHolder = parentOf(store, product) ?? product;
		salesHolder.total_sales += item.quantity;
		const holder = stockHolder(store, product);
		if (!holder || item.meta_data.some((meta) => meta.key === '_reduced_stock')) continue;
		const before = holder.stock_quantity ?? 0;
		holder.stock_quantity = before - item.quantity;
		syncStockStatus(holder);
		holder.modified = Date.now();
		item.meta_data.push(itemMeta(store, '_reduced_stock', String(item.quantity)));
		changes.push(`${productDisplayName(store, product)} (${product.sku || `#${product.id}`}) ${before}&rarr;${holder.stock_quantity}`);
		// wc_update_product_stock() saves the product, which fires woocommerce_update_product(_variation).
		store.emit('product.updated', holder.id);
	}
	order.stock_reduced = true;
	if (changes.length > 0) addNote(store, order, `Stock levels reduced: ${changes.join(', ')}`);
}

function restoreStock(store: WooStore, order: OrderRecord): void {
	if (!order.stock_reduced) return;
	const changes: string[] = [];
	for (const item of order.line_items) {
		const product = stockProduct(store, item);
		const reduced = item.meta_data.find((meta) => meta.key === '_reduced_stock');
		if (!product || !reduced) continue;
		const holder = stockHolder(store, product);
		item.meta_data = item.meta_data.filter((meta) => meta !== reduced);
		if (!holder) continue;
		const before = holder.stock_quantity ?? 0;
		holder.stock_quantity = before + Number(reduced.value);
		syncStockStatus(holder);
		holder.modified = Date.now();
		changes.push(`${productDisplayName(store, product)} (${product.sku || `#${product.id}`}) ${before}&rarr;${holder.stock_quantity}`);
		store.emit('product.updated', holder.id);
	}
	order.stock_reduced = false;
	if (changes.length > 0) addNote(store, order, `Stock levels increased: ${changes.join(', ')}`);
}

function setStatus(store: WooStore, order: OrderRecord, status: string): void {
	const previous = order.status;
	if (previous === status) return;
	order.status = status;
	const now = Date.now();
	if ((status === 'processing' || status === 'completed') && order.paid === null) order.paid = now;
	if (status === 'completed' && order.completed === null) order.completed = now;
	addNote(store, order, `Order status changed from ${STATUS_LABELS[previous] ?? previous} to ${STATUS_LABELS[status] ?? status}.`);
	if (STOCK_REDUCING.includes(status)) reduceStock(store, order);
	if (STOCK_RESTORING.includes(status)) restoreStock(store, order);
}

/** WC_Order::payment_complete(): processing (or completed when nothing needs shipping) and paid now. */
function paymentComplete(store: WooStore, order: OrderRecord, transactionId: unknown): void {
	if (!PAYABLE.includes(order.status)) return;
	if (typeof transactionId === 'string' && transactionId !== '') order.transaction_id = transactionId;
	order.paid = Date.now();
	setStatus(store, order, needsProcessing(store, order) ? 'processing' : 'completed');
}

function needsProcessing(store: WooStore, order: OrderRecord): boolean {
	return order.line_items.some((item) => {
		const product = stockProduct(store, item);
		return !product || (!product.virtual && !product.downloadable);
	});
}

// ---------------------------------------------------------------------------------------------------------
// Create / update / delete

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function applyOrderFields(store: WooStore, order: OrderRecord, input: Record<string, unknown>): void {
	for (const key of ['currency', 'customer_note', 'payment_method', 'payment_method_title', 'transaction_id'] as const) {
		if (typeof input[key] === 'string') order[key] = input[key] as string;
	}
	if (typeof input.parent_id === 'number') order.parent_id = input.parent_id;
	if (typeof input.customer_id === 'number') {
		if (input.customer_id !== 0 && !store.state.customers.some((customer) => customer.id === input.customer_id)) {
			throw new WooError(400, 'woocommerce_rest_invalid_customer_id', 'Customer ID is invalid.');
		}
		order.customer_id = input.customer_id;
	}
	applyAddress(order.billing, input.billing);
	applyAddress(order.shipping, input.shipping);
	if (order.billing.email && !EMAIL.test(order.billing.email)) {
		throw new WooError(400, 'woocommerce_rest_invalid_billing_email', 'Invalid billing email address.');
	}
	store.applyMeta(order.meta_data, input.meta_data);
}

export interface CreateOrderOptions {
	createdVia: 'rest-api' | 'checkout';
	/** used when the input has no status: REST creates pending orders, a checkout leaves them processing */
	defaultStatus: string;
}

export function createOrder(store: WooStore, input: Record<string, unknown>, options: CreateOrderOptions): OrderRecord {
	const now = Date.now();
	const checkout = options.createdVia === 'checkout';
	const order: OrderRecord = {
		id: store.next('post'),
		parent_id: 0,
		status: 'pending',
		currency: store.state.settings.currency,
		prices_include_tax: store.state.settings.pricesIncludeTax,
		discount_total: '0.00',
		discount_tax: '0.00',
		shipping_total: '0.00',
		shipping_tax: '0.00',
		cart_tax: '0.00',
		total: '0.00',
		total_tax: '0.00',
		customer_id: 0,
		order_key: `wc_order_${randomAlphanumeric(13)}`,
		billing: emptyAddress(true),
		shipping: emptyAddress(false),
		payment_method: '',
		payment_method_title: '',
		transaction_id: '',
		customer_ip_address: checkout ? '127.0.0.1' : '',
		customer_user_agent: checkout ? 'Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0' : '',
		created_via: options.createdVia,
		customer_note: '',
		cart_hash: checkout ? createHash('md5').update(String(now)).digest('hex') : '',
		meta_data: [],
		line_items: [],
		tax_lines: [],
		shipping_lines: [],
		fee_lines: [],
		coupon_lines: [],
		notes: [],
		stock_reduced: false,
		created: now,
		modified: now,
		paid: null,
		completed: null,
	};
	applyOrderFields(store, order, input);
	const drafts: OrderDrafts = {
		lines: inputItems(input.line_items).map((item) => newLineDraft(store, item)),
		shipping: inputItems(input.shipping_lines).map((item) => shippingDraft(store, item)),
		fees: inputItems(input.fee_lines).map((item) => feeDraft(store, item)),
		coupons: inputItems(input.coupon_lines).map((item) => couponDraft(store, item.code)),
	};
	price(store, order, drafts);
	for (const { coupon } of drafts.coupons) coupon.usage_count++;
	store.state.orders.push(order);
	store.emit('order.created', order.id);
	setStatus(store, order, typeof input.status === 'string' ? input.status : options.defaultStatus);
	if (bool(input.set_paid)) paymentComplete(store, order, input.transaction_id);
	if (!NOT_REDUCED_ON_CREATION.includes(order.status)) reduceStock(store, order);
	return order;
}

export function updateOrder(store: WooStore, order: OrderRecord, input: Record<string, unknown>): void {
	applyOrderFields(store, order, input);
	if (['line_items', 'shipping_lines', 'fee_lines', 'coupon_lines'].some((key) => input[key] !== undefined)) {
		const drafts = storedDrafts(store, order);
		const knownCoupons = new Set(drafts.coupons.map((draft) => draft.coupon));
		applyItemChanges(store, drafts, input);
		price(store, order, drafts);
		for (const { coupon } of drafts.coupons) if (!knownCoupons.has(coupon)) coupon.usage_count++;
	}
	if (typeof input.status === 'string') setStatus(store, order, input.status);
	if (bool(input.set_paid)) paymentComplete(store, order, input.transaction_id);
	order.modified = Date.now();
	store.emit('order.updated', order.id);
}

/** force: remove for good; otherwise trash it, which is what fires order.deleted (wp_trash_post). */
export function deleteOrder(store: WooStore, order: OrderRecord, force: boolean): void {
	if (force) {
		store.state.orders = store.state.orders.filter((candidate) => candidate !== order);
		return;
	}
	if (order.status === 'trash') {
		throw new WooError(410, 'woocommerce_rest_already_trashed', 'The order has already been deleted.');
	}
	order.status = 'trash';
	order.modified = Date.now();
	store.emit('order.deleted', order.id);
}

export function requireOrder(store: WooStore, id: number): OrderRecord {
	const order = store.state.orders.find((candidate) => candidate.id === id);
	if (!order) throw notFound('woocommerce_rest_shop_order_invalid_id');
	return order;
}

/** `input` as the notes route validated it: note a string (an empty one is taken, as add_order_note() takes it). */
export function addOrderNote(store: WooStore, order: OrderRecord, input: Record<string, unknown>): OrderNote {
	return addNote(store, order, String(input.note ?? ''), input.customer_note === true, input.added_by_user === true ? 'admin' : 'WooCommerce');
}

// ---------------------------------------------------------------------------------------------------------
// Rendering and listing

export function renderOrder(store: WooStore, order: OrderRecord): Record<string, unknown> {
	const at = (ms: number | null) => (ms === null ? null : wcDateLocal(ms));
	const atGmt = (ms: number | null) => (ms === null ? null : wcDateGmt(ms));
	return {
		id: order.id,
		parent_id: order.parent_id,
		status: order.status,
		currency: order.currency,
		version: WC_VERSION,
		prices_include_tax: order.prices_include_tax,
		date_created: at(order.created),
		date_modified: at(order.modified),
		discount_total: order.discount_total,
		discount_tax: order.discount_tax,
		shipping_total: order.shipping_total,
		shipping_tax: order.shipping_tax,
		cart_tax: order.cart_tax,
		total: order.total,
		total_tax: order.total_tax,
		customer_id: order.customer_id,
		order_key: order.order_key,
		billing: { ...order.billing },
		shipping: { ...order.shipping },
		payment_method: order.payment_method,
		payment_method_title: order.payment_method_title,
		transaction_id: order.transaction_id,
		customer_ip_address: order.customer_ip_address,
		customer_user_agent: order.customer_user_agent,
		created_via: order.created_via,
		customer_note: order.customer_note,
		date_completed: at(order.completed),
		date_paid: at(order.paid),
		cart_hash: order.cart_hash,
		number: String(order.id),
		meta_data: renderMeta(order.meta_data),
		line_items: order.line_items.map((item) => ({
			...item,
			taxes: item.taxes.map((tax) => ({ ...tax })),
			meta_data: item.meta_data.map((meta) => ({ ...meta })),
			image: { ...item.image },
		})),
		tax_lines: order.tax_lines.map((line) => ({ ...line, meta_data: [] })),
		shipping_lines: order.shipping_lines.map((line) => ({ ...line, taxes: line.taxes.map((tax) => ({ ...tax })) })),
		fee_lines: order.fee_lines.map((line) => ({ ...line, taxes: line.taxes.map((tax) => ({ ...tax })) })),
		coupon_lines: order.coupon_lines.map((line) => ({ ...line })),
		refunds: [],
		payment_url: `${store.home}/checkout/order-pay/${order.id}/?pay_for_order=true&key=${order.order_key}`,
		is_editable: ['pending', 'on-hold', 'auto-draft'].includes(order.status),
		needs_payment: ['pending', 'failed'].includes(order.status) && toCents(order.total) > 0,
		needs_processing: needsProcessing(store, order),
		date_created_gmt: atGmt(order.created),
		date_modified_gmt: atGmt(order.modified),
		date_completed_gmt: atGmt(order.completed),
		date_paid_gmt: atGmt(order.paid),
		currency_symbol: CURRENCY_SYMBOLS[order.currency] ?? order.currency,
		_links: store.links(
			`/orders/${order.id}`,
			'/orders',
			order.customer_id ? { customer: store.restUrl(`/customers/${order.customer_id}`) } : {},
		),
	};
}

export function renderNote(store: WooStore, order: OrderRecord, note: OrderNote): Record<string, unknown> {
	return {
		id: note.id,
		author: note.author,
		date_created: wcDateLocal(note.created),
		date_created_gmt: wcDateGmt(note.created),
		note: note.note,
		customer_note: note.customer_note,
		_links: store.links(`/orders/${order.id}/notes/${note.id}`, `/orders/${order.id}/notes`, {
			up: store.restUrl(`/orders/${order.id}`),
		}),
	};
}

export interface OrderFilter {
	status: string[];
	customer?: number;
	product?: number;
	search?: string;
	include?: number[];
	exclude?: number[];
	parent?: number[];
	after?: number;
	before?: number;
	modified_after?: number;
	modified_before?: number;
}

export function filterOrders(store: WooStore, filter: OrderFilter): OrderRecord[] {
	const search = filter.search?.toLowerCase();
	return store.state.orders.filter((order) => {
		if (filter.status.includes('any') ? order.status === 'trash' : !filter.status.includes(order.status)) return false;
		if (filter.customer !== undefined && order.customer_id !== filter.customer) return false;
		if (filter.product !== undefined && !order.line_items.some((item) => item.product_id === filter.product)) return false;
		if (filter.include && !filter.include.includes(order.id)) return false;
		if (filter.exclude?.includes(order.id)) return false;
		if (filter.parent && !filter.parent.includes(order.parent_id)) return false;
		if (filter.after !== undefined && order.created <= filter.after) return false;
		if (filter.before !== undefined && order.created >= filter.before) return false;
		if (filter.modified_after !== undefined && order.modified <= filter.modified_after) return false;
		if (filter.modified_before !== undefined && order.modified >= filter.modified_before) return false;
		if (search) {
			const haystack = [
				String(order.id),
				...Object.values(order.billing),
				...Object.values(order.shipping),
				...order.line_items.map((item) => item.name),
			]
				.join(' ')
				.toLowerCase();
			if (!haystack.includes(search)) return false;
		}
		return true;
	});
}
