import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { addressField, customerMatchingFields, languageOptions, showFor } from '../../shared/descriptions';
import { forEachItem, labelByParameter } from '../../shared/execution';
import { additionalFieldsOf, customerMatchOptions, filledValues } from '../../shared/parameters';
import type { AddressInput, CustomerInput } from '../../wire/types';

const displayOptions = showFor('customer', ['upsert']);
const companyOnly = { show: { ...displayOptions.show, customerType: ['company'] } };
const privateOnly = { show: { ...displayOptions.show, customerType: ['privatePerson'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Customer Type',
		name: 'customerType',
		type: 'options',
		options: [
			{ name: 'Company', value: 'company' },
			{ name: 'Private Person', value: 'privatePerson' },
		],
		default: 'privatePerson',
		displayOptions,
	},
	{
		displayName: 'Company Name',
		name: 'companyName',
		type: 'string',
		required: true,
		default: '',
		description: 'At most 100 characters',
		displayOptions: companyOnly,
	},
	{
		displayName: 'First Name',
		name: 'firstName',
		type: 'string',
		required: true,
		default: '',
		description: 'At most 50 characters',
		displayOptions: privateOnly,
	},
	{
		displayName: 'Last Name',
		name: 'lastName',
		type: 'string',
		required: true,
		default: '',
		description: 'At most 50 characters',
		displayOptions: privateOnly,
	},
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'name@email.com',
		required: true,
		default: '',
		description: 'At most 100 characters. Specter matches existing customers on it first.',
		displayOptions,
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
				displayName: 'Attention',
				name: 'attention',
				type: 'string',
				default: '',
				description: 'Attention line of the invoice address (companies)',
			},
			{
				displayName: 'Contact Person',
				name: 'contactPerson',
				type: 'string',
				default: '',
			},
			{
				displayName: 'Currency',
				name: 'currency',
				type: 'string',
				default: '',
				placeholder: 'SEK',
				description: 'ISO 4217 currency code',
			},
			{
				displayName: 'Customer Group ID',
				name: 'customerGroupId',
				type: 'string',
				default: '',
				description: 'Specter customer group; empty uses Specter\'s default group',
			},
			{
				displayName: 'Delivery Attention',
				name: 'deliveryAttention',
				type: 'string',
				default: '',
				description: 'Attention line of the delivery address (companies)',
			},
			{
				displayName: 'Homepage',
				name: 'homepage',
				type: 'string',
				default: '',
				description: 'At most 50 characters',
			},
			{
				displayName: 'Language',
				name: 'language',
				type: 'options',
				options: languageOptions,
				default: 'SE',
			},
			{
				displayName: 'Mobile',
				name: 'mobile',
				type: 'string',
				default: '',
				description: 'At most 50 characters',
			},
			{
				displayName: 'Org. No.',
				name: 'orgNo',
				type: 'string',
				default: '',
				description: 'Organisation or personal identity number, at most 20 characters. Specter matches on it after email.',
			},
			{
				displayName: 'Phone',
				name: 'phone',
				type: 'string',
				default: '',
				description: 'At most 50 characters',
			},
			{
				displayName: 'VAT No.',
				name: 'vatNo',
				type: 'string',
				default: '',
				description: 'At most 30 characters',
			},
		],
	},
	addressField('Invoice Address', 'invoiceAddress', displayOptions),
	addressField('Delivery Address', 'deliveryAddress', displayOptions),
	...customerMatchingFields(displayOptions),
];

function addressOf(context: IExecuteFunctions, name: string, itemIndex: number): AddressInput | undefined {
	const values = context.getNodeParameter(`${name}.address`, itemIndex, {}) as IDataObject;
	const address = filledValues(values) as AddressInput;
	return Object.keys(address).length > 0 ? address : undefined;
}

function customerOf(context: IExecuteFunctions, itemIndex: number): CustomerInput {
	const isCompany = context.getNodeParameter('customerType', itemIndex) === 'company';
	const name = (field: string) => String(context.getNodeParameter(field, itemIndex)).trim();
	const customer: CustomerInput = {
		...additionalFieldsOf<CustomerInput>(context, itemIndex),
		organizationalForm: isCompany ? 'C' : 'P',
		email: name('email'),
	};
	if (isCompany) customer.companyName = name('companyName');
	else {
		customer.firstName = name('firstName');
		customer.lastName = name('lastName');
	}
	const invoiceAddress = addressOf(context, 'invoiceAddress', itemIndex);
	if (invoiceAddress) customer.invoiceAddress = invoiceAddress;
	const deliveryAddress = addressOf(context, 'deliveryAddress', itemIndex);
	if (deliveryAddress) customer.deliveryAddress = deliveryAddress;
	return customer;
}

/** Output: `{ customerId, customerType, name, email }`. */
export const execute = forEachItem({
	async run(context, itemIndex, client) {
		const customer = customerOf(context, itemIndex);
		// the client checks Specter's rules (required fields, lengths, Latin-1) before it sends anything
		const result = await client.upsertCustomer(customer, customerMatchOptions(context, itemIndex));
		return {
			customerId: result.id,
			customerType: customer.organizationalForm === 'C' ? 'company' : 'privatePerson',
			name:
				customer.organizationalForm === 'C'
					? customer.companyName
					: `${customer.firstName} ${customer.lastName}`,
			email: customer.email,
		} as IDataObject;
	},
	label: labelByParameter('Customer', 'email'),
});
