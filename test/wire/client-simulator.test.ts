/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
// The wire client over real HTTP against the Specter simulator: every operation, error 99 recovery, paging and
// injected faults. The simulator checks keys, Latin-1 and field rules independently of the client.
import assert from 'node:assert/strict';

import {
	SPECTER_GUESSES,
	SpecterApiError,
	SpecterClient,
	SpecterNetworkError,
	SpecterProtocolError,
	type SpecterCredentials,
} from '../../nodes/Specter/wire';
import { createHttpTransport } from '../helpers/http-transport';
import { DEFAULT_ACCOUNT } from '../simulators/specter/auth';
import { startSpecterSimulator, type SpecterSimulator, type SpecterSimulatorOptions } from '../simulators/specter/server';

const TODAY = '2025-03-14';
const READ_USER = { readApiUserId: '43', readApiUserKey: 'sim-read-user-key' };

interface Harness {
	sim: SpecterSimulator;
	client: SpecterClient;
	sleeps: number[];
	control(path: string, body?: unknown): Promise<unknown>;
}

async function startHarness(options: SpecterSimulatorOptions = {}, credentialChanges: Partial<SpecterCredentials> = {}): Promise<Harness> {
	const sim = await startSpecterSimulator({ today: () => TODAY, account: { ...DEFAULT_ACCOUNT, ...READ_USER }, ...options });
	const account = { ...DEFAULT_ACCOUNT, ...READ_USER, ...options.account };
	const credentials: SpecterCredentials = {
		baseUrl: sim.url.replace(/\/$/, ''),
		apiVersion: account.apiVersion,
		sbmId: account.sbmId,
		apiUserId: account.apiUserId,
		apiUserKey: account.apiUserKey,
		integrationKey: account.integrationKey,
		md5Key1: account.md5Key1,
		md5Key2: account.md5Key2,
		readApiUserId: account.readApiUserId,
		readApiUserKey: account.readApiUserKey,
		...credentialChanges,
	};
	const sleeps: number[] = [];
	const client = new SpecterClient({
		transport: createHttpTransport(credentials, { timeoutMs: 400 }),
		sleep: async (ms) => {
			sleeps.push(ms);
		},
		today: () => TODAY,
	});
	const control = async (path: string, body: unknown = {}): Promise<unknown> => {
		const response = await fetch(`${sim.url}__control/${path}`, { method: 'POST', body: JSON.stringify(body) });
		const json: unknown = await response.json();
		assert.equal(response.status, 200, `control ${path}: ${JSON.stringify(json)}`);
		return json;
	};
	return { sim, client, sleeps, control };
}

const customer = {
	organizationalForm: 'C' as const,
	companyName: 'Blåbär  & Co AB',
	email: 'order@blabar.se',
	orgNo: '556677-8899',
	invoiceAddress: { address1: 'Storgatan 1', postcode: '211 22', city: 'Malmö', countryCode: 'SE' },
};

const articles = [
	{ articleNo: 'KAFFE-1', name: 'Kaffe Mörkrost', priceExclVat: 89.6, vatPercent: 12, weight: 0.5, initialStock: 20 },
	{ articleNo: 'KOPP-2', name: 'Kopp “Åre” – vit', priceExclVat: 120, vatPercent: 25, initialStock: 5 },
];

describe('SpecterClient against the Specter simulator', () => {
	let h: Harness;
	beforeAll(async () => {
		h = await startHarness();
	});
	afterAll(async () => {
		await h.sim.close();
	});
	beforeEach(() => {
		h.sleeps.length = 0;
	});

	it('upsertCustomer: creates (key signed over the Latin-1 display name), then matches and updates', async () => {
		const created = await h.client.upsertCustomer(customer);
		const stored = h.sim.state.customers.get(created.id);
		assert.equal(stored?.displayName, 'Blåbär & Co AB');
		assert.equal(stored?.fields.city, 'Malmö');
		const updated = await h.client.upsertCustomer({ ...customer, phone: '040-123' }, { forceCustomerUpdate: true });
		assert.equal(updated.id, created.id);
		assert.equal(h.sim.state.customers.get(created.id)?.updates, 1);
		const person = await h.client.upsertCustomer({ organizationalForm: 'P', firstName: 'Åsa', lastName: 'Öberg', email: 'asa@example.se' });
		assert.equal(h.sim.state.customers.get(person.id)?.displayName, 'Åsa Öberg');
	});

	it('upsertArticles: one request for all rows, Latin-1 and transliterated text, initial stock', async () => {
		const before = h.sim.state.requests.length;
		await h.client.upsertArticles(articles, { forceArticleUpdate: true });
		assert.equal(h.sim.state.requests.length - before, 1);
		assert.equal(h.sim.state.articles.get('KAFFE-1')?.name, 'Kaffe Mörkrost');
		assert.equal(h.sim.state.articles.get('KOPP-2')?.name, 'Kopp "Åre" - vit');
		assert.deepEqual(h.sim.state.articles.get('KAFFE-1')?.stock, { '1': 20 });
		assert.equal(h.sim.state.articles.get('KAFFE-1')?.priceExclVat, 89.6);
	});

	it('createOrder: creates the order; the same externalOrderNo again → alreadyTransferred with its number', async () => {
		const { id: customerId } = await h.client.upsertCustomer(customer);
		const order = {
			customerId,
			externalOrderNo: 'WC-1001',
			rows: [
				{ articleNo: 'KAFFE-1', articleName: 'Kaffe Mörkrost', priceExclVat: 89.6, quantity: 2, vatPercent: 12 },
				{ articleNo: 'KOPP-2', priceExclVat: 120, quantity: 1, vatPercent: 25 },
			],
		};
		const first = await h.client.createOrder(order);
		assert.equal(first.alreadyTransferred, false);
		assert.equal(h.sim.state.orders.get(first.orderNo as string)?.rows[0].priceExclVat, 89.6);
		const again = await h.client.createOrder(order);
		assert.deepEqual([again.alreadyTransferred, again.orderNo], [true, first.orderNo]);
		assert.equal(h.sim.state.orders.size, 1);
	});

	it('fetchQueue (stock, per site) + acknowledgeBatch; error 99 recovers the open batch', async () => {
		const batch = await h.client.fetchQueue('stock', { multipleStockSites: true });
		assert.equal(batch.recovered, false);
		const coffee = batch.items.find((item) => item.articleNo === 'KAFFE-1');
		assert.deepEqual(coffee, { articleNo: 'KAFFE-1', specterArticleId: null, quantity: 18, stockSites: [{ stockSiteId: '1', quantity: 18 }] });

		// the batch was never acknowledged: the next fetch gets error 99 and fetches that batch again
		const recovered = await h.client.fetchQueue('stock', { multipleStockSites: true });
		assert.equal(recovered.recovered, true);
		assert.equal(recovered.batchNo, batch.batchNo);
		assert.deepEqual(recovered.items, batch.items);

		await h.client.acknowledgeBatch('stock', recovered.batchNo);
		assert.equal(h.sim.state.queues.stock.bound, null);
		const empty = await h.client.fetchQueue('stock');
		assert.deepEqual([empty.items, empty.recovered, empty.moreAvailable], [[], false, false]);
	});

	it('fetchQueue (order status): delivered with tracking number, cancelled', async () => {
		const [orderNo] = [...h.sim.state.orders.keys()];
		await h.control(`orders/${orderNo}/deliver`, { trackingNo: '00340434' });
		const delivered = await h.client.fetchQueue('orderStatus');
		assert.deepEqual(delivered.items, [
			{ orderNo, statusId: 1, deliveryStatus: 'D', delivered: true, cancelled: false, trackingNumbers: ['00340434'] },
		]);
		assert.equal(delivered.moreAvailable, false);
		await h.client.acknowledgeBatch('orderStatus', delivered.batchNo);
		await h.control(`orders/${orderNo}/cancel`);
		const cancelled = await h.client.fetchQueue('orderStatus');
		assert.equal(cancelled.items[0].cancelled, true);
		await h.client.acknowledgeBatch('orderStatus', cancelled.batchNo);
	});

	it('fetchQueue (article info): comma decimals from Specter become numbers', async () => {
		await h.control('articles/KAFFE-1/edit', { priceExclVat: 1234.5, buyPrice: 40.25, weight: 0.25, name: 'Kaffe Ljusrost' });
		const batch = await h.client.fetchQueue('articleInfo');
		assert.equal(batch.items.length, 1);
		const { raw, ...change } = batch.items[0];
		assert.deepEqual(change, {
			articleNo: 'KAFFE-1',
			name: 'Kaffe Ljusrost',
			priceExclVat: 1234.5,
			buyPrice: 40.25,
			barCode: null,
			weight: 0.25,
			vatPercent: 12,
		});
		assert.equal(raw.priceExclVat, '1234,50');
		await h.client.acknowledgeBatch('articleInfo', batch.batchNo);
	});

	it('requestFullStockResync re-queues every stock-managed article', async () => {
		await h.client.requestFullStockResync();
		const batch = await h.client.fetchQueue('stock');
		assert.deepEqual(batch.items.map((item) => item.articleNo).sort(), ['KAFFE-1', 'KOPP-2']);
		await h.client.acknowledgeBatch('stock', batch.batchNo);
	});

	it('registerCallbacks sets the given URLs and turns one off with an empty string', async () => {
		await h.client.registerCallbacks({ stockChange: 'http://127.0.0.1:9/stock', orderChange: 'http://127.0.0.1:9/order?no=$orderNo' });
		assert.equal(h.sim.state.callbacks.orderChange, 'http://127.0.0.1:9/order?no=$orderNo');
		await h.client.registerCallbacks({ stockChange: '' });
		assert.equal(h.sim.state.callbacks.stockChange, null);
		assert.equal(h.sim.state.callbacks.orderChange, 'http://127.0.0.1:9/order?no=$orderNo');
		await h.client.registerCallbacks({ orderChange: '' });
	});

	describe('injected faults', () => {
		const fetchAction = 'getArticleInfoExternalNeedUpdate';
		const requestsFor = (action: string): number => h.sim.state.requests.filter((request) => request.action === action).length;

		it('http500 twice: retried with back-off, then succeeds', async () => {
			await h.control('faults', { kind: 'http500', times: 2, action: fetchAction });
			const start = requestsFor(fetchAction);
			const batch = await h.client.fetchQueue('articleInfo');
			assert.deepEqual(batch.items, []);
			assert.equal(requestsFor(fetchAction) - start, 3);
			assert.deepEqual(h.sleeps, [500, 1000]);
		});

		it('http500 every time: SpecterNetworkError after 4 attempts', async () => {
			await h.control('faults', { kind: 'http500', times: 4, action: fetchAction });
			const error = await rejects(h.client.fetchQueue('articleInfo'), SpecterNetworkError);
			assert.equal(error.attempts, 4);
			assert.equal(error.statusCode, 500);
			assert.deepEqual(h.sleeps, [500, 1000, 2000]);
		});

		it('timeout: the request times out and is retried', async () => {
			await h.control('faults', { kind: 'timeout', times: 1, action: fetchAction });
			await h.client.fetchQueue('articleInfo');
			assert.deepEqual(h.sleeps, [10_000], 'a timed-out call is repeated after 10 s');
		});

		it('latency below the time-out: answered without retries', async () => {
			await h.control('faults', { kind: 'latency', times: 1, action: fetchAction, latencyMs: 50 });
			await h.client.fetchQueue('articleInfo');
			assert.deepEqual(h.sleeps, []);
		});

		for (const [kind, message] of [
			['html', /HTML page instead of data \("500 - Internal server error\."\)/],
			['empty', /empty body/],
			['malformedXml', /malformed XML/],
		] as const) {
			it(`${kind}: a SpecterProtocolError, not retried`, async () => {
				await h.control('faults', { kind, times: 1, action: fetchAction });
				const start = requestsFor(fetchAction);
				const error = await rejects(h.client.fetchQueue('articleInfo'), SpecterProtocolError);
				assert.match(error.message, message);
				assert.equal(requestsFor(fetchAction) - start, 1);
				assert.deepEqual(h.sleeps, []);
			});
		}

		it('an order without externalOrderNo is not retried after a 500, so no duplicate can appear', async () => {
			await h.control('faults', { kind: 'http500', times: 1, action: 'newOrderSubmit' });
			const [customerId] = [...h.sim.state.customers.keys()];
			const ordersBefore = h.sim.state.orders.size;
			const error = await rejects(
				h.client.createOrder({ customerId, rows: [{ articleNo: 'KAFFE-1', priceExclVat: 1, quantity: 1, vatPercent: 12 }] }),
				SpecterNetworkError,
			);
			assert.equal(error.attempts, 1);
			assert.deepEqual(h.sleeps, []);
			assert.equal(h.sim.state.orders.size, ordersBefore);
		});
	});
});

describe('SpecterClient against the simulator: credentials', () => {
	it('a wrong integration key gets the in-band invalid-key error, not retried', async () => {
		const h = await startHarness({}, { integrationKey: 'wrong' });
		try {
			const error = await rejects(h.client.fetchQueue('stock'), SpecterApiError);
			assert.equal(error.code, SPECTER_GUESSES.errors.invalidKey);
			assert.match(error.message, /Check the SBM id, API user id and keys/);
			assert.ok(!error.message.includes('wrong'));
			assert.equal(h.sim.state.requests.length, 1);
		} finally {
			await h.sim.close();
		}
	});

	it('API v1 (MD5 Key 1 / 2, no apiUserId) works for writes and reads', async () => {
		const h = await startHarness({ account: { ...DEFAULT_ACCOUNT, apiVersion: 1 } }, { apiVersion: 1 });
		try {
			const { id } = await h.client.upsertCustomer(customer);
			assert.ok(h.sim.state.customers.has(id));
			await h.client.fetchQueue('orderStatus');
		} finally {
			await h.sim.close();
		}
	});

	it('paging: moreAvailable while the article-info queue holds more than a page', async () => {
		const h = await startHarness({ queuePageSize: 2 });
		try {
			await h.client.upsertArticles(
				['A-1', 'A-2', 'A-3'].map((articleNo) => ({ articleNo, name: articleNo })),
				{ forceArticleUpdate: true },
			);
			for (const articleNo of ['A-1', 'A-2', 'A-3']) await h.control(`articles/${articleNo}/edit`, { priceExclVat: 10 });
			const first = await h.client.fetchQueue('articleInfo');
			assert.deepEqual([first.items.length, first.moreAvailable], [2, true]);
			await h.client.acknowledgeBatch('articleInfo', first.batchNo);
			const second = await h.client.fetchQueue('articleInfo');
			assert.deepEqual([second.items.length, second.moreAvailable], [1, false]);
			await h.client.acknowledgeBatch('articleInfo', second.batchNo);

			// order status paging uses moreInfoToFetch
			const { id: customerId } = await h.client.upsertCustomer(customer);
			const rows = [{ articleNo: 'A-1', priceExclVat: 10, quantity: 1, vatPercent: 25 }];
			for (const externalOrderNo of ['W-1', 'W-2', 'W-3']) {
				const { orderNo } = await h.client.createOrder({ customerId, externalOrderNo, rows });
				await h.control(`orders/${orderNo}/deliver`, { trackingNo: `T-${externalOrderNo}` });
			}
			const orders = await h.client.fetchQueue('orderStatus');
			assert.deepEqual([orders.items.length, orders.moreAvailable], [2, true]);
		} finally {
			await h.sim.close();
		}
	});
});

async function rejects<T extends Error>(promise: Promise<unknown>, type: new (...args: never[]) => T): Promise<T> {
	let caught: unknown;
	try {
		await promise;
	} catch (error) {
		caught = error;
	}
	assert.ok(caught instanceof type, `expected ${type.name}, got ${String(caught)}`);
	return caught;
}
