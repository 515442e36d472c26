import type { INodeProperties } from 'n8n-workflow';
import type { OperationHandler } from '../../shared/execution';
import * as registerCallbacks from './registerCallbacks';

export const accountDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['account'] } },
		options: [
			{
				name: 'Register Callbacks',
				value: 'registerCallbacks',
				action: 'Register callbacks',
				description: 'Set the URLs Specter calls when stock, orders, articles or invoices change',
			},
		],
		default: 'registerCallbacks',
	},
	...registerCallbacks.description,
];

export const accountOperations: Record<string, OperationHandler> = {
	registerCallbacks: registerCallbacks.execute,
};
