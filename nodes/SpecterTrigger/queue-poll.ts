// How the Specter Trigger reads a change queue without losing or duplicating a change.
//
// Every fetch uses a fresh batch number. If an earlier batch is still open (the workflow has not acknowledged
// it yet, it failed, n8n restarted, or another client fetched), Specter answers error 99 naming that batch and
// the client fetches it again (`recovered: true`). So the open batch is always emitted before any newer change,
// without trusting static data: re-fetching a stored batch number could instead bind new changes to a batch the
// workflow has already acknowledged.
//
// Both the Specter Trigger (polls) and the Specter Callback Trigger (Specter's nudges) emit through
// `takeBatchForRun`, so a batch a run may still be writing is not emitted by the other (shared/batch-claims.ts), and
// both output the same items (`queueItemsOf`), so one workflow serves both.
import type { IDataObject, IPollFunctions, IWebhookFunctions } from 'n8n-workflow';
import { type Emitter, accountOf, batchKeyOf, claimBatch } from '../Specter/shared/batch-claims';
import { toNodeError } from '../Specter/shared/execution';
import { type BatchDelivery, batchItemOf, changeItemsOf, chunkItemsOf } from '../Specter/shared/queue-output';
import type { SpecterClient } from '../Specter/wire';
import type { FetchQueueOptions, QueueBatch, QueueName } from '../Specter/wire/types';

/** The contexts the two triggers fetch in. */
export type QueueTriggerContext = IPollFunctions | IWebhookFunctions;

/** Trigger events and the Specter change queue each one reads. */
export const QUEUE_OF_EVENT: Record<string, QueueName> = {
	articleChanged: 'articleInfo',
	orderStatusChanged: 'orderStatus',
	stockChanged: 'stock',
};

/** How long an emitted batch counts as being in a run unless acknowledged (the triggers' default). */
export const DEFAULT_HOLD_MINUTES = 5;

/** What the trigger remembers (static data, per queue) about the last batch it emitted. */
export interface EmittedBatch {
	batchNo: string;
	/** ISO time of the first emission */
	firstEmittedAt: string;
	timesEmitted: number;
}

export const EMITTED_BATCHES_KEY = 'emittedBatches';

export async function fetchBatch(
	context: QueueTriggerContext,
	client: SpecterClient,
	queue: QueueName,
	options: FetchQueueOptions,
): Promise<QueueBatch> {
	try {
		return await client.fetchQueue(queue, options);
	} catch (error) {
		throw toNodeError(context.getNode(), error, 0);
	}
}

function persistedEmission(context: QueueTriggerContext, batch: QueueBatch): EmittedBatch | undefined {
	const emitted = context.getWorkflowStaticData('node')[EMITTED_BATCHES_KEY] as Partial<Record<QueueName, EmittedBatch>> | undefined;
	const previous = emitted?.[batch.queue];
	return previous?.batchNo === batch.batchNo ? previous : undefined;
}

/**
 * Records an emitted batch in the node's static data (it outlives a restart, the claim registry does not). A batch
 * emitted again (the workflow did not acknowledge it) is logged: re-emitting is the at-least-once promise, and the
 * log tells why the same changes keep coming.
 */
function rememberEmitted(context: QueueTriggerContext, batch: QueueBatch, record: EmittedBatch): void {
	const state = context.getWorkflowStaticData('node');
	state[EMITTED_BATCHES_KEY] = { ...((state[EMITTED_BATCHES_KEY] ?? {}) as IDataObject), [batch.queue]: { ...record } };
	if (record.timesEmitted > 1) {
		context.logger.warn(
			`Specter ${batch.queue} batch ${batch.batchNo} is still not acknowledged: emitting it again ` +
				`(${record.timesEmitted} times since ${record.firstEmittedAt}). ` +
				'End the workflow with Specter → Batch → Acknowledge.',
		);
	}
}

/** A batch a trigger may emit now, with its delivery (attempt, first emission) as both triggers count it. */
export interface TakenBatch {
	batch: QueueBatch;
	delivery: BatchDelivery;
}

/**
 * Fetches the open or next batch and claims it for a run. Undefined when the queue is empty, or when the batch was
 * emitted moments ago (by a callback, or a poll for a callback) and its run may still be writing it: emitting it
 * again would write it twice. `holdMs`: how long an unacknowledged emission counts as running.
 */
export async function takeBatchForRun(
	context: QueueTriggerContext,
	client: SpecterClient,
	queue: QueueName,
	options: FetchQueueOptions,
	claim: { by: Emitter; holdMs: number },
): Promise<TakenBatch | undefined> {
	const batch = await fetchBatch(context, client, queue, options);
	if (batch.items.length === 0) return undefined;
	const key = batchKeyOf(accountOf(await context.getCredentials('specterApi')), queue, batch.batchNo);
	const result = claimBatch(key, { ...claim, nowMs: Date.now(), persisted: persistedEmission(context, batch) });
	if (!result.claimed) {
		context.logger.info(
			`Specter ${queue} batch ${batch.batchNo} was emitted by the ${result.claimedBy} trigger at ${result.emission.firstEmittedAt} ` +
				`and is not acknowledged yet: not emitted again before ${new Date(result.claimedUntil).toISOString()}, while its run may still be writing it`,
		);
		return undefined;
	}
	rememberEmitted(context, batch, { batchNo: batch.batchNo, ...result.emission });
	return {
		batch,
		delivery: { attempt: result.emission.timesEmitted, firstEmittedAt: result.emission.firstEmittedAt, acknowledged: false },
	};
}

/** The trigger's items for its Output setting: chunks of 100 changes, one item per batch, or one per change. */
export function queueItemsOf(batches: QueueBatch[], delivery: BatchDelivery, output: string): IDataObject[] {
	if (output === 'chunks') return batches.flatMap((batch) => chunkItemsOf(batch, delivery));
	if (output === 'batch') return batches.map(batchItemOf);
	return batches.flatMap(changeItemsOf);
}

/** n8n 2.x tells a poll how long it may run; older versions don't (feature-detected, so it works on 1.x). */
function pollBudgetMsOf(context: IPollFunctions): number | undefined {
	const { getPollBudgetMs } = context as IPollFunctions & { getPollBudgetMs?: () => number };
	return typeof getPollBudgetMs === 'function' ? getPollBudgetMs.call(context) : undefined;
}

/**
 * "Acknowledge immediately": fetch → acknowledge → fetch … until a fetch comes back empty (the stock queue has no
 * "more to fetch" signal), `maxBatches` batches were taken, an acknowledgement was not confirmed, or n8n's poll
 * budget runs low. Only acknowledged batches are returned; one whose acknowledgement failed stays open in Specter
 * and comes back next poll.
 */
export async function drainAcknowledging(
	context: IPollFunctions,
	client: SpecterClient,
	queue: QueueName,
	options: FetchQueueOptions,
	maxBatches: number,
): Promise<QueueBatch[]> {
	const budgetMs = pollBudgetMsOf(context);
	const startedAt = Date.now();
	let slowestBatchMs = 0;
	const acknowledged: QueueBatch[] = [];
	while (acknowledged.length < maxBatches) {
		const batchStartedAt = Date.now();
		try {
			const batch = await client.fetchQueue(queue, options);
			if (batch.items.length === 0) break;
			// Any reply but an in-band error counts: Specter may already have forgotten the batch, so holding its
			// changes back could lose them. An unconfirmed one carries the warning on its items and ends the poll: if
			// Specter still holds the batch, the next fetch would hand it out again within this same emission.
			const { warning } = await client.acknowledgeBatch(queue, batch.batchNo);
			if (warning !== undefined) {
				context.logger.warn(`Specter ${queue} queue: ${warning}`);
				acknowledged.push({ ...batch, warning });
				break;
			}
			acknowledged.push(batch);
		} catch (error) {
			const nodeError = toNodeError(context.getNode(), error, 0);
			// Batches acknowledged so far exist nowhere else: emit them rather than fail the whole poll.
			if (acknowledged.length === 0) throw nodeError;
			context.logger.warn(
				`Specter ${queue} queue: stopped after ${acknowledged.length} batches, the rest waits for the next poll (${nodeError.message})`,
			);
			break;
		}
		slowestBatchMs = Math.max(slowestBatchMs, Date.now() - batchStartedAt);
		// n8n abandons a poll that overruns its budget, and batches acknowledged by then would be lost: go on only
		// while the next batch, even as slow as the slowest so far, ends with as much time again to spare.
		if (budgetMs !== undefined && Date.now() - startedAt + 2 * slowestBatchMs >= budgetMs) break;
	}
	return acknowledged;
}
