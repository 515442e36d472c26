import type { IDataObject, IDisplayOptions, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import {
	DEFAULT_ORG_NO_META_KEYS,
	DEFAULT_VAT_NO_META_KEYS,
	mapWooOrderToSpecter,
	SPECTER_ORDER_NO_META_KEY,
	TRANSFER_FAILED_META_KEY,
	transferMarkOf,
	type OrderMappingSettings,
	type WooOrder,
} from '../../mappers';
import {
	customerMatchingFields,
	languageOptions,
	showFor,
	stockSiteIdField,
	webshopIdField,
} from '../../shared/descriptions';
import { forEachItem } from '../../shared/execution';
import { mappingTablesField, mappingTablesOf } from '../../shared/mapping-tables';
import { oneOrderAtATime } from '../../shared/one-at-a-time';
import { customerMatchOptions, filledValues, optionalText } from '../../shared/parameters';
import { SPECTER_GUESSES, validateCustomer, validateOrder } from '../../wire';
import type { CustomerInput, OrderInput, OrderResult } from '../../wire/types';
import { orderOutput } from './output';

const displayOptions = showFor('order', ['createFromWooCommerce']);

/** validateOrder needs a customer number; the real one only exists after the customer upsert. */
const CUSTOMER_ID_FOR_VALIDATION = '0';

function pseudoArticleField(displayName: string, name: string, defaultValue: string, what: string): INodeProperties {
	return {
		displayName,
		name,
		type: 'string',
		required: true,
		default: defaultValue,
		description: `Specter article number used for ${what} rows. It must exist in Specter.`,
		displayOptions,
	};
}

/**
 * Specter's matching controls, with Force Customer Update off by default for orders: Specter then sends the order
 * to the customer it finds by e-mail / org. no. and creates one only when it finds none, so a repeated delivery,
 * a retry of a refused order or a late re-delivery of an old order never overwrites the customer (issue 9).
 */
function orderCustomerMatchingFields(displayOptions: IDisplayOptions): INodeProperties[] {
	return customerMatchingFields(displayOptions).map((field) =>
		field.name === 'forceCustomerUpdate'
			? {
					...field,
					default: false,
					description:
						"Whether to overwrite the name, contact data and addresses of a customer Specter already has with the order's, before each order (never the currency: it goes on the order). Off: Specter keeps its customer as it is and creates one only when it finds none.",
					hint: 'On rewrites the customer on every attempt: also for repeated deliveries of an order Specter already has and for orders Specter refuses, so changes made in Specter can be overwritten',
				}
			: field,
	);
}

function metaKeysField(displayName: string, name: string, keys: readonly string[], what: string): INodeProperties {
	return {
		displayName,
		name,
		type: 'string',
		default: keys.join(', '),
		description: `Comma-separated order meta keys holding the customer's ${what}; the first non-empty one is sent`,
	};
}

export const description: INodeProperties[] = [
	{
		displayName:
			'Each input item must be one WooCommerce order, as the WooCommerce Trigger (event order.created) or the WooCommerce node (Order → Get) outputs it. Specter finds the customer by e-mail (or org. no.) and creates it only when missing, then the order is created. An order Specter already has (same external order number) is not created again: the item says alreadyTransferred: true.',
		name: 'inputNotice',
		type: 'notice',
		default: '',
		displayOptions,
	},
	pseudoArticleField('Shipping Article No.', 'shippingArticleNo', 'SHIPPING', 'shipping'),
	pseudoArticleField('Fee Article No.', 'feeArticleNo', 'FEE', 'fee'),
	pseudoArticleField('Discount Article No.', 'discountArticleNo', 'DISCOUNT', 'discount (coupon)'),
	pseudoArticleField('Rounding Article No.', 'roundingArticleNo', 'ROUNDING', 'rounding'),
	{
		displayName: 'Klarna Merchant ID',
		name: 'klarnaMerchantId',
		type: 'string',
		default: '',
		description:
			'Your Klarna merchant ID (MID/EID), sent with Klarna orders so Specter can activate the invoice. Needed when Specter handles several Klarna accounts.',
		displayOptions,
	},
	{
		displayName: 'Klarna Pay Type',
		name: 'klarnaPayTypeIdentifier',
		type: 'options',
		options: [
			{ name: 'K (Klarna, Older Integrations)', value: 'K' },
			{ name: 'KG (Klarna Checkout V3 / Klarna Payments)', value: 'KG' },
		],
		default: 'KG',
		description: 'Specter pay type for orders paid with Kustom/Klarna Checkout (kco) or Klarna Payments',
		displayOptions,
	},
	{
		displayName: 'Nexi Pay Type',
		name: 'nexiPayTypeIdentifier',
		type: 'string',
		default: '',
		placeholder: SPECTER_GUESSES.payment.nexiPayTypeIdentifier,
		description: `Specter pay type for orders paid with Nexi Checkout (dibs_easy, nets_easy_*). Empty uses ${SPECTER_GUESSES.payment.nexiPayTypeIdentifier}.`,
		hint: `${SPECTER_GUESSES.payment.nexiPayTypeIdentifier} is a guess: Specter documents no code for Nexi/Nets Easy (DP is classic DIBS). Ask Specter which code to use.`,
		displayOptions,
	},
	{
		displayName: 'Payment Method Mapping',
		name: 'paymentMethodMapping',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Payment Method',
		default: {},
		description:
			'Specter pay type per WooCommerce payment method; overrides the defaults (Klarna, Nexi and DIBS are recognised, other methods get Specter\'s default pay type)',
		displayOptions,
		options: [
			{
				displayName: 'Mapping',
				name: 'mapping',
				values: [
					{
						displayName: 'Specter Pay Type',
						name: 'payTypeIdentifier',
						type: 'string',
						default: '',
						placeholder: 'SW',
						description: 'E.g. SW (Swish), PP (prepayment, bank transfer), P (cash on delivery), I (invoice).',
					},
					{
						displayName: 'WooCommerce Payment Method',
						name: 'paymentMethod',
						type: 'string',
						default: '',
						placeholder: 'bacs',
						description: 'The order\'s payment_method, e.g. bacs, cod, swish',
					},
				],
			},
		],
	},
	mappingTablesField(displayOptions, 'paymentMethods (pay types, over Payment Method Mapping) and shippingMethods (delivery method and shipping article per method)'),
	...orderCustomerMatchingFields(displayOptions),
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description: 'Whether to return a simplified version of the response instead of the raw data',
		displayOptions,
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions,
		options: [
			{
				displayName: 'Company Customer Group ID',
				name: 'companyCustomerGroupId',
				type: 'string',
				default: '',
				description:
					'Specter customer group for orders with a billing company; empty uses Specter\'s default group',
			},
			{
				displayName: 'Customer Note Placement',
				name: 'includeCustomerNoteAs',
				type: 'options',
				options: [
					{ name: 'Internal Comment', value: 'internalComment', description: 'Only Specter users see it' },
					{ name: 'Leave Out', value: 'none' },
					{ name: 'Published Comment', value: 'publishedComment', description: 'Printed on the order documents' },
				],
				default: 'publishedComment',
				description: 'Where the customer\'s checkout note goes',
			},
			{
				displayName: 'Dry Run',
				name: 'dryRun',
				type: 'boolean',
				default: false,
				description:
					'Whether to map and check each order exactly as a real run does and send nothing to Specter: an order that would go out is output with outcome transferred and dryRun: true, one the node would refuse fails with the same error. Specter is not asked, so an order Specter already has without the WooCommerce mark still reads transferred.',
			},
			{
				displayName: 'External Order No. Prefix',
				name: 'externalOrderNoPrefix',
				type: 'string',
				default: '',
				placeholder: 'WC-',
				description:
					'Put before the WooCommerce order number, e.g. when several shops share one Specter account. Changing it makes Specter treat orders already sent as new.',
			},
			{
				displayName: 'Fallback Customer Email',
				name: 'fallbackEmail',
				type: 'string',
				placeholder: 'name@email.com',
				default: '',
				description:
					'E-mail for the customer of an order whose billing e-mail is empty (Specter needs one). A fixed address collects such orders on one shared customer (Specter matches on it); an expression that builds an address from the order number (such as order-1234@yourshop.se) makes one customer per order.',
			},
			{
				displayName: 'Language',
				name: 'language',
				type: 'options',
				options: languageOptions,
				default: 'SE',
			},
			metaKeysField('Org. No. Meta Keys', 'orgNoMetaKeys', DEFAULT_ORG_NO_META_KEYS, 'organisation or personal number'),
			{
				displayName: 'Private Customer Group ID',
				name: 'privateCustomerGroupId',
				type: 'string',
				default: '',
				description: 'Specter customer group for orders without a billing company; empty uses Specter\'s default group',
			},
			{
				displayName: 'Send Order Mail',
				name: 'sendOrderMail',
				type: 'boolean',
				default: false,
				description: 'Whether Specter emails its own order confirmation to the customer',
			},
			{
				displayName: 'Skip Orders Marked in WooCommerce',
				name: 'skipMarkedOrders',
				type: 'boolean',
				default: false,
				description: `Whether to pass over, without any request, an order carrying ${SPECTER_ORDER_NO_META_KEY} (outcome alreadyTransferred) or a ${TRANSFER_FAILED_META_KEY} that matches the order as it is now (outcome refusedBefore): the marks the order templates save`,
			},
			stockSiteIdField(undefined, 'Specter stock site to reserve stock on; empty uses Specter\'s default stock site'),
			metaKeysField('VAT No. Meta Keys', 'vatNoMetaKeys', DEFAULT_VAT_NO_META_KEYS, 'VAT number'),
			webshopIdField(undefined, 'Specter webshop number when several webshops share one Specter account (API version 2)'),
		],
	},
];

function metaKeys(value: unknown): string[] | undefined {
	const keys = optionalText(value)
		?.split(',')
		.map((key) => key.trim())
		.filter((key) => key !== '');
	return keys && keys.length > 0 ? keys : undefined;
}

function mappingSettingsOf(context: IExecuteFunctions, itemIndex: number): OrderMappingSettings {
	const parameter = (name: string) => context.getNodeParameter(name, itemIndex);
	const options = filledValues(parameter('options') as IDataObject);
	// run switches, not mapping settings
	delete options.dryRun;
	delete options.skipMarkedOrders;
	const payTypeByPaymentMethod: Record<string, string> = {};
	for (const mapping of context.getNodeParameter('paymentMethodMapping.mapping', itemIndex, []) as IDataObject[]) {
		const paymentMethod = optionalText(mapping.paymentMethod);
		const payType = optionalText(mapping.payTypeIdentifier);
		if (paymentMethod !== undefined && payType !== undefined) payTypeByPaymentMethod[paymentMethod] = payType;
	}
	const tables = mappingTablesOf(context, itemIndex);
	return {
		...(options as Partial<OrderMappingSettings>),
		orgNoMetaKeys: metaKeys(options.orgNoMetaKeys),
		vatNoMetaKeys: metaKeys(options.vatNoMetaKeys),
		shippingArticleNo: String(parameter('shippingArticleNo')).trim(),
		feeArticleNo: String(parameter('feeArticleNo')).trim(),
		discountArticleNo: String(parameter('discountArticleNo')).trim(),
		roundingArticleNo: String(parameter('roundingArticleNo')).trim(),
		klarnaMerchantId: optionalText(parameter('klarnaMerchantId')),
		klarnaPayTypeIdentifier: optionalText(parameter('klarnaPayTypeIdentifier')),
		nexiPayTypeIdentifier: optionalText(parameter('nexiPayTypeIdentifier')),
		payTypeByPaymentMethod: tables.payTypeByPaymentMethod ?? payTypeByPaymentMethod,
		shippingByMethod: tables.shippingByMethod,
	};
}

/** The number the shop shows (differs from the id with sequential-number plugins). */
function orderNumberOf(order: WooOrder): string {
	return optionalText(order.number) ?? String(order.id);
}

/** The item's JSON is the order itself (WooCommerce Trigger / WooCommerce node output). */
function wooOrderOf(context: IExecuteFunctions, item: INodeExecutionData, itemIndex: number): WooOrder {
	const json = item.json;
	if (typeof json.id !== 'number' || !Array.isArray(json.line_items) || typeof json.billing !== 'object') {
		throw new NodeOperationError(context.getNode(), `Item ${itemIndex + 1} is not a WooCommerce order`, {
			description:
				'Connect the WooCommerce Trigger (event order.created) or a WooCommerce node (Order → Get) directly: each item\'s JSON must be the order, with id, billing and line_items.',
			itemIndex,
		});
	}
	return json as unknown as WooOrder;
}

/**
 * The customer as sent. The currency belongs to the order (newOrderSubmit carries its own `currency`, S1), so a
 * call that may overwrite (Force Customer Update) never sends it: a customer who once paid in EUR keeps EUR when a
 * SEK order comes. Without Force Customer Update the currency only reaches a customer Specter creates (the
 * currency of its first order); a customer Specter finds is left as it is.
 */
function customerToSend(customer: CustomerInput, forceCustomerUpdate: boolean | undefined): CustomerInput {
	if (!forceCustomerUpdate) return customer;
	const withoutCurrency = { ...customer };
	delete withoutCurrency.currency;
	return withoutCurrency;
}

/**
 * Output (Simplify on): `{ specterOrderNo, specterCustomerId, externalOrderNo, wooOrderId, wooOrderNumber,
 * alreadyTransferred, outcome, rows, totalExclVat, totalVat, totalInclVat }` (`outcome`: transferred or
 * alreadyTransferred). With Simplify off also the payment, the row counts per kind, the rounding adjustment, VAT
 * per rate, notes (split lines, fallback e-mail), and the exact `customer` and `specterRows` sent.
 *
 * Customer writes (issue 9): without Force Customer Update, newCustomerSubmit goes without forceCustomerUpdate, so
 * Specter returns the customer it matches unchanged and writes only a customer it does not have [I: the evidence
 * shows forceCustomerUpdate=1 overwriting (S1, S5); that without it a match stays as it is is our reading]. So
 * repeated deliveries, retries of refused orders and late re-deliveries write nothing. Specter offers no read of a
 * customer or of an order by external number in the evidence, so the node cannot ask first.
 *
 * Skip Orders Marked in WooCommerce outputs a marked order as `{ wooOrderId, wooOrderNumber, outcome:
 * alreadyTransferred | refusedBefore, skipped: true, reason, alreadyTransferred, specterOrderNo }` without a
 * request. Dry Run maps and checks as a real run, sends nothing and outputs what would be sent with `dryRun: true`,
 * outcome transferred and null Specter numbers.
 */
export const execute = forEachItem({
	async run(context, itemIndex, client, items) {
		const wooOrder = wooOrderOf(context, items[itemIndex], itemIndex);
		const runOptions = context.getNodeParameter('options', itemIndex) as IDataObject;
		const dryRun = runOptions.dryRun === true;
		const identity: IDataObject = { wooOrderId: wooOrder.id, wooOrderNumber: orderNumberOf(wooOrder), ...(dryRun && { dryRun }) };
		if (runOptions.skipMarkedOrders === true) {
			const mark = transferMarkOf(wooOrder);
			if (mark !== undefined) {
				return {
					...identity,
					outcome: mark.outcome,
					skipped: true,
					reason: mark.reason,
					alreadyTransferred: mark.outcome === 'alreadyTransferred',
					specterOrderNo: mark.outcome === 'alreadyTransferred' ? mark.specterOrderNo : null,
				};
			}
		}
		const mapped = mapWooOrderToSpecter(wooOrder, mappingSettingsOf(context, itemIndex));
		const matchOptions = customerMatchOptions(context, itemIndex);
		const customerSent = customerToSend(mapped.customer, matchOptions.forceCustomerUpdate);
		// The whole item is checked before the first call, so a bad row never leaves a customer behind.
		validateCustomer(customerSent, matchOptions);
		validateOrder({ ...mapped.order, customerId: CUSTOMER_ID_FOR_VALIDATION });
		// A dry run stops where the first request would go: what follows is built from what would be sent.
		let order: OrderInput;
		let result: OrderResult;
		if (dryRun) {
			order = { ...mapped.order, customerId: '' };
			result = { orderNo: null, alreadyTransferred: false, message: '' };
		} else {
			// One order's deliveries (order.created and order.updated, each perhaps repeated) one after the other
			({ order, result } = await oneOrderAtATime(mapped.order, async () => {
				const customer = await client.upsertCustomer(customerSent, matchOptions);
				const sent = { ...mapped.order, customerId: customer.id };
				return { order: sent, result: await client.createOrder(sent) };
			}, context.getExecutionCancelSignal?.()));
		}
		const { summary } = mapped;
		const output = {
			...orderOutput(order, result, identity),
			...(dryRun && { specterCustomerId: null }),
			outcome: result.alreadyTransferred ? 'alreadyTransferred' : 'transferred',
		};
		if (context.getNodeParameter('simplify', itemIndex) as boolean) return output;
		return {
			...output,
			paymentMethod: summary.paymentMethod,
			payTypeIdentifier: summary.payTypeIdentifier,
			productRows: summary.productRows,
			discountRows: summary.discountRows,
			shippingRows: summary.shippingRows,
			feeRows: summary.feeRows,
			roundingRows: summary.roundingRows,
			roundingAdjustment: summary.roundingAdjustment,
			wooTotal: summary.wooTotal,
			vatByRate: summary.vatByRate,
			notes: summary.notes,
			specterMessage: result.message,
			customer: customerSent as unknown as IDataObject,
			specterRows: order.rows as unknown as IDataObject[],
		};
	},
	label(_context, itemIndex, items) {
		const json = items[itemIndex].json;
		const wooOrderId = typeof json.id === 'number' ? json.id : null;
		const number = optionalText(json.number) ?? (wooOrderId === null ? undefined : String(wooOrderId));
		return {
			subject: number === undefined ? undefined : `WooCommerce order ${number}`,
			details: { wooOrderId },
		};
	},
});
