// Parameter fragments used by more than one Specter operation. Each factory takes the displayOptions of the
// operation that shows it, so the same field looks and behaves the same everywhere.
import type { IDisplayOptions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

/** `displayOptions` showing a parameter for one resource and some of its operations. */
export function showFor(resource: string, operations: string[]): IDisplayOptions {
	return { show: { resource: [resource], operation: operations } };
}

/** The VAT percentages Specter accepts (an integer percentage, not a class id). */
export const vatPercentOptions: INodePropertyOptions[] = [
	{ name: '25%', value: 25 },
	{ name: '12%', value: 12 },
	{ name: '6%', value: 6 },
	{ name: '0%', value: 0 },
];

/** The language codes Specter uses for customers and orders. */
export const languageOptions: INodePropertyOptions[] = [
	{ name: 'Danish', value: 'DA' },
	{ name: 'English', value: 'EN' },
	{ name: 'Finnish', value: 'FI' },
	{ name: 'German', value: 'DE' },
	{ name: 'Norwegian', value: 'NO' },
	{ name: 'Spanish', value: 'ES' },
	{ name: 'Swedish', value: 'SE' },
];

/** Fields of one address; the customer has an invoice and a delivery address with the same fields. */
const addressValues: INodeProperties[] = [
	{
		displayName: 'Company Name',
		name: 'companyName',
		type: 'string',
		default: '',
		description: 'Company name printed on this address',
	},
	{
		displayName: 'Street Address',
		name: 'address1',
		type: 'string',
		default: '',
	},
	{
		displayName: 'Address Line 2',
		name: 'address2',
		type: 'string',
		default: '',
	},
	{
		displayName: 'Postcode',
		name: 'postcode',
		type: 'string',
		default: '',
	},
	{
		displayName: 'City',
		name: 'city',
		type: 'string',
		default: '',
	},
	{
		displayName: 'Country Code',
		name: 'countryCode',
		type: 'string',
		default: '',
		placeholder: 'SE',
		description: 'Two-letter ISO country code',
	},
	{
		displayName: 'Region',
		name: 'region',
		type: 'string',
		default: '',
	},
];

/** An address as a fixedCollection whose values arrive as `{ address: {...} }`. */
export function addressField(
	displayName: string,
	name: string,
	displayOptions: IDisplayOptions,
): INodeProperties {
	return {
		displayName,
		name,
		type: 'fixedCollection',
		placeholder: 'Add Address',
		default: {},
		displayOptions,
		options: [{ displayName: 'Address', name: 'address', values: addressValues }],
	};
}

/** Specter's customer matching controls (it matches on email first, then on org./personal number). */
export function customerMatchingFields(displayOptions: IDisplayOptions): INodeProperties[] {
	return [
		{
			displayName: 'Force Customer Update',
			name: 'forceCustomerUpdate',
			type: 'boolean',
			default: true,
			description:
				'Whether to overwrite the data of a customer Specter already has with the data sent (otherwise Specter keeps its own and only returns the customer number)',
			displayOptions,
		},
		{
			displayName: 'Ignore Email Control',
			name: 'ignoreControlEmail',
			type: 'boolean',
			default: false,
			description: 'Whether Specter should match existing customers on org./personal number only, not on email',
			displayOptions,
		},
		{
			displayName: 'Ignore Org. No. Control',
			name: 'ignoreControlOrgNo',
			type: 'boolean',
			default: false,
			description:
				'Whether Specter should not match on org./personal number: with Force Customer Update a new customer is created when the email does not match. With both controls ignored, every call creates a new customer.',
			displayOptions,
		},
	];
}

/** Multishop: the Specter webshop number (needs API version 2). `displayOptions` is left out inside collections. */
export function webshopIdField(displayOptions: IDisplayOptions | undefined, description: string): INodeProperties {
	return { displayName: 'Webshop ID', name: 'webshopId', type: 'string', default: '', description, ...(displayOptions && { displayOptions }) };
}

/** The Specter stock site (warehouse). `displayOptions` is left out inside collections. */
export function stockSiteIdField(displayOptions: IDisplayOptions | undefined, description: string): INodeProperties {
	return { displayName: 'Stock Site ID', name: 'stockSiteId', type: 'string', default: '', description, ...(displayOptions && { displayOptions }) };
}
