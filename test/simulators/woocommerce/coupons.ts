 
// Coupons: enough of WooCommerce's coupon resource for orders to apply percent, fixed_cart and fixed_product
// discounts by code.
import { WooStore, bool, dates, renderMeta } from './store';
import type { CouponRecord } from './types';
import { WooError, type Schema } from './validation';
import { formatDecimal } from './util';

export const COUPON_SCHEMA: Schema = {
	code: { type: 'string' },
	amount: { type: 'string' },
	discount_type: { type: 'string', enum: ['percent', 'fixed_cart', 'fixed_product'] },
	description: { type: 'string' },
	individual_use: { type: 'boolean' },
	free_shipping: { type: 'boolean' },
	meta_data: { type: 'array' },
};

/** wc_format_coupon_code(): coupon codes are case-insensitive and stored in lower case. */
function normalizeCouponCode(code: string): string {
	return code.trim().toLowerCase();
}

export function findCoupon(store: WooStore, code: string): CouponRecord | undefined {
	const wanted = normalizeCouponCode(code);
	return store.state.coupons.find((coupon) => coupon.code === wanted && coupon.status !== 'trash');
}

export function createCoupon(store: WooStore, input: Record<string, unknown>, emit: boolean): CouponRecord {
	const code = normalizeCouponCode(typeof input.code === 'string' ? input.code : '');
	if (code === '') throw new WooError(400, 'woocommerce_rest_empty_coupon_code', 'The coupon code cannot be empty.');
	if (findCoupon(store, code)) {
		throw new WooError(400, 'woocommerce_rest_coupon_code_already_exists', 'The coupon code already exists');
	}
	const now = Date.now();
	const coupon: CouponRecord = {
		id: store.next('post'),
		code,
		amount: '0',
		discount_type: 'fixed_cart',
		description: '',
		status: 'publish',
		usage_count: 0,
		individual_use: false,
		free_shipping: false,
		meta_data: [],
		created: now,
		modified: now,
	};
	applyCouponFields(store, coupon, input);
	store.state.coupons.push(coupon);
	if (emit) store.emit('coupon.created', coupon.id);
	return coupon;
}

export function applyCouponFields(store: WooStore, coupon: CouponRecord, input: Record<string, unknown>): void {
	if (typeof input.amount === 'string') coupon.amount = formatDecimal(input.amount) || '0';
	if (typeof input.discount_type === 'string') coupon.discount_type = input.discount_type;
	if (typeof input.description === 'string') coupon.description = input.description;
	if (input.individual_use !== undefined) coupon.individual_use = bool(input.individual_use);
	if (input.free_shipping !== undefined) coupon.free_shipping = bool(input.free_shipping);
	store.applyMeta(coupon.meta_data, input.meta_data);
	coupon.modified = Date.now();
}

export function renderCoupon(store: WooStore, coupon: CouponRecord): Record<string, unknown> {
	return {
		id: coupon.id,
		code: coupon.code,
		amount: Number(coupon.amount).toFixed(2),
		status: coupon.status,
		...dates('date_created', coupon.created),
		...dates('date_modified', coupon.modified),
		discount_type: coupon.discount_type,
		description: coupon.description,
		date_expires: null,
		date_expires_gmt: null,
		usage_count: coupon.usage_count,
		individual_use: coupon.individual_use,
		product_ids: [],
		excluded_product_ids: [],
		usage_limit: null,
		usage_limit_per_user: null,
		limit_usage_to_x_items: null,
		free_shipping: coupon.free_shipping,
		product_categories: [],
		excluded_product_categories: [],
		exclude_sale_items: false,
		minimum_amount: '0.00',
		maximum_amount: '0.00',
		email_restrictions: [],
		used_by: [],
		meta_data: renderMeta(coupon.meta_data),
		_links: store.links(`/coupons/${coupon.id}`, '/coupons'),
	};
}
