import type { INodeProperties } from 'n8n-workflow';
import type { OperationHandler } from '../../shared/execution';
import * as upsert from './upsert';

export const customerDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['customer'] } },
		options: [
			{
				name: 'Create or Update',
				value: 'upsert',
				action: 'Create or update a customer',
				description: 'Create a new record, or update the current one if it already exists (upsert)',
			},
		],
		default: 'upsert',
	},
	...upsert.description,
];

export const customerOperations: Record<string, OperationHandler> = {
	upsert: upsert.execute,
};
