/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test code runs in Node, not inside n8n */
// A tiny independent Specter client for the simulator's own tests: its own key signing (node:crypto), Latin-1
// percent-encoding and HTTP over node:http. Deliberately shares no code with the simulator or the real client.
import { createHash } from 'node:crypto';
import http from 'node:http';

import { XMLParser } from 'fast-xml-parser';

import type { SpecterSimulator } from './server';

export const ACCOUNT = {
	sbmId: '1234',
	apiUserId: '42',
	apiUserKey: 'sim-api-user-key',
	integrationKey: 'sim-integration-key',
};

/** The key ingredients a test signs with. `inner`/`outer` are the API user key and integration key (v2). */
export interface Signer {
	sbmId: string;
	apiUserId?: string;
	inner: string;
	outer: string;
}

export const WRITE_USER: Signer = { sbmId: ACCOUNT.sbmId, apiUserId: ACCOUNT.apiUserId, inner: ACCOUNT.apiUserKey, outer: ACCOUNT.integrationKey };

export function md5Hex(bytes: Buffer): string {
	return createHash('md5').update(bytes).digest('hex');
}

/** md5(outer + md5(inner + sbmId + subject)) over bytes in `charset` (Latin-1 is the rule; utf8 shows the bug). */
export function signKey(signer: Signer, subject: string, charset: 'latin1' | 'utf8' = 'latin1'): string {
	const inner = md5Hex(Buffer.from(signer.inner + signer.sbmId + subject, charset));
	return md5Hex(Buffer.from(signer.outer + inner, charset));
}

/** Form-encodes with every byte of `charset` outside [A-Za-z0-9-_.~] percent-escaped. */
export function formEncode(params: Record<string, string>, charset: 'latin1' | 'utf8' = 'latin1'): string {
	const encode = (text: string) =>
		[...Buffer.from(text, charset)].map((byte) => (/[A-Za-z0-9\-_.~]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
	return Object.entries(params)
		.map(([name, value]) => `${encode(name)}=${encode(value)}`)
		.join('&');
}

export interface WireResponse {
	status: number;
	contentType: string;
	body: Buffer;
	/** the body decoded as ISO-8859-1 */
	text: string;
}

export function sendRaw(url: string, init: { method?: string; body?: string | Buffer; contentType?: string } = {}): Promise<WireResponse> {
	return new Promise((resolve, reject) => {
		const headers: Record<string, string> = {};
		if (init.contentType) headers['Content-Type'] = init.contentType;
		const request = http.request(url, { method: init.method ?? 'GET', headers, agent: false }, (response) => {
			const chunks: Buffer[] = [];
			response.on('data', (chunk: Buffer) => chunks.push(chunk));
			response.on('end', () => {
				const body = Buffer.concat(chunks);
				resolve({ status: response.statusCode ?? 0, contentType: String(response.headers['content-type'] ?? ''), body, text: body.toString('latin1') });
			});
			response.on('error', reject);
		});
		request.on('error', reject);
		request.end(init.body);
	});
}

export interface ApiCall {
	script?: 'putInfo.asp' | 'getInfo.asp';
	action: string;
	/** the key SUBJECT the test signs */
	subject: string;
	query?: Record<string, string>;
	form?: Record<string, string>;
	signer?: Signer;
	/** default: POST for putInfo.asp (record and key in the body, like S1), GET for getInfo.asp */
	method?: 'GET' | 'POST';
	charset?: 'latin1' | 'utf8';
}

export function callSpecter(sim: SpecterSimulator, call: ApiCall): Promise<WireResponse> {
	const signer = call.signer ?? WRITE_USER;
	const script = call.script ?? (call.action.startsWith('new') ? 'putInfo.asp' : 'getInfo.asp');
	const method = call.method ?? (script === 'putInfo.asp' ? 'POST' : 'GET');
	const query: Record<string, string> = { action: call.action, sbmId: signer.sbmId, ...(signer.apiUserId === undefined ? {} : { apiUserId: signer.apiUserId }), ...call.query };
	const data = { ...call.form, key: signKey(signer, call.subject) };
	if (method === 'GET') return sendRaw(`${sim.url}${script}?${formEncode({ ...query, ...data }, call.charset)}`);
	return sendRaw(`${sim.url}${script}?${formEncode(query)}`, { method: 'POST', body: formEncode(data, call.charset), contentType: 'application/x-www-form-urlencoded' });
}

/** `result;id-or-code;message` */
export function parseText(text: string): { result: string; value: string; message: string } {
	const [result, value, ...message] = text.split(';');
	return { result, value, message: message.join(';') };
}

const xmlParser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, parseAttributeValue: false, isArray: (name) => ['stock', 'article', 'order', 'delivery'].includes(name) });

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test assertions walk arbitrary XML
export function parseXml(text: string): any {
	return xmlParser.parse(text);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test assertions walk arbitrary JSON
export async function control(sim: SpecterSimulator, method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
	const response = await sendRaw(`${sim.url}__control/${path}`, {
		method,
		body: body === undefined ? undefined : JSON.stringify(body),
		contentType: body === undefined ? undefined : 'application/json',
	});
	return { status: response.status, json: JSON.parse(response.body.toString('utf8')) };
}

/** Polls until `condition` holds; fails after a generous deadline. */
export async function waitFor(condition: () => boolean, what: string, deadlineMs = 10_000): Promise<void> {
	const giveUp = Date.now() + deadlineMs;
	while (!condition()) {
		if (Date.now() > giveUp) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

// ---- shorthands for common calls ----

export function submitCustomer(sim: SpecterSimulator, fields: Record<string, string>, query: Record<string, string> = {}) {
	const displayName = fields.customerOrganizationalForm === 'P' ? `${fields.firstName ?? ''} ${fields.surName ?? ''}` : (fields.name ?? '');
	const subject = displayName.trim().replace(/ {2,}/g, ' ');
	return callSpecter(sim, { action: 'newCustomerSubmit', subject, form: fields, query: { useXML: '1', ...query } });
}

export function submitOrder(sim: SpecterSimulator, form: Record<string, string>, query: Record<string, string> = {}) {
	return callSpecter(sim, { action: 'newOrderSubmit', subject: form.customerId, form, query: { useXML: '1', ...query } });
}

export function submitArticles(sim: SpecterSimulator, form: Record<string, string>, query: Record<string, string> = {}) {
	return callSpecter(sim, { action: 'newArticleSubmit', subject: form.articleNo_1, form, query: { useXML: '1', ...query } });
}

export function queueCall(sim: SpecterSimulator, action: string, batchNo: string, query: Record<string, string> = {}) {
	return callSpecter(sim, { action, subject: batchNo, query: { batchNo, ...query } });
}

/** Seeds a customer through the control API and returns its id. */
export async function seedCustomer(sim: SpecterSimulator, email = 'buyer@example.se'): Promise<string> {
	const { json } = await control(sim, 'POST', 'customers', { name: 'Buyer AB', emailAddress: email });
	return json.customerId as string;
}

/** Request-log entries without their arrival times, which every entry carries (`at`, checked to be ISO times). */
export function withoutTimes<T extends { at: string }>(entries: T[]): Array<Omit<T, 'at'>> {
	return entries.map(({ at, ...rest }) => {
		if (Number.isNaN(Date.parse(at)) || !at.endsWith('Z')) throw new Error(`request logged without an ISO time: ${at}`);
		return rest;
	});
}
