// What every benchmark scenario needs: a Specter simulator in this process, the real Specter node and Specter
// Trigger driven through the test contexts (the credential's own signing, real HTTP), and the simulator's request
// log read over its control API. The request log, not the client, is what gets counted: it sees every call that
// reached "Specter", including retried and faulted ones.
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { Specter } from '../nodes/Specter/Specter.node';
import { SpecterTrigger } from '../nodes/SpecterTrigger/SpecterTrigger.node';
import { executeContext, pollContext } from '../test/helpers/n8n-context';
import { DEFAULT_ACCOUNT } from '../test/simulators/specter/auth';
import {
	type RequestLogEntry,
	type SpecterSimulator,
	type SpecterSimulatorOptions,
	startSpecterSimulator,
} from '../test/simulators/specter/server';

export type { RequestLogEntry };

/** Pseudo-articles for the order rows that are not products; the simulator accepts them on any order. */
export const PSEUDO_ARTICLES = {
	shippingArticleNo: 'SHIPPING',
	feeArticleNo: 'FEE',
	discountArticleNo: 'DISCOUNT',
	roundingArticleNo: 'ROUNDING',
};

/** The parts of GET __control/state the benchmarks read. */
export interface SimStateView {
	orders: Array<{ orderNo: string; externalOrderNo: string }>;
	customers: Array<{ customerId: string }>;
	articles: Array<{ articleNo: string }>;
	articleSubmissions: Array<{ created: string[]; updated: string[]; untouched: string[] }>;
}

export interface BenchSimulator {
	sim: SpecterSimulator;
	/** POST to the control API; throws on a non-2xx answer (a broken set-up must not produce numbers) */
	control(path: string, body?: unknown): Promise<unknown>;
	/** GET __control/requests: every API call the simulator received, in order */
	requests(): Promise<RequestLogEntry[]>;
	state(): Promise<SimStateView>;
	/** Executes the Specter node once with these parameters and input items; resolves with its single output. */
	runSpecter(parameters: (itemIndex: number) => Record<string, unknown>, items: IDataObject[]): Promise<INodeExecutionData[]>;
	/** Polls the Specter Trigger once, as n8n's poll loop would (mode 'trigger'); static data persists in `staticData`. */
	pollTrigger(parameters: Record<string, unknown>, staticData: IDataObject): Promise<INodeExecutionData[][] | null>;
}

/** The node credential for the simulator's default account. */
function nodeCredentials(sim: SpecterSimulator) {
	return {
		baseUrl: sim.url,
		apiVersion: String(DEFAULT_ACCOUNT.apiVersion),
		sbmId: DEFAULT_ACCOUNT.sbmId,
		apiUserId: DEFAULT_ACCOUNT.apiUserId,
		apiUserSecretKey: DEFAULT_ACCOUNT.apiUserKey,
		integrationSecretKey: DEFAULT_ACCOUNT.integrationKey,
		useReadUser: false,
	};
}

/**
 * Starts a simulator, gives `scenario` the handles it needs and always closes the simulator afterwards, so a
 * failing scenario leaves no server (and no open socket) behind.
 */
export async function withSimulator<T>(
	options: SpecterSimulatorOptions,
	scenario: (bench: BenchSimulator) => Promise<T>,
): Promise<T> {
	const sim = await startSpecterSimulator({ port: 0, pseudoArticles: Object.values(PSEUDO_ARTICLES), ...options });
	try {
		const specter = new Specter();
		const trigger = new SpecterTrigger();
		const credentials = nodeCredentials(sim);
		const getJson = async (path: string): Promise<unknown> => {
			const response = await fetch(`${sim.url}__control/${path}`);
			if (!response.ok) throw new Error(`GET __control/${path}: HTTP ${response.status}`);
			return response.json();
		};
		const bench: BenchSimulator = {
			sim,
			async control(path, body = {}) {
				const response = await fetch(`${sim.url}__control/${path}`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify(body),
				});
				const json: unknown = await response.json();
				if (!response.ok) throw new Error(`POST __control/${path}: HTTP ${response.status} ${JSON.stringify(json)}`);
				return json;
			},
			requests: async () => (await getJson('requests')) as RequestLogEntry[],
			state: async () => (await getJson('state')) as SimStateView,
			async runSpecter(parameters, items) {
				const context = executeContext({
					parameters,
					credentials,
					items: items.map((json) => ({ json })),
					nodeType: specter,
				});
				const output = await specter.execute.call(context);
				return output[0];
			},
			pollTrigger: async (parameters, staticData) =>
				trigger.poll.call(
					pollContext({
						parameters,
						credentials,
						staticData,
						mode: 'trigger',
						nodeType: trigger,
						node: { name: 'Specter Trigger', type: 'n8n-nodes-specter.specterTrigger' },
					}),
				),
		};
		return await scenario(bench);
	} finally {
		await sim.close();
	}
}

/**
 * Runs `step` and returns what it resolved with plus the API calls the simulator logged meanwhile (the log only
 * grows, so the calls of a step are the entries after the length it had before).
 */
export async function measured<T>(bench: BenchSimulator, step: () => Promise<T>): Promise<{ result: T; calls: RequestLogEntry[] }> {
	const before = (await bench.requests()).length;
	const result = await step();
	return { result, calls: (await bench.requests()).slice(before) };
}

/** How many of `calls` were `action`. */
export function countOf(calls: RequestLogEntry[], action: string): number {
	return calls.filter((call) => call.action === action).length;
}

/** The json of each output item. */
export function jsonOf(items: INodeExecutionData[] | null | undefined): IDataObject[] {
	return (items ?? []).map((item) => item.json);
}

// ---- results -------------------------------------------------------------------------------------------------

/** One line of the printed table. */
export interface TableRow {
	scenario: string;
	calls: number | string;
	ratioOrNotes: string;
}

/** An invariant the numbers rely on (e.g. "one Specter order"); never a time limit. */
export interface Check {
	name: string;
	expected: unknown;
	actual: unknown;
	ok: boolean;
}

export interface ScenarioResult {
	id: string;
	title: string;
	rows: TableRow[];
	/** the same numbers, machine-readable, for bench/results/latest.json */
	metrics: Record<string, unknown>;
	checks: Check[];
}

export function check(name: string, expected: unknown, actual: unknown): Check {
	return { name, expected, actual, ok: JSON.stringify(expected) === JSON.stringify(actual) };
}

/** `a / b` with one decimal, as a ratio label ("83.3×"). */
export function ratioLabel(numerator: number, denominator: number): string {
	return denominator === 0 ? 'n/a' : `${(numerator / denominator).toFixed(1)}×`;
}
