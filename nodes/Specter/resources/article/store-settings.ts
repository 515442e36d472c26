// Parameters the two product-sync operations share: the store's price and weight settings, which both directions
// must convert with alike (the sync stamp of one is checked by the other).
import type { IDataObject, IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { WooWeightUnit } from '../../mappers';
import { vatPercentOptions } from '../../shared/descriptions';

export const WEIGHT_UNITS: WooWeightUnit[] = ['g', 'kg', 'oz', 'lbs'];

export function pricesIncludeTaxField(displayOptions: IDisplayOptions): INodeProperties {
	return {
		displayName: 'Prices Include Tax',
		name: 'pricesIncludeTax',
		type: 'boolean',
		default: true,
		description:
			"Whether the store's prices are entered with tax (WooCommerce → Settings → Tax → Prices entered with tax). Specter's prices exclude VAT; set it alike in both product templates.",
		displayOptions,
	};
}

export function weightUnitField(displayOptions: IDisplayOptions): INodeProperties {
	return {
		displayName: 'Weight Unit',
		name: 'weightUnit',
		type: 'options',
		options: [
			{ name: 'Grams', value: 'g' },
			{ name: 'Kilograms', value: 'kg' },
			{ name: 'Ounces', value: 'oz' },
			{ name: 'Pounds', value: 'lbs' },
		],
		default: 'kg',
		description: "The store's weight unit (WooCommerce → Settings → Products). Specter takes kilograms.",
		displayOptions,
	};
}

/**
 * *VAT Rate by Tax Class*: each WooCommerce tax class (slug) with its VAT %, rows shipped as `rates`. The two
 * operations that read products ship different rows and words, so both are the caller's.
 */
export function vatRateByTaxClassField(
	displayOptions: IDisplayOptions,
	rates: Array<{ taxClass: string; vatPercent: number }>,
	description: string,
): INodeProperties {
	return {
		displayName: 'VAT Rate by Tax Class',
		name: 'vatRates',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Tax Class',
		default: { rate: rates },
		description,
		displayOptions,
		options: [
			{
				displayName: 'Rate',
				name: 'rate',
				values: [
					{
						displayName: 'Tax Class',
						name: 'taxClass',
						type: 'string',
						default: '',
						placeholder: 'reduced-rate',
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
	};
}

/** The store settings of item 0 (a plan covers many items; one store). */
export function storeSettingsOf(context: IExecuteFunctions): { pricesIncludeTax: boolean; weightUnit: WooWeightUnit } {
	const pricesIncludeTax = context.getNodeParameter('pricesIncludeTax', 0);
	const weightUnit = context.getNodeParameter('weightUnit', 0);
	if (typeof pricesIncludeTax !== 'boolean') {
		throw new NodeOperationError(context.getNode(), 'Prices Include Tax must be true or false', { itemIndex: 0 });
	}
	if (!WEIGHT_UNITS.includes(weightUnit as WooWeightUnit)) {
		throw new NodeOperationError(context.getNode(), `Weight Unit "${String(weightUnit)}" is not one of ${WEIGHT_UNITS.join(', ')}`, {
			itemIndex: 0,
		});
	}
	return { pricesIncludeTax, weightUnit: weightUnit as WooWeightUnit };
}

export const isRecord = (value: unknown): value is IDataObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A json parameter's value: objects and arrays as they are, a JSON text parsed, '' as undefined. */
export function jsonParameter(context: IExecuteFunctions, name: string, itemIndex: number): unknown {
	const value = context.getNodeParameter(name, itemIndex, '') as unknown;
	if (typeof value !== 'string') return value;
	if (value.trim() === '') return undefined;
	try {
		return JSON.parse(value) as unknown;
	} catch {
		return value;
	}
}
