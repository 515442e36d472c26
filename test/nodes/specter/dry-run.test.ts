/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
// Dry Run of the two operations that write (Article → Export From WooCommerce, Order → Create From WooCommerce
// Order) and the order operation's Skip Orders Marked in WooCommerce, against the Specter simulator: a dry run
// makes no request at all and reports, item by item, what the real run then does.
import assert from 'node:assert/strict';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { refusalFingerprintOf } from '../../../nodes/Specter/mappers';
import type { WooOrder } from '../../../nodes/Specter/mappers';
import { loadOrder, loadProduct } from '../../mappers/fixtures';
import { type NodeHarness, PSEUDO_ARTICLES, clone, jsonOf, pairingOf, startHarness } from './harness';

const EXPORT = { resource: 'article', operation: 'exportFromWooCommerce' };
const ORDER = { resource: 'order', operation: 'createFromWooCommerce', ...PSEUDO_ARTICLES };
const ORDER_ARTICLES = ['TERMOS-05', 'KAFFE-MORK-500', 'HANDSKE-PRO-L', 'JACKA-SV-L', 'TE-EARLGREY-100'];

function products(count: number): IDataObject[] {
	const template = loadProduct('product-simple.json');
	return Array.from({ length: count }, (_, i) => {
		const product = clone(template) as unknown as IDataObject;
		product.id = 20001 + i;
		product.sku = `DRY-${i + 1}`;
		product.name = `Produkt ${i + 1}`;
		product.stock_quantity = i + 1;
		return product;
	});
}

/** An output item as a comparable value: its json, or for an error item the message and what it names. */
function outcomeOf(item: INodeExecutionData): IDataObject {
	const json = { ...item.json };
	delete json.dryRun;
	delete json.description;
	if (json.details !== undefined) {
		const details = { ...(json.details as IDataObject) };
		delete details.dryRun;
		delete details.description;
		json.details = details;
	}
	return json;
}

function withMeta(order: WooOrder, key: string, value: unknown): IDataObject {
	const marked = clone(order);
	marked.meta_data = [...marked.meta_data, { id: 9000 + marked.meta_data.length, key, value }];
	return marked as unknown as IDataObject;
}

describe('Dry Run', () => {
	let harness: NodeHarness;

	beforeEach(async () => {
		harness = await startHarness();
		await harness.control('articles', { articleNo: 'DRY-2', name: 'Specter DRY-2', stock: 999 });
		for (const articleNo of ORDER_ARTICLES) await harness.control('articles', { articleNo, stock: 100 });
	});
	afterEach(() => harness.close());

	it('export: reports for every product what the real run then does, in the same batches, and sends nothing', async () => {
		const items = [...products(5), loadProduct('product-without-sku.json') as unknown as IDataObject, loadProduct('product-variable.json') as unknown as IDataObject];
		items[3].tax_class = 'luxury-rate';
		const before = (await harness.requests()).length;
		const dry = await harness.run({ parameters: { ...EXPORT, batchSize: 2, dryRun: true }, items, continueOnFail: true });

		assert.equal((await harness.requests()).length, before, 'no request reached Specter');
		assert.equal((await harness.state()).articles.length, 1 + ORDER_ARTICLES.length, 'nothing created');
		assert.ok(jsonOf(dry).every((json) => json.dryRun === true || (json.details as IDataObject).dryRun === true), 'every item says dry run');

		const real = await harness.run({ parameters: { ...EXPORT, batchSize: 2 }, items, continueOnFail: true });
		assert.equal(await harness.callsOf('newArticleSubmit'), 2, '4 articles in batches of 2');
		assert.deepEqual(dry.map(outcomeOf), real.map(outcomeOf));
		assert.deepEqual(pairingOf(dry), pairingOf(real));
		assert.deepEqual(
			jsonOf(real).map((json) => json.outcome ?? (json.details as IDataObject).outcome),
			['createdOrLeftAlone', 'createdOrLeftAlone', 'createdOrLeftAlone', 'failed', 'createdOrLeftAlone', 'skipped', 'skipped'],
		);
		assert.equal(jsonOf(real).some((json) => 'dryRun' in json), false, 'a real run says nothing of a dry run');
	});

	it('order: an order that would go out is reported with what would be sent, and nothing (not even the customer) is', async () => {
		const order = loadOrder('order-kco-private-two-rates.json') as unknown as IDataObject;
		const [dry] = jsonOf(await harness.run({ parameters: { ...ORDER, options: { dryRun: true, externalOrderNoPrefix: 'WC-' } }, items: [order] }));

		assert.deepEqual(await harness.requests(), [], 'no request at all');
		const [real] = jsonOf(await harness.run({ parameters: { ...ORDER, options: { externalOrderNoPrefix: 'WC-' } }, items: [order] }));
		assert.equal((await harness.state()).orders.length, 1);
		assert.deepEqual(
			{ ...dry, specterOrderNo: real.specterOrderNo, specterCustomerId: real.specterCustomerId, dryRun: undefined },
			{ ...real, dryRun: undefined },
		);
		assert.equal(dry.outcome, 'transferred');
		assert.equal(dry.dryRun, true);
		assert.equal(dry.specterOrderNo, null);
		assert.deepEqual([real.outcome, real.externalOrderNo, real.wooOrderNumber], ['transferred', 'WC-1040', '1040']);

		const [again] = jsonOf(await harness.run({ parameters: { ...ORDER, simplify: false, options: { externalOrderNoPrefix: 'WC-' } }, items: [order] }));
		assert.deepEqual([again.outcome, again.alreadyTransferred], ['alreadyTransferred', true]);
		const [dryFull] = jsonOf(await harness.run({ parameters: { ...ORDER, simplify: false, options: { dryRun: true, externalOrderNoPrefix: 'WC-' } }, items: [order] }));
		assert.deepEqual([dryFull.specterRows, dryFull.customer, dryFull.vatByRate], [again.specterRows, again.customer, again.vatByRate], 'Simplify off: the rows and customer a real run sends');
		assert.equal(await harness.callsOf('newOrderSubmit'), 2, 'the dry runs sent nothing');
	});

	it('order: a dry run refuses an order with exactly the error the real run gives, and sends nothing', async () => {
		const order = loadOrder('order-line-without-sku.json') as unknown as IDataObject;
		const [dry] = await harness.run({ parameters: { ...ORDER, options: { dryRun: true } }, items: [order], continueOnFail: true });
		const [real] = await harness.run({ parameters: ORDER, items: [order], continueOnFail: true });

		assert.match(String(dry.json.error), /SKU/);
		assert.deepEqual(outcomeOf(dry), outcomeOf(real));
		assert.equal(dry.error?.description, real.error?.description);
		assert.deepEqual(await harness.requests(), [], 'neither run sent anything');
	});

	it('Skip Orders Marked in WooCommerce: passes over transferred orders and orders refused as they are now, without a request', async () => {
		const order = loadOrder('order-kco-private-two-rates.json');
		const transferred = withMeta(order, '_specter_order_no', '100234');
		const refused = withMeta(order, 'specter_transfer_failed', refusalFingerprintOf(order));
		const changedSince = withMeta({ ...clone(order), customer_note: 'Ring innan' }, 'specter_transfer_failed', refusalFingerprintOf(order));
		const items = [transferred, refused, changedSince];
		const parameters = { ...ORDER, options: { skipMarkedOrders: true, dryRun: true } };

		const dry = jsonOf(await harness.run({ parameters, items }));
		assert.deepEqual(await harness.requests(), []);
		assert.deepEqual(
			dry.map((json) => [json.outcome, json.skipped ?? false, json.specterOrderNo]),
			[
				['alreadyTransferred', true, '100234'],
				['refusedBefore', true, null],
				['transferred', false, null],
			],
		);
		assert.match(String(dry[1].reason), /specter_transfer_failed/);

		const real = jsonOf(await harness.run({ parameters: { ...ORDER, options: { skipMarkedOrders: true } }, items }));
		assert.deepEqual(
			real.map((json) => json.outcome),
			dry.map((json) => json.outcome),
		);
		assert.equal((await harness.state()).orders.length, 1, 'only the order changed since its refusal was sent');
		assert.equal(await harness.callsOf('newOrderSubmit'), 1);

		// off (the live template's setting): the node sends what it is given; the template's filter decides
		const unfiltered = jsonOf(await harness.run({ parameters: ORDER, items: [transferred] }));
		assert.equal(unfiltered[0].outcome, 'alreadyTransferred', 'Specter refused the duplicate');
		assert.equal(await harness.callsOf('newOrderSubmit'), 2);
	});
});
