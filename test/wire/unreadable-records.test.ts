/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
// A record the reader does not understand must not jam a change queue: every poll would get error 99, fetch the
// same batch again and fail again. Values the pack does not know are passed through as Specter sent them; what
// still cannot be read is an error that names the batch, so a user can act on it.
import assert from 'node:assert/strict';

import {
	SPECTER_GUESSES,
	SpecterClient,
	SpecterProtocolError,
	parseQueueResponse,
	type RawResponse,
} from '../../nodes/Specter/wire';

const ROOT = SPECTER_GUESSES.xml.rootElement;

function xmlReply(inner: string): RawResponse {
	return { statusCode: 200, headers: {}, body: new Uint8Array(Buffer.from(`<${ROOT}>${inner}</${ROOT}>`, 'latin1')) };
}

describe('order status: unknown values pass through', () => {
	it('a statusId that is not a number is passed on as sent; only 5 means cancelled', () => {
		const page = parseQueueResponse(
			'orderStatus',
			`<${ROOT}><orders>
				<order orderNo="1"><orderstatus deliveryStatus="X" statusId="A"/></order>
				<order orderNo="2"><orderstatus statusId=" 7 "/></order>
				<order orderNo="3"><orderstatus statusId=""/></order>
			</orders></${ROOT}>`,
			'getOrdersExternalNeedUpdate',
			{ batchNo: 'b-1' },
		);
		assert.deepEqual(
			page.items.map((item) => [item.orderNo, item.statusId, item.deliveryStatus, item.cancelled, item.delivered]),
			[
				['1', 'A', 'X', false, false],
				['2', 7, null, false, false],
				['3', null, null, false, false],
			],
		);
	});

	it('the client returns such a batch instead of failing, so it can be handled and acknowledged', async () => {
		const replies = [
			xmlReply(`<APIresponse><code>99</code><message>Batch 'open-3' is not closed</message></APIresponse>`),
			xmlReply('<orders><order orderNo="12"><orderstatus statusId="Makulerad"/></order></orders>'),
		];
		const client = new SpecterClient({ transport: async () => replies.shift() as RawResponse, sleep: async () => {}, newBatchNo: () => 'new' });
		const batch = await client.fetchQueue('orderStatus');
		assert.equal(batch.batchNo, 'open-3');
		assert.deepEqual(batch.items, [{ orderNo: '12', statusId: 'Makulerad', deliveryStatus: null, delivered: false, cancelled: false, trackingNumbers: [] }]);
	});
});

describe('article info: unknown values pass through', () => {
	it('a number Specter sends that is not a number is null in its field, kept as sent in raw, and listed in unreadable', () => {
		const page = parseQueueResponse(
			'articleInfo',
			`<${ROOT}><articles><article priceExclVat="ca 100" buyPrice="12,50" productWeight="-"><articleNo>A-1</articleNo><name>Mugg</name></article></articles></${ROOT}>`,
			'getArticleInfoExternalNeedUpdate',
			{ batchNo: 'b-2' },
		);
		const [item] = page.items;
		assert.equal(item.priceExclVat, null);
		assert.equal(item.buyPrice, 12.5);
		assert.equal(item.weight, null);
		assert.equal(item.raw.priceExclVat, 'ca 100');
		assert.equal(item.raw.productWeight, '-');
		assert.deepEqual(item.unreadable, ['priceExclVat', 'productWeight']);
	});

	it('articles whose numbers all read have no unreadable list', () => {
		const page = parseQueueResponse(
			'articleInfo',
			`<${ROOT}><articles><article priceExclVat="100"><articleNo>A-1</articleNo></article></articles></${ROOT}>`,
			'getArticleInfoExternalNeedUpdate',
		);
		assert.equal('unreadable' in page.items[0], false);
	});
});

describe('what still cannot be read names its batch', () => {
	it('an order without orderNo, an article without articleNo', () => {
		const cases: Array<[Parameters<typeof parseQueueResponse>[0], string]> = [
			['orderStatus', `<${ROOT}><orders><order><orderstatus statusId="1"/></order></orders></${ROOT}>`],
			['articleInfo', `<${ROOT}><articles><article><name>X</name></article></articles></${ROOT}>`],
			['stock', `<${ROOT}><stockChanges><stock><articles><article><noItemsAv>1</noItemsAv></article></articles></stock></stockChanges></${ROOT}>`],
		];
		for (const [queue, body] of cases) {
			assert.throws(
				() => parseQueueResponse(queue, body, 'get', { batchNo: 'batch-77' }),
				(error: unknown) => error instanceof SpecterProtocolError && /batch-77/.test(error.message) && /Batch → Acknowledge/.test(error.message),
				queue,
			);
		}
	});

	it('through the client: the recovered batch that cannot be read is named in the error', async () => {
		const replies = [
			xmlReply(`<APIresponse><code>99</code><message>Batch 'stuck-1' is not closed</message></APIresponse>`),
			xmlReply('<orders><order><orderstatus statusId="1"/></order></orders>'),
		];
		const client = new SpecterClient({ transport: async () => replies.shift() as RawResponse, sleep: async () => {}, newBatchNo: () => 'new' });
		await assert.rejects(client.fetchQueue('orderStatus'), (error: unknown) => error instanceof SpecterProtocolError && /stuck-1/.test(error.message));
	});
});
