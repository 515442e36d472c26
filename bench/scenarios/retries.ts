// Scenario 4: an order create while Specter answers HTTP 500. How many attempts reach Specter, how much back-off
// the client asks for, and that the order is still created exactly once.
//
// The node builds its client with n8n-workflow's `sleep` and offers no way to replace it, so going through the node
// would really wait out the back-off. This scenario therefore drives the wire SpecterClient (the same class the node
// uses) with a counting sleep over test/helpers/http-transport.ts, with the order the node would send: the fixture
// mapped by the node's own mapper.
import { mapWooOrderToSpecter } from '../../nodes/Specter/mappers';
import { DEFAULT_RETRY_POLICY, SpecterClient, type SpecterCredentials } from '../../nodes/Specter/wire';
import { loadOrder } from '../../test/mappers/fixtures';
import { createHttpTransport } from '../../test/helpers/http-transport';
import { DEFAULT_ACCOUNT } from '../../test/simulators/specter/auth';
import { PSEUDO_ARTICLES, type ScenarioResult, check, countOf, measured, withSimulator } from '../support';
import { KLARNA_MERCHANT_ID, ORDER_ARTICLES, ORDER_FIXTURE } from './order-transfer';

const CREATE_ORDER = 'newOrderSubmit';
/** Fewer than the client's attempts (4 by default), so the create should get through on the last one. */
const INJECTED_FAULTS = 3;
/** Generous: the simulator answers at once; the limit only matters if a request hangs. */
const TIMEOUT_MS = 5000;

interface RetryRun {
	faultsInjected: number;
	/** newOrderSubmit requests the simulator received */
	attempts: number;
	faulted: number;
	/** every API call of the order create step (the customer upsert before it is not faulted) */
	calls: number;
	/** back-off waits the client asked for, in ms; counted, never waited */
	backOffMs: number[];
	succeeded: boolean;
	error: string | null;
	specterOrders: number;
}

/** Upserts the order's customer, injects `faults` HTTP 500 answers for newOrderSubmit, then creates the order. */
async function createOrderThroughFaults(faults: number): Promise<RetryRun> {
	return withSimulator({}, async (bench) => {
		for (const articleNo of ORDER_ARTICLES) await bench.control('articles', { articleNo, stock: 100 });
		const credentials: SpecterCredentials = {
			baseUrl: bench.sim.url,
			apiVersion: DEFAULT_ACCOUNT.apiVersion,
			sbmId: DEFAULT_ACCOUNT.sbmId,
			apiUserId: DEFAULT_ACCOUNT.apiUserId,
			apiUserKey: DEFAULT_ACCOUNT.apiUserKey,
			integrationKey: DEFAULT_ACCOUNT.integrationKey,
		};
		const backOffMs: number[] = [];
		const client = new SpecterClient({
			transport: createHttpTransport(credentials, { timeoutMs: TIMEOUT_MS }),
			sleep: async (ms) => {
				backOffMs.push(ms);
			},
		});
		const mapped = mapWooOrderToSpecter(loadOrder(ORDER_FIXTURE), { ...PSEUDO_ARTICLES, klarnaMerchantId: KLARNA_MERCHANT_ID });
		const customer = await client.upsertCustomer(mapped.customer);

		await bench.control('faults', { kind: 'http500', times: faults, action: CREATE_ORDER });
		const { result, calls } = await measured(bench, async () => {
			try {
				await client.createOrder({ ...mapped.order, customerId: customer.id });
				return null;
			} catch (error) {
				return error instanceof Error ? error.message : String(error);
			}
		});
		return {
			faultsInjected: faults,
			attempts: countOf(calls, CREATE_ORDER),
			faulted: calls.filter((call) => call.fault === 'http500').length,
			calls: calls.length,
			backOffMs,
			succeeded: result === null,
			error: result,
			specterOrders: (await bench.state()).orders.length,
		};
	});
}

export async function retriesScenario(): Promise<ScenarioResult> {
	const maxAttempts = DEFAULT_RETRY_POLICY.attempts;
	const recovers = await createOrderThroughFaults(INJECTED_FAULTS);
	const givesUp = await createOrderThroughFaults(maxAttempts);

	const backOff = (run: RetryRun) => `back-off ${run.backOffMs.join('+')} ms counted, not waited`;
	return {
		id: 'retries',
		title: 'Order create through injected HTTP 500 faults (wire client, counting sleep)',
		rows: [
			{
				scenario: `4a Order create, ${recovers.faultsInjected}× HTTP 500 injected`,
				calls: recovers.attempts,
				ratioOrNotes:
					`${recovers.faulted} faulted + ${recovers.attempts - recovers.faulted} ok; ` +
					`${backOff(recovers)}; Specter orders: ${recovers.specterOrders}`,
			},
			{
				scenario: `4b Order create, ${givesUp.faultsInjected}× HTTP 500 (retry limit)`,
				calls: givesUp.attempts,
				ratioOrNotes: `gives up after ${givesUp.attempts} attempts; ${backOff(givesUp)}; Specter orders: ${givesUp.specterOrders}`,
			},
		],
		metrics: {
			retryPolicy: DEFAULT_RETRY_POLICY,
			threeFaults: recovers,
			faultsUpToTheRetryLimit: givesUp,
		},
		checks: [
			check('3 faults: attempts observed', INJECTED_FAULTS + 1, recovers.attempts),
			check('3 faults: still one Specter order', 1, recovers.specterOrders),
			check('3 faults: back-off waits requested', INJECTED_FAULTS, recovers.backOffMs.length),
			check('at the retry limit: the create fails', false, givesUp.succeeded),
			check('at the retry limit: no Specter order', 0, givesUp.specterOrders),
		],
	};
}
