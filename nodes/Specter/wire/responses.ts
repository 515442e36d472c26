// Reading Specter's answers: HTTP status, charset, text `result;id;message`, XML with an <APIresponse>, and
// the change-queue shapes of §4.2-4.4. Errors Specter reports in-band become SpecterApiError; anything that
// is not a Specter answer becomes SpecterProtocolError (or SpecterNetworkError for HTTP 5xx).

import { SpecterApiError, SpecterNetworkError, SpecterProtocolError } from './errors';
import { SPECTER_GUESSES } from './guesses';
import { latin1FromBytes } from './latin1';
import { readSpecterDecimal } from './numbers';
import { WIRE_VALUES, XML_NAMES } from './wire-names';
import {
	XmlSyntaxError,
	findDescendants,
	findElement,
	getValue,
	parseXml,
	type XmlElement,
} from './xml';
import type {
	AcknowledgeResult,
	ArticleChange,
	OrderStatusChange,
	QueueChangeMap,
	QueueName,
	RawResponse,
	StockChange,
	StockSiteQuantity,
	WriteResult,
} from './types';

// ---- excerpts for error messages ----

/**
 * A short, single-line excerpt of a response for error messages. Error pages can echo the request URL, which
 * carries the signed key: URLs, `key=` values and 32-hex-digit strings are masked.
 */
export function sanitizedExcerpt(text: string, maxLength = 120): string {
	const masked = text
		.replace(/https?:\/\/[^\s"'<>]*/gi, '<url>')
		.replace(/([?&;\s]key=)[^&\s"'<>]*/gi, '$1***')
		.replace(/\b[0-9a-f]{32}\b/gi, '***')
		.replace(/[^\u0020-\u007e\u00a0-\uffff]+/g, ' ')
		.replace(/\s+/g, ' ')
		.trim();
	return masked.length > maxLength ? `${masked.slice(0, maxLength)}…` : masked;
}

// ---- HTTP level ----

function headerValue(headers: RawResponse['headers'], name: string): string | undefined {
	const key = Object.keys(headers).find((header) => header.toLowerCase() === name);
	const value = key === undefined ? undefined : headers[key];
	return Array.isArray(value) ? value.join(', ') : value;
}

/** HTTP 200 passes; 5xx is a retryable SpecterNetworkError; any other status a SpecterProtocolError. */
export function assertHttpOk(raw: RawResponse, action: string): void {
	if (raw.statusCode === 200) return;
	if (raw.statusCode >= 500 && raw.statusCode <= 599) {
		throw new SpecterNetworkError(`Specter answered ${action} with HTTP ${raw.statusCode} (server error).`, {
			action,
			statusCode: raw.statusCode,
		});
	}
	const excerpt = sanitizedExcerpt(latin1FromBytes(raw.body));
	throw new SpecterProtocolError(
		`Specter answered ${action} with HTTP ${raw.statusCode}${excerpt ? ` ("${excerpt}")` : ''}. Specter reports errors inside a normal answer, so check that the base URL in the credential points to the Specter API (https://api.specter.se/).`,
		{ action, statusCode: raw.statusCode },
	);
}

function decodeUtf8(bytes: Uint8Array): string | undefined {
	try {
		return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
	} catch {
		return undefined;
	}
}

/**
 * The response body as text. Specter answers in ISO-8859-1 [E S1 utf8_encode on responses]; UTF-8 is used only
 * when declared (Content-Type charset, UTF-8 byte-order mark, or an XML declaration) AND the bytes are valid
 * UTF-8, so a wrong declaration cannot turn åäö into replacement characters.
 */
export function decodeResponse(raw: RawResponse): string {
	const latin1 = latin1FromBytes(raw.body);
	const charset = /charset\s*=\s*["']?([\w-]+)/i.exec(headerValue(raw.headers, 'content-type') ?? '')?.[1];
	const hasUtf8Bom = raw.body[0] === 0xef && raw.body[1] === 0xbb && raw.body[2] === 0xbf;
	const declaredEncoding = /^\s*<\?xml[^>]*encoding\s*=\s*["']([\w-]+)["']/i.exec(latin1)?.[1];
	const declared = charset ?? (hasUtf8Bom ? 'utf-8' : declaredEncoding);
	if (declared !== undefined && /^utf-?8$/i.test(declared)) {
		const utf8 = decodeUtf8(raw.body);
		if (utf8 !== undefined) return utf8;
	}
	return latin1;
}

// ---- body shape ----

type BodyKind = { kind: 'xml'; root: XmlElement } | { kind: 'text'; text: string };

/** Refuses bodies that are not Specter answers (empty, HTML, malformed XML); returns XML or trimmed text. */
function classifyBody(text: string, action: string): BodyKind {
	const body = text.replace(/^\uFEFF/, '').trim();
	if (body === '') {
		throw new SpecterProtocolError(
			`Specter answered ${action} with an empty body. Check the base URL in the credential; a proxy or a wrong address can cause this.`,
			{ action },
		);
	}
	if (/^<!doctype/i.test(body) || /<html[\s>]/i.test(body.slice(0, 2000))) {
		const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(body)?.[1];
		throw new SpecterProtocolError(
			`Specter answered ${action} with an HTML page instead of data ("${sanitizedExcerpt(title ?? body, 80)}"). Check the base URL in the credential; Specter may also be down for maintenance.`,
			{ action },
		);
	}
	if (!body.startsWith('<')) return { kind: 'text', text: body };
	let failure: unknown;
	try {
		return { kind: 'xml', root: parseXml(body) };
	} catch (error) {
		failure = error;
	}
	if (!(failure instanceof XmlSyntaxError)) throw failure;
	throw new SpecterProtocolError(
		`Specter answered ${action} with malformed XML (${failure.message}): "${sanitizedExcerpt(body)}".`,
		{ action },
	);
}

function unexpectedText(action: string, text: string, expected: string): SpecterProtocolError {
	return new SpecterProtocolError(
		`Specter answered ${action} with unexpected text; expected ${expected}: "${sanitizedExcerpt(text)}".`,
		{ action },
	);
}

// ---- in-band status ----

const ERROR_HINTS: Record<number, string> = {
	[SPECTER_GUESSES.errors.invalidKey]: 'Check the SBM id, API user id and keys in the Specter credential.',
	[SPECTER_GUESSES.errors.unknownCustomer]:
		'Create or update the customer first and use the Specter customer number it returns.',
	[SPECTER_GUESSES.errors.unknownArticle]:
		'Create the article in Specter first (Article → Create or Update), or correct the article number.',
	[SPECTER_GUESSES.errors.duplicateExternalOrderNo]: 'This external order number was already transferred.',
	[SPECTER_GUESSES.errors.invalidField]: 'Check required fields and field lengths.',
	[SPECTER_GUESSES.errors.openBatch]: 'Fetch the open batch again and acknowledge it.',
};

function parseCode(code: string): number | string {
	return /^-?\d+$/.test(code) ? Number(code) : code;
}

function apiError(action: string, rawCode: string, specterMessage: string): SpecterApiError {
	const code = parseCode(rawCode.trim());
	const hint = typeof code === 'number' ? ERROR_HINTS[code] : undefined;
	const message = sanitizedExcerpt(specterMessage, 300);
	return new SpecterApiError(
		`Specter rejected ${action} (code ${rawCode.trim() || 'none'})${message ? `: ${message}` : ''}.${hint ? ` ${hint}` : ''}`,
		{ action, code, specterMessage: specterMessage.trim() },
	);
}

interface StatusLine {
	ok: boolean;
	/** the id on success, the error code on failure */
	second: string;
	message: string;
}

/** `result;id;message` / `0;code;message`; the message may itself contain semicolons. */
function parseStatusLine(text: string): StatusLine | undefined {
	const match = /^([01]);([^;\r\n]*)(?:;([\s\S]*))?$/.exec(text);
	if (!match) return undefined;
	return { ok: match[1] === WIRE_VALUES.resultOk, second: match[2].trim(), message: (match[3] ?? '').trim() };
}

function trimmedValue(element: XmlElement, name: string): string | undefined {
	const value = getValue(element, name);
	return value === undefined ? undefined : value.trim();
}

/**
 * The <APIresponse> element (anywhere: the root name is unknown [G]) and whether it reports an error:
 * result 0, or an error code without result 1 (queue errors carry only code and message [E S1]).
 */
function inspectApiResponse(
	root: XmlElement,
	action: string,
): { element: XmlElement; result?: string; error?: SpecterApiError } | undefined {
	const element = findElement(root, XML_NAMES.apiResponse);
	if (element === undefined) return undefined;
	const result = trimmedValue(element, XML_NAMES.result);
	const code = trimmedValue(element, XML_NAMES.code) ?? '';
	const isError = result === WIRE_VALUES.resultError || (result !== WIRE_VALUES.resultOk && code !== '' && code !== '0');
	return isError ? { element, result, error: apiError(action, code, trimmedValue(element, XML_NAMES.message) ?? '') } : { element, result };
}

/** As inspectApiResponse, throwing the in-band error. */
function readApiResponse(root: XmlElement, action: string): { element: XmlElement; result?: string } | undefined {
	const api = inspectApiResponse(root, action);
	if (api?.error !== undefined) throw api.error;
	return api;
}

/** Parses a putInfo.asp / checkAccountSettings answer. Throws SpecterApiError for in-band errors. */
export function parseWriteResponse(text: string, action: string): WriteResult {
	const body = classifyBody(text, action);
	if (body.kind === 'xml') {
		const api = readApiResponse(body.root, action);
		if (api === undefined || api.result !== WIRE_VALUES.resultOk) {
			throw new SpecterProtocolError(
				`Specter answered ${action} with XML that has no <APIresponse> result: "${sanitizedExcerpt(text)}".`,
				{ action },
			);
		}
		return {
			id: trimmedValue(api.element, XML_NAMES.id) ?? '',
			message: trimmedValue(api.element, XML_NAMES.message) ?? '',
		};
	}
	const line = parseStatusLine(body.text);
	if (line === undefined) throw unexpectedText(action, body.text, '"result;id;message"');
	if (!line.ok) throw apiError(action, line.second, line.message);
	return { id: line.second, message: line.message };
}

/** Parses the answer of a batch acknowledgement or a stock resync: success or an error, nothing else. */
export function parseStatusResponse(text: string, action: string): void {
	const body = classifyBody(text, action);
	if (body.kind === 'xml') {
		readApiResponse(body.root, action);
		return;
	}
	const line = parseStatusLine(body.text);
	if (line === undefined) throw unexpectedText(action, body.text, '"1;…" or "0;code;message"');
	if (!line.ok) throw apiError(action, line.second, line.message);
}

/** The batch number Specter names, in single quotes, in an error-99 message [E S1]. */
export function openBatchNoFrom(error: SpecterApiError): string | undefined {
	if (error.code !== SPECTER_GUESSES.errors.openBatch) return undefined;
	return /'([^']+)'/.exec(error.specterMessage)?.[1];
}

/**
 * The open batch an acknowledgement's error 99 names, when it is not the acknowledged one. S1 closes the second
 * quoted batch of such an answer [E S1 clearAllQuesFromSBM]; a lone quoted batch counts when it differs.
 */
function otherOpenBatchNo(error: SpecterApiError, batchNo: string): string | undefined {
	if (error.code !== SPECTER_GUESSES.errors.openBatch) return undefined;
	const quoted = (error.specterMessage.match(/'[^']+'/g) ?? []).map((text) => text.slice(1, -1));
	const open = quoted.length >= 2 ? quoted[1] : quoted[0];
	return open !== undefined && open !== batchNo ? open : undefined;
}

function withBatch(error: SpecterApiError, batchNo: string): SpecterApiError {
	return new SpecterApiError(error.message.replace(/^Specter rejected (\S+)/, `Specter rejected $1 for batch ${batchNo}`), {
		action: error.action ?? '',
		code: error.code ?? '',
		specterMessage: error.specterMessage,
	});
}

/** How an unconfirming reply reads in a warning. */
function describeReply(body: string): string {
	if (body === '') return 'an empty body';
	if (/^<!doctype/i.test(body) || /<html[\s>]/i.test(body.slice(0, 2000))) return 'a web page';
	return `"${sanitizedExcerpt(body, 60)}"`;
}

/**
 * Reads the reply to an acknowledgement (update…FromBatch) of `batchNo`, which came with HTTP 200. An in-band
 * error throws (naming the batch), except error 99 naming another open batch: then the acknowledged batch is not
 * open any more, which is what acknowledging it is for. `1;…` and an XML APIresponse with result 1 confirm it;
 * any other reply counts as acknowledged, with a warning [G: SPECTER_GUESSES.acknowledgement]. Specter may
 * already have forgotten a batch it answered oddly for, so refusing such a reply could lose its changes.
 */
export function parseAcknowledgeResponse(text: string, action: string, batchNo: string): AcknowledgeResult {
	const body = text.replace(/^\uFEFF/, '').trim();
	let refusal: SpecterApiError | undefined;
	if (body.startsWith('<') && !/^<!doctype/i.test(body)) {
		let root: XmlElement | undefined;
		try {
			root = parseXml(body);
		} catch {
			root = undefined;
		}
		const api = root === undefined ? undefined : inspectApiResponse(root, action);
		if (api?.error !== undefined) refusal = api.error;
		else if (api?.result === WIRE_VALUES.resultOk) return { confirmed: true };
	} else {
		const line = parseStatusLine(body);
		if (line !== undefined && !line.ok) refusal = apiError(action, line.second, line.message);
		else if (SPECTER_GUESSES.acknowledgement.confirmedTextReply.test(body)) return { confirmed: true };
	}
	if (refusal !== undefined) {
		const open = otherOpenBatchNo(refusal, batchNo);
		if (open === undefined) throw withBatch(refusal, batchNo);
		return {
			confirmed: false,
			warning: `Specter answered ${action} for batch ${batchNo} with error 99: batch '${open}' is the open one. Batch ${batchNo} is therefore not open any more (it was acknowledged before, or held no changes), so it was counted as acknowledged.`,
		};
	}
	return {
		confirmed: false,
		warning: `Specter answered ${action} for batch ${batchNo} with ${describeReply(body)}, not with a reply known to confirm it ("1;…", or XML with result 1). It was counted as acknowledged; if Specter still holds the batch, its changes come again at the next fetch.`,
	};
}

// ---- change queues ----

export interface QueuePage<Q extends QueueName> {
	items: Array<QueueChangeMap[Q]>;
	moreAvailable: boolean;
}

export interface QueueParseOptions {
	/** the stock queue was asked for per-site quantities (getMultipleStocksites=1&useXML=2); else for text rows */
	multipleStockSites?: boolean;
	/** the batch being read, named in errors about its content */
	batchNo?: string;
}

/**
 * A batch whose content cannot be read. Specter hands the same batch out at every fetch until it is
 * acknowledged, so the message names the batch and how to get past it.
 */
function unreadableBatch(action: string, batchNo: string | undefined, problem: string): SpecterProtocolError {
	const advice =
		batchNo === undefined
			? ''
			: ` Specter sends this batch again at every fetch until it is acknowledged: to go on, handle its changes by hand and acknowledge it with Specter → Batch → Acknowledge (batch ${batchNo}).`;
	return new SpecterProtocolError(
		`Specter answered ${action} with ${problem}${batchNo === undefined ? '' : ` in batch ${batchNo}`}.${advice}`,
		{ action },
	);
}

function requiredText(element: XmlElement, name: string, action: string, batchNo?: string): string {
	const value = trimmedValue(element, name);
	if (!value) {
		throw unreadableBatch(
			action,
			batchNo,
			`an <${element.name}> that has no ${name} ("${sanitizedExcerpt(JSON.stringify(element.attributes))}")`,
		);
	}
	return value;
}

/**
 * A stock quantity: a number, or null for the value `noItemsAvailable` ("not stock-managed" [E S1 skips it]).
 * Anything else, a missing quantity included, is an error naming the SKU and the batch: a silent null would
 * read as "not stock-managed".
 */
function stockQuantity(text: string | undefined, articleNo: string, action: string, batchNo: string | undefined): number | null {
	const what = `stock for SKU "${articleNo}"`;
	if (text === undefined) {
		throw unreadableBatch(action, batchNo, `${what} without a quantity (neither <${XML_NAMES.quantityAvailable}> nor <${XML_NAMES.quantityAvailableAlternative}>)`);
	}
	const trimmed = text.trim();
	const quantity = trimmed === '' ? undefined : readSpecterDecimal(trimmed);
	if (quantity === undefined) {
		const value = trimmed === '' ? 'an empty quantity' : `the quantity "${sanitizedExcerpt(trimmed, 40)}"`;
		throw unreadableBatch(action, batchNo, `${what} with ${value}, neither a number nor ${WIRE_VALUES.noItemsAvailable}`);
	}
	return quantity;
}

function optionalText(element: XmlElement, name: string): string | null {
	const value = trimmedValue(element, name);
	return value ? value : null;
}

function responseMaxLimitReached(root: XmlElement, itemCount: number): boolean {
	const limitElement = findElement(root, XML_NAMES.responseMaxLimit);
	// a limit that is not a number is no limit: it only decides whether to fetch again
	const limit = limitElement === undefined ? null : (readSpecterDecimal(limitElement.text) ?? null);
	return limit !== null && limit > 0 && itemCount >= limit;
}

function sumQuantities(sites: StockSiteQuantity[]): number | null {
	const known = sites.filter((site) => site.quantity !== null);
	return known.length === 0 ? null : known.reduce((total, site) => total + (site.quantity as number), 0);
}

/**
 * §4.2 XML: <stock> per site (id attribute guessed) holding <article><articleNo/><noItemsAv/></article>; the
 * quantity element is also read as <noItemsAvailable> [G].
 */
function parseStockXml(root: XmlElement, action: string, options: QueueParseOptions): QueuePage<'stock'> {
	const byArticle = new Map<string, StockSiteQuantity[]>();
	const visit = (element: XmlElement, enclosingSiteId: string | null): void => {
		const isStock = element.name.toLowerCase() === XML_NAMES.stock.toLowerCase();
		const stockSiteId = isStock ? optionalText(element, XML_NAMES.stockSiteId) : enclosingSiteId;
		if (element.name.toLowerCase() === XML_NAMES.article.toLowerCase()) {
			const articleNo = requiredText(element, XML_NAMES.articleNo, action, options.batchNo);
			const text = getValue(element, XML_NAMES.quantityAvailable) ?? getValue(element, XML_NAMES.quantityAvailableAlternative);
			const quantity = stockQuantity(text, articleNo, action, options.batchNo);
			const sites = byArticle.get(articleNo) ?? [];
			sites.push({ stockSiteId, quantity });
			byArticle.set(articleNo, sites);
			return;
		}
		for (const child of element.children) visit(child, stockSiteId);
	};
	visit(root, null);
	const items: StockChange[] = [];
	byArticle.forEach((sites, articleNo) => {
		items.push({
			articleNo,
			specterArticleId: null,
			quantity: sumQuantities(sites),
			...(options.multipleStockSites ? { stockSites: sites } : {}),
		});
	});
	return { items, moreAvailable: responseMaxLimitReached(root, items.length) };
}

/** §4.2 text: CR-separated `specterArticleId;articleNo;qty;batchNo` rows [E S1 StockSync]. */
function parseStockText(text: string, action: string, batchNo: string | undefined): QueuePage<'stock'> {
	const items = text
		.split(/\r\n|\r|\n/)
		.filter((line) => line.trim() !== '')
		.map((line): StockChange => {
			const fields = line.split(';');
			if (fields.length !== 4 || fields[1].trim() === '') {
				throw unreadableBatch(
					action,
					batchNo,
					`the line "${sanitizedExcerpt(line, 80)}" where stock rows "specterArticleId;articleNo;quantity;batchNo" were expected`,
				);
			}
			const articleNo = fields[1].trim();
			return {
				articleNo,
				specterArticleId: fields[0].trim() || null,
				quantity: stockQuantity(fields[2], articleNo, action, batchNo),
			};
		});
	return { items, moreAvailable: false };
}

/** A single line of the stock queue that is a stock row, not a status line `1;…` / `0;code;message`. */
function isStockRow(line: string, batchNo: string | undefined): boolean {
	const fields = line.split(';');
	if (fields.length !== 4) return false;
	if (batchNo !== undefined && fields[3].trim() === batchNo) return true;
	const quantity = fields[2].trim();
	return quantity.toLowerCase() === WIRE_VALUES.noItemsAvailable.toLowerCase() || /^-?[\d\s]+([.,]\d+)?$/.test(quantity);
}

/**
 * A statusId as a number when it is one; any other value as Specter sent it, since only 5 is known [E S1] and
 * a value the pack does not know must not make the whole batch unreadable; null when there is none.
 */
function statusIdOf(text: string | undefined): number | string | null {
	const trimmed = (text ?? '').trim();
	if (trimmed === '') return null;
	const value = readSpecterDecimal(trimmed);
	return typeof value === 'number' ? value : trimmed;
}

/** §4.3: <order orderNo><orderstatus deliveryStatus statusId/><deliveries updated><delivery trackingNo/>. */
function parseOrderStatusXml(root: XmlElement, action: string, batchNo: string | undefined): QueuePage<'orderStatus'> {
	const items = findDescendants(root, XML_NAMES.order).map((order): OrderStatusChange => {
		const status = findDescendants(order, XML_NAMES.orderStatus)[0];
		const deliveries = findDescendants(order, XML_NAMES.deliveries)[0];
		const statusId = status === undefined ? null : statusIdOf(getValue(status, XML_NAMES.statusId));
		const deliveryStatus = status === undefined ? null : optionalText(status, XML_NAMES.deliveryStatus);
		const trackingNumbers: string[] = [];
		for (const delivery of findDescendants(order, XML_NAMES.delivery)) {
			const trackingNo = optionalText(delivery, XML_NAMES.trackingNo);
			if (trackingNo !== null && trackingNumbers.indexOf(trackingNo) < 0) trackingNumbers.push(trackingNo);
		}
		const deliveriesUpdated =
			deliveries !== undefined && trimmedValue(deliveries, XML_NAMES.deliveriesUpdated) === WIRE_VALUES.deliveriesUpdated;
		return {
			orderNo: requiredText(order, XML_NAMES.orderNo, action, batchNo),
			statusId,
			deliveryStatus,
			delivered: (deliveryStatus ?? '').toUpperCase() === WIRE_VALUES.deliveredStatus || deliveriesUpdated,
			cancelled: statusId === WIRE_VALUES.cancelledStatusId,
			trackingNumbers,
		};
	});
	const more = findElement(root, XML_NAMES.moreInfoToFetch)?.text.trim() ?? '';
	const moreAvailable = /^true$/i.test(more) || (/^\d+$/.test(more) && Number(more) > 0);
	return { items, moreAvailable };
}

/** Every attribute and leaf child text of an element, as Specter named them. */
function rawValues(element: XmlElement): Record<string, string> {
	const raw: Record<string, string> = {};
	for (const child of element.children) {
		if (child.children.length === 0) raw[child.name] = child.text.trim();
	}
	return { ...raw, ...element.attributes };
}

/**
 * §4.4: <article buyPrice priceExclVat barCode productWeight><articleNo/><name/></article>, comma decimals. A
 * number field whose value is not a number is null and listed in `unreadable` (its text stays in `raw`), so one
 * odd value does not make the whole batch unreadable.
 */
function parseArticleInfoXml(root: XmlElement, action: string, batchNo: string | undefined): QueuePage<'articleInfo'> {
	const items = findDescendants(root, XML_NAMES.article).map((article): ArticleChange => {
		const unreadable: string[] = [];
		const numberOf = (name: string): number | null => {
			const value = readSpecterDecimal(getValue(article, name));
			if (value !== undefined) return value;
			unreadable.push(name);
			return null;
		};
		const change: ArticleChange = {
			articleNo: requiredText(article, XML_NAMES.articleNo, action, batchNo),
			name: optionalText(article, XML_NAMES.articleName),
			priceExclVat: numberOf(XML_NAMES.priceExclVat),
			buyPrice: numberOf(XML_NAMES.buyPrice),
			barCode: optionalText(article, XML_NAMES.barCode),
			weight: numberOf(XML_NAMES.weight),
			vatPercent: numberOf(XML_NAMES.vatPercent),
			raw: rawValues(article),
		};
		return unreadable.length > 0 ? { ...change, unreadable } : change;
	});
	return { items, moreAvailable: responseMaxLimitReached(root, items.length) };
}

/**
 * Parses a queue fetch: XML (order status, article info, stock per stock site) or the stock queue's text rows;
 * either is accepted for the stock queue. An empty answer to the text request is an empty stock queue (S1 reads
 * it as no rows). In-band errors (including 99, open batch) throw SpecterApiError; content that cannot be read
 * throws a SpecterProtocolError naming `options.batchNo`.
 */
export function parseQueueResponse<Q extends QueueName>(
	queue: Q,
	text: string,
	action: string,
	options: QueueParseOptions = {},
): QueuePage<Q> {
	if (queue === 'stock' && options.multipleStockSites !== true && text.replace(/^\uFEFF/, '').trim() === '') {
		return { items: [], moreAvailable: false };
	}
	const body = classifyBody(text, action);
	if (body.kind === 'xml') {
		readApiResponse(body.root, action);
		const page =
			queue === 'stock'
				? parseStockXml(body.root, action, options)
				: queue === 'orderStatus'
					? parseOrderStatusXml(body.root, action, options.batchNo)
					: parseArticleInfoXml(body.root, action, options.batchNo);
		return page as QueuePage<Q>;
	}
	const lines = body.text.split(/\r\n|\r|\n/);
	const line = lines.length === 1 && !isStockRow(lines[0], options.batchNo) ? parseStatusLine(lines[0]) : undefined;
	if (line !== undefined && !line.ok) throw apiError(action, line.second, line.message);
	if (line !== undefined) return { items: [], moreAvailable: false };
	if (queue === 'stock') return parseStockText(body.text, action, options.batchNo) as QueuePage<Q>;
	throw unexpectedText(action, body.text, 'XML');
}
