/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
// Shared set-up for the Specter action node tests: a Specter simulator over real HTTP, the node executed through
// executeContext (the credential's own signing + node:http, n8n's own parameter defaults), and the simulator's
// control API.
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { Specter } from '../../../nodes/Specter/Specter.node';
import { executeContext, type HttpCall } from '../../helpers/n8n-context';
import { type SpecterSimulator, type SpecterSimulatorOptions, startSpecterSimulator } from '../../simulators/specter/server';
import { postControl, simulatorCredentials } from '../specter-simulator';

export { API_USER_KEY, INTEGRATION_KEY } from '../specter-simulator';

/** The pseudo-articles the WooCommerce order tests use for shipping, fee, discount and rounding rows. */
export const PSEUDO_ARTICLES = { shippingArticleNo: 'SHIPPING', feeArticleNo: 'FEE', discountArticleNo: 'DISCOUNT', roundingArticleNo: 'ROUNDING' };

export interface RunOptions {
	parameters: Record<string, unknown> | ((itemIndex: number) => Record<string, unknown>);
	items?: IDataObject[];
	continueOnFail?: boolean;
	/** credential fields overriding the simulator's account */
	credentials?: Record<string, unknown>;
}

export interface SimState {
	customers: Array<{ customerId: string; organizationalForm: string; displayName: string; fields: Record<string, string>; updates: number }>;
	orders: Array<{
		orderNo: string;
		customerId: string;
		externalOrderNo: string;
		webshopId: string | null;
		stockSiteId: string;
		header: Record<string, string>;
		rows: Array<{ articleNo: string; articleName: string; priceExclVat: number; noOfItems: number; vatPercent: number; fields: Record<string, string> }>;
	}>;
	articles: Array<{ articleNo: string; name: string; priceExclVat: number | null; vatPercent: number; weight: number | null; stockManaged: boolean; stock: Record<string, number>; wireFields: Record<string, string> }>;
	articleSubmissions: Array<{ created: string[]; updated: string[]; untouched: string[] }>;
	queues: Record<string, { pending: unknown[]; bound: { batchNo: string } | null }>;
	callbacks: Record<string, string | null>;
}

export interface RequestLogEntry {
	script: string;
	action: string;
	ok: boolean;
	code?: number;
	rows?: number;
}

export interface NodeHarness {
	sim: SpecterSimulator;
	/** every HTTP request the node made */
	httpLog: HttpCall[];
	/** executes the Specter node once; resolves with its single output */
	run(options: RunOptions): Promise<INodeExecutionData[]>;
	/** POST to the control API; fails the test on a non-2xx answer */
	control(path: string, body?: unknown): Promise<unknown>;
	/** GET __control/state */
	state(): Promise<SimState>;
	/** GET __control/requests: the simulator's log of API calls */
	requests(): Promise<RequestLogEntry[]>;
	/** how many times the simulator received `action` */
	callsOf(action: string): Promise<number>;
	close(): Promise<void>;
}

export async function startHarness(options: SpecterSimulatorOptions = {}): Promise<NodeHarness> {
	const sim = await startSpecterSimulator({ port: 0, pseudoArticles: Object.values(PSEUDO_ARTICLES), ...options });
	const httpLog: HttpCall[] = [];
	const node = new Specter();
	const getJson = async (path: string): Promise<unknown> => {
		const response = await fetch(`${sim.url}__control/${path}`);
		assert.equal(response.status, 200, `GET __control/${path}`);
		return response.json();
	};
	const requests = async () => (await getJson('requests')) as RequestLogEntry[];
	return {
		sim,
		httpLog,
		async run({ parameters, items = [{}], continueOnFail = false, credentials = {} }) {
			const context = executeContext({
				parameters,
				credentials: { ...simulatorCredentials(sim), ...credentials },
				items: items.map((json) => ({ json })),
				continueOnFail,
				nodeType: node,
				httpLog,
			});
			const output = await node.execute.call(context);
			assert.equal(output.length, 1, 'the node has one output');
			return output[0];
		},
		control: async (path, body) => postControl(sim, path, body),
		state: async () => (await getJson('state')) as SimState,
		requests,
		callsOf: async (action) => (await requests()).filter((entry) => entry.action === action).length,
		close: () => sim.close(),
	};
}

/** The json of each output item. */
export function jsonOf(items: INodeExecutionData[]): IDataObject[] {
	return items.map((item) => item.json);
}

/** The item index each output item is paired to (fails when one has no single pairing). */
export function pairingOf(items: INodeExecutionData[]): number[] {
	return items.map((item, index) => {
		const paired = item.pairedItem;
		assert.ok(paired !== undefined && !Array.isArray(paired) && typeof paired === 'object', `output ${index} has no pairedItem`);
		return paired.item;
	});
}

/** Runs `promise`, expecting it to reject; returns the error. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error & IDataObject> {
	try {
		await promise;
	} catch (error) {
		return error as Error & IDataObject;
	}
	assert.fail('expected the node to throw');
}

/** Everything an error shows or carries (message, description, context, cause), for secret checks. */
export function everythingIn(value: unknown): string {
	return inspect(value, { depth: 8, showHidden: true, breakLength: Infinity });
}

/** A copy of `value` (fixtures are changed per test). */
export function clone<T>(value: T): T {
	return JSON.parse(JSON.stringify(value)) as T;
}
