// How the Specter Trigger reads a change queue without losing or duplicating a change.
//
// Every fetch uses a fresh batch number. If an earlier batch is still open (the workflow has not acknowledged
// it yet, it failed, n8n restarted, or another client fetched), Specter answers error 99 naming that batch and
// the client fetches it again (`recovered: true`). So the open batch is always emitted before any newer change,
// without trusting static data: re-fetching a stored batch number could instead bind new changes to a batch the
// workflow has already acknowledged.
import type { IPollFunctions } from 'n8n-workflow';
import { toNodeError } from '../Specter/shared/execution';
import type { SpecterClient } from '../Specter/wire';
import type { FetchQueueOptions, QueueBatch, QueueName } from '../Specter/wire/types';

/** What the trigger remembers (static data, per queue) about the last batch it emitted. */
export interface EmittedBatch {
	batchNo: string;
	/** ISO time of the first emission */
	firstEmittedAt: string;
	timesEmitted: number;
}

export const EMITTED_BATCHES_KEY = 'emittedBatches';

export async function fetchBatch(
	context: IPollFunctions,
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

/**
 * Records an emitted batch. A batch emitted again (the workflow did not acknowledge it) is counted and logged:
 * re-emitting at every poll is the at-least-once promise, and the log tells why the same changes keep coming.
 * Returns the record: how many times the batch has now been emitted, and since when.
 */
export function rememberEmitted(context: IPollFunctions, batch: QueueBatch): EmittedBatch {
	const state = context.getWorkflowStaticData('node');
	const emitted = (state[EMITTED_BATCHES_KEY] ?? {}) as Partial<Record<QueueName, EmittedBatch>>;
	state[EMITTED_BATCHES_KEY] = emitted;
	const previous = emitted[batch.queue];
	if (previous && previous.batchNo === batch.batchNo) {
		previous.timesEmitted += 1;
		context.logger.warn(
			`Specter ${batch.queue} batch ${batch.batchNo} is still not acknowledged: emitting it again ` +
				`(${previous.timesEmitted} times since ${previous.firstEmittedAt}). ` +
				'End the workflow with Specter → Batch → Acknowledge.',
		);
		return { ...previous };
	}
	const record: EmittedBatch = { batchNo: batch.batchNo, firstEmittedAt: new Date().toISOString(), timesEmitted: 1 };
	emitted[batch.queue] = record;
	return { ...record };
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
