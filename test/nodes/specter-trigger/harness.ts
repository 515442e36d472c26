/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
// Shared set-up for the Specter Trigger tests: a Specter simulator over real HTTP, the trigger polled through
// pollContext (the credential's own signing + node:http), and the simulator's control API.
import assert from 'node:assert/strict';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { SpecterTrigger } from '../../../nodes/SpecterTrigger/SpecterTrigger.node';
import { createSpecterClient } from '../../../nodes/Specter/shared/transport';
import type { SpecterClient } from '../../../nodes/Specter/wire';
import type { QueueName } from '../../../nodes/Specter/wire/types';
import { EMITTED_BATCHES_KEY, type EmittedBatch } from '../../../nodes/SpecterTrigger/queue-poll';
import { type HttpCall, pollContext } from '../../helpers/n8n-context';
import { type SpecterSimulator, startSpecterSimulator } from '../../simulators/specter/server';
import { resetState } from '../../simulators/specter/state';
import { postControl, simulatorCredentials } from '../specter-simulator';

export interface PollOptions {
	parameters?: Record<string, unknown>;
	staticData?: IDataObject;
	mode?: 'manual' | 'trigger';
	pollBudgetMs?: number;
	/** the trigger instance; a new one simulates an n8n restart */
	trigger?: SpecterTrigger;
}

export interface TriggerHarness {
	sim: SpecterSimulator;
	/** POST to the simulator's control API; fails the test on a non-2xx answer */
	control(path: string, body?: unknown): Promise<unknown>;
	/** seeds `count` articles `A0001…` and queues one stock change each (quantity = its number) */
	queueStockChanges(count: number): Promise<string[]>;
	poll(options?: PollOptions): Promise<INodeExecutionData[][] | null>;
	/** the Specter client the nodes use, for what a workflow does (Specter → Batch → Acknowledge, orders) */
	client: SpecterClient;
	/** every Specter API call made by the trigger or `client` */
	httpLog: HttpCall[];
	close(): Promise<void>;
}

export async function startHarness(simulatorOptions: { queuePageSize?: number } = {}): Promise<TriggerHarness> {
	const sim = await startSpecterSimulator({ port: 0, ...simulatorOptions });
	const credentials = simulatorCredentials(sim);
	const httpLog: HttpCall[] = [];
	const defaultTrigger = new SpecterTrigger();

	const contextFor = (options: PollOptions = {}) =>
		pollContext({
			parameters: options.parameters ?? {},
			credentials,
			staticData: options.staticData,
			mode: options.mode ?? 'trigger',
			nodeType: options.trigger ?? defaultTrigger,
			node: { name: 'Specter Trigger', type: 'n8n-nodes-specter.specterTrigger' },
			pollBudgetMs: options.pollBudgetMs,
			httpLog,
		});

	const control = async (path: string, body?: unknown) => postControl(sim, path, body);

	return {
		sim,
		control,
		async queueStockChanges(count) {
			const articleNos = Array.from({ length: count }, (_, i) => `A${String(i + 1).padStart(4, '0')}`);
			// seeding queues nothing, so it may run in parallel; the changes are queued in article order
			await Promise.all(articleNos.map((articleNo) => control('articles', { articleNo, stock: 0 })));
			for (const [i, articleNo] of articleNos.entries()) await control('stock', { articleNo, quantity: i + 1 });
			return articleNos;
		},
		poll: async (options = {}) => (options.trigger ?? defaultTrigger).poll.call(contextFor(options)),
		client: createSpecterClient(contextFor()),
		httpLog,
		close: () => sim.close(),
	};
}

/**
 * The harness of a describe block: started before its tests and closed after them; before each test the
 * simulator's state is reset and the HTTP log emptied. Use it inside the block's tests and hooks.
 */
export function suiteHarness(simulatorOptions: { queuePageSize?: number } = {}): TriggerHarness {
	const harness = {} as TriggerHarness;
	beforeAll(async () => {
		Object.assign(harness, await startHarness(simulatorOptions));
	});
	afterAll(() => harness.close());
	beforeEach(() => {
		resetState(harness.sim.state);
		harness.httpLog.length = 0;
	});
	return harness;
}

export function jsonOf(result: INodeExecutionData[][] | null): IDataObject[] {
	if (result === null) return [];
	assert.equal(result.length, 1, 'the trigger has one output');
	return result[0].map((item) => item.json);
}

/** The single batch number of an emission (per-change items of one batch all carry it). */
export function batchNoOf(items: IDataObject[]): string {
	const batchNos = [...new Set(items.map((item) => item.batchNo as string))];
	assert.equal(batchNos.length, 1, `expected one batch, got ${batchNos.join(', ')}`);
	return batchNos[0];
}

/** Names of the Specter actions called, in order (from the HTTP log). */
export function actionsCalled(httpLog: HttpCall[]): string[] {
	return httpLog.map((call) => new URL(call.url).searchParams.get('action') ?? '');
}

/** What the trigger stored in static data about the last batch it emitted from `queue`. */
export function emittedBatch(staticData: IDataObject, queue: QueueName): EmittedBatch {
	const batch = (staticData[EMITTED_BATCHES_KEY] as Partial<Record<QueueName, EmittedBatch>> | undefined)?.[queue];
	assert.ok(batch, `no emitted ${queue} batch in static data`);
	return batch;
}
