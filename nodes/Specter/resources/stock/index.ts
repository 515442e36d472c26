import type { INodeProperties } from 'n8n-workflow';
import type { OperationHandler } from '../../shared/execution';
import * as getChanges from './getChanges';
import * as requestFullResync from './requestFullResync';

export const stockDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['stock'] } },
		options: [
			{
				name: 'Get Changes',
				value: 'getChanges',
				action: 'Get stock changes',
				description: 'Fetch one batch of stock levels that changed in Specter',
			},
			{
				name: 'Request Full Resync',
				value: 'requestFullResync',
				action: 'Request a full stock resync',
				description: 'Make Specter queue the stock of every article again',
			},
		],
		default: 'getChanges',
	},
	...getChanges.description,
	...requestFullResync.description,
];

export const stockOperations: Record<string, OperationHandler> = {
	getChanges: getChanges.execute,
	requestFullResync: requestFullResync.execute,
};
