import type { INodeProperties } from 'n8n-workflow';
import type { OperationHandler } from '../../shared/execution';
import * as acknowledge from './acknowledge';

export const batchDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['batch'] } },
		options: [
			{
				name: 'Acknowledge',
				value: 'acknowledge',
				action: 'Acknowledge a batch of changes',
				description: 'Tell Specter a fetched batch was handled, so its queue moves on',
			},
		],
		default: 'acknowledge',
	},
	...acknowledge.description,
];

export const batchOperations: Record<string, OperationHandler> = {
	acknowledge: acknowledge.execute,
};
