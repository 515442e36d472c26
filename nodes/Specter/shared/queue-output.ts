import type { IDataObject } from 'n8n-workflow';
import type { QueueBatch } from '../wire/types';

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
