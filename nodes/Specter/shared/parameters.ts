// Reading node parameters into the wire layer's typed inputs.
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import type { CustomerMatchOptions } from '../wire/types';

/**
 * The values of a collection or fixedCollection entry with strings trimmed and empty ones left out, so an empty
 * field in the UI is "not sent" rather than "sent as empty" (which would blank the value in Specter).
 */
export function filledValues(values: IDataObject | undefined): IDataObject {
	const filled: IDataObject = {};
	for (const [name, value] of Object.entries(values ?? {})) {
		if (value === undefined || value === null) continue;
		if (typeof value === 'string') {
			if (value.trim() !== '') filled[name] = value.trim();
		} else {
			filled[name] = value;
		}
	}
	return filled;
}

/** An operation's "Additional Fields" collection for item `itemIndex`, filled values only (see `filledValues`). */
export function additionalFieldsOf<T>(context: IExecuteFunctions, itemIndex: number): Partial<T> {
	return filledValues(context.getNodeParameter('additionalFields', itemIndex) as IDataObject) as Partial<T>;
}

/** A trimmed string parameter value, or undefined when empty. */
export function optionalText(value: unknown): string | undefined {
	if (value === undefined || value === null) return undefined;
	const text = String(value).trim();
	return text === '' ? undefined : text;
}

/** Specter's customer matching controls (parameters from `customerMatchingFields`). */
export function customerMatchOptions(context: IExecuteFunctions, itemIndex: number): CustomerMatchOptions {
	return {
		forceCustomerUpdate: context.getNodeParameter('forceCustomerUpdate', itemIndex) as boolean,
		ignoreControlEmail: context.getNodeParameter('ignoreControlEmail', itemIndex) as boolean,
		ignoreControlOrgNo: context.getNodeParameter('ignoreControlOrgNo', itemIndex) as boolean,
	};
}
