 
// putInfo.asp?action=newCustomerSubmit: upsert with Specter's matching rules (docs/specter-api.md §3.1).
import type { ActionContext } from './context';
import { headerFields, type WireParams } from './params';
import { type ApiAnswer, specterErrors, successAnswer } from './responses';
import { type SimCustomer, type SimulatorState, takeId } from './state';
import { checkMaxLength } from './validation';

/** Canonical spellings of the documented customer fields. */
export const CUSTOMER_FIELDS = [
	'currency', 'language', 'customerOrganizationalForm', 'name', 'firstName', 'surName', 'contactPerson', 'attention',
	'deliveryAttention', 'customerGroupId', 'orgNo', 'homepage', 'invoiceCompanyName', 'address', 'addressRow2',
	'zipCodeEng', 'city', 'countryCode', 'region', 'deliveryCompanyName', 'deliveryAddress', 'deliveryAddressRow2',
	'deliveryZipCodeEng', 'deliveryCity', 'deliveryCountryCode', 'deliveryregion', 'emailAddress', 'phoneNo', 'mobileNo',
	'vatNo',
];

const MATCH_FLAGS = ['forceCustomerUpdate', 'ignoreControlEmail', 'ignoreControlOrgNo'];

/** S4 maxima */
const MAX_LENGTHS = { name: 100, emailAddress: 100, firstName: 50, surName: 50, orgNo: 20, vatNo: 30, homepage: 50, phoneNo: 50, mobileNo: 50 };

function organizationalForm(value: string | undefined): string {
	const form = (value ?? '').trim().toUpperCase();
	return form === '' ? 'C' : form;
}

/** Company name, or first name + surname; trimmed, double spaces collapsed (the key SUBJECT). */
export function customerDisplayName(form: string, fields: { name?: string; firstName?: string; surName?: string }): string {
	const raw = form === 'P' ? `${fields.firstName ?? ''} ${fields.surName ?? ''}` : (fields.name ?? '');
	return raw.trim().replace(/ {2,}/g, ' ');
}

export function customerSubject(params: WireParams): string {
	return customerDisplayName(organizationalForm(params.get('customerOrganizationalForm')), {
		name: params.get('name'),
		firstName: params.get('firstName'),
		surName: params.get('surName'),
	});
}

function validate(form: string, fields: Record<string, string>): void {
	if (form !== 'C' && form !== 'P') throw specterErrors.invalidField('customerOrganizationalForm', 'must be C or P');
	const required = form === 'C' ? ['name', 'emailAddress'] : ['firstName', 'surName', 'emailAddress'];
	for (const field of required) {
		if ((fields[field] ?? '').trim() === '') throw specterErrors.invalidField(field, 'is required');
	}
	checkMaxLength(fields, MAX_LENGTHS);
}

/** Email first, then orgNo; each control can be switched off, and with both off nothing ever matches. */
function findMatch(state: SimulatorState, fields: Record<string, string>, params: WireParams): SimCustomer | undefined {
	const customers = [...state.customers.values()];
	const email = (fields.emailAddress ?? '').trim().toLowerCase();
	const orgNo = (fields.orgNo ?? '').trim();
	if (!params.flag('ignoreControlEmail')) {
		const byEmail = customers.find((customer) => (customer.fields.emailAddress ?? '').trim().toLowerCase() === email);
		if (byEmail) return byEmail;
	}
	if (!params.flag('ignoreControlOrgNo') && orgNo !== '') {
		return customers.find((customer) => (customer.fields.orgNo ?? '').trim() === orgNo);
	}
	return undefined;
}

/** Adds a customer (API create or control-API seed). */
export function addCustomer(state: SimulatorState, fields: Record<string, string>, customerId?: string): SimCustomer {
	const form = organizationalForm(fields.customerOrganizationalForm) === 'P' ? 'P' : 'C';
	const customer: SimCustomer = {
		customerId: customerId ?? takeId(state, 'customer'),
		organizationalForm: form,
		displayName: customerDisplayName(form, fields),
		fields,
		updates: 0,
	};
	state.customers.set(customer.customerId, customer);
	return customer;
}

export function submitCustomer({ params, mode, state }: ActionContext): ApiAnswer {
	const fields = headerFields(params, [...CUSTOMER_FIELDS, ...MATCH_FLAGS]);
	for (const flag of MATCH_FLAGS) delete fields[flag];
	const form = organizationalForm(fields.customerOrganizationalForm);
	validate(form, fields);

	const match = findMatch(state, fields, params);
	if (!match) return successAnswer(mode, addCustomer(state, fields).customerId, 'OK');
	if (params.flag('forceCustomerUpdate')) {
		// [I] the fields sent overwrite, fields not sent stay (docs/specter-api.md §3.1: the pack leaves out empty
		// fields so that a blank one cannot wipe data, which presumes that an absent field changes nothing)
		match.fields = { ...match.fields, ...fields };
		match.organizationalForm = organizationalForm(match.fields.customerOrganizationalForm) === 'P' ? 'P' : 'C';
		match.displayName = customerDisplayName(match.organizationalForm, match.fields);
		match.updates++;
	}
	return successAnswer(mode, match.customerId, 'OK');
}
