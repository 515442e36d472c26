import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { accountOf, batchKeyOf, forgetBatch } from '../../shared/batch-claims';
import { showFor } from '../../shared/descriptions';
import { failedItem } from '../../shared/execution';
import { optionalText } from '../../shared/parameters';
import type { SpecterClient } from '../../wire';
import type { QueueName } from '../../wire/types';

const displayOptions = showFor('batch', ['acknowledge']);

const QUEUES: QueueName[] = ['articleInfo', 'orderStatus', 'stock'];

export const description: INodeProperties[] = [
	{
		displayName: 'Queue',
		name: 'queue',
		type: 'options',
		options: [
			{ name: 'Article', value: 'articleInfo', description: 'Article data changed in Specter' },
			{ name: 'Order Status', value: 'orderStatus', description: 'Order status, delivery and tracking changes' },
			{ name: 'Stock', value: 'stock', description: 'Stock level changes' },
		],
		default: 'stock',
		description:
			'The queue the batch came from. Items of Get Changes carry it in their "queue" field, so an expression can take it from them.',
		displayOptions,
	},
	{
		displayName: 'Batch Number',
		name: 'batchNo',
		type: 'string',
		required: true,
		default: '={{ $json.batchNo }}',
		description:
			'The batch to acknowledge, as output by Get Changes. Items from the same batch are acknowledged with one call.',
		displayOptions,
	},
];

interface BatchRef {
	queue: QueueName;
	batchNo: string;
}

function batchRefOf(context: IExecuteFunctions, itemIndex: number): BatchRef {
	const queue = context.getNodeParameter('queue', itemIndex) as QueueName;
	if (QUEUES.indexOf(queue) < 0) {
		throw new NodeOperationError(context.getNode(), `Unknown queue "${queue}"`, {
			description: `Use one of: ${QUEUES.join(', ')}`,
			itemIndex,
		});
	}
	const batchNo = optionalText(context.getNodeParameter('batchNo', itemIndex));
	if (batchNo === undefined) {
		throw new NodeOperationError(context.getNode(), 'No batch number to acknowledge', {
			description:
				'Set Batch Number, e.g. to {{ $json.batchNo }} on items that come from Specter → Get Changes or the Specter Trigger',
			itemIndex,
		});
	}
	return { queue, batchNo };
}

/**
 * Acknowledges each distinct (queue, batch number) among the items once, then outputs
 * `{ queue, batchNo, acknowledged: true }` for every item, paired to it, with `warning` when Specter's reply did
 * not confirm the acknowledgement (it still counts: see SpecterClient.acknowledgeBatch). An acknowledged batch is
 * no longer held for its run (shared/batch-claims.ts): the triggers of this process may emit the next one at once.
 */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	client: SpecterClient,
): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[] = new Array(items.length);
	const groups = new Map<string, { ref: BatchRef; itemIndexes: number[] }>();
	// without continueOnFail the first item's error stops the node
	const fail = (error: unknown, itemIndexes: number[], details = {}) => {
		for (const itemIndex of itemIndexes) output[itemIndex] = failedItem(this, error, itemIndex, { details });
	};

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const ref = batchRefOf(this, itemIndex);
			const key = `${ref.queue}\u0000${ref.batchNo}`;
			const group = groups.get(key) ?? { ref, itemIndexes: [] };
			group.itemIndexes.push(itemIndex);
			groups.set(key, group);
		} catch (error) {
			fail(error, [itemIndex]);
		}
	}

	const account = accountOf(groups.size > 0 ? await this.getCredentials('specterApi') : {});
	for (const { ref, itemIndexes } of groups.values()) {
		try {
			const result = await client.acknowledgeBatch(ref.queue, ref.batchNo);
			forgetBatch(batchKeyOf(account, ref.queue, ref.batchNo));
			const json = { ...ref, acknowledged: true, ...(result.warning === undefined ? {} : { warning: result.warning }) };
			for (const itemIndex of itemIndexes) {
				output[itemIndex] = { json: { ...json }, pairedItem: { item: itemIndex } };
			}
		} catch (error) {
			fail(error, itemIndexes, { ...ref });
		}
	}
	return output;
}
