 
// The store every resource module works on: state, id sequences, the event hook webhooks listen to, and the
// pieces of JSON all resources share (meta_data, _links, dates).
import type { MetaEntry, WooSettings, WooState } from './types';
import { isRecord, wcDateGmt, wcDateLocal } from './util';

export const WC_VERSION = '7.9.0';
export const WP_VERSION = '6.1.9';
const REST_NAMESPACE = '/wc/v3';
/** default_product_cat of a fresh install */
export const DEFAULT_CATEGORY_ID = 15;

/** A Swedish store: 25 % standard VAT (also on shipping), 12 % and 6 % reduced classes, and a zero rate. */
export function createInitialState(settings: WooSettings): WooState {
	return {
		settings: { ...settings },
		taxClasses: [
			{ slug: 'standard', name: 'Standard' },
			{ slug: 'reduced-rate', name: 'Reduced rate' },
			{ slug: 'six-rate', name: 'Six rate' },
			{ slug: 'zero-rate', name: 'Zero rate' },
		],
		taxRates: [
			taxRate(1, 'standard', '25.0000', 'Moms 25%', true),
			taxRate(2, 'reduced-rate', '12.0000', 'Moms 12%', false),
			taxRate(3, 'six-rate', '6.0000', 'Moms 6%', false),
			taxRate(4, 'zero-rate', '0.0000', 'Moms 0%', false),
		],
		categories: [
			{
				id: DEFAULT_CATEGORY_ID,
				name: 'Uncategorized',
				slug: 'uncategorized',
				parent: 0,
				description: '',
				display: 'default',
				menu_order: 0,
			},
		],
		products: [],
		orders: [],
		customers: [],
		coupons: [],
		webhooks: [],
		queue: [],
		deliveries: [],
		faults: [],
		requests: [],
		// A fresh WordPress already uses the first posts (sample page, shop pages) and user 1 (the admin).
		sequences: { post: 10, user: 2, term: 16, webhook: 1, meta: 1, orderItem: 1, comment: 1 },
	};
}

function taxRate(id: number, taxClass: string, rate: string, name: string, shipping: boolean) {
	return {
		id,
		country: 'SE',
		state: '',
		postcode: '',
		city: '',
		rate,
		name,
		priority: 1,
		compound: false,
		shipping,
		order: id - 1,
		class: taxClass,
	};
}

export type ResourceEvent = (topic: string, resourceId: number) => void;

export class WooStore {
	constructor(
		readonly state: WooState,
		/** the site's home URL, e.g. https://127.0.0.1:8443 */
		readonly home: string,
		private readonly onEvent: ResourceEvent,
	) {}

	next(sequence: keyof WooState['sequences']): number {
		return this.state.sequences[sequence]++;
	}

	/** A WordPress action that webhooks with this topic hook into (e.g. woocommerce_new_order → order.created). */
	emit(topic: string, resourceId: number): void {
		this.onEvent(topic, resourceId);
	}

	restUrl(route: string): string {
		return `${this.home}/wp-json${REST_NAMESPACE}${route}`;
	}

	links(route: string, collection: string, extra: Record<string, string> = {}): Record<string, Array<{ href: string }>> {
		const links: Record<string, Array<{ href: string }>> = {
			self: [{ href: this.restUrl(route) }],
			collection: [{ href: this.restUrl(collection) }],
		};
		for (const [rel, href] of Object.entries(extra)) links[rel] = [{ href }];
		return links;
	}

	/**
	 * Applies a REST meta_data array: an entry with `id` updates that entry, one without replaces the value of the
	 * first entry with the same key (or adds one); a null value deletes, as WC_Data::update_meta_data does.
	 */
	applyMeta(list: MetaEntry[], input: unknown): void {
		if (!Array.isArray(input)) return;
		for (const item of input) {
			if (!isRecord(item) || typeof item.key !== 'string') continue;
			const byId = typeof item.id === 'number' ? list.find((meta) => meta.id === item.id) : undefined;
			const existing = byId ?? list.find((meta) => meta.key === item.key);
			if (item.value === null || item.value === undefined) {
				if (existing) list.splice(list.indexOf(existing), 1);
			} else if (existing) {
				existing.key = item.key;
				existing.value = item.value;
			} else {
				list.push({ id: this.next('meta'), key: item.key, value: item.value });
			}
		}
	}
}

export function renderMeta(list: MetaEntry[]): MetaEntry[] {
	return list.map((meta) => ({ id: meta.id, key: meta.key, value: meta.value }));
}

/** `date_x` (site-local) and `date_x_gmt` for a timestamp, or nulls. */
export function dates(name: string, ms: number | null): Record<string, string | null> {
	return {
		[name]: ms === null ? null : wcDateLocal(ms),
		[`${name}_gmt`]: ms === null ? null : wcDateGmt(ms),
	};
}

export function emptyAddress(withEmail: boolean) {
	return {
		first_name: '',
		last_name: '',
		company: '',
		address_1: '',
		address_2: '',
		city: '',
		state: '',
		postcode: '',
		country: '',
		...(withEmail ? { email: '' } : {}),
		phone: '',
	};
}

/** Copies the known string fields of a REST address object onto `address`. */
export function applyAddress<T extends object>(address: T, input: unknown): void {
	if (!isRecord(input)) return;
	const target = address as Record<string, unknown>;
	for (const key of Object.keys(target)) {
		const value = input[key];
		if (typeof value === 'string' || typeof value === 'number') target[key] = String(value);
	}
}

export function bool(value: unknown): boolean {
	return value === true || value === 1 || value === '1' || value === 'true';
}
