/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
// Fault suite, hostile orders (issue 12): each case is one WooCommerce order through Order → Create From WooCommerce
// Order, over real HTTP against the Specter simulator, with Continue On Fail as the template's error output has it.
// A refused order must be a per-item error naming order, line / SKU and field, with nothing written to Specter (no
// customer, no order: the simulator's state is checked); an accepted one must arrive exactly as Specter can store it.
import assert from 'node:assert/strict';
import type { IDataObject } from 'n8n-workflow';
import type { WooOrder } from '../../nodes/Specter/mappers';
import { loadOrder } from '../mappers/fixtures';
import { wooOrder } from '../mappers/woo-order-builder';
import { API_USER_KEY, INTEGRATION_KEY, type NodeHarness, type SimState, PSEUDO_ARTICLES, clone, everythingIn, jsonOf, startHarness } from '../nodes/specter/harness';

const PARAMETERS = { resource: 'order', operation: 'createFromWooCommerce', ...PSEUDO_ARTICLES };
const ARTICLES = ['TERMOS-05', 'KAFFE-MORK-500', 'TYG-LINNE-NAT', 'MUG-01', 'BOOK-01', 'KÖKSBÄNK-ÅÄÖ'];

/** The Klarna fixture (two VAT rates, shipping, a coupon) as order `id` of a customer of its own. */
function klarna(id: number, change: (order: WooOrder) => void = () => {}): WooOrder {
	const order = clone(loadOrder('order-kco-private-two-rates.json'));
	order.id = id;
	order.number = String(id);
	order.billing.email = `kund-${id}@example.se`;
	change(order);
	return order;
}

/** A bank-transfer order priced as WooCommerce prices it, `lines` of [sku, quantity, price incl. VAT, VAT %]. */
function priced(id: number, lines: Array<[string, number, number, number]>, change: (order: WooOrder) => void = () => {}): WooOrder {
	const order = wooOrder({ number: String(id), shippingExclVat: 39.2, lines: lines.map(([sku, quantity, unitPriceInclVat, vatPercent]) => ({ sku, quantity, unitPriceInclVat, vatPercent })) });
	order.id = id;
	order.billing.email = `kund-${id}@example.se`;
	change(order);
	return order;
}

interface Refusal {
	name: string;
	order: () => WooOrder;
	/** what the error message must say (it always starts by naming the order) */
	message: RegExp;
}

interface Acceptance {
	name: string;
	order: () => WooOrder;
	check: (stored: SimState['orders'][number], state: SimState, output: IDataObject) => void;
}

const REFUSED: Refusal[] = [
	{ name: 'a line without SKU', order: () => loadOrder('order-line-without-sku.json'), message: /^order 1042, line 2 \(.+\): SKU is empty/ },
	{ name: 'an emoji in a line name', order: () => klarna(5101, (order) => (order.line_items[0].name = 'Termos 0,5 l 🎉')), message: /^WooCommerce order 5101: .*articleName/ },
	{ name: 'an emoji in the billing first name', order: () => klarna(5102, (order) => (order.billing.first_name = 'Åsa 😀')), message: /^WooCommerce order 5102: .*firstName/ },
	{ name: 'Chinese characters in the city', order: () => klarna(5103, (order) => (order.billing.city = '東京')), message: /^WooCommerce order 5103: .*city/ },
	{ name: 'a Cyrillic last name', order: () => klarna(5104, (order) => (order.billing.last_name = 'Иванова')), message: /^WooCommerce order 5104: .*surName/ },
	{ name: 'a Greek letter in the customer note', order: () => klarna(5105, (order) => (order.customer_note = 'Leverans till Ω-huset')), message: /^WooCommerce order 5105: .*Comment/i },
	{ name: 'a 101-character company name', order: () => klarna(5106, (order) => (order.billing.company = `AB ${'x'.repeat(98)}`)), message: /^WooCommerce order 5106: .*name.* 101 characters.*at most 100/ },
	{ name: 'a 51-character first name', order: () => klarna(5107, (order) => (order.billing.first_name = 'F'.repeat(51))), message: /^WooCommerce order 5107: .*firstName.* 51 characters.*at most 50/ },
	{ name: 'a 101-character e-mail address', order: () => klarna(5108, (order) => (order.billing.email = `${'e'.repeat(90)}@example.se`)), message: /^WooCommerce order 5108: email \(emailAddress\) is 101 characters long; Specter allows at most 100/ },
	{ name: 'a decimal quantity on a Klarna order', order: () => loadOrder('order-klarna-decimal-quantity.json'), message: /^order 1045, line 1 .*quantity 1\.5 is not a whole number, and Klarna cannot invoice part quantities/ },
	{ name: 'a negative quantity', order: () => priced(5110, [['MUG-01', -2, 125, 25]]), message: /^order 5110, line 1 .*quantity -2 is not a positive number/ },
	{ name: 'an unknown VAT rate (20 %)', order: () => klarna(5111, (order) => (order.tax_lines[0].rate_percent = 20)), message: /^order 5111, line 1 .*VAT rate 20% is not one Specter accepts/ },
	{
		name: 'two tax rates stacked on one line',
		order: () =>
			klarna(5112, (order) => {
				const line = order.line_items[0];
				line.taxes = [...line.taxes, { id: 99, total: '1.00', subtotal: '1.00' }];
				order.tax_lines.push({ ...order.tax_lines[0], id: 7999, rate_id: 99, rate_percent: 5 });
			}),
		message: /^order 5112, line 1 .*tax/i,
	},
	{ name: 'a SKU with a space', order: () => priced(5113, [['MUG 01', 1, 125, 25]]), message: /^WooCommerce order 5113: .*MUG 01/ },
	{ name: 'a SKU with & and €', order: () => priced(5114, [['MUG&01€', 1, 125, 25]]), message: /^WooCommerce order 5114: .*MUG&01/ },
	{ name: 'no billing e-mail and no Fallback Customer Email', order: () => klarna(5115, (order) => (order.billing.email = '')), message: /^order 5115: .*Fallback Customer Email/ },
	{ name: 'a total that differs from its lines by more than 1.00', order: () => klarna(5116, (order) => (order.total = (Number(order.total) + 5).toFixed(2))), message: /^order 5116: the Specter rows add up to/ },
	{ name: 'a price that is not a number', order: () => klarna(5117, (order) => (order.line_items[0].subtotal = '12,5O')), message: /^order 5117, line 1 .*subtotal "12,5O" is not a number/ },
	{ name: 'a product instead of an order', order: () => ({ id: 77, name: 'Termos', sku: 'TERMOS-05', type: 'simple' }) as unknown as WooOrder, message: /not a WooCommerce order|line_items/ },
];

const row = (stored: SimState['orders'][number], articleNo: string) => stored.rows.filter((candidate) => candidate.articleNo === articleNo);

const ACCEPTED: Acceptance[] = [
	{
		name: '€ in a line name becomes EUR',
		order: () => klarna(5201, (order) => (order.line_items[0].name = 'Presentkort 50 €')),
		check: (stored) => assert.equal(stored.rows[0].articleName, 'Presentkort 50 EUR'),
	},
	{
		name: 'typographic quotes, dashes and an ellipsis become plain ones',
		order: () => klarna(5202, (order) => (order.line_items[0].name = '„Termos“ – ‘blå’ … ”stor”')),
		check: (stored) => assert.equal(stored.rows[0].articleName, `"Termos" - 'blå' ... "stor"`),
	},
	{
		name: 'a no-break space and a zero-width space in a name',
		order: () => klarna(5203, (order) => (order.billing.last_name = 'Lind\u00a0qvist\u200b')),
		check: (_stored, state) => assert.ok(state.customers.some((customer) => customer.fields.surName === 'Lind qvist')),
	},
	{
		name: 'å ä ö in names and an article number',
		order: () => priced(5204, [['KÖKSBÄNK-ÅÄÖ', 1, 2499, 25]], (order) => (order.billing.first_name = 'Åke Östlund-Ärlig')),
		check: (stored, state) => {
			assert.equal(row(stored, 'KÖKSBÄNK-ÅÄÖ').length, 1);
			assert.ok(state.customers.some((customer) => customer.displayName === 'Åke Östlund-Ärlig Johansson'));
		},
	},
	{
		name: 'a 100-character company name (the limit) is taken',
		order: () => klarna(5205, (order) => (order.billing.company = `AB ${'y'.repeat(97)}`)),
		check: (_stored, state) => assert.ok(state.customers.some((customer) => customer.fields.name?.length === 100)),
	},
	{
		name: 'a decimal quantity on a bank-transfer order is split into whole-öre rows that add up',
		order: () => priced(5206, [['TYG-LINNE-NAT', 2.5, 99.9, 25]]),
		check: (stored, _state, output) => {
			assert.equal(row(stored, 'TYG-LINNE-NAT').reduce((sum, candidate) => sum + candidate.noOfItems, 0), 2.5);
			assert.equal(output.alreadyTransferred, false);
		},
	},
	{
		name: 'a zero price (a free gift)',
		order: () => priced(5207, [['MUG-01', 1, 125, 25], ['BOOK-01', 1, 0, 6]]),
		check: (stored) => assert.deepEqual(row(stored, 'BOOK-01').map((candidate) => [candidate.priceExclVat, candidate.noOfItems]), [[0, 1]]),
	},
	{
		name: 'a negative line price (a credit line) stays negative',
		order: () => priced(5208, [['MUG-01', 2, 125, 25], ['TERMOS-05', 1, -50, 25]]),
		check: (stored) => assert.ok(row(stored, 'TERMOS-05').every((candidate) => candidate.priceExclVat < 0)),
	},
	{
		name: '500 × 12.99 incl. VAT: split rows, Specter total equals WooCommerce total',
		order: () => priced(5209, [['MUG-01', 500, 12.99, 25]]),
		check: (stored) => {
			assert.equal(row(stored, 'MUG-01').reduce((sum, candidate) => sum + candidate.noOfItems, 0), 500);
			assert.ok(row(stored, 'MUG-01').every((candidate) => Number.isInteger(Math.round(candidate.priceExclVat * 100 * 1e6) / 1e6)));
		},
	},
	{
		name: 'a 500-line order: one call, every line a row, totals equal',
		order: () => priced(5210, Array.from({ length: 500 }, (_, index): [string, number, number, number] => [ARTICLES[index % 5], 1 + (index % 3), 10 + (index % 97) / 10, [25, 12, 6, 0][index % 4]])),
		check: (stored) => assert.ok(stored.rows.filter((candidate) => ARTICLES.includes(candidate.articleNo)).length >= 500),
	},
	{
		name: 'a parameter injection in the customer note (&action=…&key=…) is stored as text',
		order: () => klarna(5211, (order) => (order.customer_note = 'x&action=newCustomerSubmit&key=00000000000000000000000000000000&externalOrderNo=1')),
		check: (stored) => {
			assert.equal(stored.externalOrderNo, '5211');
			assert.ok(Object.values(stored.header).some((value) => value.includes('&action=newCustomerSubmit&key=')));
		},
	},
	{
		name: 'HTML and a script tag in a name are stored as text',
		order: () => klarna(5212, (order) => (order.billing.company = '<script>alert(1)</script> & Söner AB')),
		check: (_stored, state) => assert.ok(state.customers.some((customer) => customer.fields.name === '<script>alert(1)</script> & Söner AB')),
	},
	{
		name: 'semicolons and quotes in names (Specter answers are ;-separated)',
		order: () => klarna(5213, (order) => (order.billing.company = `O'Brien; "Kaffe" AB`)),
		check: (_stored, state) => assert.ok(state.customers.some((customer) => customer.fields.name === `O'Brien; "Kaffe" AB`)),
	},
	{
		name: 'runs of spaces around and inside names (signed as sent)',
		order: () => klarna(5214, (order) => (order.billing.company = '  Mellan   Rum   AB  ')),
		check: (_stored, state) => assert.ok(state.customers.some((customer) => customer.fields.name === 'Mellan Rum AB')),
	},
	{
		name: 'an order in euro',
		order: () => klarna(5215, (order) => (order.currency = 'EUR')),
		check: (stored) => assert.equal(stored.header.currency, 'EUR'),
	},
];

describe('fault suite: hostile WooCommerce orders at the Specter node', () => {
	let harness: NodeHarness;

	beforeEach(async () => {
		harness = await startHarness();
		for (const articleNo of ARTICLES) await harness.control('articles', { articleNo, stock: 1000 });
	});
	afterEach(() => harness.close());

	it.each(REFUSED)('refuses $name: a per-item error naming the order, and nothing in Specter', async ({ order, message }) => {
		const good = klarna(5999);
		const output = await harness.run({ parameters: PARAMETERS, items: [order() as unknown as IDataObject, good as unknown as IDataObject], continueOnFail: true });
		const [refused, accepted] = jsonOf(output);
		assert.match(String(refused.error), message);
		assert.equal(output[0].error?.constructor.name, 'NodeOperationError', 'n8n routes it to the error output');
		assert.equal(accepted.error, undefined, 'the good order of the same run goes through');
		const state = await harness.state();
		assert.deepEqual(
			state.orders.map((stored) => stored.externalOrderNo),
			['5999'],
		);
		assert.deepEqual(
			state.customers.map((customer) => customer.fields.emailAddress),
			['kund-5999@example.se'],
			'no customer written for the refused order',
		);
		const everything = everythingIn(output);
		for (const secret of [API_USER_KEY, INTEGRATION_KEY]) assert.ok(!everything.includes(secret));
	});

	it('an article Specter does not know: Specter refuses the order naming the article; the customer stays written (no transaction spans two calls, and the pack cannot read articles); a retry once the article exists reuses it', async () => {
		const order = priced(5301, [['NOT-IN-SPECTER', 1, 125, 25]]);
		const [refused] = jsonOf(await harness.run({ parameters: PARAMETERS, items: [order as unknown as IDataObject], continueOnFail: true }));
		assert.match(String(refused.error), /^WooCommerce order 5301: Specter rejected newOrderSubmit \(code 3\): Article 'NOT-IN-SPECTER' does not exist \(articleNo_1\)/);
		assert.match(String(refused.description), /^Specter action: newOrderSubmit; code: 3/);
		let state = await harness.state();
		assert.equal(state.orders.length, 0);
		assert.equal(state.customers.length, 1, 'the customer was written before Specter refused the order');
		await harness.control('articles', { articleNo: 'NOT-IN-SPECTER', stock: 5 });
		const [accepted] = jsonOf(await harness.run({ parameters: PARAMETERS, items: [order as unknown as IDataObject], continueOnFail: true }));
		assert.equal(accepted.error, undefined);
		state = await harness.state();
		assert.equal(state.orders.length, 1);
		assert.equal(state.customers.length, 1, 'the retry found the customer');
	});

	it.each(ACCEPTED)('takes $name', async ({ order, check }) => {
		const input = order();
		const [output] = jsonOf(await harness.run({ parameters: PARAMETERS, items: [input as unknown as IDataObject], continueOnFail: true }));
		assert.equal(output.error, undefined, String(output.error));
		const state = await harness.state();
		assert.equal(state.orders.length, 1);
		const [stored] = state.orders;
		assert.equal(stored.externalOrderNo, input.number);
		assert.equal(output.specterOrderNo, stored.orderNo);
		// what Specter computes from the rows equals WooCommerce's total, to the öre
		const totals = (stored as unknown as { totals: { inclVat: number } }).totals;
		assert.equal(Math.round(totals.inclVat * 100), Math.round(Number(input.total) * 100));
		check(stored, state, output);
	});
});
