import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestOptions } from 'n8n-workflow';
import { encodeSignedRequest } from '../wire';
import type { SpecterCredentials, SpecterScript, WireParams } from '../wire/types';

/** The n8n credential `specterApi` as the wire layer's credentials (secret fields carry "Secret" in their n8n names so n8n masks them). */
export function specterCredentialsFrom(data: ICredentialDataDecryptedObject): SpecterCredentials {
	const text = (name: string) => (data[name] === undefined || data[name] === null ? '' : String(data[name]).trim());
	const useReadUser = data.useReadUser === true;
	return {
		baseUrl: text('baseUrl') || 'https://api.specter.se/',
		apiVersion: text('apiVersion') === '1' ? 1 : 2,
		sbmId: text('sbmId'),
		apiUserId: text('apiUserId'),
		apiUserKey: text('apiUserSecretKey'),
		integrationKey: text('integrationSecretKey'),
		md5Key1: text('md5SecretKey1'),
		md5Key2: text('md5SecretKey2'),
		readApiUserId: useReadUser ? text('readApiUserId') : undefined,
		readApiUserKey: useReadUser ? text('readApiUserSecretKey') : undefined,
	};
}

function wireParamsFrom(source: IDataObject | undefined, what: string): WireParams {
	const params: WireParams = {};
	for (const [name, value] of Object.entries(source ?? {})) {
		if (value === undefined || value === null) continue;
		if (typeof value === 'object') {
			throw new Error(`Specter ${what} parameter "${name}" must be a single value, not a list or object`);
		}
		params[name] = String(value);
	}
	return params;
}

function scriptOf(url: string): SpecterScript {
	const lastSegment = url.split('?')[0].split('/').pop()?.toLowerCase();
	if (lastSegment === 'putinfo.asp') return 'putInfo.asp';
	if (lastSegment === 'getinfo.asp') return 'getInfo.asp';
	throw new Error('A Specter request must go to putInfo.asp or getInfo.asp');
}

/**
 * Signs and encodes a request the way Specter expects (credential `authenticate` hook). Works for the Specter
 * nodes and for the HTTP Request node with the Specter credential: give the script as URL, `action` and the other
 * parameters as query parameters, record fields as a form body. The credential's base URL decides the host, so
 * the keys are never signed for another server.
 */
export function signHttpRequestOptions(
	credentialData: ICredentialDataDecryptedObject,
	options: IHttpRequestOptions,
): IHttpRequestOptions {
	const query = wireParamsFrom(options.qs, 'query');
	const actionName = Object.keys(query).find((name) => name.toLowerCase() === 'action');
	if (!actionName) throw new Error('A Specter request needs an "action" query parameter');
	const action = query[actionName];
	delete query[actionName];
	let form: WireParams | undefined;
	if (options.body !== undefined && options.body !== null && options.body !== '') {
		if (typeof options.body !== 'object' || Array.isArray(options.body)) {
			throw new Error('Send Specter record fields as form fields (name/value pairs), not as raw text');
		}
		form = wireParamsFrom(options.body as IDataObject, 'form');
	}
	const encoded = encodeSignedRequest(specterCredentialsFrom(credentialData), {
		method: options.method === 'POST' ? 'POST' : 'GET',
		script: scriptOf(options.url),
		action,
		query,
		form,
	});
	return {
		...options,
		baseURL: undefined,
		url: encoded.url,
		qs: {},
		method: encoded.method,
		headers: { ...(options.headers ?? {}), ...encoded.headers },
		body: encoded.body,
		json: false,
	};
}
