// The Get Changes operation of the three change queues (Stock, Order Status, Article): one fetch of one batch.
import type { IDataObject, INodeProperties } from 'n8n-workflow';
import type { FetchQueueOptions, QueueName } from '../wire/types';
import { showFor } from './descriptions';
import { type OperationHandler, runOnce } from './execution';
import { optionalText } from './parameters';
import { batchItemOf, changeItemsOf } from './queue-output';

export interface GetChangesOperation {
	description: INodeProperties[];
	execute: OperationHandler;
}

/** The stock queue's option asking for stock per stock site (`getMultipleStocksites=1`). */
export const perStockSiteOption: INodeProperties = {
	displayName: 'Per Stock Site',
	name: 'multipleStockSites',
	type: 'boolean',
	default: false,
	description:
		'Whether to ask Specter for the stock of each stock site (in "stockSites") besides the total over all sites',
};

/**
 * Get Changes for `queue`, shown under `resource`. Runs once per execution: fetching twice would only hand out
 * the same open batch again.
 */
export function getChangesOperation(
	resource: string,
	queue: QueueName,
	extraOptions: INodeProperties[] = [],
): GetChangesOperation {
	const displayOptions = showFor(resource, ['getChanges']);
	const description: INodeProperties[] = [
		{
			displayName:
				'Fetches one batch of changes, one item per change. Specter hands out the same batch again until it is acknowledged: once WooCommerce is updated, acknowledge it with Specter → Batch → Acknowledge (queue and batch number are on every item).',
			name: 'acknowledgeNotice',
			type: 'notice',
			default: '',
			displayOptions,
		},
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			displayOptions,
			options: [
				{
					displayName: 'Batch Number',
					name: 'batchNo',
					type: 'string',
					default: '',
					description:
						'Fetch this batch again instead of a new one, e.g. a batch that was fetched but never acknowledged',
				},
				{
					displayName: 'One Item Per Batch',
					name: 'oneItemPerBatch',
					type: 'boolean',
					default: false,
					description:
						'Whether to output one item holding all changes of the batch (in "changes") instead of one item per change',
				},
				...extraOptions,
			],
		},
	];

	const execute = runOnce(async (context, client) => {
		const options = context.getNodeParameter('options', 0, {}) as IDataObject;
		const fetchOptions: FetchQueueOptions = {};
		const batchNo = optionalText(options.batchNo);
		if (batchNo !== undefined) fetchOptions.batchNo = batchNo;
		if (options.multipleStockSites === true) fetchOptions.multipleStockSites = true;
		const batch = await client.fetchQueue(queue, fetchOptions);
		// an empty queue gives no items (the node's "Always Output Data" setting covers workflows that need one)
		if (batch.items.length === 0) return [];
		return options.oneItemPerBatch === true ? [batchItemOf(batch)] : changeItemsOf(batch);
	});

	return { description, execute };
}
