/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
// The stock queue as S1 reads it: text rows `specterArticleId;articleNo;quantity;batchNo` for one stock site (no
// useXML), XML with getMultipleStocksites=1&useXML=2 for several. `noItemsAvailable` as a quantity means "not
// stock-managed" (null); a quantity that is missing or unreadable is an error naming the SKU and the batch, never
// a silent null.
import assert from 'node:assert/strict';

import {
	SPECTER_GUESSES,
	SpecterClient,
	SpecterProtocolError,
	parseQueueResponse,
	type RawResponse,
	type SpecterCall,
	type SpecterCredentials,
} from '../../nodes/Specter/wire';
import { createHttpTransport } from '../helpers/http-transport';
import { DEFAULT_ACCOUNT } from '../simulators/specter/auth';
import { startSpecterSimulator, type SpecterSimulator } from '../simulators/specter/server';

const ROOT = SPECTER_GUESSES.xml.rootElement;
const ACTION = 'getArticleExternalNeedUpdate';

function stockXml(articles: string): string {
	return `<${ROOT}><stockChanges><stock><articles>${articles}</articles></stock></stockChanges></${ROOT}>`;
}

function rejection(run: () => unknown): SpecterProtocolError {
	try {
		run();
	} catch (error) {
		assert.ok(error instanceof SpecterProtocolError, `expected a SpecterProtocolError, got ${String(error)}`);
		return error;
	}
	assert.fail('expected an error');
}

describe('stock queue: the quantity element', () => {
	it('reads <noItemsAvailable> as the quantity element as well as <noItemsAv>', () => {
		const page = parseQueueResponse(
			'stock',
			stockXml('<article><articleNo>A-1</articleNo><noItemsAvailable>7</noItemsAvailable></article><article><articleNo>A-2</articleNo><noItemsAv>3</noItemsAv></article>'),
			ACTION,
			{ multipleStockSites: true, batchNo: 'b-1' },
		);
		assert.deepEqual(
			page.items.map((item) => [item.articleNo, item.quantity]),
			[
				['A-1', 7],
				['A-2', 3],
			],
		);
	});

	it('keeps "not stock-managed" (the value noItemsAvailable) apart: quantity null', () => {
		const page = parseQueueResponse(
			'stock',
			stockXml('<article><articleNo>N-1</articleNo><noItemsAv>noItemsAvailable</noItemsAv></article><article><articleNo>N-2</articleNo><noItemsAvailable>noItemsAvailable</noItemsAvailable></article>'),
			ACTION,
			{ multipleStockSites: true, batchNo: 'b-1' },
		);
		assert.deepEqual(
			page.items.map((item) => [item.articleNo, item.quantity]),
			[
				['N-1', null],
				['N-2', null],
			],
		);
	});

	it('an article without a quantity element is an error naming the SKU and the batch', () => {
		const error = rejection(() =>
			parseQueueResponse('stock', stockXml('<article><articleNo>SKU-9</articleNo><quantity>4</quantity></article>'), ACTION, {
				multipleStockSites: true,
				batchNo: 'batch-42',
			}),
		);
		assert.match(error.message, /SKU-9/);
		assert.match(error.message, /batch-42/);
		assert.equal(error.action, ACTION);
	});

	it('an empty or unreadable quantity is an error naming the SKU and the batch (XML and text rows)', () => {
		for (const body of [
			stockXml('<article><articleNo>SKU-8</articleNo><noItemsAv></noItemsAv></article>'),
			stockXml('<article><articleNo>SKU-8</articleNo><noItemsAv>lots</noItemsAv></article>'),
			'101;SKU-8;;b-9',
			'101;SKU-8;lots;b-9\r102;B;1;b-9',
		]) {
			const error = rejection(() => parseQueueResponse('stock', body, ACTION, { batchNo: 'b-9' }));
			assert.match(error.message, /SKU-8/, body);
			assert.match(error.message, /b-9/, body);
		}
	});
});

describe('stock queue: request format', () => {
	function clientAnswering(body: string) {
		const calls: SpecterCall[] = [];
		const client = new SpecterClient({
			transport: async (call): Promise<RawResponse> => {
				calls.push(call);
				return { statusCode: 200, headers: {}, body: new Uint8Array(Buffer.from(body, 'latin1')) };
			},
			sleep: async () => {},
			newBatchNo: () => 'b-1',
		});
		return { client, calls };
	}

	it('one stock site: text rows as S1 asks for them (no useXML); the article id comes with them', async () => {
		const { client, calls } = clientAnswering('501;A-1;12;b-1\r502;A-2;noItemsAvailable;b-1\r');
		const batch = await client.fetchQueue('stock');
		assert.deepEqual(calls[0].query, { batchNo: 'b-1' });
		assert.deepEqual(batch.items, [
			{ articleNo: 'A-1', specterArticleId: '501', quantity: 12 },
			{ articleNo: 'A-2', specterArticleId: '502', quantity: null },
		]);
	});

	it('one stock site: an empty answer is an empty queue', async () => {
		const { client } = clientAnswering('');
		assert.deepEqual((await client.fetchQueue('stock')).items, []);
	});

	it('several stock sites: XML with getMultipleStocksites=1&useXML=2', async () => {
		const { client, calls } = clientAnswering(stockXml('<article><articleNo>A-1</articleNo><noItemsAv>2</noItemsAv></article>'));
		await client.fetchQueue('stock', { multipleStockSites: true });
		assert.deepEqual(calls[0].query, { batchNo: 'b-1', useXML: '2', getMultipleStocksites: '1' });
	});
});

describe('stock queue against the Specter simulator', () => {
	let sim: SpecterSimulator;
	let client: SpecterClient;
	const control = async (path: string, body: unknown = {}) => {
		const response = await fetch(`${sim.url}__control/${path}`, { method: 'POST', body: JSON.stringify(body) });
		assert.equal(response.status, 200, `control ${path}`);
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

	it('reads the text rows of one stock site, with the Specter article id, and acknowledges them', async () => {
		await control('articles', { articleNo: 'MUGG-1', stock: 1 });
		await control('articles', { articleNo: 'BOK-1', stockManaged: false });
		await control('stock', { articleNo: 'MUGG-1', quantity: 7 });
		await control('stock', { articleNo: 'BOK-1', quantity: null });

		const batch = await client.fetchQueue('stock');
		assert.deepEqual(batch.items, [
			{ articleNo: 'MUGG-1', specterArticleId: sim.state.articles.get('MUGG-1')?.specterArticleId, quantity: 7 },
			{ articleNo: 'BOK-1', specterArticleId: sim.state.articles.get('BOK-1')?.specterArticleId, quantity: null },
		]);
		await client.acknowledgeBatch('stock', batch.batchNo);
		assert.deepEqual((await client.fetchQueue('stock')).items, []);
	});
});
