 
// Customers (WordPress users with the customer role).
import { createHash } from 'node:crypto';

import { WooStore, applyAddress, dates, emptyAddress, renderMeta } from './store';
import type { CustomerRecord } from './types';
import { WooError, notFound, type Schema } from './validation';

export const CUSTOMER_SCHEMA: Schema = {
	email: { type: 'string' },
	first_name: { type: 'string' },
	last_name: { type: 'string' },
	username: { type: 'string' },
	password: { type: 'string' },
	billing: { type: 'object' },
	shipping: { type: 'object' },
	meta_data: { type: 'array' },
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function emailTaken(store: WooStore, email: string, selfId: number): boolean {
	return store.state.customers.some((customer) => customer.id !== selfId && customer.email.toLowerCase() === email.toLowerCase());
}

function checkEmail(store: WooStore, email: string, selfId: number): void {
	if (!EMAIL.test(email)) throw new WooError(400, 'registration-error-invalid-email', 'Please provide a valid email address.');
	if (emailTaken(store, email, selfId)) {
		throw new WooError(
			400,
			'registration-error-email-exists',
			'An account is already registered with your email address. <a href="#" class="showlogin">Please log in.</a>',
		);
	}
}

/** wc_create_new_customer_username(): the e-mail's local part, made unique with a number. */
function usernameFor(store: WooStore, email: string): string {
	const base = email.split('@')[0].toLowerCase().replace(/[^a-z0-9_.-]/g, '') || 'customer';
	let username = base;
	for (let suffix = 1; store.state.customers.some((customer) => customer.username === username); suffix++) {
		username = `${base}${suffix}`;
	}
	return username;
}

function applyCustomerFields(store: WooStore, customer: CustomerRecord, input: Record<string, unknown>): void {
	if (typeof input.first_name === 'string') customer.first_name = input.first_name;
	if (typeof input.last_name === 'string') customer.last_name = input.last_name;
	applyAddress(customer.billing, input.billing);
	applyAddress(customer.shipping, input.shipping);
	store.applyMeta(customer.meta_data, input.meta_data);
	customer.modified = Date.now();
}

export function createCustomer(store: WooStore, input: Record<string, unknown>): CustomerRecord {
	const email = String(input.email);
	checkEmail(store, email, 0);
	const username = typeof input.username === 'string' && input.username !== '' ? input.username : usernameFor(store, email);
	if (store.state.customers.some((customer) => customer.username === username)) {
		throw new WooError(
			400,
			'registration-error-username-exists',
			'An account is already registered with that username. Please choose another.',
		);
	}
	const now = Date.now();
	const customer: CustomerRecord = {
		id: store.next('user'),
		email,
		first_name: '',
		last_name: '',
		username,
		role: 'customer',
		billing: emptyAddress(true),
		shipping: emptyAddress(false),
		is_paying_customer: false,
		meta_data: [],
		created: now,
		modified: now,
	};
	applyCustomerFields(store, customer, input);
	store.state.customers.push(customer);
	store.emit('customer.created', customer.id);
	return customer;
}

export function updateCustomer(store: WooStore, customer: CustomerRecord, input: Record<string, unknown>): void {
	if (typeof input.email === 'string' && input.email !== customer.email) {
		checkEmail(store, input.email, customer.id);
		customer.email = input.email;
	}
	if (typeof input.username === 'string' && input.username !== customer.username) {
		throw new WooError(400, 'woocommerce_rest_customer_invalid_argument', "Username isn't editable.");
	}
	applyCustomerFields(store, customer, input);
	store.emit('customer.updated', customer.id);
}

export function deleteCustomer(store: WooStore, customer: CustomerRecord): void {
	store.state.customers = store.state.customers.filter((candidate) => candidate !== customer);
	store.emit('customer.deleted', customer.id);
}

export function requireCustomer(store: WooStore, id: number): CustomerRecord {
	const customer = store.state.customers.find((candidate) => candidate.id === id);
	if (!customer) throw notFound('woocommerce_rest_invalid_id', 'Invalid resource ID.');
	return customer;
}

export function renderCustomer(store: WooStore, customer: CustomerRecord): Record<string, unknown> {
	const hash = createHash('md5').update(customer.email.trim().toLowerCase()).digest('hex');
	return {
		id: customer.id,
		...dates('date_created', customer.created),
		...dates('date_modified', customer.modified),
		email: customer.email,
		first_name: customer.first_name,
		last_name: customer.last_name,
		role: customer.role,
		username: customer.username,
		billing: { ...customer.billing },
		shipping: { ...customer.shipping },
		is_paying_customer: customer.is_paying_customer,
		avatar_url: `https://secure.gravatar.com/avatar/${hash}?s=96&d=mm&r=g`,
		meta_data: renderMeta(customer.meta_data),
		_links: store.links(`/customers/${customer.id}`, '/customers'),
	};
}
