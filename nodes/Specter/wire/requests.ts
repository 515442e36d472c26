// Typed inputs → unsigned Specter calls (wire names from wire-names.ts). Pure mapping: validation.ts checks
// the inputs first. Text values are trimmed, and empty optional values are not sent at all, so a blank field
// in a workflow never wipes data in Specter (e.g. with forceCustomerUpdate=1).

import { formatDecimal, formatPlainNumber } from './numbers';
import { SPECTER_GUESSES } from './guesses';
import {
	ACTIONS,
	ARTICLE_FIELDS,
	ARTICLE_ROW_FIELDS,
	CALLBACK_PARAMS,
	CUSTOMER_FIELDS,
	DELIVERY_ADDRESS_FIELDS,
	INVOICE_ADDRESS_FIELDS,
	ORDER_FIELDS,
	ORDER_ROW_FIELDS,
	ORGANIZATIONAL_FORMS,
	QUERY_PARAMS,
	QUEUE_ACTIONS,
	RESPONSE_MODE,
	SCRIPTS,
	rowField,
} from './wire-names';
import type {
	AddressInput,
	ArticleInput,
	ArticleOptions,
	CallbackUrls,
	CustomerInput,
	CustomerMatchOptions,
	OrderInput,
	OrderOptions,
	QueueName,
	SpecterCall,
	WireParams,
} from './types';

/** Decimals Specter expects [E S1 number_format]: prices 2, weight 3, volume 2. */
const DECIMALS = { price: 2, weight: 3, volume: 2 } as const;

function putText(params: WireParams, wireName: string, value: string | undefined): void {
	const text = value === undefined ? '' : value.trim();
	if (text !== '') params[wireName] = text;
}

function putFlag(params: WireParams, wireName: string, value: boolean | undefined): void {
	if (value !== undefined) params[wireName] = value ? '1' : '0';
}

function putNumber(params: WireParams, wireName: string, value: number | undefined, decimals?: number): void {
	if (value !== undefined) params[wireName] = decimals === undefined ? formatPlainNumber(value) : formatDecimal(value, decimals);
}

function putAddress(params: WireParams, names: Record<keyof AddressInput, string>, address: AddressInput | undefined): void {
	if (address === undefined) return;
	for (const field of Object.keys(names) as Array<keyof AddressInput>) putText(params, names[field], address[field]);
}

/** newCustomerSubmit: companies send `name`, private persons `firstName` + `surName` and no `name` [E S1]. */
export function buildCustomerCall(customer: CustomerInput, options: CustomerMatchOptions = {}): SpecterCall {
	const query: WireParams = { [QUERY_PARAMS.useXml]: RESPONSE_MODE.text };
	if (options.forceCustomerUpdate) query[QUERY_PARAMS.forceCustomerUpdate] = '1';
	if (options.ignoreControlEmail) query[QUERY_PARAMS.ignoreControlEmail] = '1';
	if (options.ignoreControlOrgNo) query[QUERY_PARAMS.ignoreControlOrgNo] = '1';
	const form: WireParams = { [CUSTOMER_FIELDS.organizationalForm]: customer.organizationalForm };
	if (customer.organizationalForm === ORGANIZATIONAL_FORMS.company) {
		putText(form, CUSTOMER_FIELDS.companyName, customer.companyName);
	} else {
		putText(form, CUSTOMER_FIELDS.firstName, customer.firstName);
		putText(form, CUSTOMER_FIELDS.lastName, customer.lastName);
	}
	const plainFields = [
		'contactPerson',
		'attention',
		'deliveryAttention',
		'customerGroupId',
		'orgNo',
		'vatNo',
		'homepage',
		'email',
		'phone',
		'mobile',
		'currency',
		'language',
	] as const;
	for (const field of plainFields) putText(form, CUSTOMER_FIELDS[field], customer[field]);
	putAddress(form, INVOICE_ADDRESS_FIELDS, customer.invoiceAddress);
	putAddress(form, DELIVERY_ADDRESS_FIELDS, customer.deliveryAddress);
	return { method: 'POST', script: SCRIPTS.write, action: ACTIONS.upsertCustomer, query, form };
}

/** newOrderSubmit: header fields and rows `<name>_N`; `webshopId` in the query [E S1, S2]. */
export function buildOrderCall(order: OrderInput, options: OrderOptions = {}): SpecterCall {
	const query: WireParams = { [QUERY_PARAMS.useXml]: RESPONSE_MODE.text };
	putText(query, QUERY_PARAMS.webshopId, order.webshopId);
	const form: WireParams = {};
	const textFields = [
		'customerId',
		'externalOrderNo',
		'currency',
		'language',
		'stockSiteId',
		'payTypeIdentifier',
		'payTypeReference',
		'paySystemUser',
		'internalComment',
		'publishedComment',
		'customerOrderReference',
		'externalDeliveryMethod',
		'deliveryDate',
		'preparedShipmentId',
	] as const;
	for (const field of textFields) putText(form, ORDER_FIELDS[field], order[field]);
	if (options.ignoreExternalOrderNoControl) form[ORDER_FIELDS.ignoreExternalOrderNoControl] = '1';
	// isPrepayment=1 is the only value seen [E S1, sent with PP]
	if (order.isPrepayment) form[ORDER_FIELDS.isPrepayment] = '1';
	putFlag(form, ORDER_FIELDS.sendOrderMail, order.sendOrderMail);
	putFlag(form, ORDER_FIELDS.sendOrderMailToUser, order.sendOrderMailToUser);
	order.rows.forEach((row, index) => {
		const n = index + 1;
		putText(form, rowField(ORDER_ROW_FIELDS.articleNo, n), row.articleNo);
		putText(form, rowField(ORDER_ROW_FIELDS.articleName, n), row.articleName);
		putText(form, rowField(ORDER_ROW_FIELDS.articleComment, n), row.articleComment);
		putNumber(form, rowField(ORDER_ROW_FIELDS.priceExclVat, n), row.priceExclVat, DECIMALS.price);
		putNumber(form, rowField(ORDER_ROW_FIELDS.quantity, n), row.quantity);
		putNumber(form, rowField(ORDER_ROW_FIELDS.vatPercent, n), row.vatPercent);
	});
	return { method: 'POST', script: SCRIPTS.write, action: ACTIONS.createOrder, query, form };
}

/**
 * newArticleSubmit for all rows given, in one call. The caller has checked that the rows share one webshopId
 * (or none), which goes in the query [G: guesses.ts].
 */
export function buildArticlesCall(articles: ArticleInput[], options: ArticleOptions): SpecterCall {
	const query: WireParams = { [QUERY_PARAMS.useXml]: RESPONSE_MODE.text };
	putText(query, SPECTER_GUESSES.article.webshopIdQueryParam, articles[0]?.webshopId);
	const form: WireParams = { [ARTICLE_FIELDS.forceArticleUpdate]: options.forceArticleUpdate ? '1' : '0' };
	articles.forEach((article, index) => {
		const n = index + 1;
		const field = (name: string): string => rowField(name, n);
		putText(form, field(ARTICLE_ROW_FIELDS.articleNo), article.articleNo);
		putText(form, field(ARTICLE_ROW_FIELDS.name), article.name);
		putNumber(form, field(ARTICLE_ROW_FIELDS.priceExclVat), article.priceExclVat, DECIMALS.price);
		putNumber(form, field(ARTICLE_ROW_FIELDS.vatPercent), article.vatPercent);
		putNumber(form, field(ARTICLE_ROW_FIELDS.weight), article.weight, DECIMALS.weight);
		putNumber(form, field(ARTICLE_ROW_FIELDS.volume), article.volume, DECIMALS.volume);
		putText(form, field(ARTICLE_ROW_FIELDS.barCode), article.barCode);
		putNumber(form, field(ARTICLE_ROW_FIELDS.buyPrice), article.buyPrice, DECIMALS.price);
		putNumber(form, field(ARTICLE_ROW_FIELDS.stockPrice), article.stockPrice, DECIMALS.price);
		if (article.initialStock !== undefined) {
			form[field(ARTICLE_ROW_FIELDS.createArticleStock)] = '1';
			putNumber(form, field(ARTICLE_ROW_FIELDS.initialStock), article.initialStock);
		}
		putText(form, field(ARTICLE_ROW_FIELDS.description), article.description);
		putText(form, field(ARTICLE_ROW_FIELDS.shortDescription), article.shortDescription);
		putFlag(form, field(ARTICLE_ROW_FIELDS.publishInWebshop), article.publishInWebshop);
		putText(form, field(ARTICLE_ROW_FIELDS.stockSiteId), article.stockSiteId);
	});
	return { method: 'POST', script: SCRIPTS.write, action: ACTIONS.upsertArticles, query, form };
}

/**
 * get…ExternalNeedUpdate as S1 sends it [E S1 §4.1]: the stock queue of one stock site without useXML (text rows
 * `specterArticleId;articleNo;quantity;batchNo`), per stock site with getMultipleStocksites=1&useXML=2 (XML); the
 * order-status and article-info queues with useXML=2 (XML).
 */
export function buildQueueFetchCall(queue: QueueName, batchNo: string, multipleStockSites: boolean): SpecterCall {
	const query: WireParams = { [QUERY_PARAMS.batchNo]: batchNo };
	if (queue !== 'stock' || multipleStockSites) query[QUERY_PARAMS.useXml] = RESPONSE_MODE.xml;
	if (queue === 'stock' && multipleStockSites) query[QUERY_PARAMS.multipleStockSites] = '1';
	return { method: 'GET', script: SCRIPTS.read, action: QUEUE_ACTIONS[queue].fetch, query };
}

/**
 * update…FromBatch with the fetched batchNo. useXML=2 where S3 lists it (updatearticlesfrombatch,
 * updatearticleinfosfrombatch; S1 also sends it with the latter); updateOrdersFromBatch without useXML, as S1
 * sends it [E S1, S3].
 */
export function buildAcknowledgeCall(queue: QueueName, batchNo: string): SpecterCall {
	const query: WireParams = { [QUERY_PARAMS.batchNo]: batchNo };
	if (queue !== 'orderStatus') query[QUERY_PARAMS.useXml] = RESPONSE_MODE.xml;
	return { method: 'GET', script: SCRIPTS.read, action: QUEUE_ACTIONS[queue].acknowledge, query };
}

/** clearArticleBatch&clearSelf=1: re-queues all stock (the S1 "Resync stock" button) [E S1]. */
export function buildStockResyncCall(batchNo: string): SpecterCall {
	return {
		method: 'GET',
		script: SCRIPTS.read,
		action: ACTIONS.resyncStock,
		query: { [QUERY_PARAMS.clearSelf]: '1', [QUERY_PARAMS.batchNo]: batchNo, [QUERY_PARAMS.useXml]: RESPONSE_MODE.xml },
	};
}

/** checkAccountSettings with today's date; only the callbacks given are sent ('' turns one off) [E S1 §5]. */
export function buildCallbacksCall(urls: CallbackUrls, today: string): SpecterCall {
	const query: WireParams = { [QUERY_PARAMS.useXml]: RESPONSE_MODE.text, [QUERY_PARAMS.date]: today };
	for (const callback of Object.keys(CALLBACK_PARAMS) as Array<keyof CallbackUrls>) {
		const url = urls[callback];
		if (url !== undefined) query[CALLBACK_PARAMS[callback]] = url.trim();
	}
	return { method: 'GET', script: SCRIPTS.read, action: ACTIONS.registerCallbacks, query };
}
