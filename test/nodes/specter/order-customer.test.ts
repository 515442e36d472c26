/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
// Order → Create From WooCommerce Order: what happens to the Specter customer (issue 9, items 4, 5 and 17).
// A "customer write" is what the simulator counts: a customer created, or one overwritten with
// forceCustomerUpdate=1. A newCustomerSubmit that matches an existing customer without that flag writes nothing.
import assert from 'node:assert/strict';
import type { IDataObject } from 'n8n-workflow';
import { loadOrder } from '../../mappers/fixtures';
import { type NodeHarness, PSEUDO_ARTICLES, jsonOf, startHarness } from './harness';

function parameters(extra: Record<string, unknown> = {}) {
	return { resource: 'order', operation: 'createFromWooCommerce', ...PSEUDO_ARTICLES, klarnaMerchantId: 'K123456', ...extra };
}

/** Customers created plus customers overwritten, as the simulator recorded them. */
async function customerWrites(harness: NodeHarness): Promise<number> {
	const { customers } = await harness.state();
	return customers.length + customers.reduce((sum, customer) => sum + customer.updates, 0);
}

describe('Order → Create From WooCommerce Order: the customer', () => {
	let harness: NodeHarness;

	beforeEach(async () => {
		harness = await startHarness();
		for (const articleNo of ['TERMOS-05', 'KAFFE-MORK-500', 'TE-EARLGREY-100']) {
			await harness.control('articles', { articleNo, stock: 100 });
		}
	});
	afterEach(() => harness.close());

	it('writes the customer at most once when the same order is delivered three times (item 17)', async () => {
		const order = loadOrder('order-kco-private-two-rates.json') as unknown as IDataObject;
		const outputs: IDataObject[] = [];
		for (let delivery = 0; delivery < 3; delivery++) {
			outputs.push(...jsonOf(await harness.run({ parameters: parameters(), items: [order] })));
		}
		assert.deepEqual(
			outputs.map((output) => output.alreadyTransferred),
			[false, true, true],
		);
		assert.equal((await harness.state()).orders.length, 1);
		assert.equal(await customerWrites(harness), 1);
	});

	it('does not rewrite the customer when an order Specter refused is tried again (item 17)', async () => {
		const order = loadOrder('order-kco-private-two-rates.json');
		order.line_items[0].sku = 'NOT-IN-SPECTER';
		const json = order as unknown as IDataObject;
		for (let attempt = 0; attempt < 2; attempt++) {
			const [item] = jsonOf(await harness.run({ parameters: parameters(), items: [json], continueOnFail: true }));
			assert.match(String(item.error), /NOT-IN-SPECTER/);
		}
		assert.equal(await customerWrites(harness), 1, 'created once, never overwritten');

		await harness.control('articles', { articleNo: 'NOT-IN-SPECTER', stock: 5 });
		const [created] = jsonOf(await harness.run({ parameters: parameters(), items: [json] }));
		assert.equal(created.alreadyTransferred, false);
		assert.equal(await customerWrites(harness), 1);
	});

	it('keeps changes made in Specter when an old order is delivered again (item 17)', async () => {
		const order = loadOrder('order-kco-private-two-rates.json') as unknown as IDataObject;
		await harness.run({ parameters: parameters(), items: [order] });
		const [customer] = (await harness.state()).customers;
		assert.equal(customer.fields.phoneNo, '0701234567');

		// a re-delivery carrying other (older) data must not overwrite what Specter has
		const late = { ...order, billing: { ...(order.billing as IDataObject), phone: '000' } };
		const [output] = jsonOf(await harness.run({ parameters: parameters(), items: [late] }));
		assert.equal(output.alreadyTransferred, true);
		const [after] = (await harness.state()).customers;
		assert.equal(after.fields.phoneNo, '0701234567');
		assert.equal(after.updates, 0);
	});

	it('leaves the customer’s currency alone: a SEK order after a EUR one is a SEK order and the customer stays EUR (item 5)', async () => {
		const eur = loadOrder('order-kco-private-two-rates.json');
		eur.currency = 'EUR';
		const sek = loadOrder('order-kco-private-two-rates.json');
		sek.number = '1050';
		sek.id = 1050;
		await harness.run({ parameters: parameters(), items: [eur as unknown as IDataObject, sek as unknown as IDataObject] });

		const state = await harness.state();
		assert.equal(state.customers.length, 1);
		assert.equal(state.customers[0].fields.currency, 'EUR');
		assert.deepEqual(
			state.orders.map((order) => [order.externalOrderNo, order.header.currency, order.customerId]),
			[
				['1040', 'EUR', state.customers[0].customerId],
				['1050', 'SEK', state.customers[0].customerId],
			],
		);
	});

	it('with Force Customer Update on, updates the customer from the order but never its currency (item 5)', async () => {
		// a customer Specter has with EUR (from earlier orders, or set in Specter)
		await harness.control('customers', {
			customerOrganizationalForm: 'P',
			firstName: 'Åsa',
			surName: 'Lindqvist',
			emailAddress: 'asa.lindqvist@example.se',
			currency: 'EUR',
		});
		const sek = loadOrder('order-kco-private-two-rates.json');
		sek.billing.phone = '0709999999';
		await harness.run({ parameters: parameters({ forceCustomerUpdate: true }), items: [sek as unknown as IDataObject] });

		const state = await harness.state();
		assert.equal(state.customers.length, 1);
		const [customer] = state.customers;
		assert.equal(customer.updates, 1);
		assert.equal(customer.fields.phoneNo, '0709999999');
		assert.equal(customer.fields.currency, 'EUR');
		assert.equal(state.orders[0].header.currency, 'SEK');
	});

	it('transfers an order without billing e-mail to the Fallback Customer Email (item 4)', async () => {
		const order = loadOrder('order-bacs-admin.json');
		order.billing.email = '';
		const [output] = jsonOf(
			await harness.run({
				parameters: parameters({ options: { fallbackEmail: 'kassa@butiken.se' } }),
				items: [order as unknown as IDataObject],
			}),
		);
		const [customer] = (await harness.state()).customers;
		assert.equal(customer.fields.emailAddress, 'kassa@butiken.se');
		assert.equal(output.specterCustomerId, customer.customerId);
		assert.equal(output.alreadyTransferred, false);
	});

	it('says which option helps when an order has no billing e-mail, and sends nothing (item 4)', async () => {
		const order = loadOrder('order-bacs-admin.json');
		order.billing.email = '';
		const [item] = jsonOf(await harness.run({ parameters: parameters(), items: [order as unknown as IDataObject], continueOnFail: true }));
		assert.match(String(item.error), /billing e-mail is empty .*Fallback Customer Email/);
		assert.deepEqual(await harness.requests(), []);
	});
});
