/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
// Order → Create (explicit header and rows) against the Specter simulator.
import assert from 'node:assert/strict';
import { type NodeHarness, jsonOf, pairingOf, startHarness } from './harness';

const ORDER = {
	resource: 'order',
	operation: 'create',
	customerId: '777',
	externalOrderNo: 'POS-17',
	rows: {
		row: [
			{ articleNo: 'TERMOS-05', articleName: 'Termos', priceExclVat: 199.2, quantity: 3, vatPercent: 25, articleComment: 'Gravyr: ÅSA' },
			{ articleNo: 'KAFFE-MORK-500', priceExclVat: 71.43, quantity: 2, vatPercent: 12 },
		],
	},
	additionalFields: {
		payTypeIdentifier: 'SW',
		payTypeReference: 'swish-123',
		customerOrderReference: 'Inköp 42',
		stockSiteId: '2',
		webshopId: '3',
		deliveryDate: '2026-12-20',
		language: 'EN',
		sendOrderMail: true,
		internalComment: '',
	},
};

describe('Order → Create', () => {
	let harness: NodeHarness;

	beforeEach(async () => {
		harness = await startHarness();
		await harness.control('customers', { customerId: '777', name: 'Kund AB', emailAddress: 'kund@example.se' });
		await harness.control('articles', { articleNo: 'TERMOS-05', stock: 10, stockSiteId: '2' });
		await harness.control('articles', { articleNo: 'KAFFE-MORK-500', stock: 10, stockSiteId: '2' });
	});
	afterEach(() => harness.close());

	it('sends the header and rows as given and outputs the order number and totals', async () => {
		const output = await harness.run({ parameters: ORDER });

		const [stored] = (await harness.state()).orders;
		assert.equal(stored.customerId, '777');
		assert.equal(stored.externalOrderNo, 'POS-17');
		assert.equal(stored.webshopId, '3');
		assert.equal(stored.stockSiteId, '2');
		assert.deepEqual(
			{
				payTypeIdentifier: stored.header.payTypeIdentifier,
				payTypeReference: stored.header.payTypeReference,
				customerOrderReference: stored.header.customerOrderReference,
				deliveryDate: stored.header.deliveryDate,
				language: stored.header.language,
				sendOrderMail: stored.header.sendOrderMail,
				internalComment: stored.header.internalComment,
			},
			{
				payTypeIdentifier: 'SW',
				payTypeReference: 'swish-123',
				customerOrderReference: 'Inköp 42',
				deliveryDate: '2026-12-20',
				language: 'EN',
				sendOrderMail: '1',
				internalComment: undefined,
			},
		);
		assert.deepEqual(
			stored.rows.map(({ articleNo, articleName, priceExclVat, noOfItems, vatPercent, fields }) => [
				articleNo,
				articleName,
				priceExclVat,
				noOfItems,
				vatPercent,
				fields.articleComment ?? null,
			]),
			[
				['TERMOS-05', 'Termos', 199.2, 3, 25, 'Gravyr: ÅSA'],
				['KAFFE-MORK-500', '', 71.43, 2, 12, null],
			],
		);
		assert.deepEqual(pairingOf(output), [0]);
		// 597.60 + 142.86 excl. VAT; VAT 149.40 + 17.14 (rounded per row)
		assert.deepEqual(jsonOf(output), [
			{
				specterOrderNo: stored.orderNo,
				specterCustomerId: '777',
				externalOrderNo: 'POS-17',
				alreadyTransferred: false,
				rows: 2,
				totalExclVat: 740.46,
				totalVat: 166.54,
				totalInclVat: 907,
			},
		]);
	});

	it('outputs alreadyTransferred for an external order number Specter already has', async () => {
		const first = jsonOf(await harness.run({ parameters: ORDER }));
		const second = jsonOf(await harness.run({ parameters: ORDER }));

		const state = await harness.state();
		assert.equal(state.orders.length, 1);
		assert.deepEqual(
			[first[0].alreadyTransferred, second[0].alreadyTransferred, second[0].specterOrderNo],
			[false, true, state.orders[0].orderNo],
		);
	});
});
