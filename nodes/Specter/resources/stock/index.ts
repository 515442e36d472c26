import type { INodeProperties } from 'n8n-workflow';
import type { OperationHandler } from '../../shared/execution';
import * as checkWooCommerceAnswers from './checkWooCommerceAnswers';
import * as compareWithWooCommerce from './compareWithWooCommerce';
import * as getChanges from './getChanges';
import * as planWooCommerceWrites from './planWooCommerceWrites';
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
				name: 'Check WooCommerce Answers',
				value: 'checkWooCommerceAnswers',
				action: 'Check webshop answers to stock writes',
				description:
					"Read WooCommerce's answers to the planned stock calls: fail naming each SKU it did not take, or give them up at the last attempt (no request is made)",
			},
			{
				name: 'Compare With WooCommerce',
				value: 'compareWithWooCommerce',
				action: 'Compare stock with the webshop',
				description:
					"List every SKU whose stock in one WooCommerce store differs from Specter's full stock, and what would fix it (no request is made)",
			},
			{
				name: 'Get Changes',
				value: 'getChanges',
				action: 'Get stock changes',
				description: 'Fetch one batch of stock levels that changed in Specter',
			},
			{
				name: 'Plan WooCommerce Writes',
				value: 'planWooCommerceWrites',
				action: 'Plan webshop stock writes',
				description:
					'Turn stock changes and the WooCommerce products found for them into batch calls of up to 100 updates, leaving alone what is already written (no request is made)',
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
	...checkWooCommerceAnswers.description,
	...compareWithWooCommerce.description,
	...getChanges.description,
	...planWooCommerceWrites.description,
	...requestFullResync.description,
];

export const stockOperations: Record<string, OperationHandler> = {
	checkWooCommerceAnswers: checkWooCommerceAnswers.execute,
	compareWithWooCommerce: compareWithWooCommerce.execute,
	getChanges: getChanges.execute,
	planWooCommerceWrites: planWooCommerceWrites.execute,
	requestFullResync: requestFullResync.execute,
};
