// Request signing and encoding. Specter has no headers or tokens: every request carries sbmId, apiUserId and a
// per-request `key` = md5hex(outer + md5hex(inner + sbmId + SUBJECT)) over Latin-1 bytes [E S1, S2; §2.4].

import { createHash } from 'crypto';

import { SpecterError, SpecterValidationError } from './errors';
import { describeCharacter, encodeLatin1Params, toLatin1Text } from './latin1';
import {
	ACTIONS,
	ARTICLE_ROW_FIELDS,
	CUSTOMER_FIELDS,
	ORDER_FIELDS,
	ORGANIZATIONAL_FORMS,
	QUERY_PARAMS,
	QUEUE_ACTIONS,
	describeWireField,
	rowField,
} from './wire-names';
import type { EncodedRequest, SpecterCall, SpecterCredentials, WireParams } from './types';

export type SpecterUser = 'write' | 'read';

function md5Hex(latin1Text: string): string {
	return createHash('md5').update(latin1Text, 'latin1').digest('hex');
}

function hasText(value: string | undefined): value is string {
	return value !== undefined && value !== '';
}

function missingCredential(field: string, label: string): SpecterValidationError {
	return new SpecterValidationError(`The Specter credential has no ${label}. Fill it in (${field}) and try again.`, {
		field,
	});
}

/**
 * True when the credential names a separate read-only API user (API v2, App4Sales pattern). It needs both id and
 * key: without its id Specter could not tell which user's key signed the request.
 */
export function hasReadUser(credentials: SpecterCredentials): boolean {
	return credentials.apiVersion === 2 && hasText(credentials.readApiUserId) && hasText(credentials.readApiUserKey);
}

/** The apiUserId to send for a user (v2 only; undefined when there is none to send). */
export function apiUserIdFor(credentials: SpecterCredentials, user: SpecterUser): string | undefined {
	if (credentials.apiVersion !== 2) return undefined;
	const id = user === 'read' && hasReadUser(credentials) ? credentials.readApiUserId : credentials.apiUserId;
	return hasText(id) ? id : undefined;
}

/**
 * The `key` parameter. v2: inner = apiUserKey (readApiUserKey for the read user when one is configured, else the
 * write user's key), outer = integrationKey. v1: inner = md5Key1, outer = md5Key2. The subject must be Latin-1 text.
 */
export function specterKey(credentials: SpecterCredentials, subject: string, user: SpecterUser): string {
	const latin1 = toLatin1Text(subject);
	if (!latin1.ok || latin1.text !== subject) {
		throw new SpecterValidationError('The key subject must be Latin-1 text; encode the call with encodeSignedRequest.', {
			field: 'subject',
		});
	}
	let inner: string | undefined;
	let outer: string | undefined;
	if (credentials.apiVersion === 2) {
		inner = user === 'read' && hasReadUser(credentials) ? credentials.readApiUserKey : credentials.apiUserKey;
		outer = credentials.integrationKey;
		if (!hasText(inner)) throw missingCredential('apiUserKey', 'API user key');
		if (!hasText(outer)) throw missingCredential('integrationKey', 'integration key');
	} else {
		inner = credentials.md5Key1;
		outer = credentials.md5Key2;
		if (!hasText(inner)) throw missingCredential('md5Key1', 'MD5 Key 1');
		if (!hasText(outer)) throw missingCredential('md5Key2', 'MD5 Key 2');
	}
	if (!hasText(credentials.sbmId)) throw missingCredential('sbmId', 'SBM id');
	return md5Hex(outer + md5Hex(inner + credentials.sbmId + subject));
}

/** Actions signed with their batchNo: queue fetches and acknowledgements, clearArticleBatch. */
const BATCH_ACTIONS = new Set([ACTIONS.resyncStock.toLowerCase()]);
/** The reads: the queue fetches, the only calls a separate read user signs [I from S4: read user for reads]. */
const READ_ACTIONS = new Set<string>();
for (const queue of Object.keys(QUEUE_ACTIONS) as Array<keyof typeof QUEUE_ACTIONS>) {
	BATCH_ACTIONS.add(QUEUE_ACTIONS[queue].fetch.toLowerCase());
	BATCH_ACTIONS.add(QUEUE_ACTIONS[queue].acknowledge.toLowerCase());
	READ_ACTIONS.add(QUEUE_ACTIONS[queue].fetch.toLowerCase());
}

/**
 * The user that signs an action: the read user (when one is configured) for the queue fetches only; the write
 * user for everything that changes Specter, acknowledgements, clearArticleBatch and checkAccountSettings included,
 * although they too go to getInfo.asp.
 */
export function userFor(action: string): SpecterUser {
	return READ_ACTIONS.has(action.toLowerCase()) ? 'read' : 'write';
}

/** The customer's display name as Specter signs it: trimmed, runs of spaces collapsed [E S1]. */
function displayName(name: string): string {
	return name.trim().replace(/ {2,}/g, ' ');
}

/** The newCustomerSubmit fields the key subject is made of. */
const CUSTOMER_NAME_FIELDS = new Set(
	[CUSTOMER_FIELDS.companyName, CUSTOMER_FIELDS.firstName, CUSTOMER_FIELDS.lastName].map((name) => name.toLowerCase()),
);

function unsignable(action: string, wireName: string): SpecterValidationError {
	return new SpecterValidationError(`${action} needs ${wireName} to be signed; it is missing or empty.`, {
		...describeWireField(action, wireName),
		wireName,
		action,
	});
}

/** The SUBJECT of the key for an action (§2.4). Parameter names are matched case-insensitively. */
export function subjectFor(action: string, params: WireParams): string {
	const lowerCaseParams: Record<string, string> = {};
	for (const name of Object.keys(params)) lowerCaseParams[name.toLowerCase()] = params[name];
	const required = (wireName: string): string => {
		const value = lowerCaseParams[wireName.toLowerCase()];
		if (value === undefined || value.trim() === '') throw unsignable(action, wireName);
		return value;
	};
	const lowerAction = action.toLowerCase();
	if (lowerAction === ACTIONS.upsertCustomer.toLowerCase()) {
		const form = lowerCaseParams[CUSTOMER_FIELDS.organizationalForm.toLowerCase()] ?? '';
		if (form.trim().toUpperCase() === ORGANIZATIONAL_FORMS.privatePerson) {
			const first = lowerCaseParams[CUSTOMER_FIELDS.firstName.toLowerCase()] ?? '';
			const last = lowerCaseParams[CUSTOMER_FIELDS.lastName.toLowerCase()] ?? '';
			const name = displayName(`${first} ${last}`);
			if (name === '') throw unsignable(action, CUSTOMER_FIELDS.lastName);
			return name;
		}
		return displayName(required(CUSTOMER_FIELDS.companyName));
	}
	if (lowerAction === ACTIONS.createOrder.toLowerCase()) return required(ORDER_FIELDS.customerId);
	if (lowerAction === ACTIONS.upsertArticles.toLowerCase()) return required(rowField(ARTICLE_ROW_FIELDS.articleNo, 1));
	if (lowerAction === ACTIONS.registerCallbacks.toLowerCase()) return required(QUERY_PARAMS.date);
	if (lowerAction === ACTIONS.createDelivery.toLowerCase() || lowerAction === ACTIONS.createInvoice.toLowerCase()) {
		return required(QUERY_PARAMS.orderId);
	}
	if (BATCH_ACTIONS.has(lowerAction)) return required(QUERY_PARAMS.batchNo);
	throw new SpecterError(`No signing rule is known for the Specter action ${action}.`, { action });
}

function normaliseParams(action: string, params: WireParams): WireParams {
	const normalised: WireParams = {};
	const isCustomer = action.toLowerCase() === ACTIONS.upsertCustomer.toLowerCase();
	for (const wireName of Object.keys(params)) {
		const conversion = toLatin1Text(params[wireName]);
		if (!conversion.ok) {
			const { field, row } = describeWireField(action, wireName);
			const where = row === undefined ? '' : `Row ${row}: `;
			throw new SpecterValidationError(
				`${where}${field} (${wireName}) contains ${describeCharacter(conversion.character)}, which Specter cannot store (it only takes Latin-1 text). Remove or replace the character.`,
				{ field, row, wireName, action },
			);
		}
		// the names that make the key subject are sent as they are signed: trimmed, runs of spaces collapsed (S1's
		// encodeString does the same to the value it sends and to the one it signs)
		const nameField = isCustomer && CUSTOMER_NAME_FIELDS.has(wireName.toLowerCase());
		normalised[wireName] = nameField ? displayName(conversion.text) : conversion.text;
	}
	return normalised;
}

/**
 * The call with every value made Latin-1: the safe typographic set transliterated (see latin1.ts), anything
 * else refused with a SpecterValidationError naming the field; customer names trimmed with runs of spaces
 * collapsed, as they are signed. Idempotent.
 */
export function normaliseCall(call: SpecterCall): SpecterCall {
	return {
		...call,
		query: normaliseParams(call.action, call.query),
		...(call.form ? { form: normaliseParams(call.action, call.form) } : {}),
	};
}

/**
 * Signs and encodes a call: the absolute URL (baseUrl + script) with action, sbmId, apiUserId (v2; the read
 * user's for the queue fetches when one is configured, see userFor), key and the call's query; a Latin-1 form
 * body for POST. `user` overrides userFor (the credential test checks each user). A GET call's form fields (if
 * any) go into the query, as Specter merges both [I §2.2].
 */
export function encodeSignedRequest(credentials: SpecterCredentials, call: SpecterCall, user: SpecterUser = userFor(call.action)): EncodedRequest {
	const normalised = normaliseCall(call);
	const form = normalised.form ?? {};
	const key = specterKey(credentials, subjectFor(call.action, { ...normalised.query, ...form }), user);
	const apiUserId = apiUserIdFor(credentials, user);
	const query: WireParams = {
		[QUERY_PARAMS.action]: call.action,
		[QUERY_PARAMS.sbmId]: credentials.sbmId,
		...(apiUserId === undefined ? {} : { [QUERY_PARAMS.apiUserId]: apiUserId }),
		[QUERY_PARAMS.key]: key,
		...normalised.query,
		...(call.method === 'GET' ? form : {}),
	};
	const base = credentials.baseUrl.replace(/\/*$/, '/');
	const url = `${base}${call.script}?${encodeLatin1Params(query)}`;
	if (call.method === 'GET') return { method: 'GET', url, headers: {} };
	return {
		method: 'POST',
		url,
		headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=ISO-8859-1' },
		body: encodeLatin1Params(form),
	};
}
