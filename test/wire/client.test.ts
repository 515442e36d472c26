/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
import assert from 'node:assert/strict';

import {
	SPECTER_GUESSES,
	SpecterApiError,
	SpecterClient,
	SpecterNetworkError,
	SpecterProtocolError,
	SpecterValidationError,
	type RawResponse,
	type SpecterCall,
	type SpecterClientOptions,
} from '../../nodes/Specter/wire';

type Reply = RawResponse | Error | ((call: SpecterCall) => RawResponse | Error);

/** An in-memory transport: records every call and answers from a script of replies (the last one repeats). */
function fakeTransport(...replies: Reply[]) {
	const calls: SpecterCall[] = [];
	const sleeps: number[] = [];
	const transport = async (call: SpecterCall): Promise<RawResponse> => {
		calls.push(call);
		const next = replies.length > 1 ? (replies.shift() as Reply) : replies[0];
		const reply = typeof next === 'function' ? next(call) : next;
		if (reply instanceof Error) throw reply;
		return reply;
	};
	const client = (options: Partial<SpecterClientOptions> = {}): SpecterClient =>
		new SpecterClient({
			transport,
			sleep: async (ms) => {
				sleeps.push(ms);
			},
			newBatchNo: () => `batch-${calls.length + 1}`,
			today: () => '2025-03-14',
			...options,
		});
	return { calls, sleeps, client };
}

function text(body: string, statusCode = 200): RawResponse {
	return { statusCode, headers: { 'content-type': 'text/plain' }, body: new Uint8Array(Buffer.from(body, 'latin1')) };
}

const ROOT = SPECTER_GUESSES.xml.rootElement;
function xml(inner: string): RawResponse {
	return text(`<?xml version="1.0" encoding="ISO-8859-1"?><${ROOT}>${inner}</${ROOT}>`);
}

function networkFailure(code: string, message: string): Error {
	return Object.assign(new Error(message), { code });
}

async function rejectsWith<T extends Error>(promise: Promise<unknown>, type: new (...args: never[]) => T): Promise<T> {
	let caught: unknown;
	try {
		await promise;
	} catch (error) {
		caught = error;
	}
	assert.ok(caught instanceof type, `expected ${type.name}, got ${String(caught)}`);
	return caught;
}

describe('SpecterClient request shapes', () => {
	it('upsertCustomer (company): POST putInfo.asp newCustomerSubmit, flags in the query, fields in the body', async () => {
		const fake = fakeTransport(text('1;10042;Customer saved'));
		const result = await fake.client().upsertCustomer(
			{
				organizationalForm: 'C',
				companyName: ' Kaffe & Bullar AB ',
				firstName: 'Not',
				lastName: 'Sent',
				contactPerson: 'Åsa Öberg',
				email: 'order@kaffe.se',
				phone: '+46 8 123 45',
				orgNo: '556677-8899',
				currency: 'SEK',
				language: 'SE',
				attention: '',
				invoiceAddress: { companyName: 'Kaffe AB', address1: 'Storgatan 1', address2: 'Box 2', postcode: '111 22', city: 'Malmö', countryCode: 'SE', region: 'Skåne' },
				deliveryAddress: { address1: 'Lagervägen 3', postcode: '222 33', city: 'Lund', countryCode: 'SE', region: 'Skåne' },
			},
			{ forceCustomerUpdate: true },
		);
		assert.deepEqual(result, { id: '10042', message: 'Customer saved' });
		assert.deepEqual(fake.calls, [
			{
				method: 'POST',
				script: 'putInfo.asp',
				action: 'newCustomerSubmit',
				query: { useXML: '1', forceCustomerUpdate: '1' },
				form: {
					customerOrganizationalForm: 'C',
					name: 'Kaffe & Bullar AB',
					contactPerson: 'Åsa Öberg',
					orgNo: '556677-8899',
					emailAddress: 'order@kaffe.se',
					phoneNo: '+46 8 123 45',
					currency: 'SEK',
					language: 'SE',
					invoiceCompanyName: 'Kaffe AB',
					address: 'Storgatan 1',
					addressRow2: 'Box 2',
					zipCodeEng: '111 22',
					city: 'Malmö',
					countryCode: 'SE',
					region: 'Skåne',
					deliveryAddress: 'Lagervägen 3',
					deliveryZipCodeEng: '222 33',
					deliveryCity: 'Lund',
					deliveryCountryCode: 'SE',
					deliveryregion: 'Skåne',
				},
			},
		]);
	});

	it('upsertCustomer (private person): firstName + surName and no name; matching flags', async () => {
		const fake = fakeTransport(text('1;10043;'));
		await fake.client().upsertCustomer(
			{ organizationalForm: 'P', companyName: 'ignored', firstName: 'Åsa', lastName: 'Öberg', email: 'asa@example.se' },
			{ ignoreControlEmail: true, ignoreControlOrgNo: true },
		);
		assert.deepEqual(fake.calls[0].query, { useXML: '1', ignoreControlEmail: '1', ignoreControlOrgNo: '1' });
		assert.deepEqual(fake.calls[0].form, {
			customerOrganizationalForm: 'P',
			firstName: 'Åsa',
			surName: 'Öberg',
			emailAddress: 'asa@example.se',
		});
	});

	it('createOrder: header fields, webshopId in the query, rows _N with fixed-precision prices', async () => {
		const fake = fakeTransport(text('1;5001;Order created'));
		const result = await fake.client().createOrder({
			customerId: '10042',
			externalOrderNo: 'WC-1001',
			currency: 'SEK',
			language: 'SE',
			stockSiteId: '2',
			webshopId: '3',
			payTypeIdentifier: 'KG',
			payTypeReference: 'klarna-order-1',
			paySystemUser: 'K123',
			isPrepayment: false,
			internalComment: 'Leave at door',
			publishedComment: 'Coupon SUMMER',
			customerOrderReference: 'PO-77',
			externalDeliveryMethod: 'PostNord',
			deliveryDate: '2025-03-20',
			sendOrderMail: true,
			sendOrderMailToUser: false,
			preparedShipmentId: 'ship-9',
			rows: [
				{ articleNo: 'ABC-1', articleName: 'Kaffe', articleComment: 'Grind fine', priceExclVat: 199.2, quantity: 2, vatPercent: 12 },
				{ articleNo: 'frakt', priceExclVat: 49, quantity: 1, vatPercent: 25 },
				{ articleNo: 'discount', priceExclVat: -1.005, quantity: 1.5, vatPercent: 0 },
			],
		});
		assert.deepEqual(result, { orderNo: '5001', alreadyTransferred: false, message: 'Order created' });
		assert.deepEqual(fake.calls, [
			{
				method: 'POST',
				script: 'putInfo.asp',
				action: 'newOrderSubmit',
				query: { useXML: '1', webshopId: '3' },
				form: {
					customerId: '10042',
					externalOrderNo: 'WC-1001',
					currency: 'SEK',
					language: 'SE',
					stocksiteid: '2',
					payTypeIdentifier: 'KG',
					payTypeReference: 'klarna-order-1',
					payTypeIdentifierPaySystemUser: 'K123',
					internalComment: 'Leave at door',
					publishedComment: 'Coupon SUMMER',
					customerOrderReference: 'PO-77',
					externalDeliveryMethod: 'PostNord',
					deliveryDate: '2025-03-20',
					preparedShipmentId: 'ship-9',
					sendOrderMail: '1',
					sendOrderMailToUser: '0',
					articleNo_1: 'ABC-1',
					articleName_1: 'Kaffe',
					articleComment_1: 'Grind fine',
					priceExclVAT_1: '199.20',
					noOfItems_1: '2',
					vatPercent_1: '12',
					articleNo_2: 'frakt',
					priceExclVAT_2: '49.00',
					noOfItems_2: '1',
					vatPercent_2: '25',
					articleNo_3: 'discount',
					priceExclVAT_3: '-1.01',
					noOfItems_3: '1.5',
					vatPercent_3: '0',
				},
			},
		]);
	});

	it('createOrder: prepayment and ignoreExternalOrderNoControl flags', async () => {
		const fake = fakeTransport(text('1;5002;'));
		await fake.client().createOrder(
			{ customerId: '1', isPrepayment: true, payTypeIdentifier: 'PP', rows: [{ articleNo: 'A', priceExclVat: 1, quantity: 1, vatPercent: 25 }] },
			{ ignoreExternalOrderNoControl: true },
		);
		assert.equal(fake.calls[0].form?.isPrepayment, '1');
		assert.equal(fake.calls[0].form?.ignoreExternalOrderNoControl, '1');
		assert.deepEqual(fake.calls[0].query, { useXML: '1' });
	});

	it('upsertArticles: one call for all rows; stock only for rows with initialStock; guessed names from the guess table', async () => {
		const guesses = SPECTER_GUESSES.article;
		const fake = fakeTransport(text('1;2;Articles saved'));
		const result = await fake.client().upsertArticles(
			[
				{
					articleNo: 'ABC-1',
					name: 'Kaffe Mörkrost',
					priceExclVat: 99.5,
					vatPercent: 12,
					weight: 0.25,
					volume: 0.0012,
					barCode: '7350000000019',
					buyPrice: 40,
					stockPrice: 41.255,
					initialStock: 10,
					description: 'Lång beskrivning',
					shortDescription: 'Kort',
					publishInWebshop: true,
					stockSiteId: '2',
					webshopId: '3',
				},
				{ articleNo: 'DEF-2', name: 'Te', publishInWebshop: false, webshopId: '3', initialStock: 0 },
				{ articleNo: 'GHI-3', priceExclVat: 10, webshopId: '3' },
			],
			{ forceArticleUpdate: false },
		);
		assert.deepEqual(result, { id: '2', message: 'Articles saved' });
		assert.equal(fake.calls.length, 1);
		assert.deepEqual(fake.calls[0], {
			method: 'POST',
			script: 'putInfo.asp',
			action: 'newArticleSubmit',
			query: { useXML: '1', [guesses.webshopIdQueryParam]: '3' },
			form: {
				forceArticleUpdate: '0',
				articleNo_1: 'ABC-1',
				name_1: 'Kaffe Mörkrost',
				priceExclVAT_1: '99.50',
				vatPercent_1: '12',
				productWeight_1: '0.250',
				productVolume_1: '0.00',
				barCode_1: '7350000000019',
				buyPrice_1: '40.00',
				stockPrice_1: '41.26',
				createArticleStock_1: '1',
				noItemsInStock_1: '10',
				[`${guesses.descriptionField}_1`]: 'Lång beskrivning',
				[`${guesses.shortDescriptionField}_1`]: 'Kort',
				[`${guesses.publishInWebshopField}_1`]: '1',
				[`${guesses.stockSiteIdField}_1`]: '2',
				articleNo_2: 'DEF-2',
				name_2: 'Te',
				createArticleStock_2: '1',
				noItemsInStock_2: '0',
				[`${guesses.publishInWebshopField}_2`]: '0',
				articleNo_3: 'GHI-3',
				priceExclVAT_3: '10.00',
			},
		});
	});

	it('upsertArticles: forceArticleUpdate=1 and no webshopId when no row has one', async () => {
		const fake = fakeTransport(text('1;1;'));
		await fake.client().upsertArticles([{ articleNo: 'A' }], { forceArticleUpdate: true });
		assert.deepEqual(fake.calls[0].query, { useXML: '1' });
		assert.deepEqual(fake.calls[0].form, { forceArticleUpdate: '1', articleNo_1: 'A' });
	});

	it('fetchQueue: GET getInfo.asp with a fresh batchNo and useXML=2 (+ getMultipleStocksites=1)', async () => {
		const fake = fakeTransport(xml('<stockChanges/>'));
		const client = fake.client();
		const stock = await client.fetchQueue('stock', { multipleStockSites: true });
		const orders = await client.fetchQueue('orderStatus');
		const articles = await client.fetchQueue('articleInfo', { batchNo: 'known-batch' });
		assert.deepEqual(fake.calls, [
			{ method: 'GET', script: 'getInfo.asp', action: 'getArticleExternalNeedUpdate', query: { batchNo: 'batch-1', useXML: '2', getMultipleStocksites: '1' } },
			{ method: 'GET', script: 'getInfo.asp', action: 'getOrdersExternalNeedUpdate', query: { batchNo: 'batch-2', useXML: '2' } },
			{ method: 'GET', script: 'getInfo.asp', action: 'getArticleInfoExternalNeedUpdate', query: { batchNo: 'known-batch', useXML: '2' } },
		]);
		assert.deepEqual(stock, { queue: 'stock', batchNo: 'batch-1', recovered: false, items: [], moreAvailable: false });
		assert.equal(orders.batchNo, 'batch-2');
		assert.equal(articles.batchNo, 'known-batch');
	});

	it('fetchQueue: the default batch numbers are fresh 32-hex-digit strings', async () => {
		const fake = fakeTransport(xml(''));
		const client = fake.client({ newBatchNo: undefined });
		const first = await client.fetchQueue('stock');
		const second = await client.fetchQueue('stock');
		assert.match(first.batchNo, /^[0-9a-f]{32}$/);
		assert.notEqual(first.batchNo, second.batchNo);
		assert.equal(fake.calls[0].query.batchNo, first.batchNo);
	});

	it('acknowledgeBatch: GET update…FromBatch with the batchNo (updateOrdersFromBatch without useXML, as S1 sends it)', async () => {
		const fake = fakeTransport(xml('<APIresponse><result>1</result></APIresponse>'));
		const client = fake.client();
		await client.acknowledgeBatch('stock', 'b1');
		await client.acknowledgeBatch('orderStatus', 'b2');
		await client.acknowledgeBatch('articleInfo', 'b3');
		assert.deepEqual(
			fake.calls.map((call) => [call.method, call.script, call.action, call.query]),
			[
				['GET', 'getInfo.asp', 'updateArticlesFromBatch', { batchNo: 'b1', useXML: '2' }],
				['GET', 'getInfo.asp', 'updateOrdersFromBatch', { batchNo: 'b2' }],
				['GET', 'getInfo.asp', 'updateArticleInfosFromBatch', { batchNo: 'b3', useXML: '2' }],
			],
		);
	});

	it('requestFullStockResync: clearArticleBatch&clearSelf=1 with a fresh batchNo, useXML=2', async () => {
		const fake = fakeTransport(xml('<APIresponse><result>1</result></APIresponse>'));
		await fake.client().requestFullStockResync();
		assert.deepEqual(fake.calls, [
			{ method: 'GET', script: 'getInfo.asp', action: 'clearArticleBatch', query: { clearSelf: '1', batchNo: 'batch-1', useXML: '2' } },
		]);
	});

	it("registerCallbacks: GET checkAccountSettings with today's date; only the given URLs ('' turns one off)", async () => {
		const fake = fakeTransport(text('1;;Call-backs set'));
		const result = await fake.client().registerCallbacks({
			stockChange: 'https://n8n.example/webhook/stock?pskey=s',
			orderChange: '',
			removeOrder: 'https://n8n.example/webhook/remove?no=$orderNo',
		});
		assert.deepEqual(result, { id: '', message: 'Call-backs set' });
		assert.deepEqual(fake.calls, [
			{
				method: 'GET',
				script: 'getInfo.asp',
				action: 'checkAccountSettings',
				query: {
					useXML: '1',
					date: '2025-03-14',
					actionStockChange: 'https://n8n.example/webhook/stock?pskey=s',
					actionOrderChange: '',
					actionRemoveOrder: 'https://n8n.example/webhook/remove?no=$orderNo',
				},
			},
		]);
	});

	it('registerCallbacks defaults to a YYYY-MM-DD date', async () => {
		const fake = fakeTransport(text('1;;ok'));
		await fake.client({ today: undefined }).registerCallbacks({ newInvoice: 'https://x/$invoiceId' });
		assert.match(fake.calls[0].query.date, /^\d{4}-\d{2}-\d{2}$/);
	});

	it('hands the transport Latin-1 values (transliterated) and validates before sending anything', async () => {
		const fake = fakeTransport(text('1;1;'));
		const client = fake.client();
		await client.upsertArticles([{ articleNo: 'A', name: '“Bästa” kaffet – 100 €' }], { forceArticleUpdate: true });
		assert.equal(fake.calls[0].form?.name_1, '"Bästa" kaffet - 100 EUR');
		await rejectsWith(client.upsertArticles([{ articleNo: 'B', name: 'Kaffe ☕' }], { forceArticleUpdate: true }), SpecterValidationError);
		await rejectsWith(
			client.createOrder({ customerId: '1', rows: [{ articleNo: 'A', priceExclVat: 1, quantity: 1, vatPercent: 24 }] }),
			SpecterValidationError,
		);
		await rejectsWith(client.upsertCustomer({ organizationalForm: 'C', email: 'a@b.se' }), SpecterValidationError);
		assert.equal(fake.calls.length, 1);
	});
});

describe('SpecterClient order idempotency', () => {
	const order = { customerId: '10042', externalOrderNo: 'WC-1001', rows: [{ articleNo: 'A', priceExclVat: 1, quantity: 1, vatPercent: 25 }] };
	const duplicateCode = SPECTER_GUESSES.errors.duplicateExternalOrderNo;

	it('duplicate externalOrderNo → alreadyTransferred with the order number from the message', async () => {
		const message = SPECTER_GUESSES.messages.duplicateExternalOrderNo('WC-1001', '5001');
		const fake = fakeTransport(text(`0;${duplicateCode};${message}`));
		assert.deepEqual(await fake.client().createOrder(order), { orderNo: '5001', alreadyTransferred: true, message });
	});

	it('… in XML too, and orderNo null when Specter does not name it', async () => {
		const fake = fakeTransport(
			xml(`<APIresponse><result>0</result><code>${duplicateCode}</code><message>externalOrderNo 'WC-1001' already exists</message></APIresponse>`),
		);
		assert.deepEqual(await fake.client().createOrder(order), {
			orderNo: null,
			alreadyTransferred: true,
			message: "externalOrderNo 'WC-1001' already exists",
		});
	});

	it('other in-band errors still throw', async () => {
		const fake = fakeTransport(text(`0;${SPECTER_GUESSES.errors.unknownArticle};Article A does not exist`));
		const error = await rejectsWith(fake.client().createOrder(order), SpecterApiError);
		assert.equal(error.code, SPECTER_GUESSES.errors.unknownArticle);
		assert.match(error.message, /Create the article in Specter first/);
	});

	it('a time-out after Specter stored the order: the retry hits the duplicate guard → alreadyTransferred', async () => {
		const message = SPECTER_GUESSES.messages.duplicateExternalOrderNo('WC-1001', '5003');
		const fake = fakeTransport(networkFailure('ETIMEDOUT', 'timeout'), text(`0;${duplicateCode};${message}`));
		const result = await fake.client().createOrder(order);
		assert.deepEqual(result, { orderNo: '5003', alreadyTransferred: true, message });
		assert.equal(fake.calls.length, 2);
		// a timed-out call may still be running in Specter: the repeat waits 10 s, not the usual 0.5 s
		assert.deepEqual(fake.sleeps, [10_000]);
	});
});

describe('SpecterClient error 99 recovery', () => {
	it('fetches the open batch named in quotes instead (recovered: true) and acknowledges nothing by itself', async () => {
		const fake = fakeTransport(
			xml("<APIresponse><code>99</code><message>Batch 'open-7' is not closed</message></APIresponse>"),
			xml('<orders><order orderNo="12345"><orderstatus deliveryStatus="D"/></order></orders>'),
		);
		const batch = await fake.client().fetchQueue('orderStatus');
		assert.equal(batch.recovered, true);
		assert.equal(batch.batchNo, 'open-7');
		assert.deepEqual(batch.items.map((item) => [item.orderNo, item.delivered]), [['12345', true]]);
		assert.deepEqual(
			fake.calls.map((call) => [call.action, call.query.batchNo]),
			[
				['getOrdersExternalNeedUpdate', 'batch-1'],
				['getOrdersExternalNeedUpdate', 'open-7'],
			],
		);
	});

	it('works with the text answer 0;99;… and keeps the stock options', async () => {
		const fake = fakeTransport(
			text("0;99;Batch 'open-8' is not closed"),
			xml('<stockChanges><stock><articles><article><articleNo>A-1</articleNo><noItemsAv>3</noItemsAv></article></articles></stock></stockChanges>'),
		);
		const batch = await fake.client().fetchQueue('stock', { multipleStockSites: true });
		assert.equal(batch.batchNo, 'open-8');
		assert.deepEqual(fake.calls[1].query, { batchNo: 'open-8', useXML: '2', getMultipleStocksites: '1' });
	});

	it('closes an open batch that is empty at three reads (it would block the queue for good) and reads afresh', async () => {
		const fake = fakeTransport(
			text("0;99;Batch 'open-11' is not closed"),
			xml('<stockChanges/>'),
			text(''),
			xml('<stockChanges/>'),
			text('1;0;OK'),
			xml('<stockChanges><stock><articles><article><articleNo>B-2</articleNo><noItemsAv>5</noItemsAv></article></articles></stock></stockChanges>'),
		);
		const batch = await fake.client().fetchQueue('stock');
		assert.deepEqual(
			fake.calls.map((call) => [call.action, call.query.batchNo]),
			[
				['getArticleExternalNeedUpdate', 'batch-1'],
				['getArticleExternalNeedUpdate', 'open-11'],
				['getArticleExternalNeedUpdate', 'open-11'],
				['getArticleExternalNeedUpdate', 'open-11'],
				['updateArticlesFromBatch', 'open-11'],
				['getArticleExternalNeedUpdate', 'batch-6'],
			],
		);
		assert.equal(batch.recovered, false);
		assert.deepEqual(batch.items.map((item) => [item.articleNo, item.quantity]), [['B-2', 5]]);
	});

	it('an open batch read back as an empty text answer (a lost answer looks the same) is read again, not closed unseen', async () => {
		const fake = fakeTransport(
			text("0;99;Batch 'open-12' is not closed"),
			text(''),
			text('1;C-3;7;open-12'),
		);
		const batch = await fake.client().fetchQueue('stock');
		assert.equal(batch.batchNo, 'open-12');
		assert.equal(batch.recovered, true);
		assert.deepEqual(batch.items.map((item) => [item.articleNo, item.quantity]), [['C-3', 7]]);
		assert.deepEqual(fake.calls.map((call) => call.action), ['getArticleExternalNeedUpdate', 'getArticleExternalNeedUpdate', 'getArticleExternalNeedUpdate']);
	});

	it('does not loop: a second 99 (or one without a quoted batch) is thrown', async () => {
		const again = fakeTransport(text("0;99;Batch 'open-9' is not closed"), text("0;99;Batch 'open-10' is not closed"));
		const error = await rejectsWith(again.client().fetchQueue('articleInfo'), SpecterApiError);
		assert.equal(error.code, 99);
		assert.equal(again.calls.length, 2);
		const unquoted = fakeTransport(text('0;99;A batch is open'));
		await rejectsWith(unquoted.client().fetchQueue('articleInfo'), SpecterApiError);
		assert.equal(unquoted.calls.length, 1);
	});
});

describe('SpecterClient paging flags', () => {
	it('articleInfo: more when the number of articles reaches responseMaxLimit', async () => {
		const articles = '<articles><article><articleNo>A</articleNo></article><article><articleNo>B</articleNo></article></articles>';
		const fake = fakeTransport(xml(`${articles}<responseMaxLimit>2</responseMaxLimit>`), xml(`${articles}<responseMaxLimit>500</responseMaxLimit>`));
		const client = fake.client();
		assert.equal((await client.fetchQueue('articleInfo')).moreAvailable, true);
		assert.equal((await client.fetchQueue('articleInfo')).moreAvailable, false);
	});

	it('orderStatus: more when moreInfoToFetch > 0', async () => {
		const fake = fakeTransport(xml('<orders/><moreInfoToFetch>3</moreInfoToFetch>'), xml('<orders/><moreInfoToFetch>0</moreInfoToFetch>'));
		const client = fake.client();
		assert.equal((await client.fetchQueue('orderStatus')).moreAvailable, true);
		assert.equal((await client.fetchQueue('orderStatus')).moreAvailable, false);
	});
});

describe('SpecterClient retries', () => {
	const order = { customerId: '1', rows: [{ articleNo: 'A', priceExclVat: 1, quantity: 1, vatPercent: 25 }] };
	const customer = { organizationalForm: 'C' as const, companyName: 'AB', email: 'a@b.se' };

	it('retries transport rejections with exponential back-off through the injected sleep', async () => {
		const fake = fakeTransport(networkFailure('ECONNRESET', 'socket hang up'), networkFailure('ECONNREFUSED', 'refused'), xml('<stockChanges/>'));
		const batch = await fake.client().fetchQueue('stock');
		assert.equal(batch.items.length, 0);
		assert.equal(fake.calls.length, 3);
		assert.deepEqual(fake.sleeps, [500, 1000]);
	});

	it('retries HTTP 5xx and gives up after the configured attempts with a SpecterNetworkError', async () => {
		const fake = fakeTransport(text('Service Unavailable', 503));
		const error = await rejectsWith(fake.client().acknowledgeBatch('stock', 'b1'), SpecterNetworkError);
		assert.equal(fake.calls.length, 4);
		assert.deepEqual(fake.sleeps, [500, 1000, 2000]);
		assert.equal(error.attempts, 4);
		assert.equal(error.statusCode, 503);
		assert.equal(error.retryable, true);
		assert.match(error.message, /HTTP 503 .*gave up after 4 attempts/);
	});

	it('honours a custom policy and caps each back-off at maxDelayMs', async () => {
		const fake = fakeTransport(text('', 500));
		await rejectsWith(fake.client({ retry: { attempts: 6, baseDelayMs: 100, maxDelayMs: 700 } }).requestFullStockResync(), SpecterNetworkError);
		assert.equal(fake.calls.length, 6);
		assert.deepEqual(fake.sleeps, [100, 200, 400, 700, 700]);
	});

	it('retries time-outs of every repeatable operation', async () => {
		const timeout = networkFailure('ETIMEDOUT', 'timeout of 30000ms exceeded');
		const operations: Array<[string, (client: SpecterClient) => Promise<unknown>, RawResponse]> = [
			['fetchQueue', (client) => client.fetchQueue('articleInfo'), xml('')],
			['acknowledgeBatch', (client) => client.acknowledgeBatch('orderStatus', 'b'), xml('')],
			['requestFullStockResync', (client) => client.requestFullStockResync(), xml('')],
			['registerCallbacks', (client) => client.registerCallbacks({ stockChange: 'https://x' }), text('1;;ok')],
			['upsertArticles', (client) => client.upsertArticles([{ articleNo: 'A' }], { forceArticleUpdate: true }), text('1;1;')],
			['createOrder with externalOrderNo', (client) => client.createOrder({ ...order, externalOrderNo: 'WC-1' }), text('1;5;')],
			['upsertCustomer (matching on)', (client) => client.upsertCustomer(customer, { ignoreControlEmail: true }), text('1;5;')],
		];
		for (const [name, run, success] of operations) {
			const fake = fakeTransport(timeout, success);
			await run(fake.client());
			assert.equal(fake.calls.length, 2, name);
			assert.deepEqual(fake.sleeps, [10_000], name);
		}
	});

	it('does NOT retry calls that could create duplicates', async () => {
		const operations: Array<[string, (client: SpecterClient) => Promise<unknown>]> = [
			['createOrder without externalOrderNo', (client) => client.createOrder(order)],
			['createOrder with the duplicate guard off', (client) => client.createOrder({ ...order, externalOrderNo: 'WC-1' }, { ignoreExternalOrderNoControl: true })],
			['upsertCustomer with both ignore flags', (client) => client.upsertCustomer(customer, { ignoreControlEmail: true, ignoreControlOrgNo: true })],
		];
		for (const [name, run] of operations) {
			const fake = fakeTransport(networkFailure('ETIMEDOUT', 'timeout'), text('1;5;'));
			const error = await rejectsWith(run(fake.client()), SpecterNetworkError);
			assert.equal(fake.calls.length, 1, name);
			assert.deepEqual(fake.sleeps, [], name);
			assert.equal(error.attempts, 1, name);
			assert.match(error.message, /timed out.*not retried because repeating .* could create a duplicate/, name);
		}
		const serverError = fakeTransport(text('', 502), text('1;5;'));
		await rejectsWith(serverError.client().createOrder(order), SpecterNetworkError);
		assert.equal(serverError.calls.length, 1);
	});

	it('never retries in-band errors or protocol errors', async () => {
		const replies: Array<[RawResponse, new (...args: never[]) => Error]> = [
			[text('0;1;Invalid key'), SpecterApiError],
			[text('<html><body>Maintenance</body></html>'), SpecterProtocolError],
			[text(''), SpecterProtocolError],
			[text('<response><APIresponse>'), SpecterProtocolError],
			[text('Not Found', 404), SpecterProtocolError],
		];
		for (const [reply, type] of replies) {
			const fake = fakeTransport(reply, xml(''));
			await rejectsWith(fake.client().fetchQueue('articleInfo'), type);
			assert.equal(fake.calls.length, 1, type.name);
			assert.deepEqual(fake.sleeps, []);
		}
	});

	it('a transport rejection carrying a 4xx status is a protocol error, a 5xx one is retried', async () => {
		const clientError = fakeTransport(Object.assign(new Error('Forbidden'), { httpCode: '403' }));
		const protocol = await rejectsWith(clientError.client().fetchQueue('stock'), SpecterProtocolError);
		assert.equal(protocol.statusCode, 403);
		assert.equal(clientError.calls.length, 1);
		const serverError = fakeTransport(Object.assign(new Error('Bad gateway'), { httpCode: '502' }), xml(''));
		await serverError.client().fetchQueue('stock');
		assert.equal(serverError.calls.length, 2);
	});

	it('never puts a transport message containing the key into its error', async () => {
		const signatureHex = '0123456789abcdef'.repeat(2);
		const leaky = new Error(`request to https://api.specter.se/getInfo.asp?action=x&key=${signatureHex} failed`);
		const fake = fakeTransport(leaky);
		const error = await rejectsWith(fake.client().fetchQueue('stock'), SpecterNetworkError);
		assert.ok(!error.message.includes(signatureHex), error.message);
		assert.ok(!error.message.includes('key='), error.message);
		assert.ok(!error.message.includes('api.specter.se'), error.message);
		const timedOut = fakeTransport(new Error(`ETIMEDOUT https://api.specter.se/x?key=${signatureHex}: timed out`));
		const timeoutError = await rejectsWith(timedOut.client().fetchQueue('stock'), SpecterNetworkError);
		assert.match(timeoutError.message, /\(timed out\)/);
		assert.ok(!timeoutError.message.includes(signatureHex));
		const coded = fakeTransport(networkFailure('ENOTFOUND', `getaddrinfo ENOTFOUND api.specter.se key=${signatureHex}`));
		assert.match((await rejectsWith(coded.client().fetchQueue('stock'), SpecterNetworkError)).message, /\(the host name was not found, ENOTFOUND\)/);
	});

	it('passes a Specter error thrown inside the transport (even wrapped by n8n) through, without retrying', async () => {
		const inner = new SpecterValidationError('The Specter credential has no integration key.', { field: 'integrationKey' });
		const fake = fakeTransport(Object.assign(new Error('wrapped'), { cause: inner }));
		const error = await rejectsWith(fake.client().fetchQueue('stock'), SpecterValidationError);
		assert.equal(error, inner);
		assert.equal(fake.calls.length, 1);
	});
});
