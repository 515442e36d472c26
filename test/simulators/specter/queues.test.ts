/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { SPECTER_GUESSES } from '../../../nodes/Specter/wire/guesses';
import { type SpecterSimulator, type SpecterSimulatorOptions, startSpecterSimulator } from './server';
import { callSpecter, control, parseXml, queueCall, seedCustomer, submitOrder, waitFor, withoutTimes } from './sim-test-client';

describe('change queues', () => {
	const OPEN_BATCH = (batchNo: string) => `0;${SPECTER_GUESSES.errors.openBatch};${SPECTER_GUESSES.messages.openBatch(batchNo)}`;
	const SITE = SPECTER_GUESSES.xml.stockSiteIdAttribute;

	let sim: SpecterSimulator;
	async function start(options?: SpecterSimulatorOptions): Promise<SpecterSimulator> {
		sim = await startSpecterSimulator(options);
		return sim;
	}
	afterEach(() => sim.close());

	const seedArticle = (body: Record<string, unknown>) => control(sim, 'POST', 'articles', body);
	const setStock = (articleNo: string, quantity: number | null, stockSiteId?: string) => control(sim, 'POST', 'stock', { articleNo, quantity, stockSiteId });
	const fetchStock = (batchNo: string, query: Record<string, string> = {}) => queueCall(sim, 'getArticleExternalNeedUpdate', batchNo, query);
	const ackStock = (batchNo: string) => queueCall(sim, 'updateArticlesFromBatch', batchNo);

	describe('stock queue', () => {
		it('binds pending changes to a batch, re-fetches it unchanged, blocks other batches with error 99 until acknowledged', async () => {
			await start();
			await seedArticle({ articleNo: 'A1', stock: 10 });
			await setStock('A1', 7);

			const first = await fetchStock('b1');
			assert.equal(first.text, `${sim.state.articles.get('A1')?.specterArticleId};A1;7;b1`);
			assert.equal((await fetchStock('b1')).text, first.text);
			assert.equal((await fetchStock('b2')).text, OPEN_BATCH('b1'));

			const xmlError = parseXml((await fetchStock('b2', { useXML: '2' })).text)[SPECTER_GUESSES.xml.rootElement].APIresponse;
			assert.equal(xmlError.code, String(SPECTER_GUESSES.errors.openBatch));
			assert.match(xmlError.message, /'b1'/);

			assert.equal((await ackStock('b1')).text, '1;1;OK');
			assert.equal((await fetchStock('b2')).text, '');
			assert.equal(sim.state.queues.stock.bound, null, 'an empty fetch opens no batch');
			assert.equal((await fetchStock('b3')).text, '');
		});

		it('acknowledging a batch while none is open succeeds and changes nothing; while another is open it is error 99 naming both (S1)', async () => {
			await start();
			await seedArticle({ articleNo: 'A1', stock: 1 });
			await setStock('A1', 2);
			assert.equal((await ackStock('never-bound')).text, '1;0;OK');
			assert.equal(sim.state.queues.stock.pending.size, 1);
			await fetchStock('b1');
			const testBatch = SPECTER_GUESSES.credentialTest.batchNo;
			assert.equal(
				(await ackStock(testBatch)).text,
				`0;${SPECTER_GUESSES.errors.openBatch};${SPECTER_GUESSES.messages.acknowledgeOtherBatch(testBatch, 'b1')}`,
			);
			// S1 closes the second quoted batch of such an answer
			assert.equal((await ackStock(testBatch)).text.split("'")[3], 'b1');
			assert.equal(sim.state.queues.stock.bound?.batchNo, 'b1');
		});

		it('keeps one pending change per article and never loses a change that arrives after binding', async () => {
			await start();
			await seedArticle({ articleNo: 'A1', stock: 10 });
			await setStock('A1', 7);
			await setStock('A1', 6);
			assert.equal((await fetchStock('b1')).text.split('\r').length, 1);
			await setStock('A1', 3);
			assert.match((await fetchStock('b1')).text, /;A1;6;b1$/);
			await ackStock('b1');
			assert.match((await fetchStock('b2')).text, /;A1;3;b2$/);
		});

		it('answers CR-separated text rows with noItemsAvailable and comma decimals', async () => {
			await start();
			await seedArticle({ articleNo: 'A1', stock: 1 });
			await seedArticle({ articleNo: 'A2', stock: 1 });
			await seedArticle({ articleNo: 'A3', stock: 1 });
			await setStock('A1', 2.5);
			await setStock('A2', 4, '2');
			await setStock('A3', null);
			const ids = ['A1', 'A2', 'A3'].map((articleNo) => sim.state.articles.get(articleNo)?.specterArticleId);
			const response = await fetchStock('b1');
			assert.equal(response.contentType, 'text/plain; charset=ISO-8859-1');
			assert.equal(response.text, [`${ids[0]};A1;2,5;b1`, `${ids[1]};A2;5;b1`, `${ids[2]};A3;noItemsAvailable;b1`].join('\r'));
		});

		it('answers XML per stock site with getMultipleStocksites=1, else one summed <stock>', async () => {
			await start();
			await seedArticle({ articleNo: 'A1', stock: 10 });
			await setStock('A1', 4.5, '2');
			await seedArticle({ articleNo: 'A2', stock: 1, stockSiteId: '2' });
			await setStock('A2', null);

			const perSite = parseXml((await fetchStock('b1', { useXML: '2', getMultipleStocksites: '1' })).text).response.stockChanges.stock;
			assert.deepEqual(perSite, [
				{ [`@${SITE}`]: '1', articles: { article: [{ articleNo: 'A1', noItemsAv: '10' }, { articleNo: 'A2', noItemsAv: 'noItemsAvailable' }] } },
				{ [`@${SITE}`]: '2', articles: { article: [{ articleNo: 'A1', noItemsAv: '4,5' }] } },
			]);
			const summed = parseXml((await fetchStock('b1', { useXML: '2' })).text).response.stockChanges.stock;
			assert.deepEqual(summed, [{ articles: { article: [{ articleNo: 'A1', noItemsAv: '14,5' }, { articleNo: 'A2', noItemsAv: 'noItemsAvailable' }] } }]);
		});

		it('uses dot decimals when commaDecimals is false', async () => {
			await start({ commaDecimals: false });
			await seedArticle({ articleNo: 'A1', stock: 1 });
			await setStock('A1', 2.5);
			assert.match((await fetchStock('b1')).text, /;A1;2\.5;b1$/);
		});

		it('clearArticleBatch&clearSelf=1 drops the open batch and queues every stock-managed article', async () => {
			await start();
			await seedArticle({ articleNo: 'A1', stock: 10 });
			await seedArticle({ articleNo: 'A2', stock: 3 });
			await seedArticle({ articleNo: 'S', stockManaged: false });
			await setStock('A1', 9);
			await fetchStock('b1');

			const without = await queueCall(sim, 'clearArticleBatch', 'c1', { useXML: '1' });
			assert.equal(without.text, `0;${SPECTER_GUESSES.errors.invalidField};Invalid field 'clearSelf': only clearSelf=1 is supported`);
			assert.equal(sim.state.queues.stock.bound?.batchNo, 'b1');

			assert.equal((await queueCall(sim, 'clearArticleBatch', 'c1', { clearSelf: '1', usexml: '1' })).text, '1;2;OK');
			assert.equal(sim.state.queues.stock.bound, null);
			const rows = (await fetchStock('b2')).text.split('\r');
			assert.deepEqual(
				rows.map((line) => line.split(';').slice(1)),
				[
					['A1', '9', 'b2'],
					['A2', '3', 'b2'],
				],
			);
		});
	});

	describe('order status queue', () => {
		async function placeOrders(count: number): Promise<string[]> {
			const customerId = await seedCustomer(sim);
			await seedArticle({ articleNo: 'A1', stock: 100 });
			const orderNos: string[] = [];
			for (let i = 0; i < count; i++) {
				const response = await submitOrder(sim, { customerId, articleNo_1: 'A1', priceExclVAT_1: '1.00', noOfItems_1: '1', vatPercent_1: '25' });
				orderNos.push(response.text.split(';')[1]);
			}
			return orderNos;
		}
		const fetchOrders = (batchNo: string) => queueCall(sim, 'getOrdersExternalNeedUpdate', batchNo, { useXML: '2' });

		it('reports deliveries with tracking numbers and cancellations, paging with moreInfoToFetch', async () => {
			await start({ queuePageSize: 1 });
			const [delivered, cancelled] = await placeOrders(2);
			await control(sim, 'POST', `orders/${delivered}/deliver`, { trackingNo: '00340434' });
			await control(sim, 'POST', `orders/${cancelled}/cancel`);

			const first = parseXml((await fetchOrders('b1')).text).response;
			assert.deepEqual(first.orders.order, [
				{ '@orderNo': delivered, orderstatus: { '@deliveryStatus': 'D', '@statusId': '1' }, deliveries: { '@updated': '1', delivery: [{ '@trackingNo': '00340434' }] } },
			]);
			assert.equal(first.moreInfoToFetch, '1');
			assert.equal((await queueCall(sim, 'updateOrdersFromBatch', 'b1')).text, '1;1;OK');

			const second = parseXml((await fetchOrders('b2')).text).response;
			assert.deepEqual(second.orders.order, [{ '@orderNo': cancelled, orderstatus: { '@deliveryStatus': 'N', '@statusId': '5' }, deliveries: { '@updated': '0' } }]);
			assert.equal(second.moreInfoToFetch, '0');
		});

		it('reports a partial delivery (delivery status kept) and other status changes the control API makes', async () => {
			await start();
			const [partly, other] = await placeOrders(2);
			await control(sim, 'POST', `orders/${partly}/deliver`, { trackingNo: 'PN1', partial: true });
			await control(sim, 'POST', `orders/${other}/status`, { statusId: 3 });
			const page = parseXml((await fetchOrders('b1')).text).response;
			assert.deepEqual(page.orders.order, [
				{ '@orderNo': partly, orderstatus: { '@deliveryStatus': 'N', '@statusId': '1' }, deliveries: { '@updated': '1', delivery: [{ '@trackingNo': 'PN1' }] } },
				{ '@orderNo': other, orderstatus: { '@deliveryStatus': 'N', '@statusId': '3' }, deliveries: { '@updated': '0' } },
			]);
			assert.equal((await queueCall(sim, 'updateOrdersFromBatch', 'b1')).text, '1;2;OK');
			// the rest of the delivery later: D, both deliveries listed
			await control(sim, 'POST', `orders/${partly}/deliver`, { trackingNo: 'PN2' });
			await control(sim, 'POST', `orders/${other}/status`, { deliveryStatus: 'B' });
			const next = parseXml((await fetchOrders('b2')).text).response;
			assert.deepEqual(next.orders.order[0].orderstatus, { '@deliveryStatus': 'D', '@statusId': '1' });
			assert.deepEqual(next.orders.order[0].deliveries.delivery, [{ '@trackingNo': 'PN1' }, { '@trackingNo': 'PN2' }]);
			assert.deepEqual(next.orders.order[1].orderstatus, { '@deliveryStatus': 'B', '@statusId': '3' });
			// a cancelled order takes no further status
			await control(sim, 'POST', `orders/${other}/cancel`);
			assert.equal((await control(sim, 'POST', `orders/${other}/status`, { statusId: 2 })).status, 409);
		});

		it('refuses useXML=2 on updateOrdersFromBatch (S3 does not list it there; S1 sends none) and acknowledges nothing', async () => {
			await start();
			const [orderNo] = await placeOrders(1);
			await control(sim, 'POST', `orders/${orderNo}/deliver`, {});
			await fetchOrders('b1');
			const refused = await queueCall(sim, 'updateOrdersFromBatch', 'b1', { useXML: '2' });
			assert.ok(
				refused.text.includes(`<code>${SPECTER_GUESSES.errors.invalidField}</code><message>Invalid field 'useXML': updateOrdersFromBatch is not documented with useXML=2</message>`),
				refused.text,
			);
			assert.equal(sim.state.queues.orderStatus.bound?.batchNo, 'b1');
			assert.equal((await queueCall(sim, 'updateOrdersFromBatch', 'b1')).text, '1;1;OK');
		});

		it('answers only in XML: without useXML=2 it refuses and binds nothing', async () => {
			await start();
			const [orderNo] = await placeOrders(1);
			await control(sim, 'POST', `orders/${orderNo}/deliver`, {});
			const text = await queueCall(sim, 'getOrdersExternalNeedUpdate', 'b1');
			assert.equal(text.text, `0;${SPECTER_GUESSES.errors.invalidField};Invalid field 'useXML': this queue answers in XML only (useXML=2)`);
			assert.equal(sim.state.queues.orderStatus.bound, null);
			assert.equal(parseXml((await fetchOrders('b2')).text).response.orders.order.length, 1);
		});
	});

	describe('article info queue', () => {
		it('reports Specter-side edits with comma decimals and responseMaxLimit = page size', async () => {
			await start({ queuePageSize: 2 });
			for (const articleNo of ['A1', 'A2', 'A3']) await seedArticle({ articleNo, name: articleNo });
			await control(sim, 'POST', 'articles/A1/edit', { name: 'Widget', priceExclVat: 199.2, buyPrice: 100, weight: 0.25, barCode: '7350000000001', vatPercent: 12 });
			await control(sim, 'POST', 'articles/A2/edit', { name: 'Gadget' });
			await control(sim, 'POST', 'articles/A3/edit', { name: 'Gizmo' });
			const fetchInfo = (batchNo: string) => queueCall(sim, 'getArticleInfoExternalNeedUpdate', batchNo, { useXML: '2' });

			const first = parseXml((await fetchInfo('b1')).text).response;
			assert.equal(first.responseMaxLimit, '2');
			assert.deepEqual(first.articles.article, [
				{
					'@buyPrice': '100,00',
					'@priceExclVat': '199,20',
					'@barCode': '7350000000001',
					'@productWeight': '0,250',
					[`@${SPECTER_GUESSES.xml.articleVatPercentAttribute}`]: '12',
					articleNo: 'A1',
					name: 'Widget',
				},
				{ [`@${SPECTER_GUESSES.xml.articleVatPercentAttribute}`]: '25', articleNo: 'A2', name: 'Gadget' },
			]);
			assert.equal(parseXml((await fetchInfo('b2')).text).response.APIresponse.message, SPECTER_GUESSES.messages.openBatch('b1'));
			await queueCall(sim, 'updateArticleInfosFromBatch', 'b1');
			const second = parseXml((await fetchInfo('b2')).text).response;
			assert.deepEqual(
				second.articles.article.map((article: { name: string }) => article.name),
				['Gizmo'],
			);
		});

		it('sends the webshop texts and the publish flag of an edit under the guessed newArticleSubmit names [G], texts escaped', async () => {
			await start();
			await seedArticle({ articleNo: 'A1', name: 'Widget' });
			await control(sim, 'POST', 'articles/A1/edit', {
				name: 'Widget',
				description: '<p>Lång & "fin"</p>',
				shortDescription: 'Kort',
				publishInWebshop: true,
			});
			const xml = (await queueCall(sim, 'getArticleInfoExternalNeedUpdate', 'b1', { useXML: '2' })).text;
			const [article] = parseXml(xml).response.articles.article;
			const guessed = SPECTER_GUESSES.article;
			assert.equal(article[`@${guessed.publishInWebshopField}`], '1');
			assert.equal(article[guessed.descriptionField], '<p>Lång & "fin"</p>');
			assert.equal(article[guessed.shortDescriptionField], 'Kort');
			assert.ok(xml.includes('&lt;p&gt;L'), 'the HTML travels as escaped text');
			await queueCall(sim, 'updateArticleInfosFromBatch', 'b1');

			await control(sim, 'POST', 'articles/A1/edit', { publishInWebshop: false });
			const [unpublished] = parseXml((await queueCall(sim, 'getArticleInfoExternalNeedUpdate', 'b2', { useXML: '2' })).text).response.articles.article;
			assert.equal(unpublished[`@${guessed.publishInWebshopField}`], '0');
		});

		it('queues the webshop\'s own article writes only with queueApiArticleWrites (POST /__control/settings) [G]', async () => {
			await start();
			const write = (name: string) =>
				callSpecter(sim, { action: 'newArticleSubmit', subject: 'A1', form: { articleNo_1: 'A1', name_1: name, forceArticleUpdate: '1' } });
			await write('One');
			assert.equal(sim.state.queues.articleInfo.pending.size, 0, 'not by default');
			assert.equal((await control(sim, 'POST', 'settings', { queueApiArticleWrites: true })).status, 200);
			await write('Two');
			assert.deepEqual([...sim.state.queues.articleInfo.pending.values()].map((change) => change.name), ['Two']);
			assert.equal((await control(sim, 'POST', 'settings', { queueApiArticleWrites: 'yes' })).status, 400);
		});
	});
});

describe('callbacks', () => {
	const TODAY = '2024-05-17';

	let sim: SpecterSimulator;
	let listener: http.Server;
	let received: Array<{ method: string; url: string }>;
	let listenerUrl: string;

	beforeEach(async () => {
		sim = await startSpecterSimulator({ today: () => TODAY });
		received = [];
		listener = http.createServer((request, response) => {
			received.push({ method: request.method ?? '', url: request.url ?? '' });
			response.end('1;Done');
		});
		await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
		listenerUrl = `http://127.0.0.1:${(listener.address() as AddressInfo).port}`;
	});
	afterEach(async () => {
		await sim.close();
		await new Promise((resolve) => listener.close(resolve));
	});

	function checkAccountSettings(callbacks: Record<string, string>) {
		return callSpecter(sim, { action: 'checkAccountSettings', subject: TODAY, query: { date: TODAY, useXML: '1', ...callbacks } });
	}

	describe('checkAccountSettings and callbacks', () => {
		it('stores callback URLs: a present value sets, an empty one turns off, an absent one is kept', async () => {
			const first = await checkAccountSettings({ actionStockChange: `${listenerUrl}/stock`, actionOrderChange: `${listenerUrl}/order` });
			assert.equal(first.text, '1;0;Call-backs set');
			assert.equal(first.contentType, 'text/plain; charset=ISO-8859-1');
			await checkAccountSettings({ actionStockChange: '', actionNewInvoice: `${listenerUrl}/invoice?o=$orderId&i=$invoiceId&s=$invoiceSource` });
			assert.deepEqual(sim.state.callbacks, {
				stockChange: null,
				orderChange: `${listenerUrl}/order`,
				articleChange: null,
				newInvoice: `${listenerUrl}/invoice?o=$orderId&i=$invoiceId&s=$invoiceSource`,
				removeOrder: null,
			});
		});

		it('calls the registered URLs with placeholders filled when Specter-side changes are queued', async () => {
			await checkAccountSettings({
				actionStockChange: `${listenerUrl}/stock`,
				actionOrderChange: `${listenerUrl}/order?no=$orderNo&id=$orderId`,
				actionArticleChange: `${listenerUrl}/article`,
				actionRemoveOrder: `${listenerUrl}/remove?no=$orderNo`,
			});
			const customerId = await seedCustomer(sim);
			await control(sim, 'POST', 'articles', { articleNo: 'A1', stock: 5 });
			const orderNo = (await submitOrder(sim, { customerId, articleNo_1: 'A1', priceExclVAT_1: '1.00', noOfItems_1: '1', vatPercent_1: '25' })).text.split(';')[1];

			await control(sim, 'POST', `orders/${orderNo}/deliver`, { trackingNo: 'T1' });
			await waitFor(() => received.length === 1, 'the order callback');
			await control(sim, 'POST', 'stock', { articleNo: 'A1', quantity: 3 });
			await waitFor(() => received.length === 2, 'the stock callback');
			await control(sim, 'POST', 'articles/A1/edit', { name: 'Renamed' });
			await waitFor(() => received.length === 3, 'the article callback');
			await control(sim, 'POST', `orders/${orderNo}/cancel`);
			await waitFor(() => received.length === 5, 'the cancel callbacks');

			assert.deepEqual(received.slice(0, 3), [
				{ method: 'GET', url: `/order?no=${orderNo}&id=${orderNo}` },
				{ method: 'GET', url: '/stock' },
				{ method: 'GET', url: '/article' },
			]);
			assert.deepEqual(received.slice(3).map((request) => request.url).sort(), [`/order?no=${orderNo}&id=${orderNo}`, `/remove?no=${orderNo}`]);
			await waitFor(() => sim.state.callbackDeliveries.length === 5, 'the delivery log');
			assert.ok(sim.state.callbackDeliveries.every((delivery) => delivery.ok && delivery.status === 200));
		});

		it('calls with POST and an empty body when started with callbackMethod POST, and logs when each call was sent', async () => {
			await sim.close();
			sim = await startSpecterSimulator({ today: () => TODAY, callbackMethod: 'POST' });
			await checkAccountSettings({ actionStockChange: `${listenerUrl}/stock?secret=s3` });
			await control(sim, 'POST', 'articles', { articleNo: 'A1', stock: 5 });
			const before = new Date().toISOString();
			await control(sim, 'POST', 'stock', { articleNo: 'A1', quantity: 3 });
			await waitFor(() => sim.state.callbackDeliveries.length === 1, 'the stock callback');

			assert.deepEqual(received, [{ method: 'POST', url: '/stock?secret=s3' }]);
			const [delivery] = sim.state.callbackDeliveries;
			assert.equal(delivery.method, 'POST');
			assert.ok(delivery.at >= before && delivery.at <= new Date().toISOString(), delivery.at);
		});

		it('logs a failing callback and keeps serving', async () => {
			const closed = http.createServer();
			await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
			const deadUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/stock`;
			await new Promise((resolve) => closed.close(resolve));

			await checkAccountSettings({ actionStockChange: deadUrl, actionArticleChange: 'not a url' });
			await control(sim, 'POST', 'articles', { articleNo: 'A1', stock: 5 });
			await control(sim, 'POST', 'stock', { articleNo: 'A1', quantity: 4 });
			await control(sim, 'POST', 'articles/A1/edit', { name: 'x' });
			await waitFor(() => sim.state.callbackDeliveries.length === 2, 'both failures to be logged');
			const byEvent = Object.fromEntries(sim.state.callbackDeliveries.map((delivery) => [delivery.event, delivery]));
			assert.equal(byEvent.stockChange.ok, false);
			assert.equal(byEvent.stockChange.url, deadUrl);
			assert.match(byEvent.stockChange.error ?? '', /ECONNREFUSED/);
			assert.deepEqual(withoutTimes([byEvent.articleChange]), [{ event: 'articleChange', method: 'GET', url: 'not a url', ok: false, error: 'invalid URL' }]);
			assert.equal((await checkAccountSettings({})).text, '1;0;Call-backs set');
		});
	});
});
