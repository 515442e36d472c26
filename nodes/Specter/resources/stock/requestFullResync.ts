import type { INodeProperties } from 'n8n-workflow';
import { showFor } from '../../shared/descriptions';
import { runOnce } from '../../shared/execution';

export const description: INodeProperties[] = [
	{
		displayName:
			'Asks Specter to queue the stock of every article again (its "Resync stock" function). Then run Stock → Get Changes and acknowledge each batch until the queue is empty.',
		name: 'resyncNotice',
		type: 'notice',
		default: '',
		displayOptions: showFor('stock', ['requestFullResync']),
	},
];

/** Runs once per execution. Output: `{ resyncRequested: true }`. */
export const execute = runOnce(async (_context, client) => {
	await client.requestFullStockResync();
	return [{ resyncRequested: true }];
});
