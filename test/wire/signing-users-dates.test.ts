/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
// Which user signs what (the read user only for reads, S4), customer names sent exactly as signed, and the
// checkAccountSettings date on Swedish time.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';

import {
	SpecterClient,
	decodeFormBody,
	encodeSignedRequest,
	type RawResponse,
	type SpecterCall,
	type SpecterCredentials,
} from '../../nodes/Specter/wire';

const md5 = (text: string): string => createHash('md5').update(Buffer.from(text, 'latin1')).digest('hex');
const expectedKey = (outer: string, inner: string, sbmId: string, subject: string): string => md5(outer + md5(inner + sbmId + subject));

const credentials: SpecterCredentials = {
	baseUrl: 'https://api.specter.se/',
	apiVersion: 2,
	sbmId: '12345',
	apiUserId: '7',
	apiUserKey: 'userKey-7',
	integrationKey: 'intKey-42',
	readApiUserId: '8',
	readApiUserKey: 'readKey-8',
};

function queryOf(url: string): Record<string, string> {
	return decodeFormBody(url.slice(url.indexOf('?') + 1));
}

function signedGet(action: string, query: Record<string, string>) {
	return queryOf(encodeSignedRequest(credentials, { method: 'GET', script: 'getInfo.asp', action, query }).url);
}

describe('the read user signs reads only', () => {
	it('queue fetches are signed with the read user', () => {
		for (const action of ['getArticleExternalNeedUpdate', 'getOrdersExternalNeedUpdate', 'getArticleInfoExternalNeedUpdate']) {
			const query = signedGet(action, { batchNo: 'b-1' });
			assert.equal(query.apiUserId, '8', action);
			assert.equal(query.key, expectedKey('intKey-42', 'readKey-8', '12345', 'b-1'), action);
		}
	});

	it('acknowledgements, clearArticleBatch and checkAccountSettings change Specter: signed with the write user', () => {
		for (const action of ['updateArticlesFromBatch', 'updateOrdersFromBatch', 'updateArticleInfosFromBatch', 'clearArticleBatch']) {
			const query = signedGet(action, { batchNo: 'b-2', clearSelf: '1' });
			assert.equal(query.apiUserId, '7', action);
			assert.equal(query.key, expectedKey('intKey-42', 'userKey-7', '12345', 'b-2'), action);
		}
		const callbacks = signedGet('checkAccountSettings', { date: '2025-06-01', useXML: '1' });
		assert.equal(callbacks.apiUserId, '7');
		assert.equal(callbacks.key, expectedKey('intKey-42', 'userKey-7', '12345', '2025-06-01'));
	});

	it('a caller may name the user explicitly (the credential test checks each user)', () => {
		const call: SpecterCall = { method: 'GET', script: 'getInfo.asp', action: 'updateArticlesFromBatch', query: { batchNo: 'b-3' } };
		assert.equal(queryOf(encodeSignedRequest(credentials, call, 'read').url).apiUserId, '8');
		assert.equal(queryOf(encodeSignedRequest(credentials, call, 'write').url).apiUserId, '7');
	});
});

describe('customer names are sent exactly as they are signed', () => {
	function signedCustomer(form: Record<string, string>) {
		const request = encodeSignedRequest(credentials, { method: 'POST', script: 'putInfo.asp', action: 'newCustomerSubmit', query: { useXML: '1' }, form });
		return { sent: decodeFormBody(request.body ?? ''), key: queryOf(request.url).key };
	}

	it('a company name with runs of spaces: the name sent is the signed subject', () => {
		const { sent, key } = signedCustomer({ customerOrganizationalForm: 'C', name: '  Kaffe  &   Bullar AB ' });
		assert.equal(sent.name, 'Kaffe & Bullar AB');
		assert.equal(key, expectedKey('intKey-42', 'userKey-7', '12345', sent.name));
	});

	it('a private person: firstName + " " + surName as sent is the signed subject', () => {
		const { sent, key } = signedCustomer({ customerOrganizationalForm: 'P', firstName: ' Anna  Maria ', surName: 'Öberg   Lind' });
		assert.deepEqual([sent.firstName, sent.surName], ['Anna Maria', 'Öberg Lind']);
		assert.equal(key, expectedKey('intKey-42', 'userKey-7', '12345', `${sent.firstName} ${sent.surName}`));
	});
});

describe('checkAccountSettings: the date on Swedish time', () => {
	it('dateInTimeZone: Europe/Stockholm across midnight, summer and winter time', async () => {
		const { dateInTimeZone } = await import('../../nodes/Specter/wire/dates');
		assert.equal(dateInTimeZone(new Date('2025-01-14T23:30:00Z'), 'Europe/Stockholm'), '2025-01-15');
		assert.equal(dateInTimeZone(new Date('2025-01-14T22:59:00Z'), 'Europe/Stockholm'), '2025-01-14');
		assert.equal(dateInTimeZone(new Date('2025-07-14T22:30:00Z'), 'Europe/Stockholm'), '2025-07-15');
		assert.equal(dateInTimeZone(new Date('2025-07-14T21:59:00Z'), 'Europe/Stockholm'), '2025-07-14');
	});

	describe('the client default', () => {
		beforeEach(() => {
			jest.useFakeTimers({ now: new Date('2025-03-09T23:30:00Z'), doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
		});
		afterEach(() => {
			jest.useRealTimers();
		});

		it('signs and sends the Swedish date (23:30 UTC is already the next day in Sweden)', async () => {
			const calls: SpecterCall[] = [];
			const client = new SpecterClient({
				transport: async (call): Promise<RawResponse> => {
					calls.push(call);
					return { statusCode: 200, headers: {}, body: new Uint8Array(Buffer.from('1;0;Call-backs set', 'latin1')) };
				},
				sleep: async () => {},
			});
			await client.registerCallbacks({ stockChange: 'https://n8n.example/webhook/stock' });
			assert.equal(calls[0].query.date, '2025-03-10');
		});
	});
});
