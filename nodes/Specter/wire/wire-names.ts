// Evidence-backed Specter wire names, keyed by the friendly names of types.ts. Each entry notes its source
// (S1..S11 as in docs/specter-api.md §1). Every name WITHOUT evidence comes from guesses.ts and nowhere else.
// Specter reads parameter names case-insensitively [I, §2.1]; we send the casing the evidence uses.

import { SPECTER_GUESSES } from './guesses';
import type {
	AddressInput,
	ArticleInput,
	CallbackUrls,
	CustomerInput,
	OrderInput,
	OrderRowInput,
	QueueName,
	SpecterScript,
} from './types';

/** Which script serves which kind of call [E S1 §2.1]. */
export const SCRIPTS: { write: SpecterScript; read: SpecterScript } = {
	write: 'putInfo.asp',
	read: 'getInfo.asp',
};

/** Actions of the operations we implement [E S1, S2]. */
export const ACTIONS = {
	/** putInfo.asp [E S1 SpecterCustomerHelper, S4] */
	upsertCustomer: 'newCustomerSubmit',
	/** putInfo.asp [E S1, S2] */
	createOrder: 'newOrderSubmit',
	/** putInfo.asp [E S1, S5] */
	upsertArticles: 'newArticleSubmit',
	/** putInfo.asp, signing rule only [E S1 §3.4] */
	createDelivery: 'newDeliverySubmit',
	/** putInfo.asp, signing rule only [E S1 §3.4] */
	createInvoice: 'newInvoiceSubmit',
	/** getInfo.asp: registers callback URLs [E S1 §5] */
	registerCallbacks: 'checkAccountSettings',
	/** getInfo.asp with clearSelf=1: the "Resync stock" button [E S1 CHANGELOG 6.4.1] */
	resyncStock: 'clearArticleBatch',
} as const;

/** Fetch and acknowledge actions of the three change queues [E S1 §4.1, S3]. */
export const QUEUE_ACTIONS: Record<QueueName, { fetch: string; acknowledge: string }> = {
	stock: { fetch: 'getArticleExternalNeedUpdate', acknowledge: 'updateArticlesFromBatch' },
	orderStatus: { fetch: 'getOrdersExternalNeedUpdate', acknowledge: 'updateOrdersFromBatch' },
	articleInfo: { fetch: 'getArticleInfoExternalNeedUpdate', acknowledge: 'updateArticleInfosFromBatch' },
};

/** Query parameters [E S1 unless noted]. */
export const QUERY_PARAMS = {
	action: 'action',
	sbmId: 'sbmId',
	apiUserId: 'apiUserId',
	key: 'key',
	/** `useXML` [E S1; S2 writes `useXml`, S3 `usexml`] */
	useXml: 'useXML',
	batchNo: 'batchNo',
	/** multishop id on newOrderSubmit [E S1 CHANGELOG 2.15] */
	webshopId: 'webshopId',
	forceCustomerUpdate: 'forceCustomerUpdate',
	/** customer matching controls [E S9, S8] */
	ignoreControlEmail: 'ignoreControlEmail',
	ignoreControlOrgNo: 'ignoreControlOrgNo',
	/** stock per stock site [E S1, S3] */
	multipleStockSites: 'getMultipleStocksites',
	/** with clearArticleBatch [E S1] */
	clearSelf: 'clearSelf',
	/** checkAccountSettings: today, also the key subject [E S1] */
	date: 'date',
	/** newDeliverySubmit / newInvoiceSubmit: the Specter order, also the key subject [E S1 §3.4] */
	orderId: 'orderId',
} as const;

/** `useXML` values: 1 = text `result;id;message`, 2 = XML [E S1, S2, S3 §2.6]. */
export const RESPONSE_MODE = { text: '1', xml: '2' } as const;

/** Customer body fields of newCustomerSubmit [E S1 SpecterCustomerHelper; maxima S4]. */
export const CUSTOMER_FIELDS: Record<Exclude<keyof CustomerInput, 'invoiceAddress' | 'deliveryAddress'>, string> = {
	organizationalForm: 'customerOrganizationalForm',
	/** companies only [E S1] */
	companyName: 'name',
	/** private persons only [E S1] */
	firstName: 'firstName',
	lastName: 'surName',
	contactPerson: 'contactPerson',
	attention: 'attention',
	deliveryAttention: 'deliveryAttention',
	customerGroupId: 'customerGroupId',
	orgNo: 'orgNo',
	vatNo: 'vatNo',
	homepage: 'homepage',
	email: 'emailAddress',
	phone: 'phoneNo',
	mobile: 'mobileNo',
	currency: 'currency',
	language: 'language',
};

/** Invoice address fields of a customer [E S1]. */
export const INVOICE_ADDRESS_FIELDS: Record<keyof AddressInput, string> = {
	companyName: 'invoiceCompanyName',
	address1: 'address',
	address2: 'addressRow2',
	postcode: 'zipCodeEng',
	city: 'city',
	countryCode: 'countryCode',
	region: 'region',
};

/** Delivery address fields of a customer [E S1; note the lower-case r in `deliveryregion`]. */
export const DELIVERY_ADDRESS_FIELDS: Record<keyof AddressInput, string> = {
	companyName: 'deliveryCompanyName',
	address1: 'deliveryAddress',
	address2: 'deliveryAddressRow2',
	postcode: 'deliveryZipCodeEng',
	city: 'deliveryCity',
	countryCode: 'deliveryCountryCode',
	region: 'deliveryregion',
};

/** Customer organisational forms [E S1, S4]. */
export const ORGANIZATIONAL_FORMS = { company: 'C', privatePerson: 'P' } as const;

/** newOrderSubmit header fields, body [E S1, S2, S4]. `webshopId` goes in the query (QUERY_PARAMS). */
export const ORDER_FIELDS: Record<Exclude<keyof OrderInput, 'rows' | 'webshopId'>, string> & {
	ignoreExternalOrderNoControl: string;
} = {
	customerId: 'customerId',
	/** [E S1, S3 "externalorderno"] */
	externalOrderNo: 'externalOrderNo',
	/** [E S1 CHANGELOG 4.9] */
	ignoreExternalOrderNoControl: 'ignoreExternalOrderNoControl',
	currency: 'currency',
	language: 'language',
	/** [E S1, S4] */
	stockSiteId: 'stocksiteid',
	payTypeIdentifier: 'payTypeIdentifier',
	payTypeReference: 'payTypeReference',
	paySystemUser: 'payTypeIdentifierPaySystemUser',
	isPrepayment: 'isPrepayment',
	internalComment: 'internalComment',
	publishedComment: 'publishedComment',
	/** [E S4, max 50] */
	customerOrderReference: 'customerOrderReference',
	/** [E S3, S4 max 100] */
	externalDeliveryMethod: 'externalDeliveryMethod',
	/** [E weak: commented out in S1; S4 sends yyyy-MM-dd] */
	deliveryDate: 'deliveryDate',
	sendOrderMail: 'sendOrderMail',
	sendOrderMailToUser: 'sendOrderMailToUser',
	/** Klarna shipping reference [E S1] */
	preparedShipmentId: 'preparedShipmentId',
};

/** newOrderSubmit row fields, sent as `<name>_N` with N from 1 [E S1, S2]. */
export const ORDER_ROW_FIELDS: Record<keyof OrderRowInput, string> = {
	articleNo: 'articleNo',
	articleName: 'articleName',
	articleComment: 'articleComment',
	priceExclVat: 'priceExclVAT',
	quantity: 'noOfItems',
	vatPercent: 'vatPercent',
};

/** newArticleSubmit body field that is not per row [E S1, S5]. */
export const ARTICLE_FIELDS = { forceArticleUpdate: 'forceArticleUpdate' } as const;

/** newArticleSubmit row fields, `<name>_N`. `webshopId` is a query parameter (guessed, see guesses.ts). */
export const ARTICLE_ROW_FIELDS: Record<Exclude<keyof ArticleInput, 'webshopId'>, string> & {
	createArticleStock: string;
} = {
	articleNo: 'articleNo',
	/** [E S1] */
	name: 'name',
	priceExclVat: 'priceExclVAT',
	vatPercent: 'vatPercent',
	/** kg, 3 decimals [E S1] */
	weight: 'productWeight',
	/** m³, 2 decimals [E S1] */
	volume: 'productVolume',
	barCode: 'barCode',
	buyPrice: 'buyPrice',
	stockPrice: 'stockPrice',
	/** with createArticleStock_N=1; applied on create only [E S1, S5] */
	initialStock: 'noItemsInStock',
	createArticleStock: 'createArticleStock',
	description: SPECTER_GUESSES.article.descriptionField,
	shortDescription: SPECTER_GUESSES.article.shortDescriptionField,
	publishInWebshop: SPECTER_GUESSES.article.publishInWebshopField,
	stockSiteId: SPECTER_GUESSES.article.stockSiteIdField,
};

/** checkAccountSettings callback parameters; an empty value turns one off [E S1, S3 §5]. */
export const CALLBACK_PARAMS: Record<keyof CallbackUrls, string> = {
	stockChange: 'actionStockChange',
	orderChange: 'actionOrderChange',
	articleChange: 'actionArticleChange',
	newInvoice: 'actionNewInvoice',
	removeOrder: 'actionRemoveOrder',
};

/** Names in XML responses [E S1, S2 parsing code]; guessed ones from guesses.ts. Matched case-insensitively. */
export const XML_NAMES = {
	apiResponse: 'APIresponse',
	result: 'result',
	code: 'code',
	message: 'message',
	id: SPECTER_GUESSES.xml.idElement,
	// stock queue [E S1 StockSync]
	stock: 'stock',
	stockSiteId: SPECTER_GUESSES.xml.stockSiteIdAttribute,
	article: 'article',
	articleNo: 'articleNo',
	quantityAvailable: 'noItemsAv',
	/** read when there is no <noItemsAv> [G] */
	quantityAvailableAlternative: SPECTER_GUESSES.xml.alternativeStockQuantityElement,
	// order status queue [E S1 spectercron.php]
	order: 'order',
	orderNo: 'orderNo',
	orderStatus: 'orderstatus',
	deliveryStatus: 'deliveryStatus',
	statusId: 'statusId',
	deliveries: 'deliveries',
	deliveriesUpdated: 'updated',
	delivery: 'delivery',
	trackingNo: 'trackingNo',
	moreInfoToFetch: 'moreInfoToFetch',
	// article info queue [E S1 SpecterProductHandler]
	articleName: 'name',
	priceExclVat: 'priceExclVat',
	buyPrice: 'buyPrice',
	barCode: 'barCode',
	weight: 'productWeight',
	vatPercent: SPECTER_GUESSES.xml.articleVatPercentAttribute,
	responseMaxLimit: 'responseMaxLimit',
} as const;

/** Values with a meaning [E S1]. */
export const WIRE_VALUES = {
	/** stock quantity meaning "no value / not stock managed" [E S1 skips it] */
	noItemsAvailable: 'noItemsAvailable',
	/** orderstatus/@deliveryStatus of a shipped order */
	deliveredStatus: 'D',
	/** orderstatus/@statusId of a deleted or cancelled order */
	cancelledStatusId: 5,
	/** deliveries/@updated when a delivery was registered */
	deliveriesUpdated: '1',
	/** first field of a text answer on success */
	resultOk: '1',
	resultError: '0',
} as const;

/** The per-row wire name: `articleNo` + 3 → `articleNo_3` [E S1, S2]. */
export function rowField(name: string, row: number): string {
	return `${name}_${row}`;
}

export interface FieldDescription {
	/** friendly name (`email`, `invoiceAddress.city`, `priceExclVat`) or the wire name when unknown */
	field: string;
	/** 1-based row for `<name>_N` fields */
	row?: number;
}

function invert(map: Record<string, string>, prefix = ''): Array<[string, string]> {
	return Object.keys(map).map((friendly) => [map[friendly].toLowerCase(), prefix + friendly]);
}

const HEADER_NAMES: Record<string, Map<string, string>> = {
	[ACTIONS.upsertCustomer.toLowerCase()]: new Map([
		...invert(CUSTOMER_FIELDS),
		...invert(INVOICE_ADDRESS_FIELDS, 'invoiceAddress.'),
		...invert(DELIVERY_ADDRESS_FIELDS, 'deliveryAddress.'),
	]),
	[ACTIONS.createOrder.toLowerCase()]: new Map([...invert(ORDER_FIELDS), [QUERY_PARAMS.webshopId.toLowerCase(), 'webshopId']]),
	[ACTIONS.upsertArticles.toLowerCase()]: new Map([
		...invert(ARTICLE_FIELDS),
		[SPECTER_GUESSES.article.webshopIdQueryParam.toLowerCase(), 'webshopId'],
	]),
	[ACTIONS.registerCallbacks.toLowerCase()]: new Map(invert(CALLBACK_PARAMS)),
};

const ROW_NAMES: Record<string, Map<string, string>> = {
	[ACTIONS.createOrder.toLowerCase()]: new Map(invert(ORDER_ROW_FIELDS)),
	[ACTIONS.upsertArticles.toLowerCase()]: new Map(invert(ARTICLE_ROW_FIELDS)),
};

/** Maps a wire name back to the friendly field (and row) of the given action, for error messages. */
export function describeWireField(action: string, wireName: string): FieldDescription {
	const actionKey = action.toLowerCase();
	const lower = wireName.toLowerCase();
	const header = HEADER_NAMES[actionKey]?.get(lower);
	if (header) return { field: header };
	const rowMatch = /^(.+)_(\d+)$/.exec(lower);
	const rowFriendly = rowMatch ? ROW_NAMES[actionKey]?.get(rowMatch[1]) : undefined;
	if (rowMatch && rowFriendly) return { field: rowFriendly, row: Number(rowMatch[2]) };
	return { field: wireName };
}
