/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
import assert from 'node:assert/strict';

import {
	SPECTER_GUESSES,
	SpecterApiError,
	SpecterProtocolError,
	openBatchNoFrom,
	parseQueueResponse,
	parseStatusResponse,
	parseWriteResponse,
	sanitizedExcerpt,
} from '../../nodes/Specter/wire';

const ROOT = SPECTER_GUESSES.xml.rootElement;
const ID = SPECTER_GUESSES.xml.idElement;

function apiError(code: number | string, specterMessage?: string) {
	return (error: unknown): boolean =>
		error instanceof SpecterApiError &&
		error.code === code &&
		(specterMessage === undefined || error.specterMessage === specterMessage);
}

describe('parseWriteResponse', () => {
	it('text success: result;id;message (the message may contain semicolons)', () => {
		assert.deepEqual(parseWriteResponse('1;10042;Customer saved; updated', 'newCustomerSubmit'), {
			id: '10042',
			message: 'Customer saved; updated',
		});
		assert.deepEqual(parseWriteResponse('\r\n1;77\r\n', 'newOrderSubmit'), { id: '77', message: '' });
	});

	it('text error: 0;code;message → SpecterApiError with code, message and action', () => {
		assert.throws(
			() => parseWriteResponse('0;3;Article X-1 does not exist', 'newOrderSubmit'),
			(error: unknown) =>
				apiError(3, 'Article X-1 does not exist')(error) &&
				(error as SpecterApiError).action === 'newOrderSubmit' &&
				/Specter rejected newOrderSubmit \(code 3\): Article X-1 does not exist\./.test((error as Error).message),
		);
	});

	it('XML success: <APIresponse> anywhere, result 1, id from the guess table', () => {
		const xml = `<?xml version="1.0" encoding="ISO-8859-1"?><${ROOT}><APIresponse><result>1</result><${ID}>555</${ID}><message>OK &amp; done</message></APIresponse></${ROOT}>`;
		assert.deepEqual(parseWriteResponse(xml, 'newOrderSubmit'), { id: '555', message: 'OK & done' });
		const otherRoot = `<whatever><inner><apiresponse><RESULT>1</RESULT><${ID}>9</${ID}></apiresponse></inner></whatever>`;
		assert.deepEqual(parseWriteResponse(otherRoot, 'newOrderSubmit'), { id: '9', message: '' });
	});

	it('XML error: result 0 with code and message', () => {
		const xml = `<${ROOT}><APIresponse><result>0</result><code>4</code><message>duplicate</message></APIresponse></${ROOT}>`;
		assert.throws(() => parseWriteResponse(xml, 'newOrderSubmit'), apiError(4, 'duplicate'));
	});

	it('XML without APIresponse result is a protocol error', () => {
		assert.throws(() => parseWriteResponse('<response><foo/></response>', 'newOrderSubmit'), SpecterProtocolError);
	});

	it('HTML pages, empty bodies, malformed XML and unexpected text are protocol errors with clear messages', () => {
		const cases: Array<[string, RegExp]> = [
			[
				'<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>',
				/HTML page instead of data \("502 Bad Gateway"\)/,
			],
			['<html><body>Service Unavailable</body></html>', /HTML page/],
			['', /empty body/],
			['   \r\n ', /empty body/],
			['<response><APIresponse><result>1</result></response>', /malformed XML \(closing tag <\/response> does not match <APIresponse>/],
			['<response><APIresponse>', /malformed XML \(unclosed element <APIresponse>/],
			['Internal error in script', /unexpected text; expected "result;id;message": "Internal error in script"/],
			['2;1;what', /unexpected text/],
		];
		for (const [body, message] of cases) {
			assert.throws(
				() => parseWriteResponse(body, 'newCustomerSubmit'),
				(error: unknown) =>
					error instanceof SpecterProtocolError &&
					message.test(error.message) &&
					error.action === 'newCustomerSubmit',
				JSON.stringify(body),
			);
		}
	});

	it('never echoes a key or URL from an error page', () => {
		const signatureHex = '0123456789abcdef'.repeat(2);
		const page = `<html><title>Error</title><body>GET https://api.specter.se/putInfo.asp?action=x&key=${signatureHex} failed; key=${signatureHex}</body></html>`;
		assert.throws(
			() => parseWriteResponse(page.replace('<title>Error</title>', ''), 'newOrderSubmit'),
			(error: unknown) => error instanceof SpecterProtocolError && !error.message.includes(signatureHex) && !error.message.includes('api.specter.se'),
		);
		const excerpt = sanitizedExcerpt(`failed at http://h/x?key=${signatureHex}&a=1 with key=${signatureHex} and ${signatureHex}`);
		assert.ok(!excerpt.includes(signatureHex), excerpt);
		assert.ok(!excerpt.includes('http://'), excerpt);
	});
});

describe('parseStatusResponse (acks, resync)', () => {
	it('accepts XML result 1, an XML without APIresponse, and text 1;…', () => {
		parseStatusResponse(`<${ROOT}><APIresponse><result>1</result></APIresponse></${ROOT}>`, 'updateOrdersFromBatch');
		parseStatusResponse(`<${ROOT}/>`, 'updateOrdersFromBatch');
		parseStatusResponse('1;;Done', 'clearArticleBatch');
	});

	it('throws in-band errors', () => {
		assert.throws(() => parseStatusResponse('0;1;Invalid key', 'updateOrdersFromBatch'), apiError(1, 'Invalid key'));
		assert.throws(
			() => parseStatusResponse(`<${ROOT}><APIresponse><code>6</code><message>Unknown</message></APIresponse></${ROOT}>`, 'x'),
			apiError(6, 'Unknown'),
		);
	});
});

describe('error 99 (open batch)', () => {
	const openBatch = 'f00dfeedf00dfeedf00dfeedf00dfeed';

	it('XML (code and message only) → SpecterApiError whose batch number is extracted from the quotes', () => {
		const xml = `<${ROOT}><APIresponse><code>99</code><message>Batch '${openBatch}' is not closed</message></APIresponse></${ROOT}>`;
		let caught: unknown;
		try {
			parseQueueResponse('orderStatus', xml, 'getOrdersExternalNeedUpdate');
		} catch (error) {
			caught = error;
		}
		assert.ok(caught instanceof SpecterApiError);
		assert.equal(caught.code, 99);
		assert.equal(openBatchNoFrom(caught), openBatch);
	});

	it('text 0;99;… too', () => {
		let caught: unknown;
		try {
			parseQueueResponse('stock', `0;99;Batch '${openBatch}' is not closed`, 'getArticleExternalNeedUpdate');
		} catch (error) {
			caught = error;
		}
		assert.ok(caught instanceof SpecterApiError);
		assert.equal(openBatchNoFrom(caught), openBatch);
	});

	it('other codes name no open batch', () => {
		const error = new SpecterApiError('x', { action: 'a', code: 5, specterMessage: "field 'name' too long" });
		assert.equal(openBatchNoFrom(error), undefined);
	});
});

describe('parseQueueResponse: stock', () => {
	const siteAttribute = SPECTER_GUESSES.xml.stockSiteIdAttribute;
	const xml = `<?xml version="1.0"?>
<${ROOT}>
  <stockChanges>
    <stock ${siteAttribute}="1">
      <articles>
        <article><articleNo>ABC-1</articleNo><noItemsAv>12</noItemsAv></article>
        <article><articleNo>Öl-2</articleNo><noItemsAv>noItemsAvailable</noItemsAv></article>
        <article><articleNo>KG-3</articleNo><noItemsAv>1,5</noItemsAv></article>
      </articles>
    </stock>
    <stock ${siteAttribute}="2">
      <articles>
        <article><articleNo>ABC-1</articleNo><noItemsAv>3</noItemsAv></article>
        <article><articleNo>Öl-2</articleNo><noItemsAv>noItemsAvailable</noItemsAv></article>
      </articles>
    </stock>
  </stockChanges>
</${ROOT}>`;

	it('sums quantities over stock sites, keeps the per-site list, noItemsAvailable → null, comma decimals', () => {
		const page = parseQueueResponse('stock', xml, 'getArticleExternalNeedUpdate', { multipleStockSites: true });
		assert.deepEqual(page.items, [
			{
				articleNo: 'ABC-1',
				specterArticleId: null,
				quantity: 15,
				stockSites: [
					{ stockSiteId: '1', quantity: 12 },
					{ stockSiteId: '2', quantity: 3 },
				],
			},
			{
				articleNo: 'Öl-2',
				specterArticleId: null,
				quantity: null,
				stockSites: [
					{ stockSiteId: '1', quantity: null },
					{ stockSiteId: '2', quantity: null },
				],
			},
			{ articleNo: 'KG-3', specterArticleId: null, quantity: 1.5, stockSites: [{ stockSiteId: '1', quantity: 1.5 }] },
		]);
		assert.equal(page.moreAvailable, false);
	});

	it('leaves out the per-site list when it was not asked for', () => {
		const page = parseQueueResponse('stock', xml, 'getArticleExternalNeedUpdate');
		assert.deepEqual(page.items[0], { articleNo: 'ABC-1', specterArticleId: null, quantity: 15 });
	});

	it('moreAvailable when responseMaxLimit is present and reached', () => {
		const limited = (limit: number): string =>
			`<${ROOT}><stockChanges><stock><articles><article><articleNo>A</articleNo><noItemsAv>1</noItemsAv></article><article><articleNo>B</articleNo><noItemsAv>2</noItemsAv></article></articles></stock></stockChanges><responseMaxLimit>${limit}</responseMaxLimit></${ROOT}>`;
		assert.equal(parseQueueResponse('stock', limited(2), 'a').moreAvailable, true);
		assert.equal(parseQueueResponse('stock', limited(3), 'a').moreAvailable, false);
	});

	it('reads the text format: CR-separated specterArticleId;articleNo;qty;batchNo rows', () => {
		const text = '101;ABC-1;12;b1\r102;Öl-2;noItemsAvailable;b1\r103;KG-3;2,5;b1\r';
		assert.deepEqual(parseQueueResponse('stock', text, 'a'), {
			items: [
				{ articleNo: 'ABC-1', specterArticleId: '101', quantity: 12 },
				{ articleNo: 'Öl-2', specterArticleId: '102', quantity: null },
				{ articleNo: 'KG-3', specterArticleId: '103', quantity: 2.5 },
			],
			moreAvailable: false,
		});
		// a single row whose article id is 0 or 1 is a row, not a status line
		assert.deepEqual(parseQueueResponse('stock', '1;X;4;b2', 'a').items, [{ articleNo: 'X', specterArticleId: '1', quantity: 4 }]);
	});

	it('text rows with the wrong shape are protocol errors', () => {
		assert.throws(() => parseQueueResponse('stock', '101;ABC-1;12', 'a'), SpecterProtocolError);
		assert.throws(() => parseQueueResponse('stock', '101;ABC-1;lots;b1\r102;B;1;b1', 'a'), SpecterProtocolError);
	});
});

describe('parseQueueResponse: order status', () => {
	it('reads orderNo, statusId, deliveryStatus, deliveries and tracking numbers; moreInfoToFetch', () => {
		const xml = `<${ROOT}>
  <orders>
    <order orderNo="12345">
      <orderstatus deliveryStatus="D" statusId="3"/>
      <deliveries updated="0"><delivery trackingNo="00340434"/><delivery trackingNo="00340435"/><delivery trackingNo="00340434"/></deliveries>
    </order>
    <order orderNo="12346"><orderstatus statusId="5"/></order>
    <order orderNo="12347"><orderstatus deliveryStatus="" statusId="2"/><deliveries updated="1"><delivery trackingNo=""/></deliveries></order>
  </orders>
  <moreInfoToFetch>1</moreInfoToFetch>
</${ROOT}>`;
		const page = parseQueueResponse('orderStatus', xml, 'getOrdersExternalNeedUpdate');
		assert.deepEqual(page.items, [
			{ orderNo: '12345', statusId: 3, deliveryStatus: 'D', delivered: true, cancelled: false, trackingNumbers: ['00340434', '00340435'] },
			{ orderNo: '12346', statusId: 5, deliveryStatus: null, delivered: false, cancelled: true, trackingNumbers: [] },
			{ orderNo: '12347', statusId: 2, deliveryStatus: null, delivered: true, cancelled: false, trackingNumbers: [] },
		]);
		assert.equal(page.moreAvailable, true);
	});

	it('moreInfoToFetch 0, false or absent → no more; "true" → more', () => {
		const doc = (more: string): string => `<${ROOT}><orders/>${more}</${ROOT}>`;
		assert.equal(parseQueueResponse('orderStatus', doc('<moreInfoToFetch>0</moreInfoToFetch>'), 'a').moreAvailable, false);
		assert.equal(parseQueueResponse('orderStatus', doc('<moreInfoToFetch>false</moreInfoToFetch>'), 'a').moreAvailable, false);
		assert.equal(parseQueueResponse('orderStatus', doc(''), 'a').moreAvailable, false);
		assert.equal(parseQueueResponse('orderStatus', doc('<moreInfoToFetch>true</moreInfoToFetch>'), 'a').moreAvailable, true);
	});

	it('an order without orderNo is a protocol error; text is not accepted for this queue', () => {
		assert.throws(() => parseQueueResponse('orderStatus', `<${ROOT}><orders><order/></orders></${ROOT}>`, 'a'), SpecterProtocolError);
		assert.throws(() => parseQueueResponse('orderStatus', '101;A;1;b', 'a'), /expected XML/);
	});
});

describe('parseQueueResponse: article info', () => {
	it('reads attributes and child elements, comma decimals, raw values as sent; responseMaxLimit paging', () => {
		const vat = SPECTER_GUESSES.xml.articleVatPercentAttribute;
		const xml = `<${ROOT}>
  <articles>
    <article buyPrice="100,00" priceExclVat="1 199,20" barCode="7350000000019" productWeight="0,250" ${vat}="25">
      <articleNo>ABC-1</articleNo>
      <name>Kaffe &amp; bullar</name>
    </article>
    <article><articleNo>B-2</articleNo><name><![CDATA[Te <grönt>]]></name><priceExclVat>50</priceExclVat></article>
  </articles>
  <responseMaxLimit>2</responseMaxLimit>
</${ROOT}>`;
		const page = parseQueueResponse('articleInfo', xml, 'getArticleInfoExternalNeedUpdate');
		assert.equal(page.moreAvailable, true);
		assert.deepEqual(page.items[0], {
			articleNo: 'ABC-1',
			name: 'Kaffe & bullar',
			priceExclVat: 1199.2,
			buyPrice: 100,
			barCode: '7350000000019',
			weight: 0.25,
			vatPercent: 25,
			raw: {
				articleNo: 'ABC-1',
				name: 'Kaffe & bullar',
				buyPrice: '100,00',
				priceExclVat: '1 199,20',
				barCode: '7350000000019',
				productWeight: '0,250',
				[vat]: '25',
			},
		});
		assert.deepEqual(page.items[1], {
			articleNo: 'B-2',
			name: 'Te <grönt>',
			priceExclVat: 50,
			buyPrice: null,
			barCode: null,
			weight: null,
			vatPercent: null,
			raw: { articleNo: 'B-2', name: 'Te <grönt>', priceExclVat: '50' },
		});
	});

	it('fewer articles than responseMaxLimit, or no limit → no more', () => {
		const one = `<articles><article><articleNo>A</articleNo></article></articles>`;
		assert.equal(parseQueueResponse('articleInfo', `<${ROOT}>${one}<responseMaxLimit>500</responseMaxLimit></${ROOT}>`, 'a').moreAvailable, false);
		assert.equal(parseQueueResponse('articleInfo', `<${ROOT}>${one}</${ROOT}>`, 'a').moreAvailable, false);
		assert.equal(parseQueueResponse('articleInfo', `<${ROOT}>${one}<responseMaxLimit>0</responseMaxLimit></${ROOT}>`, 'a').moreAvailable, false);
	});
});
