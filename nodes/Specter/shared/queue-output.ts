import type { IDataObject } from 'n8n-workflow';
import type { QueueBatch } from '../wire/types';

/**
 * Changes per item in the trigger's "Chunks of 100 Changes" output: WooCommerce's batch endpoints take at most 100
 * items per call and its lists at most 100 per page (docs/woocommerce.md §3.2, §4), so one chunk is one look-up
 * by SKU and at most one write per endpoint.
 */
export const CHANGES_PER_CHUNK = 100;

/** How often a batch has been emitted, and since when: what a workflow needs to tell a retry from a first run. */
export interface BatchDelivery {
	/** 1 at the first emission, 2 when the batch comes again because it was not acknowledged, … */
	attempt: number;
	/** ISO time the trigger first emitted this batch */
	firstEmittedAt: string;
	/** true when the trigger acknowledged the batch itself (Immediately After Emitting): it never comes again */
	acknowledged: boolean;
}

/**
 * The stable output shape of a change-queue fetch, shared by the Specter node's "Get Changes" operations and the
 * Specter Trigger: every change carries its queue and batch number, so a workflow can acknowledge exactly the
 * batch it handled (Specter → Batch → Acknowledge).
 */
export function changeItemsOf(batch: QueueBatch): IDataObject[] {
	return batch.items.map((change) => ({
		queue: batch.queue,
		batchNo: batch.batchNo,
		...(change as unknown as IDataObject),
		...(batch.warning === undefined ? {} : { warning: batch.warning }),
	}));
}

/** One item for the whole batch (for workflows that handle a batch at once). */
export function batchItemOf(batch: QueueBatch): IDataObject {
	return {
		queue: batch.queue,
		batchNo: batch.batchNo,
		recovered: batch.recovered,
		moreAvailable: batch.moreAvailable,
		changeCount: batch.items.length,
		changes: batch.items as unknown as IDataObject[],
		...(batch.warning === undefined ? {} : { warning: batch.warning }),
	};
}

/**
 * The batch in items of at most `size` changes, in queue order: each with the batch's queue, number and delivery
 * (attempt, first emission, acknowledged), its place (`chunk` of `chunks`), the changes, and their keys as one
 * comma list for a look-up (`articleNos` for stock and article changes, `orderNos` for order-status changes; Specter
 * refuses commas in article numbers).
 */
export function chunkItemsOf(batch: QueueBatch, delivery: BatchDelivery, size: number = CHANGES_PER_CHUNK): IDataObject[] {
	const chunks = Math.ceil(batch.items.length / size);
	return Array.from({ length: chunks }, (_, index) => {
		const changes = batch.items.slice(index * size, (index + 1) * size);
		const keys =
			batch.queue === 'orderStatus'
				? { orderNos: changes.map((change) => (change as { orderNo: string }).orderNo).join(',') }
				: { articleNos: changes.map((change) => (change as { articleNo: string }).articleNo).join(',') };
		return {
			queue: batch.queue,
			batchNo: batch.batchNo,
			attempt: delivery.attempt,
			firstEmittedAt: delivery.firstEmittedAt,
			acknowledged: delivery.acknowledged,
			chunk: index + 1,
			chunks,
			changeCount: changes.length,
			...keys,
			changes: changes as unknown as IDataObject[],
			...(batch.warning === undefined ? {} : { warning: batch.warning }),
		};
	});
}
