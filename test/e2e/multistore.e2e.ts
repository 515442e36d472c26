/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
// Two WooCommerce stores on one Specter account (API v2), with the multi-store templates of
// workflows-templates/multistore/ imported as shipped into a real n8n 2.41; the only change is the one their notes
// ask for after importing: *Specter stores* and *Specter mappings* (Execute Workflow) get the store-list and the
// mapping-tables workflows chosen from the list. One edit of *Specter mappings* (the shared tables) changes what
// both stores' orders send and what a delivery writes; a wrong row stops every store before any write.
// Orders of both stores reach Specter with their store's webshop ID and prefix; a delivery in Specter reaches only
// the store the order came from, and a change no store has is reported; a stock change reaches both stores, and
// the batch stays open while one store fails, then closes once it answers again, without writing the healthy
// store a second time (HTTP 500, then keys refused with 401); an article change likewise.
import assert from 'node:assert/strict';
import type { Execution } from './harness';
import { MAPPINGS_TEMPLATE, control as stackControl, editMappingRow, readTemplates, startSecondStore, startStack, type SecondStore, type Stack, until, withCalledWorkflow, withMappings } from './stack';
import { pollStockOnce, ranNode, specterState } from './stock-flow';
import { seedCustomer, submitOrder } from '../simulators/specter/sim-test-client';
import type { WooSimulator } from '../simulators/woocommerce/server';
import { klarnaPayment, placeOrderInput } from '../simulators/woocommerce/fixtures';

const STORES = 'multistore/specter-stores.json';
const STOCK = 'multistore/specter-stock-to-woocommerce-multistore.json';
const ORDERS = 'multistore/woocommerce-orders-to-specter-multistore.json';
const ORDER_STATUS = 'multistore/specter-order-status-to-woocommerce-multistore.json';
const ARTICLES = 'multistore/specter-articles-to-woocommerce-multistore.json';
const API = '/wp-json/wc/v3';

interface WorkflowJson {
	name: string;
	nodes: Array<{ name: string; type: string; parameters: Record<string, unknown> }>;
	connections: unknown;
	settings?: unknown;
}

// Each test and hook may take up to 10 minutes (test/jest-support/timeout-e2e.js).
describe('several WooCommerce stores on one Specter account, in a real n8n', () => {
	let stack: Stack;
	let store2: WooSimulator;
	let secondStore: SecondStore;
	const workflows: Record<string, string> = {};
	const credentialIds: string[] = [];
	const wooKeys = (store: WooSimulator, consumerSecret = store.consumerSecret) => ({
		url: store.url,
		consumerKey: store.consumerKey,
		consumerSecret,
		includeCredentialsInQuery: false,
	});
	const stores = () => [stack.woo, store2];
	const product = (store: WooSimulator, sku: string) => store.state.products.find((candidate) => candidate.sku === sku);
	const stockIn = (store: WooSimulator, sku: string) => product(store, sku)?.stock_quantity;
	const errorOf = (execution: Execution) => execution.data?.resultData?.error?.message ?? '';
	/** a control-API call to a store's simulator, e.g. (store2, 'orders/place', order) */
	const control = <T>(store: WooSimulator, path: string, body: unknown): Promise<T> => stackControl<T>(`${store.httpUrl ?? ''}/`, 'POST', path, body);
	const stockBatchOpen = async () => {
		const { stock } = (await specterState(stack)).queues;
		return stock.bound !== null || stock.pending.length > 0;
	};

	beforeAll(async () => {
		// one Specter simulator (the stack's credential says API version 2), store 1 = the stack's store
		stack = await startStack({ templates: [] });
		// store 2: a second simulator with the same catalogue
		secondStore = await startSecondStore(stack);
		store2 = secondStore.store;
		for (const [index, store] of stores().entries()) {
			const { id } = await stack.n8n.createCredential({ name: `WooCommerce store ${index + 1}`, type: 'wooCommerceApi', data: wooKeys(store) });
			credentialIds.push(id);
		}
		// imported as shipped; then, as the templates' notes ask, *Specter stores* is pointed at the store list
		// (what choosing "Specter stores" in the node's workflow list stores)
		const templates = { ...readTemplates('multistore') } as Record<string, WorkflowJson>;
		for (const file of [STORES, STOCK, ORDERS, ORDER_STATUS, ARTICLES]) {
			workflows[file] = (await stack.n8n.api<{ id: string }>('POST', '/workflows', templates[file])).id;
		}
		// n8n 2.41 refuses to publish a workflow whose Execute Workflow node calls an unpublished one, and calls the
		// published version: the store list is published first (its Publish button), as its note says
		await stack.n8n.activateWorkflow(workflows[STORES]);
		// likewise the mapping tables, the same workflow the one-store templates read
		workflows[MAPPINGS_TEMPLATE] = (await stack.n8n.createWorkflow(readTemplates()[MAPPINGS_TEMPLATE])).id;
		await stack.n8n.activateWorkflow(workflows[MAPPINGS_TEMPLATE]);
		for (const file of [STOCK, ORDERS, ORDER_STATUS, ARTICLES]) {
			const template = withCalledWorkflow(withMappings(templates[file], workflows[MAPPINGS_TEMPLATE]), 'Specter stores', workflows[STORES]);
			await stack.n8n.api('PUT', `/workflows/${workflows[file]}`, { name: template.name, nodes: template.nodes, connections: template.connections, settings: template.settings });
		}
	});
	afterAll(async () => {
		await stack?.stop();
		await secondStore?.close();
	});

	const editMappings = (tableNode: string, key: string, value: string | number, change: Record<string, string | number>) =>
		editMappingRow(stack.n8n, workflows[MAPPINGS_TEMPLATE], tableNode, { key, value }, change);

	it('orders of both stores reach Specter with their store’s webshop ID and prefix and the shared mapping tables; a delivery reaches only the store the order came from', async () => {
		// one edit of the shared tables, for every store (shipped: flat_rate is "Frakt", delivered becomes Completed)
		await editMappings('Shipping methods', 'shippingMethod', 'flat_rate', { deliveryMethod: 'PostNord MyPack Home' });
		await editMappings('Order statuses', 'specterStatus', 'delivered', { wooStatus: 'on-hold' });
		await stack.n8n.activateWorkflow(workflows[ORDERS]);
		const placed = await Promise.all(
			stores().map((store) => control<{ id: number; number: string }>(store, 'orders/place', placeOrderInput([{ sku: 'MUG-01', quantity: 1 }], klarnaPayment()))),
		);
		await Promise.all(stores().map((store) => store.flushWebhooks()));
		const specterOrders = await until('both orders in Specter', () => {
			const found = placed.map((order, index) => [...stack.specter.state.orders.values()].find((candidate) => candidate.externalOrderNo === `S${index + 1}-${order.number}`));
			return found.every(Boolean) ? found : undefined;
		});
		assert.deepEqual(
			specterOrders.map((order) => [order?.externalOrderNo, order?.webshopId]),
			[
				[`S1-${placed[0].number}`, '1'],
				[`S2-${placed[1].number}`, '2'],
			],
		);
		assert.deepEqual(
			specterOrders.map((order) => order?.header.externalDeliveryMethod),
			['PostNord MyPack Home', 'PostNord MyPack Home'],
			'both stores read the edited shipping row',
		);
		// each store's order carries its Specter order number, saved by that store's branch
		const specterNoOn = (store: WooSimulator, id: number) =>
			String(store.state.orders.find((order) => order.id === id)?.meta_data.find((meta) => meta.key === '_specter_order_no')?.value ?? '');
		await until('the Specter order numbers saved on the orders', () =>
			specterNoOn(stack.woo, placed[0].id) === specterOrders[0]?.orderNo && specterNoOn(store2, placed[1].id) === specterOrders[1]?.orderNo ? true : undefined,
		);
		await stack.n8n.deactivateWorkflow(workflows[ORDERS]);
		// the same order number in both stores (each store counts from its own start) is told apart by Specter's number
		assert.equal(placed[0].number, placed[1].number);

		// In Specter: store 2's order is delivered, and so is an order of a shop that is not in the store list
		await stack.specterControl('POST', `orders/${specterOrders[1]?.orderNo}/deliver`, { trackingNo: 'PN-STORE-2' });
		const customerId = await seedCustomer(stack.specter, 'kund@annan-butik.se');
		const foreign = await submitOrder(stack.specter, { customerId, externalOrderNo: 'OTHER-1', articleNo_1: 'MUG-01', priceExclVAT_1: '100.00', noOfItems_1: '1', vatPercent_1: '25' });
		const foreignNo = foreign.text.split(';')[1];
		await stack.specterControl('POST', `orders/${foreignNo}/deliver`, { trackingNo: 'PN-OTHER' });
		const requestsBefore = stores().map((store) => store.state.requests.length);

		const run = await pollStockOnce(stack, 120_000, workflows[ORDER_STATUS]);
		const statusOf = (store: WooSimulator, id: number) => store.state.orders.find((order) => order.id === id)?.status;
		assert.deepEqual([statusOf(stack.woo, placed[0].id), statusOf(store2, placed[1].id)], ['processing', 'on-hold'], 'only store 2’s order is set, to the edited row’s status');
		const writes = stores().map((store, index) =>
			store.state.requests.slice(requestsBefore[index]).filter((request) => request.method !== 'GET').map((request) => `${request.method} ${request.path}`),
		);
		assert.deepEqual(writes, [[], [`PUT ${API}/orders/${placed[1].id}`, `POST ${API}/orders/${placed[1].id}/notes`]], 'store 1 is not written');
		// the other shop's order is in no store: acknowledged with the batch, then reported
		assert.equal(run.status, 'error');
		assert.equal(run.data?.resultData?.lastNodeExecuted, 'Report changes found in no store');
		assert.equal(errorOf(run), `Order status not written: no store has these Specter orders among its open orders: Specter order ${foreignNo} (delivered). The changes are acknowledged.`);
		assert.ok(ranNode(run, 'Acknowledge batch in Specter'));
		const { orderStatus } = (await specterState(stack)).queues;
		assert.ok(orderStatus.bound === null && orderStatus.pending.length === 0, 'the batch is acknowledged');
		// back to the shipped row: the later tests expect Completed
		await editMappings('Order statuses', 'specterStatus', 'delivered', { wooStatus: 'completed' });
	});

	it('a stock change reaches both stores; while store 2 fails the batch stays open, store 1 is not written again, and once store 2 answers the batch closes', async () => {
		// store 2 answers its next two look-ups with HTTP 500 (WordPress's critical error)
		await control(store2, 'faults', { kind: 'http500', times: 2, path: `${API}/products` });
		await stack.specterControl('POST', 'stock', { articleNo: 'MUG-01', quantity: 7 });
		await stack.specterControl('POST', 'stock', { articleNo: 'TEE-M', quantity: 4 });
		// an article only store 1 sells: store 2 leaves it alone, and it does not hold the batch open
		await control(stack.woo, 'products', { name: 'Only in store 1', sku: 'ONLY-S1', regular_price: '10.00', manage_stock: true, stock_quantity: 0 });
		await stack.specterControl('POST', 'articles', { articleNo: 'ONLY-S1', name: 'Only in store 1', priceExclVat: 8, vatPercent: 25, stock: 0 });
		await stack.specterControl('POST', 'stock', { articleNo: 'ONLY-S1', quantity: 3 });
		const before2 = [stockIn(store2, 'MUG-01'), stockIn(store2, 'TEE-M')];
		const requestsBefore = stores().map((store) => store.state.requests.length);
		const batchWritesSince = (store: WooSimulator, from: number) => store.state.requests.slice(from).filter((request) => request.batch).length;

		const first = await pollStockOnce(stack, 120_000, workflows[STOCK]);
		assert.equal(first.status, 'error');
		assert.equal(first.data?.resultData?.lastNodeExecuted, 'Report stores not written');
		assert.match(errorOf(first), /^Not every store took the stock of Specter batch \S+ \(attempt 1\); it stays open and comes again at the next poll\. Store 2: find products by SKU failed: The service was not able to process your request$/);
		assert.ok(!ranNode(first, 'Acknowledge batch in Specter'));
		assert.ok(await stockBatchOpen(), 'the batch stays open');
		assert.deepEqual([stockIn(stack.woo, 'MUG-01'), stockIn(stack.woo, 'TEE-M')], [7, 4], 'store 1 is written');
		assert.deepEqual([stockIn(store2, 'MUG-01'), stockIn(store2, 'TEE-M')], before2, 'store 2 is not');

		// a sale in store 1 after its write: the retries must not put the old figure back
		await control(stack.woo, 'orders/place', placeOrderInput([{ sku: 'MUG-01', quantity: 2 }], klarnaPayment()));
		assert.equal(stockIn(stack.woo, 'MUG-01'), 5);
		const afterSale = stack.woo.state.requests.length;

		const second = await pollStockOnce(stack, 120_000, workflows[STOCK]);
		assert.equal(second.status, 'error', 'store 2 still fails');
		assert.match(errorOf(second), /\(attempt 2\).*Store 2: /);
		assert.ok(await stockBatchOpen());

		const third = await pollStockOnce(stack, 120_000, workflows[STOCK]);
		assert.equal(third.status, 'success', errorOf(third));
		assert.ok(ranNode(third, 'Acknowledge batch in Specter'));
		assert.ok(!(await stockBatchOpen()), 'acknowledged once both stores took the batch');
		assert.deepEqual([stockIn(stack.woo, 'MUG-01'), stockIn(stack.woo, 'TEE-M')], [5, 4], 'store 1 keeps its sale');
		assert.deepEqual([stockIn(store2, 'MUG-01'), stockIn(store2, 'TEE-M')], [7, 4], 'store 2 has Specter’s figures');
		assert.equal(stockIn(stack.woo, 'ONLY-S1'), 3);
		assert.equal(product(store2, 'ONLY-S1'), undefined);
		assert.equal(batchWritesSince(stack.woo, afterSale), 0, 'store 1 is not written again');
		assert.equal(batchWritesSince(stack.woo, requestsBefore[0]), 2, 'store 1: one products/batch and one variations/batch');
		assert.equal(batchWritesSince(store2, requestsBefore[1]), 2, 'store 2: the same, once it answered');
	});

	it('an article change reaches both stores; while store 2 refuses the update the batch stays open, and the retry writes store 2 only', async () => {
		await control(store2, 'faults', { kind: 'refuse', sku: 'BOOK-01', times: 1, message: 'Locked by another plugin.' });
		await stack.specterControl('POST', 'articles/BOOK-01/edit', { name: 'Kokbok, ny upplaga', priceExclVat: 200, vatPercent: 6 });
		const requestsBefore = stores().map((store) => store.state.requests.length);
		const batchWritesSince = (store: WooSimulator, from: number) => store.state.requests.slice(from).filter((request) => request.batch).length;
		const articleBatchOpen = async () => {
			const { articleInfo } = (await specterState(stack)).queues;
			return articleInfo.bound !== null || articleInfo.pending.length > 0;
		};
		const book = (store: WooSimulator) => [product(store, 'BOOK-01')?.name, product(store, 'BOOK-01')?.regular_price];

		const first = await pollStockOnce(stack, 120_000, workflows[ARTICLES]);
		assert.equal(first.status, 'error');
		assert.equal(first.data?.resultData?.lastNodeExecuted, 'Report stores not written');
		assert.match(
			errorOf(first),
			/^Not every store took the article changes of Specter batch \S+ \(attempt 1\); it stays open and comes again at the next poll\. Store 2: refused by WooCommerce: SKU BOOK-01 \(woocommerce_rest_product_not_created: Locked by another plugin\.\)$/,
		);
		assert.ok(await articleBatchOpen(), 'the batch stays open');
		// 200.00 excl. VAT + 6 % = 212.00 (the stores enter prices with tax)
		assert.deepEqual(book(stack.woo), ['Kokbok, ny upplaga', '212.00'], 'store 1 is written');
		assert.notEqual(book(store2)[0], 'Kokbok, ny upplaga', 'store 2 is not');

		const afterFirst = stack.woo.state.requests.length;
		const retry = await pollStockOnce(stack, 120_000, workflows[ARTICLES]);
		assert.equal(retry.status, 'success', errorOf(retry));
		assert.ok(!(await articleBatchOpen()), 'acknowledged once both stores took the batch');
		assert.deepEqual(book(store2), ['Kokbok, ny upplaga', '212.00']);
		assert.equal(batchWritesSince(stack.woo, afterFirst), 0, 'store 1 already has it: not written again');
		assert.equal(batchWritesSince(stack.woo, requestsBefore[0]), 1);
		assert.equal(batchWritesSince(store2, requestsBefore[1]), 2, 'store 2: the refused write and the retry');
	});

	it('a store write that fails keeps the order-status batch open; the retry writes it', async () => {
		await stack.n8n.activateWorkflow(workflows[ORDERS]);
		const placed = await control<{ id: number; number: string }>(stack.woo, 'orders/place', placeOrderInput([{ sku: 'BOOK-01', quantity: 1 }], klarnaPayment()));
		await stack.woo.flushWebhooks();
		const specterNo = await until('the Specter order number on the order', () => {
			const value = String(stack.woo.state.orders.find((order) => order.id === placed.id)?.meta_data.find((meta) => meta.key === '_specter_order_no')?.value ?? '');
			return /^\d+$/.test(value) ? value : undefined;
		});
		await stack.n8n.deactivateWorkflow(workflows[ORDERS]);
		await stack.specterControl('POST', `orders/${specterNo}/deliver`, { trackingNo: 'PN-RETRY' });
		await control(stack.woo, 'faults', { kind: 'http500', times: 1, path: `${API}/orders/${placed.id}` });
		const statusOf = () => stack.woo.state.orders.find((order) => order.id === placed.id)?.status;
		const batchOpen = async () => {
			const { orderStatus } = (await specterState(stack)).queues;
			return orderStatus.bound !== null || orderStatus.pending.length > 0;
		};

		const first = await pollStockOnce(stack, 120_000, workflows[ORDER_STATUS]);
		assert.equal(first.status, 'error');
		assert.equal(first.data?.resultData?.lastNodeExecuted, 'Store 1: set status');
		assert.ok(!ranNode(first, 'Acknowledge batch in Specter'));
		assert.ok(await batchOpen(), 'the batch stays open');
		assert.equal(statusOf(), 'processing');

		const retry = await pollStockOnce(stack, 120_000, workflows[ORDER_STATUS]);
		assert.equal(retry.status, 'success', errorOf(retry));
		assert.equal(statusOf(), 'completed');
		assert.ok(!(await batchOpen()), 'acknowledged once the store took it');
	});

	it('while store 2 refuses the keys (HTTP 401) the stock batch stays open; with the keys right again it closes', async () => {
		const setStore2Secret = (secret: string) =>
			stack.n8n.api('PATCH', `/credentials/${credentialIds[1]}`, { name: 'WooCommerce store 2', type: 'wooCommerceApi', data: wooKeys(store2, secret) });
		await setStore2Secret('cs_wrong');
		await stack.specterControl('POST', 'stock', { articleNo: 'FOOD-01', quantity: 12 });
		const requestsBefore = store2.state.requests.length;
		const refused = await pollStockOnce(stack, 120_000, workflows[STOCK]);
		assert.equal(refused.status, 'error');
		assert.match(errorOf(refused), /\(attempt 1\); it stays open and comes again at the next poll\. Store 2: find products by SKU failed: /);
		assert.deepEqual(store2.state.requests.slice(requestsBefore).map((request) => request.status), [401], 'store 2 refused the look-up');
		assert.ok(await stockBatchOpen());
		assert.equal(stockIn(stack.woo, 'FOOD-01'), 12);

		await setStore2Secret(store2.consumerSecret);
		const retry = await pollStockOnce(stack, 120_000, workflows[STOCK]);
		assert.equal(retry.status, 'success', errorOf(retry));
		assert.ok(!(await stockBatchOpen()));
		assert.deepEqual([stockIn(stack.woo, 'FOOD-01'), stockIn(store2, 'FOOD-01')], [12, 12]);
	});

	it('a wrong row in Specter mappings stops every store before any write, naming the table and the row; the batch stays open until the row is right', async () => {
		await editMappings('VAT rates and tax classes', 'taxClass', 'six-rate', { vatPercent: 7 });
		await stack.specterControl('POST', 'articles/MUG-01/edit', { name: 'Mugg, blå', priceExclVat: 100, vatPercent: 25 });
		const requestsBefore = stores().map((store) => store.state.requests.length);
		const writesSince = () => stores().map((store, index) => store.state.requests.slice(requestsBefore[index]).filter((request) => request.method !== 'GET').length);
		const articleBatchOpen = async () => {
			const { articleInfo } = (await specterState(stack)).queues;
			return articleInfo.bound !== null || articleInfo.pending.length > 0;
		};

		const refused = await pollStockOnce(stack, 120_000, workflows[ARTICLES]);
		assert.equal(refused.status, 'error');
		for (const store of ['Store 1', 'Store 2']) {
			assert.match(errorOf(refused), new RegExp(`${store}: plan WooCommerce updates failed: Mapping table vatRates, row 3: vatPercent 7 is not one of Specter's rates`));
		}
		assert.deepEqual(writesSince(), [0, 0], 'no store is written');
		assert.ok(await articleBatchOpen(), 'the batch stays open');

		await editMappings('VAT rates and tax classes', 'taxClass', 'six-rate', { vatPercent: 6 });
		const retry = await pollStockOnce(stack, 120_000, workflows[ARTICLES]);
		assert.equal(retry.status, 'success', errorOf(retry));
		assert.ok(!(await articleBatchOpen()));
		assert.deepEqual(stores().map((store) => product(store, 'MUG-01')?.name), ['Mugg, blå', 'Mugg, blå']);
	});
});
