import type { INodeProperties } from 'n8n-workflow';
import type { OperationHandler } from '../../shared/execution';
import * as exportFromWooCommerce from './exportFromWooCommerce';
import * as getChanges from './getChanges';
import * as planSyncFromWooCommerce from './planSyncFromWooCommerce';
import * as planWooCommerceUpdates from './planWooCommerceUpdates';
import * as upsert from './upsert';

export const articleDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['article'] } },
		options: [
			{
				name: 'Create or Update',
				value: 'upsert',
				action: 'Create or update an article',
				description: 'Create a new record, or update the current one if it already exists (upsert)',
			},
			{
				name: 'Export From WooCommerce',
				value: 'exportFromWooCommerce',
				action: 'Export products as articles',
				description: 'Send WooCommerce products and variations to Specter as articles, in batches',
			},
			{
				name: 'Get Changes',
				value: 'getChanges',
				action: 'Get article changes',
				description: 'Fetch one batch of articles whose data changed in Specter',
			},
			{
				name: 'Plan Sync From WooCommerce',
				value: 'planSyncFromWooCommerce',
				action: 'Plan article writes from webshop products',
				description:
					'Decide for each WooCommerce product or variation whether Specter needs it written (no request is made)',
			},
			{
				name: 'Plan WooCommerce Updates',
				value: 'planWooCommerceUpdates',
				action: 'Plan webshop product updates from article changes',
				description:
					'Turn article changes and the WooCommerce products found for them into batch updates of the fields that differ (no request is made)',
			},
		],
		default: 'upsert',
	},
	...upsert.description,
	...exportFromWooCommerce.description,
	...getChanges.description,
	...planSyncFromWooCommerce.description,
	...planWooCommerceUpdates.description,
];

export const articleOperations: Record<string, OperationHandler> = {
	exportFromWooCommerce: exportFromWooCommerce.execute,
	getChanges: getChanges.execute,
	planSyncFromWooCommerce: planSyncFromWooCommerce.execute,
	planWooCommerceUpdates: planWooCommerceUpdates.execute,
	upsert: upsert.execute,
};
