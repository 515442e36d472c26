/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
// The mapping tables in one place: the templates, imported as they are, read *Specter mappings* (pointed at it as
// their notes ask). One edit of that workflow's rows (Klarna's pay type, flat_rate's delivery method, the WooCommerce
// status of a delivered order) changes what the order template sends to Specter and what the order-status template
// writes to WooCommerce; neither template is touched.
import assert from 'node:assert/strict';
import { MAPPINGS_TEMPLATE, editMappingRow, startStack, type Stack, until } from './stack';
import type { Execution } from './harness';
import { klarnaPayment, placeOrderInput } from '../simulators/woocommerce/fixtures';

const ORDERS = 'woocommerce-orders-to-specter.json';
const ORDER_STATUS = 'specter-order-status-to-woocommerce.json';

// Each test and hook may take up to 10 minutes (test/jest-support/timeout-e2e.js).
describe('mapping tables in one place, in a real n8n', () => {
	let stack: Stack;
	const workflowId = (file: string) => stack.workflows[file];
	const wooOrder = (id: number) => {
		const order = stack.woo.state.orders.find((candidate) => candidate.id === id);
		assert.ok(order, `WooCommerce order ${id}`);
		return order;
	};
	const specterOrder = (externalOrderNo: string) => [...stack.specter.state.orders.values()].find((order) => order.externalOrderNo === externalOrderNo);

	const editRow = (tableNode: string, key: string, value: string, change: Record<string, string>) =>
		editMappingRow(stack.n8n, workflowId(MAPPINGS_TEMPLATE), tableNode, { key, value }, change);

	beforeAll(async () => {
		stack = await startStack({ templates: [ORDERS, ORDER_STATUS] });
	});
	afterAll(async () => {
		await stack?.stop();
	});

	it('one edit of Specter mappings changes what the order template sends and what the order-status template writes', async () => {
		// Nothing runs until the rows are changed: the order template's webhooks and the status poll are off.
		await stack.n8n.deactivateWorkflow(workflowId(ORDERS));
		await stack.n8n.deactivateWorkflow(workflowId(ORDER_STATUS));

		await editRow('Payment methods', 'paymentMethod', 'kco', { payType: 'K' });
		await editRow('Shipping methods', 'shippingMethod', 'flat_rate', { deliveryMethod: 'PostNord MyPack Home' });
		await editRow('Order statuses', 'specterStatus', 'delivered', { wooStatus: 'on-hold' });
		// saved only, not published again: the templates read the saved tables

		// The order template: a new Klarna order with flat_rate
		await stack.n8n.activateWorkflow(workflowId(ORDERS));
		const placed = await stack.wooControl<{ id: number; number: string }>('POST', 'orders/place', placeOrderInput([{ sku: 'MUG-01', quantity: 1 }], klarnaPayment()));
		await stack.woo.flushWebhooks();
		const fromOrders = await until('the new order in Specter', () => specterOrder(placed.number));

		// The order template sends the changed pay type and delivery method (shipped: KG and "Frakt")
		assert.equal(fromOrders.header.payTypeIdentifier, 'K');
		assert.equal(fromOrders.header.externalDeliveryMethod, 'PostNord MyPack Home');

		// The order-status template: delivered in Specter becomes On hold (shipped: Completed)
		const specterNo = await until(`the Specter order number on WooCommerce order ${placed.id}`, () => {
			const value = String(wooOrder(placed.id).meta_data.find((entry) => entry.key === '_specter_order_no')?.value ?? '');
			return /^\d+$/.test(value) ? value : undefined;
		});
		assert.equal(specterNo, fromOrders.orderNo);
		await stack.specterControl('POST', `orders/${specterNo}/deliver`, { trackingNo: '00340434161094015202' });
		await stack.n8n.activateWorkflow(workflowId(ORDER_STATUS));
		await until('the WooCommerce order on hold', () => (wooOrder(placed.id).status === 'on-hold' ? true : undefined), 90_000);
		assert.equal(wooOrder(placed.id).status, 'on-hold');
	});

	it('a wrong row stops the template with the table and the row named', async () => {
		await editRow('Payment methods', 'paymentMethod', 'kco', { payType: '' });
		const before = stack.specter.state.orders.size;
		await stack.wooControl('POST', 'orders/place', placeOrderInput([{ sku: 'MUG-01', quantity: 1 }], klarnaPayment()));
		await stack.woo.flushWebhooks();
		const executions = await stack.n8n.waitForExecutions(workflowId(ORDERS), (all) => all.some((execution) => execution.status === 'error'), 60_000);
		const failed = executions.find((execution) => execution.status === 'error') as Execution;
		assert.match(JSON.stringify(failed.data?.resultData), /Mapping table paymentMethods, row 1: payType is empty/);
		assert.equal(stack.specter.state.orders.size, before, 'nothing reached Specter');
	});
});
