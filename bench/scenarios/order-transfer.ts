// Scenario 2: Order → Create From WooCommerce Order. The calls one order costs, and what a webhook delivered three
// times costs: Specter's externalOrderNo guard must keep it to one Specter order.
import type { IDataObject } from 'n8n-workflow';
import { loadOrder } from '../../test/mappers/fixtures';
import { PSEUDO_ARTICLES, type ScenarioResult, check, countOf, jsonOf, measured, withSimulator } from '../support';

export const ORDER_FIXTURE = 'order-kco-private-two-rates.json';
/** The products on the fixture order; newOrderSubmit refuses rows for articles Specter does not have. */
export const ORDER_ARTICLES = ['TERMOS-05', 'KAFFE-MORK-500'];
/** The Klarna order needs the merchant id for its pay type. */
export const KLARNA_MERCHANT_ID = 'K123456';
const DELIVERIES = 3;

const CREATE_FROM_WOO = {
	resource: 'order',
	operation: 'createFromWooCommerce',
	...PSEUDO_ARTICLES,
	klarnaMerchantId: KLARNA_MERCHANT_ID,
};

interface Delivery {
	calls: number;
	customerCalls: number;
	orderCalls: number;
	alreadyTransferred: unknown;
	specterOrderNo: unknown;
}

export async function orderTransferScenario(): Promise<ScenarioResult> {
	const order = loadOrder(ORDER_FIXTURE) as unknown as IDataObject;
	return withSimulator({}, async (bench) => {
		for (const articleNo of ORDER_ARTICLES) await bench.control('articles', { articleNo, stock: 100 });

		// the same webhook payload, delivered again and again; the first delivery is the single-order case
		const deliveries: Delivery[] = [];
		for (let delivery = 0; delivery < DELIVERIES; delivery++) {
			const { result, calls } = await measured(bench, () => bench.runSpecter(() => CREATE_FROM_WOO, [order]));
			const [output] = jsonOf(result);
			deliveries.push({
				calls: calls.length,
				customerCalls: countOf(calls, 'newCustomerSubmit'),
				orderCalls: countOf(calls, 'newOrderSubmit'),
				alreadyTransferred: output?.alreadyTransferred,
				specterOrderNo: output?.specterOrderNo,
			});
		}
		const state = await bench.state();
		const [first] = deliveries;
		const totalCalls = deliveries.reduce((sum, delivery) => sum + delivery.calls, 0);

		return {
			id: 'orderTransfer',
			title: 'Order → Create From WooCommerce Order',
			rows: [
				{
					scenario: '2a One WooCommerce order',
					calls: first.calls,
					ratioOrNotes: `${first.customerCalls} newCustomerSubmit + ${first.orderCalls} newOrderSubmit`,
				},
				{
					scenario: `2b Same order delivered ${DELIVERIES}×`,
					calls: totalCalls,
					ratioOrNotes: `Specter orders: ${state.orders.length}, customers: ${state.customers.length}; repeats answered alreadyTransferred`,
				},
			],
			metrics: {
				fixture: ORDER_FIXTURE,
				oneOrder: first,
				deliveries,
				totalCallsForAllDeliveries: totalCalls,
				specterOrders: state.orders.length,
				specterCustomers: state.customers.length,
			},
			checks: [
				check(`${DELIVERIES} deliveries make one Specter order`, 1, state.orders.length),
				check(`${DELIVERIES} deliveries match one customer`, 1, state.customers.length),
				check(
					'the first delivery creates, the repeats report alreadyTransferred',
					[false, ...Array<boolean>(DELIVERIES - 1).fill(true)],
					deliveries.map((delivery) => delivery.alreadyTransferred),
				),
				check(
					'every delivery names the same Specter order',
					deliveries.map(() => state.orders[0]?.orderNo),
					deliveries.map((delivery) => delivery.specterOrderNo),
				),
			],
		};
	});
}
