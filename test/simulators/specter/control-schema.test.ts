/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
/// <reference types="jest" />
// The Specter simulator's control API checks every body against its zod schema (control-schema.ts): a body that
// does not fit is answered 400 with {"error":"invalid control payload","issues":[{path, message}]} naming each
// wrong field, and changes nothing; a good body still works.
import assert from 'node:assert/strict';

import { type SpecterSimulator, startSpecterSimulator } from './server';
import { control } from './sim-test-client';

interface Issue {
	path: string;
	message: string;
}

describe('Specter simulator: control payload schemas', () => {
	let sim: SpecterSimulator;

	beforeAll(async () => {
		sim = await startSpecterSimulator({ port: 0 });
	});
	afterAll(async () => {
		await sim.close();
	});
	beforeEach(async () => {
		assert.equal((await control(sim, 'POST', 'reset')).status, 200);
	});

	/** POSTs `body` and expects a 400 naming exactly the fields in `paths` (in order). */
	async function refused(path: string, body: unknown, paths: string[]): Promise<Issue[]> {
		const { status, json } = await control(sim, 'POST', path, body);
		assert.equal(status, 400, JSON.stringify(json));
		assert.equal(json.error, 'invalid control payload');
		const issues = json.issues as Issue[];
		assert.deepEqual(
			issues.map((issue) => issue.path),
			paths,
			JSON.stringify(issues),
		);
		for (const issue of issues) assert.ok(issue.message.length > 0);
		return issues;
	}

	it('names each wrong field of an article, including a misspelt one, and seeds nothing', async () => {
		const issues = await refused('articles', { articleNo: ' ', vatPercent: 7, stockManaged: 'no', qty: 3 }, [
			'articleNo',
			'vatPercent',
			'stockManaged',
			'qty',
		]);
		assert.deepEqual(issues, [
			{ path: 'articleNo', message: 'must not be blank' },
			{ path: 'vatPercent', message: 'Invalid option: expected one of 25|12|6|0' },
			{ path: 'stockManaged', message: 'Invalid input: expected boolean, received string' },
			{ path: 'qty', message: 'Unrecognized key' },
		]);
		await refused('articles', { name: 'no number' }, ['articleNo']);
		assert.equal(sim.state.articles.size, 0);
	});

	it('seeds articles, customers and stock from good bodies (numbers taken as text where Specter keeps text)', async () => {
		const article = await control(sim, 'POST', 'articles', { articleNo: 1001, name: 'Mugg', vatPercent: 12, stock: 4, stockSiteId: 2 });
		assert.equal(article.status, 200);
		assert.equal(article.json.articleNo, '1001');
		assert.deepEqual(article.json.stock, { 2: 4 });
		const customer = await control(sim, 'POST', 'customers', { customerId: 777, name: 'Kund AB', emailAddress: 'k@example.se', orgNo: null });
		assert.deepEqual(customer, { status: 200, json: { customerId: '777' } });
		assert.equal((await control(sim, 'POST', 'stock', { articleNo: '1001', quantity: null })).status, 200);
		assert.equal(sim.state.articles.get('1001')?.stockManaged, false);
	});

	it('refuses customer fields that are not text and a null customerId', async () => {
		await refused('customers', { customerId: null, name: 'Kund AB' }, ['customerId']);
		await refused('customers', { name: { first: 'Kund' }, emailAddress: ['k@example.se'] }, ['name', 'emailAddress']);
		assert.equal(sim.state.customers.size, 0);
	});

	it('names a missing stock quantity and a wrong stock site', async () => {
		await control(sim, 'POST', 'articles', { articleNo: 'A1', stock: 5 });
		const [issue] = await refused('stock', { articleNo: 'A1', stockSiteId: true }, ['quantity', 'stockSiteId']);
		assert.match(issue.message, /null for not stock-managed/);
		assert.equal(sim.state.queues.stock.pending.size, 0);
	});

	it('checks the bodies of article edits, deliveries and queue fetches before looking up the record', async () => {
		await refused('articles/A1/edit', { priceExclVat: '99' }, ['priceExclVat']);
		await refused('orders/50001/deliver', { trackingNo: { no: 1 } }, ['trackingNo']);
		await refused('orders/50001/deliver', { partial: 'yes' }, ['partial']);
		await refused('orders/50001/status', {}, ['statusId']);
		await refused('orders/50001/status', { statusId: 5 }, ['statusId']);
		await refused('orders/50001/status', { statusId: 2.5, deliveryStatus: ['B'] }, ['statusId', 'deliveryStatus']);
		await refused('queues/stock/fetch', {}, ['batchNo']);
		// a good body for a record that does not exist is still a 404
		assert.equal((await control(sim, 'POST', 'articles/A1/edit', { priceExclVat: 99 })).status, 404);
		assert.equal((await control(sim, 'POST', 'queues/stock/fetch', { batchNo: 'b1' })).status, 200);
	});

	it('names every wrong field of a fault and queues none', async () => {
		const issues = await refused('faults', { kind: 'gremlins', times: 0, latencyMs: -1, action: ['x'] }, ['kind', 'times', 'action', 'latencyMs']);
		assert.match(issues[0].message, /^Invalid option: expected one of "latency"\|"http500"/);
		assert.equal(sim.state.faults.length, 0);
		assert.equal((await control(sim, 'POST', 'faults', { kind: 'latency', action: 'newOrderSubmit' })).status, 200);
		assert.deepEqual(sim.state.faults, [{ kind: 'latency', times: 1, action: 'newOrderSubmit', latencyMs: 1000 }]);
	});
});
