import type { INodeProperties } from 'n8n-workflow';
import type { OperationHandler } from '../../shared/execution';
import * as getChanges from './getChanges';

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
		],
		default: 'getChanges',
	},
	...getChanges.description,
];

export const orderStatusOperations: Record<string, OperationHandler> = {
	getChanges: getChanges.execute,
};
