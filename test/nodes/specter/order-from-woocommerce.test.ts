/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
// Order → Create From WooCommerce Order against the Specter simulator, with the WooCommerce fixtures as input.
import assert from 'node:assert/strict';
import type { IDataObject } from 'n8n-workflow';
import { loadOrder } from '../../mappers/fixtures';
import { type NodeHarness, PSEUDO_ARTICLES, jsonOf, pairingOf, startHarness } from './harness';

const KLARNA_MERCHANT_ID = 'K123456';

function parameters(extra: Record<string, unknown> = {}) {
	return {
		resource: 'order',
		operation: 'createFromWooCommerce',
		...PSEUDO_ARTICLES,
		klarnaMerchantId: KLARNA_MERCHANT_ID,
		...extra,
	};
}

/** Rows as the simulator stored them, without the raw wire fields. */
function storedRows(order: { rows: Array<Record<string, unknown>> }) {
	return order.rows.map(({ articleNo, articleName, priceExclVat, noOfItems, vatPercent }) => ({
		articleNo,
		articleName,
		priceExclVat,
		noOfItems,
		vatPercent,
	}));
}

describe('Order → Create From WooCommerce Order', () => {
	let harness: NodeHarness;

	beforeEach(async () => {
		harness = await startHarness();
		for (const articleNo of ['TERMOS-05', 'KAFFE-MORK-500', 'HANDSKE-PRO-L', 'JACKA-SV-L', 'TE-EARLGREY-100']) {
			await harness.control('articles', { articleNo, stock: 100 });
		}
	});
	afterEach(() => harness.close());

	it('sends the Klarna order with two VAT rates, shipping and a coupon as exactly these Specter rows', async () => {
		const order = loadOrder('order-kco-private-two-rates.json');
		const output = await harness.run({
			parameters: parameters({ options: { externalOrderNoPrefix: 'WC-', privateCustomerGroupId: '7' } }),
			items: [order as unknown as IDataObject],
		});

		const state = await harness.state();
		assert.equal(state.orders.length, 1);
		const stored = state.orders[0];
		assert.deepEqual(storedRows(stored), [
			{ articleNo: 'TERMOS-05', articleName: 'Termos 0,5 l', priceExclVat: 199.2, noOfItems: 2, vatPercent: 25 },
			{ articleNo: 'KAFFE-MORK-500', articleName: 'Kaffe mörkrost 500 g', priceExclVat: 80, noOfItems: 1, vatPercent: 12 },
			{ articleNo: 'DISCOUNT', articleName: 'Discount sommar10 (25% VAT)', priceExclVat: -39.84, noOfItems: 1, vatPercent: 25 },
			{ articleNo: 'DISCOUNT', articleName: 'Discount sommar10 (12% VAT)', priceExclVat: -8, noOfItems: 1, vatPercent: 12 },
			{ articleNo: 'SHIPPING', articleName: 'PostNord MyPack Collect', priceExclVat: 39.2, noOfItems: 1, vatPercent: 25 },
		]);
		assert.equal(stored.externalOrderNo, 'WC-1040');
		assert.equal(stored.header.payTypeIdentifier, 'KG');
		assert.equal(stored.header.payTypeReference, '8e7c2a1f-4b3d-4c6e-9f10-2a3b4c5d6e7f');
		assert.equal(stored.header.payTypeIdentifierPaySystemUser, KLARNA_MERCHANT_ID);
		assert.equal(stored.header.currency, 'SEK');

		assert.equal(state.customers.length, 1);
		const customer = state.customers[0];
		assert.equal(stored.customerId, customer.customerId);
		assert.equal(customer.organizationalForm, 'P');
		assert.equal(customer.displayName, 'Åsa Lindqvist');
		assert.equal(customer.fields.emailAddress, 'asa.lindqvist@example.se');
		assert.equal(customer.fields.customerGroupId, '7');

		assert.deepEqual(pairingOf(output), [0]);
		assert.deepEqual(jsonOf(output), [
			{
				specterOrderNo: stored.orderNo,
				specterCustomerId: customer.customerId,
				externalOrderNo: 'WC-1040',
				wooOrderId: 1040,
				wooOrderNumber: '1040',
				alreadyTransferred: false,
				outcome: 'transferred',
				rows: 5,
				totalExclVat: 469.76,
				totalVat: 108.08,
				totalInclVat: 577.84,
			},
		]);
	});

	it('creates one Specter order when the same webhook arrives three times, and reports the repeats as already transferred', async () => {
		const order = loadOrder('order-kco-private-two-rates.json') as unknown as IDataObject;
		const outputs: IDataObject[] = [];
		for (let delivery = 0; delivery < 3; delivery++) {
			outputs.push(...jsonOf(await harness.run({ parameters: parameters(), items: [order] })));
		}

		const state = await harness.state();
		assert.equal(state.orders.length, 1);
		assert.equal(state.customers.length, 1);
		assert.equal(await harness.callsOf('newOrderSubmit'), 3);
		assert.deepEqual(
			outputs.map((output) => [output.alreadyTransferred, output.specterOrderNo, output.externalOrderNo]),
			[
				[false, state.orders[0].orderNo, '1040'],
				[true, state.orders[0].orderNo, '1040'],
				[true, state.orders[0].orderNo, '1040'],
			],
		);
	});

	it('creates a company customer for an order with a billing company and a private one otherwise', async () => {
		const company = loadOrder('order-nexi-company.json') as unknown as IDataObject;
		const privatePerson = loadOrder('order-kco-private-two-rates.json') as unknown as IDataObject;
		const output = await harness.run({
			parameters: parameters({ options: { companyCustomerGroupId: '20', privateCustomerGroupId: '10' } }),
			items: [company, privatePerson],
		});

		const state = await harness.state();
		const byEmail = new Map(state.customers.map((customer) => [customer.fields.emailAddress, customer]));
		const companyCustomer = byEmail.get('inkop@byggbolaget-norrland.se');
		const privateCustomer = byEmail.get('asa.lindqvist@example.se');
		assert.ok(companyCustomer && privateCustomer);
		assert.equal(companyCustomer.organizationalForm, 'C');
		assert.equal(companyCustomer.fields.name, 'Byggbolaget Norrland AB');
		assert.equal(companyCustomer.fields.customerGroupId, '20');
		assert.equal(companyCustomer.fields.firstName, undefined);
		assert.equal(privateCustomer.organizationalForm, 'P');
		assert.equal(privateCustomer.fields.firstName, 'Åsa');
		assert.equal(privateCustomer.fields.surName, 'Lindqvist');
		assert.equal(privateCustomer.fields.name, undefined);
		assert.equal(privateCustomer.fields.customerGroupId, '10');
		assert.deepEqual(
			jsonOf(output).map((item) => item.specterCustomerId),
			[companyCustomer.customerId, privateCustomer.customerId],
		);
		assert.deepEqual(pairingOf(output), [0, 1]);
	});

	it('uses the guessed Nexi pay type by default and the configured one when set', async () => {
		const order = loadOrder('order-nexi-company.json') as unknown as IDataObject;
		await harness.run({ parameters: parameters(), items: [order] });
		await harness.run({
			parameters: parameters({ nexiPayTypeIdentifier: 'NE', options: { externalOrderNoPrefix: 'B-' } }),
			items: [order],
		});

		const paymentId = (order.meta_data as Array<{ key: string; value: string }>).find((meta) => meta.key === '_dibs_payment_id')?.value;
		const [first, second] = (await harness.state()).orders;
		assert.equal(first.header.payTypeIdentifier, 'DP');
		assert.equal(first.header.payTypeReference, paymentId);
		assert.equal(second.header.payTypeIdentifier, 'NE');
		assert.equal(second.externalOrderNo, 'B-1041');
	});

	it('maps payment methods through the Payment Method Mapping table', async () => {
		const order = loadOrder('order-bacs-admin.json') as unknown as IDataObject;
		await harness.run({
			parameters: parameters({
				paymentMethodMapping: { mapping: [{ paymentMethod: 'bacs', payTypeIdentifier: 'PP' }] },
				options: { sendOrderMail: true, includeCustomerNoteAs: 'internalComment' },
			}),
			items: [order],
		});

		const [stored] = (await harness.state()).orders;
		assert.equal(stored.header.payTypeIdentifier, 'PP');
		assert.equal(stored.header.isPrepayment, '1');
		assert.equal(stored.header.sendOrderMail, '1');
	});

	it('also outputs the exact customer and rows sent when Simplify is off', async () => {
		const order = loadOrder('order-kco-private-two-rates.json') as unknown as IDataObject;
		const [item] = jsonOf(await harness.run({ parameters: parameters({ simplify: false }), items: [order] }));

		const [stored] = (await harness.state()).orders;
		const sentRows = (item.specterRows as IDataObject[]).map(({ articleNo, articleName, priceExclVat, quantity, vatPercent }) => ({
			articleNo,
			articleName,
			priceExclVat,
			noOfItems: quantity,
			vatPercent,
		}));
		assert.deepEqual(sentRows, storedRows(stored));
		assert.equal((item.customer as IDataObject).email, 'asa.lindqvist@example.se');
		assert.equal(item.paymentMethod, 'kco');
		assert.equal(item.payTypeIdentifier, 'KG');
		assert.equal(item.productRows, 2);
		assert.equal(item.discountRows, 2);
		assert.equal(item.shippingRows, 1);
		assert.equal(item.roundingAdjustment, 0);
		assert.equal(item.wooTotal, 577.84);
	});

	it('sends nothing, not even the customer, when the order cannot be mapped', async () => {
		const order = loadOrder('order-line-without-sku.json') as unknown as IDataObject;
		let thrown: (Error & { context?: IDataObject; description?: string }) | undefined;
		try {
			await harness.run({ parameters: parameters(), items: [order] });
		} catch (error) {
			thrown = error as typeof thrown;
		}

		assert.ok(thrown, 'the node throws');
		assert.equal(thrown.constructor.name, 'NodeOperationError');
		assert.match(thrown.message, /order 1042, line 2 .*SKU is empty/);
		assert.match(thrown.description ?? '', /line_items\[1\]\.sku/);
		assert.equal(thrown.context?.itemIndex, 0);
		assert.deepEqual(await harness.requests(), []);
	});

	it('refuses an item that is not a WooCommerce order', async () => {
		const output = await harness.run({
			parameters: parameters(),
			items: [{ orderNo: '50001', delivered: true }],
			continueOnFail: true,
		});

		assert.deepEqual(jsonOf(output), [
			{
				error: 'Item 1 is not a WooCommerce order',
				wooOrderId: null,
				description:
					"Connect the WooCommerce Trigger (event order.created) or a WooCommerce node (Order → Get) directly: each item's JSON must be the order, with id, billing and line_items.",
			},
		]);
		assert.deepEqual(await harness.requests(), []);
	});
});

describe('Order → Create From WooCommerce Order with Mapping Tables', () => {
	let harness: NodeHarness;

	beforeEach(async () => {
		harness = await startHarness();
		for (const articleNo of ['TERMOS-05', 'KAFFE-MORK-500', 'FRAKT-PN']) await harness.control('articles', { articleNo, stock: 100 });
	});
	afterEach(() => harness.close());

	it('sends the pay type and delivery method of the tables, over Payment Method Mapping, and the method’s shipping article', async () => {
		const order = loadOrder('order-kco-private-two-rates.json');
		await harness.run({
			parameters: parameters({
				paymentMethodMapping: { mapping: [{ paymentMethod: 'kco', payTypeIdentifier: 'I' }] },
				mappingTables: {
					paymentMethods: [{ paymentMethod: 'kco', payType: 'K' }],
					shippingMethods: [{ shippingMethod: 'flat_rate', deliveryMethod: 'PostNord MyPack', shippingArticleNo: 'FRAKT-PN' }],
				},
			}),
			items: [order as unknown as IDataObject],
		});
		const [stored] = (await harness.state()).orders;
		assert.equal(stored.header.payTypeIdentifier, 'K');
		assert.equal(stored.header.externalDeliveryMethod, 'PostNord MyPack');
		assert.deepEqual(stored.rows.filter((row) => row.articleNo === 'FRAKT-PN').length, 1);
		assert.ok(!stored.rows.some((row) => row.articleNo === 'SHIPPING'));
	});

	it('sends nothing for a wrong row and names the table and the row', async () => {
		const output = await harness.run({
			parameters: parameters({ mappingTables: JSON.stringify({ paymentMethods: [{ paymentMethod: 'kco', payType: '' }] }) }),
			items: [loadOrder('order-kco-private-two-rates.json') as unknown as IDataObject],
			continueOnFail: true,
		});
		assert.equal(jsonOf(output)[0].error, 'Mapping table paymentMethods, row 1: payType is empty');
		assert.equal((await harness.state()).orders.length, 0);
		assert.equal((await harness.state()).customers.length, 0);
	});
});
