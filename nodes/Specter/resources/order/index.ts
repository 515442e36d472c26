import type { INodeProperties } from 'n8n-workflow';
import type { OperationHandler } from '../../shared/execution';
import * as create from './create';
import * as createFromWooCommerce from './createFromWooCommerce';

export const orderDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['order'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create an order',
				description: 'Create an order from explicit header fields and rows',
			},
			{
				name: 'Create From WooCommerce Order',
				value: 'createFromWooCommerce',
				action: 'Transfer a webshop order',
				description: 'Transfer a WooCommerce order (customer and order) to Specter, once',
			},
		],
		default: 'createFromWooCommerce',
	},
	...create.description,
	...createFromWooCommerce.description,
];

export const orderOperations: Record<string, OperationHandler> = {
	create: create.execute,
	createFromWooCommerce: createFromWooCommerce.execute,
};
