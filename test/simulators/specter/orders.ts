 
// putInfo.asp?action=newOrderSubmit (docs/specter-api.md §3.2). All-or-nothing: everything is validated before the
// order is stored and its stock reserved.
import type { ActionContext } from './context';
import { headerFields, indexedRows, type WireRow } from './params';
import { type ApiAnswer, specterErrors, successAnswer } from './responses';
import { DEFAULT_STOCK_SITE, type SimArticle, type SimOrder, type SimOrderRow, queueStockChange, takeId } from './state';
import { checkFlag, checkMaxLength, checkStockSiteId, parseDecimal, parseVatPercent, webshopIdFor } from './validation';

const ORDER_HEADER_FIELDS = [
	'customerId', 'externalOrderNo', 'ignoreExternalOrderNoControl', 'currency', 'stocksiteid', 'language',
	'payTypeIdentifier', 'payTypeReference', 'payTypeIdentifierPaySystemUser', 'isPrepayment', 'internalComment',
	'publishedComment', 'customerOrderReference', 'sendOrderMail', 'sendOrderMailToUser', 'userSource',
	'preparedShipmentId', 'externalDeliveryMethod', 'notifyDeliveryByMobile', 'notifyDeliveryMobileNo', 'deliveryDate',
	'webshopId',
];

const ORDER_ROW_FIELDS = ['articleNo', 'articleName', 'articleComment', 'priceExclVAT', 'noOfItems', 'vatPercent'];

const ORDER_FLAGS = ['ignoreExternalOrderNoControl', 'isPrepayment', 'sendOrderMail', 'sendOrderMailToUser', 'notifyDeliveryByMobile'];

/** S4 maxima */
const MAX_LENGTHS = { customerOrderReference: 50, externalDeliveryMethod: 100 };

function requiredRowField(row: WireRow, field: string): string {
	const value = row.fields[field];
	if (value === undefined || value.trim() === '') throw specterErrors.invalidField(`${field}_${row.index}`, 'is required');
	return value;
}

function parseRow({ state, settings }: ActionContext, row: WireRow): SimOrderRow {
	const articleNo = requiredRowField(row, 'articleNo').trim();
	const parsed: SimOrderRow = {
		articleNo,
		articleName: row.fields.articleName ?? '',
		articleComment: row.fields.articleComment ?? '',
		priceExclVat: parseDecimal(requiredRowField(row, 'priceExclVAT'), `priceExclVAT_${row.index}`),
		noOfItems: parseDecimal(requiredRowField(row, 'noOfItems'), `noOfItems_${row.index}`),
		vatPercent: parseVatPercent(requiredRowField(row, 'vatPercent'), `vatPercent_${row.index}`),
		fields: row.fields,
	};
	const known = state.articles.has(articleNo) || settings.pseudoArticles.has(articleNo);
	if (!known && settings.rejectUnknownArticles) throw specterErrors.unknownArticle(articleNo, `articleNo_${row.index}`);
	return parsed;
}

export function submitOrder(context: ActionContext): ApiAnswer {
	const { params, mode, state, settings } = context;
	const customerId = (params.get('customerId') ?? '').trim();
	if (!state.customers.has(customerId)) throw specterErrors.unknownCustomer(customerId);

	const header = headerFields(params, ORDER_HEADER_FIELDS);
	for (const flag of ORDER_FLAGS) checkFlag(header[flag], flag);
	checkMaxLength(header, MAX_LENGTHS);
	const webshopId = webshopIdFor(settings, header.webshopId, 'webshopId');
	const stockSiteId = (header.stocksiteid ?? '').trim() === '' ? DEFAULT_STOCK_SITE : checkStockSiteId(header.stocksiteid, 'stocksiteid');

	const externalOrderNo = (header.externalOrderNo ?? '').trim();
	if (externalOrderNo !== '' && !params.flag('ignoreExternalOrderNoControl')) {
		const existing = [...state.orders.values()].find((order) => order.externalOrderNo === externalOrderNo);
		if (existing) throw specterErrors.duplicateExternalOrderNo(externalOrderNo, existing.orderNo);
	}

	const rows = indexedRows(params, ORDER_ROW_FIELDS, 'articleNo', specterErrors.invalidField).map((row) => parseRow(context, row));

	const order: SimOrder = {
		orderNo: takeId(state, 'order'),
		customerId,
		externalOrderNo,
		webshopId,
		stockSiteId,
		header,
		rows,
		statusId: 1,
		deliveryStatus: 'N',
		deliveries: [],
	};
	state.orders.set(order.orderNo, order);
	reserveStock(context, order);
	return successAnswer(mode, order.orderNo, 'OK');
}

/** Lowers stock of stock-managed rows on the order's stock site and queues one stock change per article. */
function reserveStock({ state }: ActionContext, order: SimOrder): void {
	const touched = new Set<SimArticle>();
	for (const row of order.rows) {
		const article = state.articles.get(row.articleNo);
		if (!article?.stockManaged) continue;
		article.stock[order.stockSiteId] = (article.stock[order.stockSiteId] ?? 0) - row.noOfItems;
		touched.add(article);
	}
	for (const article of touched) queueStockChange(state, article);
}
