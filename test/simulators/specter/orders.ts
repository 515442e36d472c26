 
// putInfo.asp?action=newOrderSubmit (docs/specter-api.md §3.2). All-or-nothing: everything is validated before the
// order is stored and its stock reserved. The stored order carries what Specter computes from the rows: each row's
// amount and VAT, the order's totals and VAT per rate (see `priceRows`).
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

/** What Specter computes for a row [I]: its amount excl. VAT and its VAT, in currency units. */
export interface SimPricedOrderRow extends SimOrderRow {
	amountExclVat: number;
	vat: number;
}

/** The order's totals [I], in currency units; VAT per VAT percentage (as text) for every rate with a row. */
export interface SimOrderTotals {
	exclVat: number;
	vat: number;
	inclVat: number;
	vatByRate: Record<string, number>;
}

export interface SimPricedOrder extends SimOrder {
	rows: SimPricedOrderRow[];
	totals: SimOrderTotals;
}

/** Half away from zero to whole öre; toPrecision drops binary noise such as 10.39 * 100 = 1038.9999999999998. */
function roundOre(ore: number): number {
	return Math.sign(ore) * Math.round(Number(Math.abs(ore).toPrecision(12))) + 0;
}

/**
 * Specter's arithmetic on order rows [I: docs/specter-api.md §3.2; Specter documents no rounding]: per row the
 * amount price × quantity rounded to öre, its VAT = amount × vatPercent rounded to öre (half away from zero, the
 * usual Swedish invoice practice); the order's VAT per rate and its totals are the sums of its rows. The pack's
 * mappers model the same (nodes/Specter/mappers/specter-totals.ts); this is computed here on its own.
 */
export function priceRows(rows: SimOrderRow[]): { rows: SimPricedOrderRow[]; totals: SimOrderTotals } {
	let exclOre = 0;
	let vatOre = 0;
	const vatOreByRate = new Map<number, number>();
	const priced = rows.map((row) => {
		const amountOre = roundOre(row.priceExclVat * row.noOfItems * 100);
		const rowVatOre = roundOre((amountOre * row.vatPercent) / 100);
		exclOre += amountOre;
		vatOre += rowVatOre;
		vatOreByRate.set(row.vatPercent, (vatOreByRate.get(row.vatPercent) ?? 0) + rowVatOre);
		return { ...row, amountExclVat: amountOre / 100, vat: rowVatOre / 100 };
	});
	const vatByRate: Record<string, number> = {};
	for (const [rate, ore] of vatOreByRate) vatByRate[String(rate)] = ore / 100;
	return { rows: priced, totals: { exclVat: exclOre / 100, vat: vatOre / 100, inclVat: (exclOre + vatOre) / 100, vatByRate } };
}

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
	return prepareOrder(context)();
}

/**
 * Checks a newOrderSubmit completely (the duplicate check included) and returns the step that stores it. Called
 * and committed at once, the check and the write are one step (atomic); the server's non-atomic mode
 * (`duplicateCheckWindowMs`) waits between the two, as a check-then-insert without a unique constraint would.
 */
export function prepareOrder(context: ActionContext): () => ApiAnswer {
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

	const { rows, totals } = priceRows(
		indexedRows(params, ORDER_ROW_FIELDS, 'articleNo', specterErrors.invalidField).map((row) => parseRow(context, row)),
	);

	return () => {
		const order: SimPricedOrder = {
			orderNo: takeId(state, 'order'),
			customerId,
			externalOrderNo,
			webshopId,
			stockSiteId,
			header,
			rows,
			totals,
			statusId: 1,
			deliveryStatus: 'N',
			deliveries: [],
		};
		state.orders.set(order.orderNo, order);
		reserveStock(context, order);
		return successAnswer(mode, order.orderNo, 'OK');
	};
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
