import type { INodeProperties } from 'n8n-workflow';
import type { OperationHandler } from '../../shared/execution';
import * as getChanges from './getChanges';
import * as mapToWooCommerce from './mapToWooCommerce';

export const orderStatusDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['orderStatus'] } },
		options: [
			{
				name: 'Get Changes',
				value: 'getChanges',
				action: 'Get order status changes',
				description: 'Fetch one batch of orders whose status, delivery or tracking changed in Specter',
			},
			{
				name: 'Map to WooCommerce',
				value: 'mapToWooCommerce',
				action: 'Map order status changes to webshop writes',
				description:
					'Turn each change and its WooCommerce order into the status, meta and note to write (no request is made)',
			},
		],
		default: 'getChanges',
	},
	...getChanges.description,
	...mapToWooCommerce.description,
];

export const orderStatusOperations: Record<string, OperationHandler> = {
	getChanges: getChanges.execute,
	mapToWooCommerce: mapToWooCommerce.execute,
};
