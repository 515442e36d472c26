// Checks inputs before anything is sent, so an item is never half-written (e.g. a customer created and then
// its order refused for an emoji in row 7). Each validator checks Specter's rules, then builds the exact call
// and makes it Latin-1, which names any field holding a character Specter cannot store.
// The node can run all validators of an item before its first call; the client runs them again.

import { SpecterValidationError } from './errors';
import { SPECTER_GUESSES } from './guesses';
import { toLatin1Text } from './latin1';
import { buildArticlesCall, buildCustomerCall, buildOrderCall } from './requests';
import { normaliseCall } from './signing';
import {
	ACTIONS,
	ARTICLE_ROW_FIELDS,
	CUSTOMER_FIELDS,
	ORDER_FIELDS,
	ORDER_ROW_FIELDS,
	ORGANIZATIONAL_FORMS,
	rowField,
} from './wire-names';
import type { ArticleInput, ArticleOptions, CustomerInput, CustomerMatchOptions, OrderInput, OrderOptions } from './types';

/** Field maxima [E S4 App4Sales docs]. */
const CUSTOMER_MAX_LENGTHS: Partial<Record<keyof typeof CUSTOMER_FIELDS, number>> = {
	companyName: 100,
	email: 100,
	firstName: 50,
	lastName: 50,
	orgNo: 20,
	vatNo: 30,
	homepage: 50,
	phone: 50,
	mobile: 50,
};

const ORDER_MAX_LENGTHS: Partial<Record<keyof typeof ORDER_FIELDS, number>> = {
	customerOrderReference: 50,
	externalDeliveryMethod: 100,
};

/** Swedish VAT rates; Specter takes the percentage, not a class id [E S1]. */
const VAT_PERCENTS = [25, 12, 6, 0];

/** Above this, prices and quantities cannot be sent exactly with 2-3 decimals. */
const LARGEST_NUMBER = 1e12;

interface FieldRef {
	field: string;
	wireName: string;
	row?: number;
	action: string;
}

function fail(ref: FieldRef, problem: string): never {
	const where = ref.row === undefined ? '' : `Row ${ref.row}: `;
	throw new SpecterValidationError(`${where}${ref.field} (${ref.wireName}) ${problem}`, ref);
}

function isBlank(value: string | undefined): boolean {
	return value === undefined || value.trim() === '';
}

/** Length as sent: trimmed and transliterated (an ellipsis becomes three characters). */
function sentLength(value: string): number {
	const latin1 = toLatin1Text(value.trim());
	return latin1.ok ? latin1.text.length : value.trim().length;
}

function checkText(ref: FieldRef, value: string | undefined, rule: { required?: boolean; maxLength?: number }): void {
	if (isBlank(value)) {
		if (rule.required) fail(ref, 'is required.');
		return;
	}
	const length = sentLength(value as string);
	if (rule.maxLength !== undefined && length > rule.maxLength) {
		fail(ref, `is ${length} characters long; Specter allows at most ${rule.maxLength}. Shorten it.`);
	}
}

function checkNumber(ref: FieldRef, value: number | undefined, rule: { required?: boolean; positive?: boolean }): void {
	if (value === undefined) {
		if (rule.required) fail(ref, 'is required.');
		return;
	}
	if (typeof value !== 'number' || !Number.isFinite(value)) fail(ref, `must be a number, not ${String(value)}.`);
	if (Math.abs(value) >= LARGEST_NUMBER) fail(ref, `is too large (${value}).`);
	if (rule.positive && value <= 0) fail(ref, `must be greater than 0, not ${value}.`);
}

function checkVatPercent(ref: FieldRef, value: number | undefined): void {
	checkNumber(ref, value, { required: true });
	if (VAT_PERCENTS.indexOf(value as number) < 0) {
		fail(ref, `must be one of ${VAT_PERCENTS.join(', ')} (the VAT percentage), not ${value}.`);
	}
}

/** Customer rules: S4 maxima, email required, name rules per organisational form. */
export function validateCustomer(customer: CustomerInput, options: CustomerMatchOptions = {}): void {
	const action = ACTIONS.upsertCustomer;
	const ref = (field: keyof typeof CUSTOMER_FIELDS): FieldRef => ({ field, wireName: CUSTOMER_FIELDS[field], action });
	const form = customer.organizationalForm;
	if (form !== ORGANIZATIONAL_FORMS.company && form !== ORGANIZATIONAL_FORMS.privatePerson) {
		fail(ref('organizationalForm'), `must be C (company) or P (private person), not "${String(form)}".`);
	}
	const isCompany = form === ORGANIZATIONAL_FORMS.company;
	checkText(ref('companyName'), customer.companyName, { required: isCompany, maxLength: CUSTOMER_MAX_LENGTHS.companyName });
	checkText(ref('firstName'), customer.firstName, { required: !isCompany, maxLength: CUSTOMER_MAX_LENGTHS.firstName });
	checkText(ref('lastName'), customer.lastName, { required: !isCompany, maxLength: CUSTOMER_MAX_LENGTHS.lastName });
	checkText(ref('email'), customer.email, { required: true, maxLength: CUSTOMER_MAX_LENGTHS.email });
	for (const field of ['orgNo', 'vatNo', 'homepage', 'phone', 'mobile'] as const) {
		checkText(ref(field), customer[field], { maxLength: CUSTOMER_MAX_LENGTHS[field] });
	}
	normaliseCall(buildCustomerCall(customer, options));
}

/** Order rules: a customer, at least one row, sane rows, S4 maxima, deliveryDate as YYYY-MM-DD. */
export function validateOrder(order: OrderInput, options: OrderOptions = {}): void {
	const action = ACTIONS.createOrder;
	const ref = (field: keyof typeof ORDER_FIELDS): FieldRef => ({ field, wireName: ORDER_FIELDS[field], action });
	checkText(ref('customerId'), order.customerId, { required: true });
	for (const field of ['customerOrderReference', 'externalDeliveryMethod'] as const) {
		checkText(ref(field), order[field], { maxLength: ORDER_MAX_LENGTHS[field] });
	}
	if (!isBlank(order.deliveryDate) && !/^\d{4}-\d{2}-\d{2}$/.test((order.deliveryDate as string).trim())) {
		fail(ref('deliveryDate'), `must be a date as YYYY-MM-DD, not "${order.deliveryDate}".`);
	}
	if (!Array.isArray(order.rows) || order.rows.length === 0) {
		throw new SpecterValidationError('The order has no rows; Specter needs at least one article row.', {
			field: 'rows',
			action,
		});
	}
	order.rows.forEach((row, index) => {
		const n = index + 1;
		const rowRef = (field: keyof typeof ORDER_ROW_FIELDS): FieldRef => ({
			field,
			wireName: rowField(ORDER_ROW_FIELDS[field], n),
			row: n,
			action,
		});
		checkText(rowRef('articleNo'), row.articleNo, { required: true });
		checkArticleNoCharacters(rowRef('articleNo'), row.articleNo);
		checkNumber(rowRef('priceExclVat'), row.priceExclVat, { required: true });
		checkNumber(rowRef('quantity'), row.quantity, { required: true, positive: true });
		checkVatPercent(rowRef('vatPercent'), row.vatPercent);
	});
	normaliseCall(buildOrderCall(order, options));
}

/**
 * An article number without the characters the guess table refuses (what is left of Abicart's rule, S8). Checked on
 * order rows too: no article can carry such a number, so Specter would refuse the order only after the customer
 * was written.
 */
function checkArticleNoCharacters(ref: FieldRef, articleNo: string): void {
	const forbidden = SPECTER_GUESSES.article.forbiddenInArticleNo.exec(articleNo.trim());
	if (!forbidden) return;
	const what = /\s/.test(forbidden[0]) ? 'a space' : forbidden[0] === ',' ? 'a comma' : `"${forbidden[0]}"`;
	fail(
		ref,
		`"${articleNo}" contains ${what}; Specter article numbers may not contain spaces, commas or & % ¤ # € (a guess, see the README's guess table). Change the SKU.`,
	);
}

/**
 * Article rules: article numbers without the characters of the guess table (what is left of Abicart's rule, S8;
 * å ä ö are allowed), finite numbers, one webshopId per call (it is a query parameter).
 */
export function validateArticles(articles: ArticleInput[], options: ArticleOptions): void {
	const action = ACTIONS.upsertArticles;
	if (!Array.isArray(articles) || articles.length === 0) {
		throw new SpecterValidationError('No articles to send; give at least one.', { field: 'articles', action });
	}
	articles.forEach((article, index) => {
		const n = index + 1;
		const rowRef = (field: keyof typeof ARTICLE_ROW_FIELDS): FieldRef => ({
			field,
			wireName: rowField(ARTICLE_ROW_FIELDS[field], n),
			row: n,
			action,
		});
		checkText(rowRef('articleNo'), article.articleNo, { required: true });
		checkArticleNoCharacters(rowRef('articleNo'), article.articleNo);
		for (const field of ['priceExclVat', 'vatPercent', 'weight', 'volume', 'buyPrice', 'stockPrice', 'initialStock'] as const) {
			checkNumber(rowRef(field), article[field], {});
		}
	});
	const webshopIds = articles.map((article) => (article.webshopId ?? '').trim());
	const different = webshopIds.findIndex((webshopId) => webshopId !== webshopIds[0]);
	if (different >= 0) {
		throw new SpecterValidationError(
			`Row ${different + 1}: webshopId (${SPECTER_GUESSES.article.webshopIdQueryParam}) is "${webshopIds[different]}" but row 1 has "${webshopIds[0]}". Specter takes one webshopId per request; send articles of different webshops in separate calls.`,
			{ field: 'webshopId', row: different + 1, wireName: SPECTER_GUESSES.article.webshopIdQueryParam, action },
		);
	}
	normaliseCall(buildArticlesCall(articles, options));
}
