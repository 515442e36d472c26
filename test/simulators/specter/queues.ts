 
// getInfo.asp change queues (docs/specter-api.md §4): fetch (bind to a batchNo), acknowledge, and the stock reset.
import { SPECTER_GUESSES } from '../../../nodes/Specter/wire/guesses';
import type { ActionContext, SimSettings } from './context';
import { type ApiAnswer, formatNumber, specterErrors, successAnswer, xmlDocument, xmlElement, xmlText } from './responses';
import {
	type ArticleInfoChange,
	type BoundBatch,
	DEFAULT_STOCK_SITE,
	type OrderStatusChange,
	type QueueName,
	type SimulatorState,
	type StockChange,
	queueStockChange,
} from './state';

const NOT_STOCK_MANAGED = 'noItemsAvailable';
const guessedArticle = SPECTER_GUESSES.article;

export type FetchResult = { ok: true; batch: BoundBatch<unknown>; morePending: boolean } | { ok: false; openBatchNo: string };

/** Binds (or re-reads) a batch; shared by the API and the control API. */
export function fetchBatch(state: SimulatorState, settings: SimSettings, queue: QueueName, batchNo: string): FetchResult {
	const outcome = state.queues[queue].fetch(batchNo, settings.queuePageSize);
	return outcome.open ? { ok: false, openBatchNo: outcome.openBatchNo } : { ok: true, batch: outcome.batch, morePending: outcome.morePending };
}

function requireBatchNo({ params }: ActionContext): string {
	const batchNo = (params.get('batchNo') ?? '').trim();
	if (batchNo === '') throw specterErrors.invalidField('batchNo', 'is required');
	return batchNo;
}

function stockQuantity(change: StockChange, site: string | null, settings: SimSettings): string {
	if (!change.stockManaged) return NOT_STOCK_MANAGED;
	const quantities = site === null ? Object.values(change.stock) : [change.stock[site] ?? 0];
	return formatNumber(quantities.reduce((sum, quantity) => sum + quantity, 0), settings.commaDecimals);
}

function stockArticleXml(change: StockChange, site: string | null, settings: SimSettings): string {
	return xmlElement('article', {}, xmlText('articleNo', change.articleNo) + xmlText('noItemsAv', stockQuantity(change, site, settings)));
}

/** `<stockChanges>`: one `<stock>` per stock site with getMultipleStocksites=1, else one with summed figures. */
function stockXml(changes: StockChange[], perSite: boolean, settings: SimSettings): string {
	let stocks: string;
	if (perSite) {
		// an article without a stock record (or not stock-managed) reports on the default site
		const sitesOf = (change: StockChange) => (change.stockManaged && Object.keys(change.stock).length > 0 ? Object.keys(change.stock) : [DEFAULT_STOCK_SITE]);
		const sites = [...new Set(changes.flatMap(sitesOf))].sort((a, b) => Number(a) - Number(b));
		stocks = sites
			.map((site) => {
				const articles = changes.filter((change) => sitesOf(change).includes(site)).map((change) => stockArticleXml(change, site, settings));
				return xmlElement('stock', { [SPECTER_GUESSES.xml.stockSiteIdAttribute]: site }, xmlElement('articles', {}, articles.join('')));
			})
			.join('');
	} else {
		const articles = changes.map((change) => stockArticleXml(change, null, settings)).join('');
		stocks = changes.length === 0 ? '' : xmlElement('stock', {}, xmlElement('articles', {}, articles));
	}
	return xmlDocument(xmlElement('stockChanges', {}, stocks));
}

/** Text mode: CR-separated `specterArticleId;articleNo;qty;batchNo` rows. */
function stockText(changes: StockChange[], batchNo: string, settings: SimSettings): string {
	return changes.map((change) => [change.specterArticleId, change.articleNo, stockQuantity(change, null, settings), batchNo].join(';')).join('\r');
}

function orderXml(changes: OrderStatusChange[], morePending: boolean): string {
	const orders = changes.map((change) => {
		const status = xmlElement('orderstatus', { deliveryStatus: change.deliveryStatus, statusId: String(change.statusId) });
		const deliveries = change.deliveries.map((delivery) => xmlElement('delivery', { trackingNo: delivery.trackingNo ?? undefined })).join('');
		return xmlElement('order', { orderNo: change.orderNo }, status + xmlElement('deliveries', { updated: change.deliveries.length > 0 ? '1' : '0' }, deliveries));
	});
	return xmlDocument(xmlElement('orders', {}, orders.join('')) + xmlText('moreInfoToFetch', morePending ? '1' : '0'));
}

function articleInfoXml(changes: ArticleInfoChange[], settings: SimSettings): string {
	const price = (value: number | null, decimals: number) => (value === null ? undefined : formatNumber(value, settings.commaDecimals, decimals));
	const articles = changes.map((change) =>
		xmlElement(
			'article',
			{
				buyPrice: price(change.buyPrice, 2),
				priceExclVat: price(change.priceExclVat, 2),
				barCode: change.barCode ?? undefined,
				productWeight: price(change.weight, 3),
				[SPECTER_GUESSES.xml.articleVatPercentAttribute]: String(change.vatPercent),
				// [G] the publish flag under its newArticleSubmit name, 1/0 as it is sent there
				[guessedArticle.publishInWebshopField]: change.publishInWebshop === null ? undefined : change.publishInWebshop ? '1' : '0',
			},
			xmlText('articleNo', change.articleNo) +
				xmlText('name', change.name) +
				// [G] the webshop texts as leaf elements under their newArticleSubmit names (HTML escaped as text)
				(change.description === null ? '' : xmlText(guessedArticle.descriptionField, change.description)) +
				(change.shortDescription === null ? '' : xmlText(guessedArticle.shortDescriptionField, change.shortDescription)),
		),
	);
	return xmlDocument(xmlElement('articles', {}, articles.join('')) + xmlText('responseMaxLimit', String(settings.queuePageSize)));
}

function render(context: ActionContext, queue: QueueName, batch: BoundBatch<unknown>, morePending: boolean): Pick<ApiAnswer, 'contentType' | 'body'> {
	const { params, mode, settings } = context;
	if (queue === 'stock') {
		const changes = batch.changes as StockChange[];
		if (mode === 'text') return { contentType: 'text/plain', body: stockText(changes, batch.batchNo, settings) };
		return { contentType: 'text/xml', body: stockXml(changes, params.flag('getMultipleStocksites'), settings) };
	}
	if (queue === 'orderStatus') return { contentType: 'text/xml', body: orderXml(batch.changes as OrderStatusChange[], morePending) };
	return { contentType: 'text/xml', body: articleInfoXml(batch.changes as ArticleInfoChange[], settings) };
}

export function fetchQueueAction(queue: QueueName) {
	return (context: ActionContext): ApiAnswer => {
		const batchNo = requireBatchNo(context);
		// [G] only the stock queue has a documented text format; the others are requested with useXML=2 (S1, S3).
		// Checked before binding, so the refusal binds nothing.
		if (queue !== 'stock' && context.mode === 'text') throw specterErrors.invalidField('useXML', 'this queue answers in XML only (useXML=2)');
		const result = fetchBatch(context.state, context.settings, queue, batchNo);
		if (!result.ok) throw specterErrors.openBatch(result.openBatchNo);
		return { ok: true, changes: result.batch.changes.length, ...render(context, queue, result.batch, result.morePending) };
	};
}

/**
 * Closes the open batch. While a batch is open, acknowledging another number answers error 99 naming both, the
 * open batch second [E S1 clearAllQuesFromSBM: it checks an acknowledgement's answer for `0;99;` and closes the
 * second quoted batch; the wording is the guess table's]. With no batch open, any number succeeds and changes
 * nothing [G].
 */
export function acknowledgeQueueAction(queue: QueueName) {
	return (context: ActionContext): ApiAnswer => {
		const batchNo = requireBatchNo(context);
		// [G] S3 lists useXML=2 for the stock and article-info acknowledgements only; S1 acknowledges orders without
		// it. What Specter does with useXML=2 here is unknown, so the simulator refuses it (and changes nothing).
		if (queue === 'orderStatus' && context.mode === 'xml') {
			throw specterErrors.invalidField('useXML', 'updateOrdersFromBatch is not documented with useXML=2');
		}
		const open = context.state.queues[queue].bound;
		if (open !== null && open.batchNo !== batchNo) throw specterErrors.acknowledgeOtherBatch(batchNo, open.batchNo);
		const acknowledged = context.state.queues[queue].acknowledge(batchNo);
		return successAnswer(context.mode, String(acknowledged), 'OK');
	};
}

/** clearArticleBatch&clearSelf=1 [I]: drop the open stock batch and queue every stock-managed article afresh. */
export function clearArticleBatch(context: ActionContext): ApiAnswer {
	requireBatchNo(context);
	if (!context.params.flag('clearSelf')) throw specterErrors.invalidField('clearSelf', 'only clearSelf=1 is supported');
	const { state } = context;
	state.queues.stock.bound = null;
	const managed = [...state.articles.values()].filter((article) => article.stockManaged);
	for (const article of managed) queueStockChange(state, article);
	return successAnswer(context.mode, String(managed.length), 'OK');
}
