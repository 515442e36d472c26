import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import {
	languageOptions,
	showFor,
	stockSiteIdField,
	vatPercentOptions,
	webshopIdField,
} from '../../shared/descriptions';
import { forEachItem } from '../../shared/execution';
import { oneOrderAtATime } from '../../shared/one-at-a-time';
import { additionalFieldsOf, filledValues, optionalText } from '../../shared/parameters';
import type { OrderInput, OrderRowInput } from '../../wire/types';
import { orderOutput } from './output';

const displayOptions = showFor('order', ['create']);

export const description: INodeProperties[] = [
	{
		displayName: 'Customer ID',
		name: 'customerId',
		type: 'string',
		required: true,
		default: '',
		description: 'Specter customer number, e.g. from Customer → Create or Update',
		displayOptions,
	},
	{
		displayName: 'External Order No.',
		name: 'externalOrderNo',
		type: 'string',
		default: '',
		description:
			'The webshop\'s order number. Specter refuses a second order with the same number; the node then outputs alreadyTransferred: true instead of failing.',
		displayOptions,
	},
	{
		displayName: 'Rows',
		name: 'rows',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Row',
		required: true,
		default: {},
		displayOptions,
		options: [
			{
				displayName: 'Row',
				name: 'row',
				values: [
					{
						displayName: 'Article Comment',
						name: 'articleComment',
						type: 'string',
						default: '',
						description: 'Text printed under the row, e.g. a personalisation',
					},
					{
						displayName: 'Article Name',
						name: 'articleName',
						type: 'string',
						default: '',
						description: 'Empty uses the article\'s name in Specter',
					},
					{
						displayName: 'Article No.',
						name: 'articleNo',
						type: 'string',
						required: true,
						default: '',
						description: 'Must exist in Specter',
					},
					{
						displayName: 'Price Excl. VAT',
						name: 'priceExclVat',
						type: 'number',
						typeOptions: { numberPrecision: 2 },
						default: 0,
						description: 'Unit price excluding VAT; negative for discounts',
					},
					{
						displayName: 'Quantity',
						name: 'quantity',
						type: 'number',
						default: 1,
					},
					{
						displayName: 'VAT Percent',
						name: 'vatPercent',
						type: 'options',
						options: vatPercentOptions,
						default: 25,
					},
				],
			},
		],
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions,
		options: [
			{
				displayName: 'Currency',
				name: 'currency',
				type: 'string',
				default: '',
				placeholder: 'SEK',
				description: 'ISO 4217 currency code',
			},
			{
				displayName: 'Customer Order Reference',
				name: 'customerOrderReference',
				type: 'string',
				default: '',
				description: 'The customer\'s own reference, at most 50 characters',
			},
			{
				displayName: 'Delivery Date',
				name: 'deliveryDate',
				type: 'string',
				default: '',
				placeholder: '2026-12-24',
				description: 'As YYYY-MM-DD',
			},
			{
				displayName: 'External Delivery Method',
				name: 'externalDeliveryMethod',
				type: 'string',
				default: '',
				description: 'Carrier or delivery method reference, at most 100 characters',
			},
			{
				displayName: 'Internal Comment',
				name: 'internalComment',
				type: 'string',
				default: '',
				description: 'Comment only Specter users see',
			},
			{
				displayName: 'Is Prepayment',
				name: 'isPrepayment',
				type: 'boolean',
				default: false,
				description: 'Whether the order is paid in advance (bank transfer, pay type PP)',
			},
			{
				displayName: 'Language',
				name: 'language',
				type: 'options',
				options: languageOptions,
				default: 'SE',
			},
			{
				displayName: 'Pay System User',
				name: 'paySystemUser',
				type: 'string',
				default: '',
				description: 'The payment provider\'s merchant ID, e.g. the Klarna merchant ID (payTypeIdentifierPaySystemUser)',
			},
			{
				displayName: 'Pay Type',
				name: 'payTypeIdentifier',
				type: 'string',
				default: '',
				placeholder: 'KG',
				description: 'Specter payment method code, e.g. KG (Klarna), DP (DIBS), SW (Swish), PP (prepayment)',
			},
			{
				displayName: 'Pay Type Reference',
				name: 'payTypeReference',
				type: 'string',
				default: '',
				description: 'The payment provider\'s ID of the payment (Klarna order ID, DIBS/Nexi transaction)',
			},
			{
				displayName: 'Prepared Shipment ID',
				name: 'preparedShipmentId',
				type: 'string',
				default: '',
				description: 'Klarna shipping reference',
			},
			{
				displayName: 'Published Comment',
				name: 'publishedComment',
				type: 'string',
				default: '',
				description: 'Comment printed on the order documents',
			},
			{
				displayName: 'Send Order Mail',
				name: 'sendOrderMail',
				type: 'boolean',
				default: false,
				description: 'Whether Specter emails an order confirmation to the customer',
			},
			{
				displayName: 'Send Order Mail to User',
				name: 'sendOrderMailToUser',
				type: 'boolean',
				default: false,
				description: 'Whether Specter also emails the confirmation to the Specter user',
			},
			stockSiteIdField(undefined, 'Specter stock site to reserve stock on; empty uses Specter\'s default stock site'),
			webshopIdField(undefined, 'Specter webshop number when several webshops share one Specter account (API version 2)'),
		],
	},
];

function orderOf(context: IExecuteFunctions, itemIndex: number): OrderInput {
	const rows = (context.getNodeParameter('rows.row', itemIndex, []) as IDataObject[]).map(
		(row) => filledValues(row) as unknown as OrderRowInput,
	);
	const order: OrderInput = {
		...additionalFieldsOf<OrderInput>(context, itemIndex),
		customerId: String(context.getNodeParameter('customerId', itemIndex)).trim(),
		rows,
	};
	const externalOrderNo = optionalText(context.getNodeParameter('externalOrderNo', itemIndex));
	if (externalOrderNo !== undefined) order.externalOrderNo = externalOrderNo;
	return order;
}

/** Output: see `orderOutput`. A duplicate External Order No. outputs alreadyTransferred: true. */
export const execute = forEachItem({
	async run(context, itemIndex, client) {
		const order = orderOf(context, itemIndex);
		// the client checks the order (rows, VAT, lengths, Latin-1) before it sends anything
		return orderOutput(order, await oneOrderAtATime(order, () => client.createOrder(order), context.getExecutionCancelSignal?.()));
	},
	label(context, itemIndex) {
		const externalOrderNo = optionalText(context.getNodeParameter('externalOrderNo', itemIndex, ''));
		return externalOrderNo === undefined
			? {}
			: { subject: `Order ${externalOrderNo}`, details: { externalOrderNo } };
	},
});
