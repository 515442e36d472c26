/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
import assert from 'node:assert/strict';

import { SPECTER_GUESSES } from '../../../nodes/Specter/wire/guesses';
import { type SpecterSimulator, type SpecterSimulatorOptions, startSpecterSimulator } from './server';
import {
	ACCOUNT,
	type Signer,
	WRITE_USER,
	callSpecter,
	control,
	formEncode,
	parseXml,
	queueCall,
	seedCustomer,
	sendRaw,
	signKey,
	submitArticles,
	submitCustomer,
	withoutTimes,
} from './sim-test-client';

describe('authentication and routing', () => {
	const INVALID_KEY = `0;${SPECTER_GUESSES.errors.invalidKey};Invalid key`;

	let sim: SpecterSimulator;
	async function start(options?: SpecterSimulatorOptions): Promise<SpecterSimulator> {
		sim = await startSpecterSimulator(options);
		return sim;
	}
	afterEach(() => sim.close());

	describe('key check, API v2 write user', () => {
		it('accepts a customer signed over the company name and rejects another subject', async () => {
			await start();
			const accepted = await submitCustomer(sim, { name: 'Acme AB', emailAddress: 'a@acme.se' });
			assert.equal(accepted.text, '1;10001;OK');

			const wrong = await callSpecter(sim, { action: 'newCustomerSubmit', subject: 'Other AB', form: { name: 'Acme Two AB', emailAddress: 'b@acme.se' }, query: { useXML: '1' } });
			assert.equal(wrong.status, 200);
			assert.equal(wrong.text, INVALID_KEY);
			assert.equal(sim.state.customers.size, 1);
		});

		it('signs a private person over first name + surname, trimmed with double spaces collapsed', async () => {
			await start();
			const form = { customerOrganizationalForm: 'P', firstName: '  Anna ', surName: 'Berg  Lind', emailAddress: 'anna@example.se' };
			const raw = await callSpecter(sim, { action: 'newCustomerSubmit', subject: '  Anna  Berg  Lind', form });
			assert.equal(raw.text, INVALID_KEY);
			const normalised = await callSpecter(sim, { action: 'newCustomerSubmit', subject: 'Anna Berg Lind', form });
			assert.equal(normalised.text, '1;10001;OK');
			assert.equal(sim.state.customers.get('10001')?.displayName, 'Anna Berg Lind');
		});

		it('rejects a wrong sbmId, a wrong apiUserId and a missing key, without echoing any key', async () => {
			await start();
			const form = { name: 'Acme AB', emailAddress: 'a@acme.se' };
			for (const signer of [
				{ ...WRITE_USER, sbmId: '9999' },
				{ ...WRITE_USER, apiUserId: '41' },
				{ ...WRITE_USER, inner: 'wrong-user-key' },
				{ ...WRITE_USER, outer: 'wrong-integration-key' },
			]) {
				const response = await callSpecter(sim, { action: 'newCustomerSubmit', subject: 'Acme AB', form, signer });
				assert.equal(response.text, INVALID_KEY, JSON.stringify(signer));
				assert.ok(!response.text.includes(signKey(WRITE_USER, 'Acme AB')));
			}
			const query = formEncode({ action: 'newCustomerSubmit', sbmId: ACCOUNT.sbmId, apiUserId: ACCOUNT.apiUserId, ...form });
			assert.equal((await sendRaw(`${sim.url}putInfo.asp?${query}`)).text, INVALID_KEY);
			assert.equal(sim.state.customers.size, 0);
			assert.deepEqual(
				sim.state.requests.map((entry) => [entry.ok, entry.code]),
				Array.from({ length: 5 }, () => [false, SPECTER_GUESSES.errors.invalidKey]),
			);
		});

		it('answers an invalid key in XML with useXML=2', async () => {
			await start();
			const response = await callSpecter(sim, { action: 'newCustomerSubmit', subject: 'x', form: { name: 'Acme AB', emailAddress: 'a@acme.se' }, query: { useXML: '2' } });
			assert.match(response.contentType, /^text\/xml; charset=ISO-8859-1$/);
			const apiResponse = parseXml(response.text)[SPECTER_GUESSES.xml.rootElement].APIresponse;
			assert.deepEqual(apiResponse, { result: '0', code: String(SPECTER_GUESSES.errors.invalidKey), message: 'Invalid key' });
		});

		it('signs orders over customerId and articles over articleNo_1', async () => {
			await start({ rejectUnknownArticles: false });
			const customerId = await seedCustomer(sim);
			const order = { customerId, articleNo_1: 'A1', priceExclVAT_1: '10.00', noOfItems_1: '1', vatPercent_1: '25' };
			assert.equal((await callSpecter(sim, { action: 'newOrderSubmit', subject: 'A1', form: order })).text, INVALID_KEY);
			assert.equal((await callSpecter(sim, { action: 'newOrderSubmit', subject: customerId, form: order })).text, '1;50001;OK');

			const articles = { articleNo_1: 'A1', name_1: 'One', articleNo_2: 'A2', name_2: 'Two' };
			assert.equal((await callSpecter(sim, { action: 'newArticleSubmit', subject: 'A2', form: articles })).text, INVALID_KEY);
			assert.equal((await submitArticles(sim, articles)).text, '1;2;OK');
		});

		it('signs queue calls over batchNo', async () => {
			await start();
			const wrong = await callSpecter(sim, { action: 'updateArticlesFromBatch', subject: 'other', query: { batchNo: 'b1' } });
			assert.equal(wrong.text, INVALID_KEY);
			assert.equal((await queueCall(sim, 'updateArticlesFromBatch', 'b1')).text, '1;0;OK');
		});

		it('signs checkAccountSettings over the date, which must be today', async () => {
			await start({ today: () => '2024-05-17' });
			const settings = (date: string, subject: string) =>
				callSpecter(sim, { action: 'checkAccountSettings', subject, query: { date, useXML: '1', actionStockChange: 'http://127.0.0.1:1/cb' } });
			assert.equal((await settings('2024-05-16', '2024-05-16')).text, INVALID_KEY);
			assert.equal((await settings('2024-05-17', '2024-05-16')).text, INVALID_KEY);
			assert.equal(sim.state.callbacks.stockChange, null);
			assert.equal((await settings('2024-05-17', '2024-05-17')).text, '1;0;Call-backs set');
			assert.equal(sim.state.callbacks.stockChange, 'http://127.0.0.1:1/cb');
		});
	});

	describe('key check, read user and API v1', () => {
		const READ_USER: Signer = { sbmId: ACCOUNT.sbmId, apiUserId: '43', inner: 'read-user-key', outer: ACCOUNT.integrationKey };

		it('accepts the read user on getInfo.asp only, with the integration key as outer key', async () => {
			await start({ account: { ...ACCOUNT, apiVersion: 2, readApiUserId: '43', readApiUserKey: 'read-user-key' } });
			assert.equal((await callSpecter(sim, { action: 'updateOrdersFromBatch', subject: 'b1', query: { batchNo: 'b1' }, signer: READ_USER })).text, '1;0;OK');
			const readAsWriter = await callSpecter(sim, { action: 'newCustomerSubmit', subject: 'Acme AB', form: { name: 'Acme AB', emailAddress: 'a@acme.se' }, signer: READ_USER });
			assert.equal(readAsWriter.text, INVALID_KEY);
			const readUserWithWriteKey = await callSpecter(sim, { action: 'updateOrdersFromBatch', subject: 'b1', query: { batchNo: 'b1' }, signer: { ...READ_USER, inner: ACCOUNT.apiUserKey } });
			assert.equal(readUserWithWriteKey.text, INVALID_KEY);
			const readKeyAsOuter = await callSpecter(sim, { action: 'updateOrdersFromBatch', subject: 'b1', query: { batchNo: 'b1' }, signer: { ...READ_USER, outer: 'read-user-key' } });
			assert.equal(readKeyAsOuter.text, INVALID_KEY);
			assert.equal(sim.state.customers.size, 0);
		});

		it('rejects the read user id on an account that has none', async () => {
			await start();
			assert.equal((await callSpecter(sim, { action: 'updateOrdersFromBatch', subject: 'b1', query: { batchNo: 'b1' }, signer: READ_USER })).text, INVALID_KEY);
		});

		it('API v1 signs with MD5 key 1 (inner) and MD5 key 2 (outer) and needs no apiUserId', async () => {
			await start({ account: { sbmId: '777', apiVersion: 1, md5Key1: 'md5-one', md5Key2: 'md5-two' } });
			const v1: Signer = { sbmId: '777', inner: 'md5-one', outer: 'md5-two' };
			const form = { name: 'Acme AB', emailAddress: 'a@acme.se' };
			assert.equal((await callSpecter(sim, { action: 'newCustomerSubmit', subject: 'Acme AB', form, signer: v1 })).text, '1;10001;OK');
			const swapped = await callSpecter(sim, { action: 'newCustomerSubmit', subject: 'Acme AB', form, signer: { ...v1, inner: 'md5-two', outer: 'md5-one' } });
			assert.equal(swapped.text, INVALID_KEY);
			const v2Keys = await callSpecter(sim, { action: 'newCustomerSubmit', subject: 'Acme AB', form, signer: { ...WRITE_USER, sbmId: '777' } });
			assert.equal(v2Keys.text, INVALID_KEY);
		});

		it('refuses webshopId (multishop) on an API v1 account', async () => {
			await start({ account: { sbmId: '777', apiVersion: 1, md5Key1: 'md5-one', md5Key2: 'md5-two' } });
			const v1: Signer = { sbmId: '777', inner: 'md5-one', outer: 'md5-two' };
			const response = await callSpecter(sim, { action: 'newArticleSubmit', subject: 'A1', form: { articleNo_1: 'A1', name_1: 'One' }, query: { webshopId: '2' }, signer: v1 });
			assert.equal(response.text, `0;${SPECTER_GUESSES.errors.invalidField};Invalid field 'webshopId': multishop needs API v2`);
		});
	});

	describe('routing', () => {
		it('answers unknown actions in-band, also an action sent to the wrong script', async () => {
			await start();
			const unknown = await callSpecter(sim, { script: 'putInfo.asp', action: 'newThingSubmit', subject: 'x' });
			assert.equal(unknown.status, 200);
			assert.equal(unknown.text, `0;${SPECTER_GUESSES.errors.unknownAction};Unknown action 'newThingSubmit'`);
			const wrongScript = await callSpecter(sim, { script: 'putInfo.asp', action: 'getOrdersExternalNeedUpdate', subject: 'b', query: { batchNo: 'b' } });
			assert.equal(wrongScript.text.split(';')[1], String(SPECTER_GUESSES.errors.unknownAction));
		});

		it('serves the scripts case-insensitively, 404s other paths and 405s other methods', async () => {
			await start();
			const lowerCase = await sendRaw(`${sim.url}getinfo.asp?${formEncode({ action: 'updateArticlesFromBatch', sbmId: ACCOUNT.sbmId, apiUserId: ACCOUNT.apiUserId, batchNo: 'b', key: signKey(WRITE_USER, 'b') })}`);
			assert.equal(lowerCase.text, '1;0;OK');
			assert.equal((await sendRaw(`${sim.url}other.asp`)).status, 404);
			assert.equal((await sendRaw(`${sim.url}putInfo.asp`, { method: 'PUT' })).status, 405);
			assert.equal((await control(sim, 'GET', 'requests')).json.length, 1);
		});
	});
});

describe('parameters and encoding', () => {
	let sim: SpecterSimulator;
	beforeEach(async () => {
		sim = await startSpecterSimulator();
	});
	afterEach(() => sim.close());

	describe('parameters', () => {
		it('reads names case-insensitively from the query and the form body, merged', async () => {
			const query = formEncode({ ACTION: 'NEWCUSTOMERSUBMIT', SBMID: ACCOUNT.sbmId, ApiUserID: ACCOUNT.apiUserId, usexml: '1' });
			const body = formEncode({ NAME: 'Acme AB', EMAILADDRESS: 'a@acme.se', OrgNo: '556677-8899', KEY: signKey(WRITE_USER, 'Acme AB') });
			const response = await sendRaw(`${sim.url}putInfo.asp?${query}`, { method: 'POST', body, contentType: 'application/x-www-form-urlencoded' });
			assert.equal(response.text, '1;10001;OK');
			// stored under the canonical wire names
			assert.deepEqual(sim.state.customers.get('10001')?.fields, { name: 'Acme AB', emailAddress: 'a@acme.se', orgNo: '556677-8899' });
			assert.deepEqual(withoutTimes(sim.state.requests)[0], { script: 'putInfo.asp', action: 'newCustomerSubmit', ok: true });
		});

		it('lets the query win when a name is in both (classic ASP Request() order)', async () => {
			const query = formEncode({ action: 'newCustomerSubmit', sbmId: ACCOUNT.sbmId, apiUserId: ACCOUNT.apiUserId, name: 'Query AB' });
			const body = formEncode({ name: 'Body AB', emailAddress: 'q@acme.se', key: signKey(WRITE_USER, 'Query AB') });
			const response = await sendRaw(`${sim.url}putInfo.asp?${query}`, { method: 'POST', body, contentType: 'application/x-www-form-urlencoded' });
			assert.equal(response.text, '1;10001;OK');
			assert.equal(sim.state.customers.get('10001')?.displayName, 'Query AB');
		});

		it('accepts a whole order as a GET query string (like S2)', async () => {
			const customerId = await seedCustomer(sim);
			await control(sim, 'POST', 'articles', { articleNo: 'A1', name: 'One', stock: 5 });
			const order = { customerId, articleNo_1: 'A1', priceExclVAT_1: '10.00', noOfItems_1: '1', vatPercent_1: '25' };
			const response = await callSpecter(sim, { action: 'newOrderSubmit', subject: customerId, method: 'GET', query: { useXML: '1', ...order } });
			assert.equal(response.text, '1;50001;OK');
		});

		it('ignores a body that is not form-encoded', async () => {
			const query = formEncode({ action: 'newCustomerSubmit', sbmId: ACCOUNT.sbmId, apiUserId: ACCOUNT.apiUserId });
			const body = JSON.stringify({ name: 'Acme AB', emailAddress: 'a@acme.se', key: signKey(WRITE_USER, 'Acme AB') });
			const response = await sendRaw(`${sim.url}putInfo.asp?${query}`, { method: 'POST', body, contentType: 'application/json' });
			assert.equal(response.text, `0;${SPECTER_GUESSES.errors.invalidKey};Invalid key`);
		});
	});

	describe('ISO-8859-1', () => {
		const name = 'Åsa Öberg & Söner Ä';

		it('decodes Latin-1 percent-encoded åäö and checks the key over Latin-1 bytes', async () => {
			const response = await callSpecter(sim, { action: 'newCustomerSubmit', subject: name, form: { name, emailAddress: 'asa@example.se' } });
			assert.equal(response.text, '1;10001;OK');
			const customer = sim.state.customers.get('10001');
			assert.equal(customer?.fields.name, name);
			assert.equal(customer?.displayName, name);
			assert.equal((await control(sim, 'GET', 'state')).json.customers[0].fields.name, name);
		});

		it('also accepts UTF-8 bytes, but the key is still over the Latin-1 bytes', async () => {
			const form = { name, emailAddress: 'asa@example.se' };
			const utf8Key = await sendRaw(
				`${sim.url}putInfo.asp?${formEncode({ action: 'newCustomerSubmit', sbmId: ACCOUNT.sbmId, apiUserId: ACCOUNT.apiUserId })}`,
				{ method: 'POST', body: formEncode({ ...form, key: signKey(WRITE_USER, name, 'utf8') }, 'utf8'), contentType: 'application/x-www-form-urlencoded' },
			);
			assert.equal(utf8Key.text, `0;${SPECTER_GUESSES.errors.invalidKey};Invalid key`);

			const latin1Key = await callSpecter(sim, { action: 'newCustomerSubmit', subject: name, form, charset: 'utf8' });
			assert.equal(latin1Key.text, '1;10001;OK');
			assert.equal(sim.state.customers.get('10001')?.fields.name, name);
		});

		it('answers in ISO-8859-1, text and XML', async () => {
			const customerId = await seedCustomer(sim);
			const order = { customerId, articleNo_1: 'SMÖR', priceExclVAT_1: '1.00', noOfItems_1: '1', vatPercent_1: '12' };
			const text = await callSpecter(sim, { action: 'newOrderSubmit', subject: customerId, form: order, query: { useXML: '1' } });
			assert.equal(text.contentType, 'text/plain; charset=ISO-8859-1');
			assert.ok(text.body.includes(Buffer.from('SMÖR', 'latin1')));
			assert.equal(text.text, `0;${SPECTER_GUESSES.errors.unknownArticle};Article 'SMÖR' does not exist (articleNo_1)`);

			await control(sim, 'POST', 'articles', { articleNo: 'SM-1', name: 'x' });
			await control(sim, 'POST', 'articles/SM-1/edit', { name: 'Smörgåsbord' });
			const xml = await queueCall(sim, 'getArticleInfoExternalNeedUpdate', 'b1', { useXML: '2' });
			assert.equal(xml.contentType, 'text/xml; charset=ISO-8859-1');
			assert.match(xml.text, /^<\?xml version="1.0" encoding="ISO-8859-1"\?>/);
			assert.ok(xml.body.includes(Buffer.from('<name>Smörgåsbord</name>', 'latin1')));
			assert.equal(parseXml(xml.text).response.articles.article[0].name, 'Smörgåsbord');
		});
	});
});
