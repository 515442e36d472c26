/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
// Hostile inputs and failing Specter calls: per-item errors with continueOnFail, nothing half-written, the right
// n8n error class with itemIndex, and never a secret in an error.
import assert from 'node:assert/strict';
import type { IDataObject } from 'n8n-workflow';
import { loadOrder } from '../../mappers/fixtures';
import {
	API_USER_KEY,
	INTEGRATION_KEY,
	type NodeHarness,
	PSEUDO_ARTICLES,
	clone,
	everythingIn,
	jsonOf,
	pairingOf,
	rejectionOf,
	startHarness,
} from './harness';

const WOO_PARAMETERS = { resource: 'order', operation: 'createFromWooCommerce', ...PSEUDO_ARTICLES };

/** The Klarna fixture order as another order of another customer. */
function klarnaOrder(id: number, email: string, change: (order: IDataObject) => void = () => {}): IDataObject {
	const order = clone(loadOrder('order-kco-private-two-rates.json')) as unknown as IDataObject;
	order.id = id;
	order.number = String(id);
	(order.billing as IDataObject).email = email;
	change(order);
	return order;
}

function assertNoSecrets(value: unknown): void {
	const text = everythingIn(value);
	for (const secret of [API_USER_KEY, INTEGRATION_KEY, 'wrong-integration-key']) {
		assert.ok(!text.includes(secret), `found the secret ${secret} in: ${text.slice(0, 400)}`);
	}
	assert.doesNotMatch(text, /[?&]key=/i, 'a signed URL leaked');
}

describe('hostile inputs and failures', () => {
	let harness: NodeHarness;

	beforeEach(async () => {
		harness = await startHarness();
		for (const articleNo of ['TERMOS-05', 'KAFFE-MORK-500', 'TYG-LINNE-NAT']) {
			await harness.control('articles', { articleNo, stock: 100 });
		}
	});
	afterEach(() => harness.close());

	it('turns each hostile order into its own error item, sends the good one, and writes nothing for the rest', async () => {
		const lines = (order: IDataObject) => order.line_items as IDataObject[];
		const items = [
			klarnaOrder(2001, 'good@example.se'),
			{ ...clone(loadOrder('order-line-without-sku.json')), billing: { ...loadOrder('order-line-without-sku.json').billing, email: 'nosku@example.se' } },
			(() => {
				const order = clone(loadOrder('order-klarna-decimal-quantity.json')) as unknown as IDataObject;
				(order.billing as IDataObject).email = 'decimal@example.se';
				return order;
			})(),
			klarnaOrder(2004, 'vat@example.se', (order) => {
				(order.tax_lines as IDataObject[])[0].rate_percent = 20;
			}),
			klarnaOrder(2005, 'emoji@example.se', (order) => {
				lines(order)[0].name = 'Termos 0,5 l 🎉';
			}),
			klarnaOrder(2006, `${'x'.repeat(95)}@example.se`),
		] as IDataObject[];

		const output = await harness.run({ parameters: WOO_PARAMETERS, items, continueOnFail: true });

		assert.deepEqual(pairingOf(output), [0, 1, 2, 3, 4, 5]);
		// n8n routes items carrying `error` to the error output ("On Error: Continue (using error output)").
		assert.deepEqual(
			output.map((item) => item.error?.constructor.name),
			[undefined, 'NodeOperationError', 'NodeOperationError', 'NodeOperationError', 'NodeOperationError', 'NodeOperationError'],
		);
		const json = jsonOf(output);
		assert.equal(json[0].externalOrderNo, '2001');
		assert.equal(json[0].alreadyTransferred, false);
		assert.equal(json[0].error, undefined);
		assert.match(json[1].error as string, /^order 1042, line 2 \(.*\): SKU is empty/);
		assert.match(json[2].error as string, /^order 1045, line 1 .*quantity 1\.5 is not a whole number, and Klarna cannot invoice part quantities/);
		assert.match(json[3].error as string, /^order 2004, line 1 .*VAT rate 20% is not one Specter accepts/);
		assert.match(json[4].error as string, /^WooCommerce order 2005: .*articleName/);
		assert.match(json[4].description as string, /Field "articleName" on row 1/);
		assert.match(json[5].error as string, /^WooCommerce order 2006: email \(emailAddress\) is 106 characters long; Specter allows at most 100/);
		assert.deepEqual(
			json.slice(1).map((item) => item.wooOrderId),
			[1042, 1045, 2004, 2005, 2006],
		);

		const state = await harness.state();
		assert.deepEqual(
			state.customers.map((customer) => customer.fields.emailAddress),
			['good@example.se'],
		);
		assert.deepEqual(
			state.orders.map((order) => order.externalOrderNo),
			['2001'],
		);
		assert.equal(await harness.callsOf('newCustomerSubmit'), 1);
		assert.equal(await harness.callsOf('newOrderSubmit'), 1);
	});

	it('stops at the first bad item without continueOnFail, naming its item index', async () => {
		const items = [klarnaOrder(3001, 'first@example.se'), klarnaOrder(3002, `${'y'.repeat(99)}@example.se`), klarnaOrder(3003, 'third@example.se')];
		const error = await rejectionOf(harness.run({ parameters: WOO_PARAMETERS, items }));

		assert.equal(error.constructor.name, 'NodeOperationError');
		assert.equal((error.context as IDataObject).itemIndex, 1);
		assert.match(error.message, /^WooCommerce order 3002: email/);
		assert.deepEqual(
			(await harness.state()).orders.map((order) => order.externalOrderNo),
			['3001'],
		);
	});

	it('reports a refused key as a NodeApiError with Specter\'s code and action, without any secret', async () => {
		const error = await rejectionOf(
			harness.run({
				parameters: WOO_PARAMETERS,
				items: [klarnaOrder(4001, 'key@example.se')],
				credentials: { integrationSecretKey: 'wrong-integration-key' },
			}),
		);

		assert.equal(error.constructor.name, 'NodeApiError');
		assert.equal((error.context as IDataObject).itemIndex, 0);
		assert.match(error.message, /^WooCommerce order 4001: /);
		assert.match(error.description as string, /^Specter action: newCustomerSubmit; code: 1; Specter's message: /);
		assertNoSecrets(error);
		assert.equal((await harness.state()).customers.length, 0);
	});

	it('gives an HTTP error its status code, and keeps secrets out of continueOnFail items too', async () => {
		await harness.control('customers', { customerId: '777', name: 'Kund AB', emailAddress: 'kund@example.se' });
		await harness.control('faults', { kind: 'http500', action: 'newOrderSubmit' });
		const parameters = {
			resource: 'order',
			operation: 'create',
			customerId: '777',
			rows: { row: [{ articleNo: 'TERMOS-05', priceExclVat: 199.2, quantity: 1, vatPercent: 25 }] },
		};

		const error = await rejectionOf(harness.run({ parameters }));
		assert.equal(error.constructor.name, 'NodeApiError');
		assert.equal(error.httpCode, '500');
		assert.equal((error.context as IDataObject).itemIndex, 0);
		assert.match(error.message, /newOrderSubmit/);
		assertNoSecrets(error);
		// an order without external order number is not repeated: a retry could create it twice
		assert.equal(await harness.callsOf('newOrderSubmit'), 1);

		await harness.control('faults', { kind: 'html', action: 'newOrderSubmit' });
		const output = await harness.run({ parameters, continueOnFail: true });
		assert.deepEqual(pairingOf(output), [0]);
		assert.match(jsonOf(output)[0].error as string, /HTML page/);
		assertNoSecrets(output);
	});
});
