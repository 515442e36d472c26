import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { showFor } from '../../shared/descriptions';
import { runOnce } from '../../shared/execution';
import { optionalText } from '../../shared/parameters';
import type { CallbackUrls } from '../../wire/types';

const displayOptions = showFor('account', ['registerCallbacks']);

/** Parameter name → callback, in the order Specter documents them. */
const CALLBACK_PARAMETERS: Array<{ parameter: string; callback: keyof CallbackUrls }> = [
	{ parameter: 'stockChangeUrl', callback: 'stockChange' },
	{ parameter: 'orderChangeUrl', callback: 'orderChange' },
	{ parameter: 'articleChangeUrl', callback: 'articleChange' },
	{ parameter: 'newInvoiceUrl', callback: 'newInvoice' },
	{ parameter: 'removeOrderUrl', callback: 'removeOrder' },
];

function urlField(displayName: string, name: string, description: string): INodeProperties {
	return {
		displayName,
		name,
		type: 'string',
		default: '',
		placeholder: 'https://n8n.example.com/webhook/specter',
		description,
		displayOptions,
	};
}

export const description: INodeProperties[] = [
	{
		displayName:
			'Specter keeps one set of callback URLs: every run replaces all five, and an empty URL turns that callback off. Callbacks only signal a change; fetch the data with Get Changes.',
		name: 'callbacksNotice',
		type: 'notice',
		default: '',
		displayOptions,
	},
	urlField('Stock Change URL', 'stockChangeUrl', 'Called when stock changes'),
	urlField('Order Change URL', 'orderChangeUrl', 'Called when an order status or delivery changes'),
	urlField('Article Change URL', 'articleChangeUrl', 'Called when article data changes'),
	urlField(
		'New Invoice URL',
		'newInvoiceUrl',
		'Called when an invoice is created. Specter fills in $orderId, $invoiceId and $invoiceSource where they appear in the URL.',
	),
	urlField(
		'Remove Order URL',
		'removeOrderUrl',
		'Called when an order is deleted. Specter fills in $orderNo where it appears in the URL.',
	),
];

/** Runs once per execution. Output: `{ registered: true, <callback>Url: string | null, ... }` (null = off). */
export const execute = runOnce(async (context, client) => {
	const urls: CallbackUrls = {};
	const output: IDataObject = { registered: true };
	for (const { parameter, callback } of CALLBACK_PARAMETERS) {
		const url = optionalText(context.getNodeParameter(parameter, 0));
		if (url !== undefined && !/^https?:\/\/[^\s/]+/i.test(url)) {
			throw new NodeOperationError(context.getNode(), `${parameter} is not an http(s) URL: "${url}"`, {
				description: 'Give a full URL starting with https:// (or http://), or leave it empty to turn the callback off',
				itemIndex: 0,
			});
		}
		urls[callback] = url ?? '';
		output[parameter] = url ?? null;
	}
	await client.registerCallbacks(urls);
	return [output];
});
