/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';

import {
	SpecterValidationError,
	decodeFormBody,
	encodeSignedRequest,
	specterKey,
	subjectFor,
	type SpecterCredentials,
} from '../../nodes/Specter/wire';

// The formula written out by hand from specter-api.md §2.4, over Latin-1 bytes, independent of the code under test.
const md5 = (text: string): string => createHash('md5').update(Buffer.from(text, 'latin1')).digest('hex');
const expectedKey = (outer: string, inner: string, sbmId: string, subject: string): string =>
	md5(outer + md5(inner + sbmId + subject));

const v2: SpecterCredentials = {
	baseUrl: 'https://api.specter.se/',
	apiVersion: 2,
	sbmId: '12345',
	apiUserId: '7',
	apiUserKey: 'userKey-7',
	integrationKey: 'intKey-42',
};
const v2WithReadUser: SpecterCredentials = { ...v2, readApiUserId: '8', readApiUserKey: 'readKey-8' };
const v1: SpecterCredentials = { baseUrl: 'https://api.specter.se', apiVersion: 1, sbmId: '999', md5Key1: 'k1', md5Key2: 'k2' };

function queryOf(url: string): Record<string, string> {
	return decodeFormBody(url.slice(url.indexOf('?') + 1));
}

describe('specterKey', () => {
	it('v2 write user: md5(integrationKey + md5(apiUserKey + sbmId + subject)) over Latin-1 (åäö in a name)', () => {
		const key = specterKey(v2, 'Åsa Öberg', 'write');
		assert.equal(key, expectedKey('intKey-42', 'userKey-7', '12345', 'Åsa Öberg'));
		// the same vector computed with Python's hashlib over latin-1 bytes
		assert.equal(key, 'a79928f5497087167ca7647151dbb8d8');
		// a UTF-8 implementation would give another key
		const utf8Md5 = (text: string): string => createHash('md5').update(text, 'utf8').digest('hex');
		assert.notEqual(key, utf8Md5('intKey-42' + utf8Md5('userKey-7' + '12345' + 'Åsa Öberg')));
	});

	it('v2 read user uses readApiUserKey as the inner key, and falls back to the write user without one', () => {
		assert.equal(specterKey(v2WithReadUser, 'batch-1', 'read'), expectedKey('intKey-42', 'readKey-8', '12345', 'batch-1'));
		assert.equal(specterKey(v2WithReadUser, 'batch-1', 'write'), expectedKey('intKey-42', 'userKey-7', '12345', 'batch-1'));
		assert.equal(specterKey(v2, 'batch-1', 'read'), expectedKey('intKey-42', 'userKey-7', '12345', 'batch-1'));
		// a read key without its user id is not a usable read user
		const keyOnly = { ...v2, readApiUserKey: 'readKey-8' };
		assert.equal(specterKey(keyOnly, 'batch-1', 'read'), expectedKey('intKey-42', 'userKey-7', '12345', 'batch-1'));
	});

	it('v1: md5(md5Key2 + md5(md5Key1 + sbmId + subject)) with åäö in an article number', () => {
		const key = specterKey(v1, 'Ärtsoppa-ÅÖ', 'write');
		assert.equal(key, expectedKey('k2', 'k1', '999', 'Ärtsoppa-ÅÖ'));
		assert.equal(key, '6bcb93de553e1b5c9ed50afde35d5719');
	});

	it('names the missing credential field without revealing any key', () => {
		assert.throws(
			() => specterKey({ ...v2, integrationKey: '' }, 'x', 'write'),
			(error: unknown) =>
				error instanceof SpecterValidationError &&
				error.field === 'integrationKey' &&
				!error.message.includes('userKey-7'),
		);
		assert.throws(() => specterKey({ ...v1, md5Key1: undefined }, 'x', 'write'), { field: 'md5Key1' });
	});
});

describe('subjectFor', () => {
	it('company customer: name trimmed, double spaces collapsed', () => {
		assert.equal(
			subjectFor('newCustomerSubmit', { customerOrganizationalForm: 'C', name: '  Kaffe  &  Bullar  AB ' }),
			'Kaffe & Bullar AB',
		);
	});

	it('private customer: firstName + " " + surName, even though name is not sent', () => {
		assert.equal(
			subjectFor('newCustomerSubmit', { customerOrganizationalForm: 'P', firstName: ' Åsa', surName: 'Öberg  Lind ' }),
			'Åsa Öberg Lind',
		);
	});

	it('looks parameters and actions up case-insensitively', () => {
		assert.equal(subjectFor('NEWORDERSUBMIT', { CustomerID: '1001' }), '1001');
		assert.equal(subjectFor('newArticleSubmit', { ARTICLENO_1: 'ÅÄÖ-1', articleNo_2: 'B' }), 'ÅÄÖ-1');
	});

	it('uses batchNo for queue fetches, acks and clearArticleBatch; date for checkAccountSettings; orderId for deliveries and invoices', () => {
		for (const action of [
			'getArticleExternalNeedUpdate',
			'updateArticlesFromBatch',
			'getOrdersExternalNeedUpdate',
			'updateOrdersFromBatch',
			'getArticleInfoExternalNeedUpdate',
			'updateArticleInfosFromBatch',
			'clearArticleBatch',
		]) {
			assert.equal(subjectFor(action, { batchNo: 'b-77', useXML: '2' }), 'b-77', action);
		}
		assert.equal(subjectFor('checkAccountSettings', { date: '2025-03-01', useXML: '1' }), '2025-03-01');
		assert.equal(subjectFor('newDeliverySubmit', { orderId: '555' }), '555');
		assert.equal(subjectFor('newInvoiceSubmit', { orderid: '556' }), '556');
	});

	it('refuses a missing subject and an unknown action', () => {
		assert.throws(() => subjectFor('newOrderSubmit', {}), { name: 'SpecterValidationError', field: 'customerId' });
		assert.throws(() => subjectFor('newArticleSubmit', { articleNo_2: 'x' }), { field: 'articleNo', row: 1 });
		assert.throws(() => subjectFor('getPDFLink', {}), /No signing rule/);
	});
});

describe('encodeSignedRequest', () => {
	it('POST: absolute URL with action, sbmId, apiUserId, key and the call query; Latin-1 form body', () => {
		const request = encodeSignedRequest(v2, {
			method: 'POST',
			script: 'putInfo.asp',
			action: 'newCustomerSubmit',
			query: { useXML: '1', forceCustomerUpdate: '1' },
			form: { customerOrganizationalForm: 'C', name: 'Blåbär & Co', city: 'Malmö' },
		});
		assert.equal(request.method, 'POST');
		assert.ok(request.url.startsWith('https://api.specter.se/putInfo.asp?'));
		assert.deepEqual(Object.keys(queryOf(request.url)), ['action', 'sbmId', 'apiUserId', 'key', 'useXML', 'forceCustomerUpdate']);
		assert.deepEqual(queryOf(request.url), {
			action: 'newCustomerSubmit',
			sbmId: '12345',
			apiUserId: '7',
			key: expectedKey('intKey-42', 'userKey-7', '12345', 'Blåbär & Co'),
			useXML: '1',
			forceCustomerUpdate: '1',
		});
		assert.equal(request.headers['Content-Type'], 'application/x-www-form-urlencoded; charset=ISO-8859-1');
		assert.equal(request.body, 'customerOrganizationalForm=C&name=Bl%E5b%E4r%20%26%20Co&city=Malm%F6');
	});

	it('GET on getInfo.asp uses the read user (id and key) when one is configured; tolerates a base URL without slash', () => {
		const call = {
			method: 'GET' as const,
			script: 'getInfo.asp' as const,
			action: 'getOrdersExternalNeedUpdate',
			query: { batchNo: 'abc', useXML: '2' },
		};
		const read = encodeSignedRequest({ ...v2WithReadUser, baseUrl: 'http://127.0.0.1:9999/specter' }, call);
		assert.ok(read.url.startsWith('http://127.0.0.1:9999/specter/getInfo.asp?'));
		assert.equal(read.body, undefined);
		assert.deepEqual(read.headers, {});
		assert.equal(queryOf(read.url).apiUserId, '8');
		assert.equal(queryOf(read.url).key, expectedKey('intKey-42', 'readKey-8', '12345', 'abc'));
		const write = encodeSignedRequest(v2WithReadUser, { ...call, method: 'POST', script: 'putInfo.asp', action: 'newArticleSubmit', form: { articleNo_1: 'A' } });
		assert.equal(queryOf(write.url).apiUserId, '7');
	});

	it('v1 sends no apiUserId', () => {
		const request = encodeSignedRequest(v1, {
			method: 'GET',
			script: 'getInfo.asp',
			action: 'checkAccountSettings',
			query: { useXML: '1', date: '2025-01-31' },
		});
		assert.deepEqual(queryOf(request.url), {
			action: 'checkAccountSettings',
			sbmId: '999',
			key: expectedKey('k2', 'k1', '999', '2025-01-31'),
			useXML: '1',
			date: '2025-01-31',
		});
	});

	it('signs the transliterated value it sends', () => {
		const request = encodeSignedRequest(v2, {
			method: 'POST',
			script: 'putInfo.asp',
			action: 'newCustomerSubmit',
			query: {},
			form: { customerOrganizationalForm: 'C', name: 'Ek’s Bygg — Väst' },
		});
		assert.equal(decodeFormBody(request.body ?? '').name, "Ek's Bygg - Väst");
		assert.equal(queryOf(request.url).key, expectedKey('intKey-42', 'userKey-7', '12345', "Ek's Bygg - Väst"));
	});

	it('refuses an emoji, naming the friendly field and the wire name', () => {
		assert.throws(
			() =>
				encodeSignedRequest(v2, {
					method: 'POST',
					script: 'putInfo.asp',
					action: 'newArticleSubmit',
					query: {},
					form: { articleNo_1: 'A', articleNo_3: 'C', name_3: 'Mugg 😀' },
				}),
			(error: unknown) =>
				error instanceof SpecterValidationError &&
				error.field === 'name' &&
				error.row === 3 &&
				error.wireName === 'name_3' &&
				/Row 3: name \(name_3\) contains "😀" \(U\+1F600\)/.test(error.message),
		);
	});
});
