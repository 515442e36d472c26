// Types of the Specter wire layer. This folder (nodes/Specter/wire) never imports n8n: it is the whole
// protocol (keys, Latin-1, text/XML responses, change queues, retries) and is tested on its own.

export type ApiVersion = 1 | 2;

/** Account credentials as stored in the n8n credential `specterApi`. */
export interface SpecterCredentials {
	/** e.g. `https://api.specter.se/` (override for the simulator) */
	baseUrl: string;
	apiVersion: ApiVersion;
	sbmId: string;
	/** API v2: the API user (may be empty, Vendre says "if you received one") */
	apiUserId?: string;
	/** API v2: inner key ingredient */
	apiUserKey?: string;
	/** API v2: outer key ingredient */
	integrationKey?: string;
	/** API v1: inner key ingredient ("MD5 Key 1") */
	md5Key1?: string;
	/** API v1: outer key ingredient ("MD5 Key 2") */
	md5Key2?: string;
	/** API v2, optional: a separate read user used for getInfo.asp calls (App4Sales pattern) */
	readApiUserId?: string;
	readApiUserKey?: string;
}

export type SpecterScript = 'putInfo.asp' | 'getInfo.asp';

/** Flat wire parameters, already named as Specter names them (`articleNo_1`, `priceExclVAT_1`, ...). */
export type WireParams = Record<string, string>;

/** An unsigned Specter call: what the client wants sent. Signing and encoding happen later. */
export interface SpecterCall {
	method: 'GET' | 'POST';
	script: SpecterScript;
	action: string;
	/** Query parameters other than `action`, `sbmId`, `apiUserId` and `key` (e.g. `useXML`, `batchNo`). */
	query: WireParams;
	/** Form body fields (POST only). */
	form?: WireParams;
}

/** A signed request, encoded for the wire (Latin-1 percent-encoding), ready for any HTTP client. */
export interface EncodedRequest {
	method: 'GET' | 'POST';
	/** Absolute URL with the whole query string: action, sbmId, apiUserId, key, and the call's query. */
	url: string;
	headers: Record<string, string>;
	/** `application/x-www-form-urlencoded`; pure ASCII because Latin-1 bytes are percent-encoded. */
	body?: string;
}

/** What a transport returns: the raw bytes, so the wire layer decodes Latin-1 itself. */
export interface RawResponse {
	statusCode: number;
	headers: Record<string, string | string[] | undefined>;
	body: Uint8Array;
}

/**
 * Sends one call. The n8n nodes pass a transport built on `httpRequestWithAuthentication` (the credential's
 * `authenticate` signs); tests pass one built on `encodeSignedRequest` and node:http.
 * A transport rejects only for network failures and time-outs; any HTTP status is returned as a RawResponse.
 */
export type SpecterTransport = (call: SpecterCall) => Promise<RawResponse>;

export interface RetryPolicy {
	/** total attempts including the first (default 4) */
	attempts: number;
	/** first back-off in ms, doubled each time (default 500) */
	baseDelayMs: number;
	/** cap for one back-off (default 8000) */
	maxDelayMs: number;
	/**
	 * least pause before repeating a call that timed out (default 10 000): Specter may still be carrying it out, and
	 * a repeat that comes after it finished meets its result (an order's duplicate check) instead of racing it
	 */
	afterTimeoutDelayMs?: number;
}

export interface SpecterClientOptions {
	transport: SpecterTransport;
	/** Back-off waits go through this (n8n-workflow's `sleep` in the nodes); never a timer. */
	sleep: (ms: number) => Promise<void>;
	retry?: Partial<RetryPolicy>;
	/** Fresh batch numbers for queue fetches (default: 32 random hex characters, as S1 uses). */
	newBatchNo?: () => string;
	/** Today as YYYY-MM-DD (the checkAccountSettings subject). Default: the current date in Sweden (guesses.ts). */
	today?: () => string;
}

// ---- Typed records (friendly names; wire names live in wire-names.ts) ----

export interface AddressInput {
	companyName?: string;
	address1?: string;
	address2?: string;
	postcode?: string;
	city?: string;
	/** ISO 3166-1 alpha-2 */
	countryCode?: string;
	region?: string;
}

export interface CustomerInput {
	/** `C` company, `P` private person */
	organizationalForm: 'C' | 'P';
	/** Company name (sent as `name`, companies only) */
	companyName?: string;
	firstName?: string;
	lastName?: string;
	contactPerson?: string;
	attention?: string;
	deliveryAttention?: string;
	customerGroupId?: string;
	orgNo?: string;
	vatNo?: string;
	homepage?: string;
	email?: string;
	phone?: string;
	mobile?: string;
	/** ISO 4217, e.g. SEK */
	currency?: string;
	/** SE, EN, NO, FI, DA, ES, DE */
	language?: string;
	invoiceAddress?: AddressInput;
	deliveryAddress?: AddressInput;
}

export interface CustomerMatchOptions {
	forceCustomerUpdate?: boolean;
	ignoreControlEmail?: boolean;
	ignoreControlOrgNo?: boolean;
}

export interface OrderRowInput {
	articleNo: string;
	articleName?: string;
	articleComment?: string;
	/** unit price excluding VAT; negative for discount rows */
	priceExclVat: number;
	quantity: number;
	/** integer percentage: 25, 12, 6 or 0 */
	vatPercent: number;
}

export interface OrderInput {
	customerId: string;
	externalOrderNo?: string;
	currency?: string;
	language?: string;
	stockSiteId?: string;
	/** multishop: sent as query parameter `webshopId` (API v2) */
	webshopId?: string;
	payTypeIdentifier?: string;
	payTypeReference?: string;
	paySystemUser?: string;
	isPrepayment?: boolean;
	internalComment?: string;
	publishedComment?: string;
	customerOrderReference?: string;
	externalDeliveryMethod?: string;
	deliveryDate?: string;
	sendOrderMail?: boolean;
	sendOrderMailToUser?: boolean;
	preparedShipmentId?: string;
	rows: OrderRowInput[];
}

export interface OrderOptions {
	/** send `ignoreExternalOrderNoControl=1` (disables Specter's duplicate guard: not recommended) */
	ignoreExternalOrderNoControl?: boolean;
}

export interface ArticleInput {
	articleNo: string;
	name?: string;
	priceExclVat?: number;
	vatPercent?: number;
	/** kg */
	weight?: number;
	/** m³ */
	volume?: number;
	barCode?: string;
	buyPrice?: number;
	stockPrice?: number;
	/** initial stock: sends createArticleStock_N=1 and noItemsInStock_N (Specter applies it on create only) */
	initialStock?: number;
	// GUESS fields (names in wire-names.ts):
	description?: string;
	shortDescription?: string;
	publishInWebshop?: boolean;
	/** article-level webshop id */
	webshopId?: string;
	/** article-level stock site */
	stockSiteId?: string;
}

export interface ArticleOptions {
	/** `forceArticleUpdate=1`: update articles that already exist (otherwise Specter leaves them alone) */
	forceArticleUpdate: boolean;
}

/** Result of a putInfo.asp write (`result;id;message` or XML APIresponse). */
export interface WriteResult {
	id: string;
	message: string;
}

export interface OrderResult {
	/** Specter order number; null when alreadyTransferred and Specter did not name it */
	orderNo: string | null;
	alreadyTransferred: boolean;
	message: string;
}

// ---- Change queues ----

export type QueueName = 'stock' | 'orderStatus' | 'articleInfo';

export interface StockSiteQuantity {
	stockSiteId: string | null;
	quantity: number | null;
}

export interface StockChange {
	articleNo: string;
	specterArticleId: string | null;
	/** null when Specter says `noItemsAvailable` (not stock managed / no value); sum over stock sites otherwise */
	quantity: number | null;
	/** present when fetched with getMultipleStocksites=1 */
	stockSites?: StockSiteQuantity[];
}

export interface OrderStatusChange {
	orderNo: string;
	/** a number when Specter sends one (only 5 is known: cancelled or deleted); any other value as sent; null when absent */
	statusId: number | string | null;
	deliveryStatus: string | null;
	/** deliveryStatus D, or deliveries updated="1" */
	delivered: boolean;
	/** statusId 5 */
	cancelled: boolean;
	trackingNumbers: string[];
}

export interface ArticleChange {
	articleNo: string;
	name: string | null;
	priceExclVat: number | null;
	buyPrice: number | null;
	barCode: string | null;
	weight: number | null;
	vatPercent: number | null;
	/** every attribute and child text as received, keys as sent by Specter */
	raw: Record<string, string>;
	/** wire names of number fields whose value was not a number (null above, as sent in `raw`); absent when all read */
	unreadable?: string[];
}

export interface QueueChangeMap {
	stock: StockChange;
	orderStatus: OrderStatusChange;
	articleInfo: ArticleChange;
}

export interface QueueBatch<Q extends QueueName = QueueName> {
	queue: Q;
	batchNo: string;
	/** true when Specter answered error 99 and this is the open batch it named, fetched again */
	recovered: boolean;
	items: Array<QueueChangeMap[Q]>;
	/** Specter signalled more pending changes (responseMaxLimit reached / moreInfoToFetch) */
	moreAvailable: boolean;
	/** set when the batch was acknowledged with a reply that does not confirm it (see AcknowledgeResult) */
	warning?: string;
}

/** What an acknowledgement (update…FromBatch) achieved. */
export interface AcknowledgeResult {
	/** Specter confirmed it (`1;…` or an XML APIresponse with result 1) */
	confirmed: boolean;
	/** why the acknowledgement is counted although Specter did not confirm it */
	warning?: string;
}

export interface FetchQueueOptions {
	/** re-fetch a known batch (e.g. one a trigger emitted but that was never acknowledged) */
	batchNo?: string;
	/** stock queue: ask for stock per stock site (getMultipleStocksites=1) */
	multipleStockSites?: boolean;
}

export interface CallbackUrls {
	stockChange?: string;
	orderChange?: string;
	articleChange?: string;
	newInvoice?: string;
	removeOrder?: string;
}
