/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test code runs in Node, not inside n8n */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

import { XMLValidator } from 'fast-xml-parser';

import { SPECTER_GUESSES } from '../../../nodes/Specter/wire/guesses';
import { type SpecterSimulator, startSpecterSimulator } from './server';
import {
	ACCOUNT,
	WRITE_USER,
	control,
	formEncode,
	queueCall,
	seedCustomer,
	sendRaw,
	signKey,
	submitArticles,
	submitCustomer,
	submitOrder,
	waitFor,
	withoutTimes,
} from './sim-test-client';

describe('control API', () => {
	let sim: SpecterSimulator;
	beforeEach(async () => {
		sim = await startSpecterSimulator();
	});
	afterEach(() => sim.close());

	describe('control API', () => {
		it('exposes the whole state as JSON without any credential', async () => {
			await control(sim, 'POST', 'articles', { articleNo: 'A1', name: 'One', priceExclVat: 10, stock: 4, stockSiteId: '2' });
			await submitCustomer(sim, { name: 'Acme AB', emailAddress: 'a@acme.se' });
			await submitOrder(sim, { customerId: '10001', articleNo_1: 'A1', priceExclVAT_1: '10.00', noOfItems_1: '1', vatPercent_1: '25', stocksiteid: '2' });
			await queueCall(sim, 'getArticleExternalNeedUpdate', 'b1');

			const { status, json } = await control(sim, 'GET', 'state');
			assert.equal(status, 200);
			assert.deepEqual(json.customers.map((customer: { customerId: string }) => customer.customerId), ['10001']);
			assert.equal(json.orders[0].orderNo, '50001');
			assert.deepEqual(json.articles[0].stock, { 2: 3 });
			assert.deepEqual(json.queues.stock, { pending: [], bound: { batchNo: 'b1', changes: [{ articleNo: 'A1', specterArticleId: json.articles[0].specterArticleId, stockManaged: true, stock: { 2: 3 } }] } });
			assert.equal(json.requests.length, 3);

			const text = JSON.stringify(json);
			for (const secret of [ACCOUNT.apiUserKey, ACCOUNT.integrationKey, signKey(WRITE_USER, 'Acme AB'), signKey(WRITE_USER, 'b1')]) assert.ok(!text.includes(secret));
		});

		it('logs requests with article row and change counts', async () => {
			await submitArticles(sim, { articleNo_1: 'A1', name_1: 'One', articleNo_2: 'A2', name_2: 'Two', createArticleStock_1: '1', noItemsInStock_1: '3' });
			await control(sim, 'POST', 'stock', { articleNo: 'A1', quantity: 2 });
			await queueCall(sim, 'getArticleExternalNeedUpdate', 'b1', { useXML: '2' });
			await queueCall(sim, 'getArticleExternalNeedUpdate', 'b2');
			const { json } = await control(sim, 'GET', 'requests');
			assert.deepEqual(withoutTimes(json), [
				{ script: 'putInfo.asp', action: 'newArticleSubmit', ok: true, rows: 2 },
				{ script: 'getInfo.asp', action: 'getArticleExternalNeedUpdate', ok: true, changes: 1, batchNo: 'b1', items: ['A1'] },
				{ script: 'getInfo.asp', action: 'getArticleExternalNeedUpdate', ok: false, code: SPECTER_GUESSES.errors.openBatch, batchNo: 'b2' },
			]);
		});

		it('resets in place, so the live state reference stays valid', async () => {
			const state = sim.state;
			await submitCustomer(sim, { name: 'Acme AB', emailAddress: 'a@acme.se' });
			await control(sim, 'POST', 'faults', { kind: 'empty', action: 'nothing' });
			assert.equal((await control(sim, 'POST', 'reset')).status, 200);
			assert.equal(state.customers.size, 0);
			assert.equal(state.requests.length, 0);
			assert.equal(state.faults.length, 0);
			assert.equal((await submitCustomer(sim, { name: 'Acme AB', emailAddress: 'a@acme.se' })).text, '1;10001;OK');
			assert.equal(state.customers.size, 1);
		});

		it('seeds customers and articles without queueing anything', async () => {
			assert.deepEqual((await control(sim, 'POST', 'customers', { customerId: '20000', name: 'Seeded AB', emailAddress: 's@x.se', orgNo: '556000-0000' })).json, { customerId: '20000' });
			assert.equal((await control(sim, 'POST', 'customers', { customerId: '20000', name: 'Again' })).status, 409);
			// API customers match seeded ones and get ids after them
			assert.equal((await submitCustomer(sim, { name: 'Seeded AB', emailAddress: 's@x.se' })).text, '1;20000;OK');
			assert.equal((await submitCustomer(sim, { name: 'New AB', emailAddress: 'n@x.se' })).text, '1;20001;OK');

			const article = (await control(sim, 'POST', 'articles', { articleNo: 'A1', name: 'One', vatPercent: 6, stock: 5 })).json;
			assert.equal(article.vatPercent, 6);
			assert.deepEqual(article.stock, { 1: 5 });
			assert.equal((await control(sim, 'POST', 'articles', { articleNo: 'A2', vatPercent: 7 })).status, 400);
			assert.equal((await control(sim, 'POST', 'articles', { name: 'no number' })).status, 400);
			assert.equal(sim.state.queues.stock.pending.size + sim.state.queues.articleInfo.pending.size, 0);
		});

		it('binds a batch like another client would, blocking the API with error 99', async () => {
			await control(sim, 'POST', 'articles', { articleNo: 'A1', stock: 5 });
			await control(sim, 'POST', 'stock', { articleNo: 'A1', quantity: 4 });
			const bound = await control(sim, 'POST', 'queues/stock/fetch', { batchNo: 'other-client' });
			assert.equal(bound.status, 200);
			assert.equal(bound.json.changes.length, 1);
			assert.equal((await queueCall(sim, 'getArticleExternalNeedUpdate', 'mine')).text, `0;99;${SPECTER_GUESSES.messages.openBatch('other-client')}`);
			assert.deepEqual((await control(sim, 'POST', 'queues/stock/fetch', { batchNo: 'third' })).json.openBatchNo, 'other-client');
			assert.equal((await control(sim, 'POST', 'queues/prices/fetch', { batchNo: 'x' })).status, 404);
			assert.equal((await control(sim, 'POST', 'queues/stock/fetch', {})).status, 400);
		});

		it('refuses unknown records, routes and malformed bodies', async () => {
			assert.equal((await control(sim, 'POST', 'orders/123/deliver', {})).status, 404);
			assert.equal((await control(sim, 'POST', 'articles/NOPE/edit', { name: 'x' })).status, 404);
			assert.equal((await control(sim, 'POST', 'stock', { articleNo: 'NOPE', quantity: 1 })).status, 404);
			assert.equal((await control(sim, 'GET', 'nothing')).status, 404);
			const badJson = await sendRaw(`${sim.url}__control/articles`, { method: 'POST', body: '{nope', contentType: 'application/json' });
			assert.equal(badJson.status, 400);
			assert.equal((await control(sim, 'POST', 'articles', [1, 2])).status, 400);

			await control(sim, 'POST', 'articles', { articleNo: 'A1', stock: 5 });
			assert.equal((await control(sim, 'POST', 'stock', { articleNo: 'A1' })).status, 400);
			await submitCustomer(sim, { name: 'Acme AB', emailAddress: 'a@acme.se' });
			await submitOrder(sim, { customerId: '10001', articleNo_1: 'A1', priceExclVAT_1: '1.00', noOfItems_1: '1', vatPercent_1: '25' });
			await control(sim, 'POST', 'orders/50001/cancel');
			assert.equal((await control(sim, 'POST', 'orders/50001/deliver', {})).status, 409);
			assert.equal(sim.state.orders.get('50001')?.statusId, 5);
		});
	});
});

describe('faults', () => {
	let sim: SpecterSimulator;
	beforeEach(async () => {
		sim = await startSpecterSimulator();
	});
	afterEach(() => sim.close());

	const acme = { name: 'Acme AB', emailAddress: 'a@acme.se' };
	const addFault = (fault: Record<string, unknown>) => control(sim, 'POST', 'faults', fault);

	describe('injected faults', () => {
		it('http500 answers 500 with an HTML page and changes nothing', async () => {
			await addFault({ kind: 'http500' });
			const response = await submitCustomer(sim, acme);
			assert.equal(response.status, 500);
			assert.match(response.contentType, /^text\/html/);
			assert.match(response.text, /500 - Internal server error/);
			assert.equal(sim.state.customers.size, 0);
			assert.deepEqual(withoutTimes(sim.state.requests), [{ script: 'putInfo.asp', action: 'newCustomerSubmit', ok: false, fault: 'http500' }]);
			assert.equal((await submitCustomer(sim, acme)).text, '1;10001;OK', 'the fault is used up');
		});

		it('html answers 200 with an IIS error page', async () => {
			await addFault({ kind: 'html' });
			const response = await submitCustomer(sim, acme);
			assert.equal(response.status, 200);
			assert.match(response.contentType, /^text\/html/);
			assert.match(response.text, /^<!DOCTYPE html/);
			assert.equal(sim.state.customers.size, 0);
		});

		it('empty answers 200 with no body', async () => {
			await addFault({ kind: 'empty' });
			const response = await submitCustomer(sim, acme);
			assert.equal(response.status, 200);
			assert.equal(response.body.length, 0);
			assert.equal(sim.state.customers.size, 0);
		});

		it('malformedXml answers 200 with XML that does not parse', async () => {
			await addFault({ kind: 'malformedXml' });
			const response = await submitCustomer(sim, acme, { useXML: '2' });
			assert.equal(response.status, 200);
			assert.match(response.contentType, /^text\/xml/);
			assert.notEqual(XMLValidator.validate(response.text), true);
			assert.equal(sim.state.customers.size, 0);
		});

		it('latency delays a normal answer, which then takes effect', async () => {
			await addFault({ kind: 'latency', latencyMs: 50 });
			const response = await submitCustomer(sim, acme);
			assert.equal(response.text, '1;10001;OK');
			assert.equal(sim.state.customers.size, 1);
			assert.deepEqual(withoutTimes(sim.state.requests), [{ script: 'putInfo.asp', action: 'newCustomerSubmit', ok: true, fault: 'latency' }]);
		});

		it('timeout never answers and holds the socket until close()', async () => {
			await addFault({ kind: 'timeout' });
			let settled = false;
			const pending = submitCustomer(sim, acme).finally(() => {
				settled = true;
			});
			await waitFor(() => sim.state.requests.length === 1, 'the request to arrive');
			assert.equal(sim.state.requests[0].fault, 'timeout');
			assert.equal(settled, false);
			await sim.close();
			await assert.rejects(pending);
			assert.equal(sim.state.customers.size, 0);
		});

		it('faults apply only to the named action, as many times as asked; DELETE clears them', async () => {
			const customerId = await seedCustomer(sim);
			await addFault({ kind: 'empty', times: 2, action: 'NEWORDERSUBMIT' });
			const order = { customerId, articleNo_1: 'X', priceExclVAT_1: '1.00', noOfItems_1: '1', vatPercent_1: '25' };
			assert.equal((await submitCustomer(sim, acme)).text, '1;10002;OK');
			assert.equal((await submitOrder(sim, order)).body.length, 0);
			assert.equal((await submitOrder(sim, order)).body.length, 0);
			assert.match((await submitOrder(sim, order)).text, /^0;3;/);

			await addFault({ kind: 'http500', times: 5 });
			assert.equal(sim.state.faults.length, 1);
			assert.equal((await control(sim, 'DELETE', 'faults')).status, 200);
			assert.equal((await submitCustomer(sim, acme)).status, 200);
		});

		it('rejects malformed fault requests', async () => {
			assert.equal((await addFault({ kind: 'gremlins' })).status, 400);
			assert.equal((await addFault({ kind: 'empty', times: 0 })).status, 400);
			assert.equal((await addFault({ kind: 'latency', latencyMs: 'slow' })).status, 400);
			assert.equal(sim.state.faults.length, 0);
		});
	});
});

describe('command line', () => {
	const MAIN = join(__dirname, 'main.ts');

	describe('npm run sim:specter', () => {
		it('listens with the account from the environment, never prints given keys, and stops on SIGTERM', async () => {
			// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions -- test code: runs the simulator's own CLI
		const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
				env: { ...process.env, SPECTER_SIM_PORT: '0', SPECTER_SIM_SBMID: '5555', SPECTER_SIM_API_USER_KEY: 'env-secret-user-key' },
				stdio: ['ignore', 'pipe', 'pipe'],
			});
			let output = '';
			child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
			child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
			const exited = once(child, 'exit');
			try {
				await waitFor(() => /listening on (http:\/\/127\.0\.0\.1:\d+\/)/.test(output) || child.exitCode !== null, 'the simulator to start', 30_000);
				const url = /listening on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output)?.[1];
				assert.ok(url, output);

				const signer = { sbmId: '5555', apiUserId: ACCOUNT.apiUserId, inner: 'env-secret-user-key', outer: ACCOUNT.integrationKey };
				const query = formEncode({ action: 'updateArticlesFromBatch', sbmId: '5555', apiUserId: ACCOUNT.apiUserId, batchNo: 'b', key: signKey(signer, 'b') });
				assert.equal((await sendRaw(`${url}getInfo.asp?${query}`)).text, '1;0;OK');

				assert.match(output, /sbmId\s+5555/);
				assert.match(output, new RegExp(`integrationKey\\s+${ACCOUNT.integrationKey}`), 'defaults are printed');
				assert.ok(!output.includes('env-secret-user-key'), 'keys from the environment are not printed');
			} finally {
				child.kill('SIGTERM');
			}
			const [code] = await exited;
			assert.equal(code, 0, output);
			assert.match(output, /stopped/);
		});
	});
});
