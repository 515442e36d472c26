import type { INodeProperties } from 'n8n-workflow';
import { DEFAULT_HOLD_MINUTES } from './queue-poll';

// Parameters the Specter Trigger and the Specter Callback Trigger share: the same events and the same output, so
// one workflow can start from either.

export const eventOption: INodeProperties = {
	displayName: 'Event',
	name: 'event',
	type: 'options',
	noDataExpression: true,
	required: true,
	default: 'stockChanged',
	options: [
		{
			name: 'Article Changed',
			value: 'articleChanged',
			description: "An article's name, prices, barcode, weight or VAT changed in Specter",
		},
		{
			name: 'Order Status Changed',
			value: 'orderStatusChanged',
			description: 'An order was delivered, got a tracking number, or was cancelled or deleted',
		},
		{
			name: 'Stock Changed',
			value: 'stockChanged',
			description: "An article's available quantity changed",
		},
	],
};

export const outputOption: INodeProperties = {
	displayName: 'Output',
	name: 'output',
	type: 'options',
	noDataExpression: true,
	default: 'change',
	options: [
		{
			name: 'Chunks of 100 Changes',
			value: 'chunks',
			description:
				'Each item carries up to 100 changes of a batch ("changes"), their article numbers as a comma list for one look-up ("articleNos", "orderNos" for order status), and how many times this batch has been emitted ("attempt", from 1) since when ("firstEmittedAt"). For WooCommerce\'s batch endpoints, which take 100 updates per call.',
		},
		{
			name: 'One Item per Batch',
			value: 'batch',
			description: 'Each item carries a batch and its changes as a list',
		},
		{
			name: 'One Item per Change',
			value: 'change',
			description: 'Each item carries one change with its queue and batchNo',
		},
	],
};

export const holdMinutesOption: INodeProperties = {
	displayName: 'Hold an Emitted Batch For (Minutes)',
	name: 'holdMinutes',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: DEFAULT_HOLD_MINUTES,
	description:
		"How long a batch this n8n emitted and nobody has acknowledged yet counts as being worked on: meanwhile the other Specter trigger (callback or polling) does not emit it again. After that its run is taken for failed and the batch comes again. Set it longer than your workflow's longest run.",
};
