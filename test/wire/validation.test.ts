/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
import assert from 'node:assert/strict';

import {
	SpecterValidationError,
	validateArticles,
	validateCustomer,
	validateOrder,
	type ArticleInput,
	type CustomerInput,
	type OrderInput,
} from '../../nodes/Specter/wire';

function rejects(run: () => void, expected: { field: string; row?: number; wireName?: string; message: RegExp }): void {
	assert.throws(run, (error: unknown) => {
		assert.ok(error instanceof SpecterValidationError, String(error));
		assert.equal(error.field, expected.field);
		assert.equal(error.row, expected.row);
		if (expected.wireName !== undefined) assert.equal(error.wireName, expected.wireName);
		assert.match(error.message, expected.message);
		return true;
	});
}

const company: CustomerInput = { organizationalForm: 'C', companyName: 'Kaffekompaniet AB', email: 'order@kaffe.se' };
const person: CustomerInput = { organizationalForm: 'P', firstName: 'Åsa', lastName: 'Öberg', email: 'asa@example.se' };

describe('validateCustomer', () => {
	it('accepts valid companies and private persons', () => {
		validateCustomer(company);
		validateCustomer(person);
		validateCustomer({ ...company, orgNo: '556677-8899', vatNo: 'SE556677889901', homepage: 'https://kaffe.se' });
	});

	it('requires a valid organisational form', () => {
		rejects(() => validateCustomer({ ...company, organizationalForm: 'X' as 'C' }), {
			field: 'organizationalForm',
			wireName: 'customerOrganizationalForm',
			message: /must be C \(company\) or P \(private person\), not "X"/,
		});
	});

	it('a company needs companyName (≤ 100); a private person first and last name (≤ 50 each)', () => {
		rejects(() => validateCustomer({ ...company, companyName: '  ' }), { field: 'companyName', wireName: 'name', message: /companyName \(name\) is required/ });
		rejects(() => validateCustomer({ ...company, companyName: 'x'.repeat(101) }), {
			field: 'companyName',
			message: /is 101 characters long; Specter allows at most 100/,
		});
		rejects(() => validateCustomer({ ...person, firstName: undefined }), { field: 'firstName', message: /required/ });
		rejects(() => validateCustomer({ ...person, lastName: '' }), { field: 'lastName', wireName: 'surName', message: /required/ });
		rejects(() => validateCustomer({ ...person, lastName: 'Ö'.repeat(51) }), { field: 'lastName', message: /at most 50/ });
		validateCustomer({ ...person, lastName: 'Ö'.repeat(50) });
	});

	it('email is required and at most 100; S4 maxima for orgNo, vatNo, homepage, phone, mobile', () => {
		rejects(() => validateCustomer({ ...company, email: undefined }), { field: 'email', wireName: 'emailAddress', message: /required/ });
		rejects(() => validateCustomer({ ...company, email: `${'a'.repeat(95)}@x.sem` }), { field: 'email', message: /at most 100/ });
		const maxima: Array<[keyof CustomerInput, number, string]> = [
			['orgNo', 20, 'orgNo'],
			['vatNo', 30, 'vatNo'],
			['homepage', 50, 'homepage'],
			['phone', 50, 'phoneNo'],
			['mobile', 50, 'mobileNo'],
		];
		for (const [field, max, wireName] of maxima) {
			validateCustomer({ ...company, [field]: '1'.repeat(max) });
			rejects(() => validateCustomer({ ...company, [field]: '1'.repeat(max + 1) }), {
				field,
				wireName,
				message: new RegExp(`at most ${max}`),
			});
		}
	});

	it('counts length as sent (trimmed, transliterated)', () => {
		validateCustomer({ ...company, companyName: `  ${'x'.repeat(100)}  ` });
		rejects(() => validateCustomer({ ...company, companyName: `${'x'.repeat(98)}…` }), { field: 'companyName', message: /101 characters/ });
	});

	it('names a field holding a character Specter cannot store', () => {
		rejects(() => validateCustomer({ ...company, invoiceAddress: { city: '東京' } }), {
			field: 'invoiceAddress.city',
			wireName: 'city',
			message: /invoiceAddress\.city \(city\) contains "東"/,
		});
		rejects(() => validateCustomer({ ...company, deliveryAddress: { region: 'Skåne 🌻' } }), {
			field: 'deliveryAddress.region',
			wireName: 'deliveryregion',
			message: /contains "🌻"/,
		});
	});
});

const order: OrderInput = {
	customerId: '10042',
	externalOrderNo: 'WC-1001',
	rows: [
		{ articleNo: 'ABC-1', priceExclVat: 199.2, quantity: 2, vatPercent: 25 },
		{ articleNo: 'frakt', priceExclVat: 49, quantity: 1, vatPercent: 25 },
		{ articleNo: 'discount', priceExclVat: -20, quantity: 1, vatPercent: 12 },
	],
};

describe('validateOrder', () => {
	it('accepts a valid order (negative prices for discount rows are fine)', () => {
		validateOrder(order);
		validateOrder({ ...order, deliveryDate: '2025-06-01', customerOrderReference: 'r'.repeat(50), externalDeliveryMethod: 'm'.repeat(100) });
	});

	it('requires customerId and at least one row', () => {
		rejects(() => validateOrder({ ...order, customerId: ' ' }), { field: 'customerId', wireName: 'customerId', message: /required/ });
		rejects(() => validateOrder({ ...order, rows: [] }), { field: 'rows', message: /at least one article row/ });
	});

	it('checks each row and names field, wire name and row number', () => {
		const withRow = (n: number, change: Partial<OrderInput['rows'][number]>): OrderInput => ({
			...order,
			rows: order.rows.map((row, index) => (index === n - 1 ? { ...row, ...change } : row)),
		});
		rejects(() => validateOrder(withRow(2, { articleNo: '' })), {
			field: 'articleNo',
			row: 2,
			wireName: 'articleNo_2',
			message: /^Row 2: articleNo \(articleNo_2\) is required/,
		});
		rejects(() => validateOrder(withRow(1, { priceExclVat: Number.NaN })), {
			field: 'priceExclVat',
			row: 1,
			wireName: 'priceExclVAT_1',
			message: /must be a number, not NaN/,
		});
		rejects(() => validateOrder(withRow(3, { quantity: 0 })), {
			field: 'quantity',
			row: 3,
			wireName: 'noOfItems_3',
			message: /must be greater than 0, not 0/,
		});
		rejects(() => validateOrder(withRow(3, { quantity: Number.POSITIVE_INFINITY })), { field: 'quantity', row: 3, message: /must be a number/ });
		rejects(() => validateOrder(withRow(2, { vatPercent: 24 })), {
			field: 'vatPercent',
			row: 2,
			wireName: 'vatPercent_2',
			message: /must be one of 25, 12, 6, 0 \(the VAT percentage\), not 24/,
		});
		rejects(() => validateOrder(withRow(2, { articleName: 'Kopp ☕' })), {
			field: 'articleName',
			row: 2,
			wireName: 'articleName_2',
			message: /Row 2: articleName \(articleName_2\) contains "☕"/,
		});
	});

	it('checks S4 maxima and the delivery date format', () => {
		rejects(() => validateOrder({ ...order, customerOrderReference: 'r'.repeat(51) }), {
			field: 'customerOrderReference',
			message: /at most 50/,
		});
		rejects(() => validateOrder({ ...order, externalDeliveryMethod: 'm'.repeat(101) }), {
			field: 'externalDeliveryMethod',
			message: /at most 100/,
		});
		rejects(() => validateOrder({ ...order, deliveryDate: '1/6/2025' }), {
			field: 'deliveryDate',
			message: /YYYY-MM-DD, not "1\/6\/2025"/,
		});
	});
});

const articles: ArticleInput[] = [
	{ articleNo: 'ABC-1', name: 'Kaffe', priceExclVat: 99.5, vatPercent: 12, weight: 0.5, initialStock: 10 },
	{ articleNo: 'DEF_2.x', name: 'Te' },
];

describe('validateArticles', () => {
	it('accepts valid rows and needs at least one', () => {
		validateArticles(articles, { forceArticleUpdate: true });
		rejects(() => validateArticles([], { forceArticleUpdate: true }), { field: 'articles', message: /at least one/ });
	});

	it('article numbers: not empty, no spaces, commas or & % ¤ # € (the guess left of S8; å ä ö are allowed)', () => {
		rejects(() => validateArticles([{ articleNo: '' }], { forceArticleUpdate: true }), {
			field: 'articleNo',
			row: 1,
			wireName: 'articleNo_1',
			message: /required/,
		});
		const forbidden: Array<[string, string]> = [
			['AB C', 'a space'],
			['AB,C', 'a comma'],
			['A&B', '"&"'],
			['50%', '"%"'],
			['X¤', '"¤"'],
			['#1', '"#"'],
			['€1', '"€"'],
		];
		for (const [articleNo, what] of forbidden) {
			rejects(() => validateArticles([articles[1], { articleNo }], { forceArticleUpdate: false }), {
				field: 'articleNo',
				row: 2,
				wireName: 'articleNo_2',
				message: new RegExp(`contains ${what}; Specter article numbers may not contain`),
			});
		}
	});

	it('numbers must be finite', () => {
		rejects(() => validateArticles([{ articleNo: 'A', weight: Number.NaN }], { forceArticleUpdate: true }), {
			field: 'weight',
			row: 1,
			wireName: 'productWeight_1',
			message: /must be a number/,
		});
		rejects(() => validateArticles([articles[0], { articleNo: 'B', initialStock: Number.POSITIVE_INFINITY }], { forceArticleUpdate: true }), {
			field: 'initialStock',
			row: 2,
			wireName: 'noItemsInStock_2',
			message: /must be a number/,
		});
	});

	it('all rows must share one webshopId (it is a query parameter)', () => {
		validateArticles(
			articles.map((article) => ({ ...article, webshopId: '3' })),
			{ forceArticleUpdate: true },
		);
		rejects(() => validateArticles([{ ...articles[0], webshopId: '3' }, { ...articles[1], webshopId: '4' }], { forceArticleUpdate: true }), {
			field: 'webshopId',
			row: 2,
			message: /Row 2: webshopId .* is "4" but row 1 has "3"/,
		});
		rejects(() => validateArticles([{ ...articles[0], webshopId: '3' }, articles[1]], { forceArticleUpdate: true }), {
			field: 'webshopId',
			row: 2,
			message: /is "" but row 1 has "3"/,
		});
	});

	it('names guessed fields by their guessed wire name when the text cannot be sent', () => {
		rejects(() => validateArticles([{ articleNo: 'A', description: 'Bästa 🍵' }], { forceArticleUpdate: true }), {
			field: 'description',
			row: 1,
			message: /^Row 1: description \(\w+_1\) contains "🍵"/,
		});
	});
});
