/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
// Acknowledging a batch (update…FromBatch). S1 never reads the reply, so only an in-band error may make the pack
// believe a batch is still open: any other HTTP 200 reply counts as acknowledged, with a warning when it is not
// one of the replies assumed in the guess table. The order-status acknowledgement is sent as S1 sends it (no
// useXML); S3 lists useXML=2 only for the stock and article-info acknowledgements.
import assert from 'node:assert/strict';

import {
	SPECTER_GUESSES,
	SpecterApiError,
	SpecterClient,
	SpecterNetworkError,
	type RawResponse,
	type SpecterCall,
	type SpecterCredentials,
} from '../../nodes/Specter/wire';
import { createHttpTransport } from '../helpers/http-transport';
import { DEFAULT_ACCOUNT } from '../simulators/specter/auth';
import { startSpecterSimulator, type SpecterSimulator } from '../simulators/specter/server';

const ROOT = SPECTER_GUESSES.xml.rootElement;

function reply(body: string, statusCode = 200): RawResponse {
	return { statusCode, headers: { 'content-type': 'text/plain' }, body: new Uint8Array(Buffer.from(body, 'latin1')) };
}

/** A client whose transport answers every call with `body` and records the calls. */
function clientAnswering(body: string | RawResponse) {
	const calls: SpecterCall[] = [];
	const client = new SpecterClient({
		transport: async (call) => {
			calls.push(call);
			return typeof body === 'string' ? reply(body) : body;
		},
		sleep: async () => {},
		newBatchNo: () => 'fresh',
	});
	return { client, calls };
}

describe('acknowledgeBatch: replies', () => {
	it('text "1;…" and an XML APIresponse with result 1 are confirmed acknowledgements', async () => {
		for (const body of ['1;5;OK', `<${ROOT}><APIresponse><result>1</result></APIresponse></${ROOT}>`]) {
			assert.deepEqual(await clientAnswering(body).client.acknowledgeBatch('stock', 'b-1'), { confirmed: true }, body);
		}
	});

	it('an empty body, "OK", a bare "1", a web page or XML without result count as acknowledged, with a warning naming the batch', async () => {
		for (const body of ['', 'OK', '1', ' 1 \r\n', '<html><head><title>Done</title></head></html>', `<${ROOT}/>`, '<broken']) {
			const result = await clientAnswering(body).client.acknowledgeBatch('orderStatus', 'b-7');
			assert.equal(result.confirmed, false, JSON.stringify(body));
			assert.match(result.warning ?? '', /updateOrdersFromBatch/);
			assert.match(result.warning ?? '', /batch b-7/);
			assert.match(result.warning ?? '', /counted as acknowledged/);
		}
	});

	it('in-band errors still throw, naming the batch', async () => {
		const text = clientAnswering('0;1;Invalid key');
		const error = await text.client.acknowledgeBatch('stock', 'b-2').then(
			() => assert.fail('expected an error'),
			(caught: unknown) => caught,
		);
		assert.ok(error instanceof SpecterApiError);
		assert.equal(error.code, 1);
		assert.match(error.message, /batch b-2/);
		const xml = clientAnswering(`<${ROOT}><APIresponse><result>0</result><code>5</code><message>No</message></APIresponse></${ROOT}>`);
		await assert.rejects(xml.client.acknowledgeBatch('articleInfo', 'b-3'), (caught: unknown) => caught instanceof SpecterApiError && /batch b-3/.test(caught.message));
	});

	it('error 99 naming another open batch: the acknowledged batch is not open, so it counts as acknowledged, with a warning', async () => {
		// S1 closes the second quoted batch of an acknowledgement's error 99 (its clearAllQuesFromSBM)
		const message = SPECTER_GUESSES.messages.acknowledgeOtherBatch('b-4', 'open-9');
		const result = await clientAnswering(`0;99;${message}`).client.acknowledgeBatch('stock', 'b-4');
		assert.equal(result.confirmed, false);
		assert.match(result.warning ?? '', /open-9/);
		assert.match(result.warning ?? '', /b-4/);
		// a 99 that names no other batch is not understood: it is thrown
		await assert.rejects(clientAnswering("0;99;Batch 'b-5' is not closed").client.acknowledgeBatch('stock', 'b-5'), SpecterApiError);
	});

	it('HTTP errors are not acknowledgements', async () => {
		await assert.rejects(clientAnswering(reply('', 503)).client.acknowledgeBatch('stock', 'b-6'), SpecterNetworkError);
	});
});

describe('acknowledgeBatch: request shapes', () => {
	it('updateOrdersFromBatch without useXML (as S1 sends it); the stock and article-info acknowledgements with useXML=2 (S3)', async () => {
		const { client, calls } = clientAnswering('1;0;OK');
		await client.acknowledgeBatch('stock', 'b1');
		await client.acknowledgeBatch('orderStatus', 'b2');
		await client.acknowledgeBatch('articleInfo', 'b3');
		assert.deepEqual(
			calls.map((call) => [call.action, call.query]),
			[
				['updateArticlesFromBatch', { batchNo: 'b1', useXML: '2' }],
				['updateOrdersFromBatch', { batchNo: 'b2' }],
				['updateArticleInfosFromBatch', { batchNo: 'b3', useXML: '2' }],
			],
		);
	});
});

describe('acknowledgeBatch against the Specter simulator', () => {
	let sim: SpecterSimulator;
	let client: SpecterClient;
	const control = async (path: string, body: unknown = {}) => {
		const response = await fetch(`${sim.url}__control/${path}`, { method: 'POST', body: JSON.stringify(body) });
		assert.equal(response.status, 200, `control ${path}`);
		return response.json() as Promise<unknown>;
	};

	beforeAll(async () => {
		sim = await startSpecterSimulator({ port: 0 });
		const credentials: SpecterCredentials = {
			baseUrl: sim.url,
			apiVersion: 2,
			sbmId: DEFAULT_ACCOUNT.sbmId,
			apiUserId: DEFAULT_ACCOUNT.apiUserId,
			apiUserKey: DEFAULT_ACCOUNT.apiUserKey,
			integrationKey: DEFAULT_ACCOUNT.integrationKey,
		};
		client = new SpecterClient({ transport: createHttpTransport(credentials, { timeoutMs: 2000 }), sleep: async () => {} });
	});
	afterAll(() => sim.close());

	it('acknowledges an order-status batch (the simulator refuses useXML=2 there, as no source shows it)', async () => {
		await control('customers', { customerId: '900', name: 'Kund AB', emailAddress: 'k@example.se' });
		await control('articles', { articleNo: 'A-1', stock: 5 });
		const order = await client.createOrder({ customerId: '900', externalOrderNo: 'W-1', rows: [{ articleNo: 'A-1', priceExclVat: 10, quantity: 1, vatPercent: 25 }] });
		await control(`orders/${order.orderNo}/deliver`, { trackingNo: 'T-1' });
		const batch = await client.fetchQueue('orderStatus');
		assert.equal(batch.items.length, 1);

		assert.deepEqual(await client.acknowledgeBatch('orderStatus', batch.batchNo), { confirmed: true });
		assert.equal(sim.state.queues.orderStatus.bound, null);
	});

	it('acknowledging a batch that is not the open one answers error 99 naming the open batch second; the client counts it as acknowledged', async () => {
		await control('articles', { articleNo: 'B-1', stock: 1 });
		await control('stock', { articleNo: 'B-1', quantity: 2 });
		await control('queues/stock/fetch', { batchNo: 'open-stock' });

		const result = await client.acknowledgeBatch('stock', 'already-done');
		assert.equal(result.confirmed, false);
		assert.match(result.warning ?? '', /'open-stock'/);
		assert.equal(sim.state.queues.stock.bound?.batchNo, 'open-stock', 'the open batch is left alone');
		const { at, ...lastRequest } = sim.state.requests.at(-1) ?? { at: '' };
		assert.ok(at !== '');
		assert.deepEqual(lastRequest, { script: 'getInfo.asp', action: 'updateArticlesFromBatch', ok: false, code: 99, batchNo: 'already-done' });
	});
});
