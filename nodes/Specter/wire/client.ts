// The typed Specter client: validates, builds one call per operation, sends it through the injected transport
// with retries where repeating is safe, and parses the answer.

import { randomBytes } from 'crypto';

import { dateInTimeZone } from './dates';
import { SpecterApiError, SpecterError, SpecterNetworkError, SpecterProtocolError } from './errors';
import { SPECTER_GUESSES } from './guesses';
import {
	buildAcknowledgeCall,
	buildArticlesCall,
	buildCallbacksCall,
	buildCustomerCall,
	buildOrderCall,
	buildQueueFetchCall,
	buildStockResyncCall,
} from './requests';
import {
	assertHttpOk,
	decodeResponse,
	openBatchNoFrom,
	parseAcknowledgeResponse,
	parseQueueResponse,
	parseStatusResponse,
	parseWriteResponse,
	sanitizedExcerpt,
} from './responses';
import { normaliseCall } from './signing';
import { validateArticles, validateCustomer, validateOrder } from './validation';
import type {
	AcknowledgeResult,
	ArticleInput,
	ArticleOptions,
	CallbackUrls,
	CustomerInput,
	CustomerMatchOptions,
	FetchQueueOptions,
	OrderInput,
	OrderOptions,
	OrderResult,
	QueueBatch,
	QueueName,
	RetryPolicy,
	SpecterCall,
	SpecterClientOptions,
	SpecterTransport,
	WriteResult,
} from './types';

/**
 * Reads of an open batch that must all come back empty before it is closed unseen. The fault suite lost a whole stock
 * batch when one re-read was answered with an empty body; three in a row make that one in 8 000 at a 5 % fault rate.
 */
export const OPEN_BATCH_READS_BEFORE_EMPTY = 3;

export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 4, baseDelayMs: 500, maxDelayMs: 8000, afterTimeoutDelayMs: 10_000 };

/** 32 random hex characters, like S1's md5(microtime()). */
function randomBatchNo(): string {
	return randomBytes(16).toString('hex');
}

/**
 * Today as YYYY-MM-DD on Swedish time (SPECTER_GUESSES.account.dateTimeZone), the checkAccountSettings subject:
 * a UTC date would be a day behind between midnight and 01:00/02:00 in Sweden.
 */
function swedishToday(): string {
	return dateInTimeZone(new Date(), SPECTER_GUESSES.account.dateTimeZone);
}

const TIMEOUT_CODES = ['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ECONNABORTED', 'ECONNRESET_TIMEOUT'];


interface TransportFailureShape {
	name?: unknown;
	code?: unknown;
	httpCode?: unknown;
	statusCode?: unknown;
	message?: unknown;
	cause?: unknown;
}

/** An HTTP status carried by a transport rejection (n8n's NodeApiError has `httpCode` as a string). */
function statusOf(failure: TransportFailureShape): number | undefined {
	for (const candidate of [failure.statusCode, failure.httpCode]) {
		const status = typeof candidate === 'string' && /^\d{3}$/.test(candidate) ? Number(candidate) : candidate;
		if (typeof status === 'number' && status >= 100 && status <= 599) return status;
	}
	return undefined;
}

function isSuccessStatus(status: number): boolean {
	return status >= 200 && status <= 299;
}

/** Network error codes in words, so a message says what happened (the code follows in brackets). */
const NETWORK_FAILURES: Record<string, string> = {
	ECONNRESET: 'the connection was reset',
	ECONNREFUSED: 'the connection was refused',
	ENOTFOUND: 'the host name was not found',
	EAI_AGAIN: 'the host name could not be looked up',
	EHOSTUNREACH: 'the host is unreachable',
	ENETUNREACH: 'the network is unreachable',
	EPIPE: 'the connection broke while sending',
	EPROTO: 'the secure connection failed',
};

function transportCodesOf(failure: TransportFailureShape): string[] {
	return [failure.code, failure.httpCode].filter((code): code is string => typeof code === 'string');
}

/** No answer in time: Specter may still be carrying the call out. */
function isTimeout(failure: TransportFailureShape): boolean {
	const message = typeof failure.message === 'string' ? failure.message : '';
	return transportCodesOf(failure).some((code) => TIMEOUT_CODES.indexOf(code) >= 0) || failure.name === 'TimeoutError' || /timed? ?out/i.test(message);
}

/**
 * What went wrong, without the transport's own message when it might carry the request URL (and so the key):
 * an error code, "timed out", an HTTP status, or a masked excerpt.
 */
function describeTransportFailure(failure: TransportFailureShape): string {
	if (isTimeout(failure)) return 'timed out';
	const codes = transportCodesOf(failure);
	const message = typeof failure.message === 'string' ? failure.message : '';
	const code = codes.find((candidate) => /^E[A-Z_]+$/.test(candidate));
	if (code !== undefined) return NETWORK_FAILURES[code] === undefined ? code : `${NETWORK_FAILURES[code]}, ${code}`;
	const status = statusOf(failure);
	// a rejection that carries a 2xx status: the answer began and the connection dropped before its end
	if (status !== undefined && isSuccessStatus(status)) return `the answer broke off, HTTP ${status}`;
	if (status !== undefined) return `HTTP ${status}`;
	return message ? sanitizedExcerpt(message, 100) : 'transport failure';
}

/** A Specter error thrown inside the transport (e.g. by encodeSignedRequest), possibly wrapped by n8n. */
function specterErrorInside(error: unknown): SpecterError | undefined {
	if (error instanceof SpecterError) return error;
	const cause = (error as TransportFailureShape | undefined)?.cause;
	return cause instanceof SpecterError ? cause : undefined;
}

export class SpecterClient {
	private readonly transport: SpecterTransport;
	private readonly sleep: (ms: number) => Promise<void>;
	private readonly retry: RetryPolicy;
	private readonly newBatchNo: () => string;
	private readonly today: () => string;

	constructor(options: SpecterClientOptions) {
		this.transport = options.transport;
		this.sleep = options.sleep;
		this.retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
		this.newBatchNo = options.newBatchNo ?? randomBatchNo;
		this.today = options.today ?? swedishToday;
	}

	/**
	 * newCustomerSubmit. Retried on network failures only while Specter matches existing customers (email or
	 * org no); with both ignore flags every call creates a customer, so a repeat would create a duplicate.
	 */
	async upsertCustomer(customer: CustomerInput, options: CustomerMatchOptions = {}): Promise<WriteResult> {
		validateCustomer(customer, options);
		const call = buildCustomerCall(customer, options);
		const repeatable = !(options.ignoreControlEmail && options.ignoreControlOrgNo);
		return parseWriteResponse(await this.send(call, repeatable), call.action);
	}

	/**
	 * newOrderSubmit. When Specter says the externalOrderNo was already used (its duplicate guard), this resolves
	 * with alreadyTransferred instead of failing, so re-running a workflow is safe. Retried on network failures
	 * only when that guard is active (externalOrderNo set, control not ignored).
	 */
	async createOrder(order: OrderInput, options: OrderOptions = {}): Promise<OrderResult> {
		validateOrder(order, options);
		const call = buildOrderCall(order, options);
		const repeatable = !isBlank(order.externalOrderNo) && !options.ignoreExternalOrderNoControl;
		const text = await this.send(call, repeatable);
		let failure: unknown;
		try {
			const result = parseWriteResponse(text, call.action);
			return { orderNo: result.id, alreadyTransferred: false, message: result.message };
		} catch (error) {
			failure = error;
		}
		if (!(failure instanceof SpecterApiError) || failure.code !== SPECTER_GUESSES.errors.duplicateExternalOrderNo) {
			throw failure;
		}
		return {
			orderNo: orderNoFromDuplicateMessage(failure.specterMessage),
			alreadyTransferred: true,
			message: failure.specterMessage,
		};
	}

	/** newArticleSubmit for all the given rows in one call (the caller batches). Upserts by articleNo: retried. */
	async upsertArticles(articles: ArticleInput[], options: ArticleOptions): Promise<WriteResult> {
		validateArticles(articles, options);
		const call = buildArticlesCall(articles, options);
		return parseWriteResponse(await this.send(call, true), call.action);
	}

	/**
	 * Fetches one batch of a change queue. When Specter answers error 99 (an earlier batch was never
	 * acknowledged), the batch it names is fetched instead and returned with recovered: true, so its changes are
	 * neither lost nor acknowledged unseen. Acknowledge the returned batchNo once its items are handled.
	 */
	async fetchQueue<Q extends QueueName>(queue: Q, options: FetchQueueOptions = {}): Promise<QueueBatch<Q>> {
		const batchNo = options.batchNo ?? this.newBatchNo();
		let failure: unknown;
		try {
			return await this.fetchBatch(queue, batchNo, false, options);
		} catch (error) {
			failure = error;
		}
		const openBatchNo = failure instanceof SpecterApiError ? openBatchNoFrom(failure) : undefined;
		if (openBatchNo === undefined || openBatchNo === batchNo) throw failure;
		// An empty text answer is both the stock queue's "nothing" and what a lost answer looks like (a proxy, Specter
		// failing after it read the batch): an open batch read back empty is read again before it counts as empty.
		for (let read = 1; read <= OPEN_BATCH_READS_BEFORE_EMPTY; read++) {
			const recovered = await this.fetchBatch(queue, openBatchNo, true, options);
			if (recovered.items.length > 0) return recovered;
		}
		// An open batch with nothing in it protects no change, but nobody would ever acknowledge it (no item reaches
		// the workflow's acknowledge step) and it would block the queue for good: close it and read afresh.
		await this.acknowledgeBatch(queue, openBatchNo);
		return this.fetchBatch(queue, this.newBatchNo(), false, options);
	}

	/**
	 * update…FromBatch: tells Specter the batch is handled. Resolves for any HTTP 200 reply that is not an in-band
	 * error, with `confirmed: false` and a warning when the reply is not one known to confirm it (see
	 * parseAcknowledgeResponse); in-band errors and transport failures reject.
	 */
	async acknowledgeBatch(queue: QueueName, batchNo: string): Promise<AcknowledgeResult> {
		const call = buildAcknowledgeCall(queue, batchNo);
		return parseAcknowledgeResponse(await this.send(call, true), call.action, batchNo);
	}

	/** clearArticleBatch&clearSelf=1: Specter re-queues every article's stock; fetch the stock queue afterwards. */
	async requestFullStockResync(): Promise<void> {
		const call = buildStockResyncCall(this.newBatchNo());
		parseStatusResponse(await this.send(call, true), call.action);
	}

	/** checkAccountSettings: sets the given callback URLs ('' turns one off; absent ones are not sent). */
	async registerCallbacks(urls: CallbackUrls): Promise<WriteResult> {
		const call = buildCallbacksCall(urls, this.today());
		return parseWriteResponse(await this.send(call, true), call.action);
	}

	private async fetchBatch<Q extends QueueName>(
		queue: Q,
		batchNo: string,
		recovered: boolean,
		options: FetchQueueOptions,
	): Promise<QueueBatch<Q>> {
		const multipleStockSites = options.multipleStockSites === true;
		const call = buildQueueFetchCall(queue, batchNo, multipleStockSites);
		const page = parseQueueResponse(queue, await this.send(call, true), call.action, { multipleStockSites, batchNo });
		return { queue, batchNo, recovered, items: page.items, moreAvailable: page.moreAvailable };
	}

	/**
	 * Sends a call and returns the decoded body of an HTTP 200 answer. Network failures, time-outs and HTTP 5xx
	 * are retried with exponential back-off (through the injected sleep) when `repeatable`; in-band Specter
	 * errors and protocol errors never are.
	 */
	private async send(call: SpecterCall, repeatable: boolean): Promise<string> {
		const latin1Call = normaliseCall(call);
		const maxAttempts = repeatable ? Math.max(1, this.retry.attempts) : 1;
		for (let attempt = 1; ; attempt++) {
			let failure: SpecterNetworkError;
			try {
				const raw = await this.transport(latin1Call);
				assertHttpOk(raw, call.action);
				return decodeResponse(raw);
			} catch (error) {
				failure = this.classifyFailure(error, call.action);
			}
			if (attempt >= maxAttempts) throw this.giveUp(failure, call.action, attempt, repeatable);
			const backOff = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * Math.pow(2, attempt - 1));
			await this.sleep(failure.timedOut ? Math.max(backOff, this.retry.afterTimeoutDelayMs ?? 0) : backOff);
		}
	}

	/** Returns the retryable failure, or throws what must not be retried. */
	private classifyFailure(error: unknown, action: string): SpecterNetworkError {
		if (error instanceof SpecterNetworkError) return error;
		const specterError = specterErrorInside(error);
		if (specterError !== undefined) throw specterError;
		const failure = (error ?? {}) as TransportFailureShape;
		const status = statusOf(failure);
		// n8n rejects an answer cut off mid-body with its status (200): a network failure, not a wrong address
		if (status !== undefined && status < 500 && !isSuccessStatus(status)) {
			throw new SpecterProtocolError(
				`Specter answered ${action} with HTTP ${status}. Check the base URL in the credential.`,
				{ action, statusCode: status },
			);
		}
		return new SpecterNetworkError(`Specter did not answer ${action} (${describeTransportFailure(failure)}).`, {
			action,
			statusCode: status,
			timedOut: isTimeout(failure),
		});
	}

	private giveUp(failure: SpecterNetworkError, action: string, attempts: number, repeatable: boolean): SpecterNetworkError {
		const reason = failure.message.replace(/\.$/, '');
		const message = repeatable
			? `${reason}; gave up after ${attempts} attempt${attempts === 1 ? '' : 's'}. Check that Specter is reachable and try again later.`
			: `${reason}. It was not retried because repeating ${action} could create a duplicate; check in Specter whether it arrived before running it again.`;
		return new SpecterNetworkError(message, { action, statusCode: failure.statusCode, attempts, timedOut: failure.timedOut });
	}
}

function isBlank(value: string | undefined): boolean {
	return value === undefined || value.trim() === '';
}

/**
 * The Specter order number in the duplicate-order message, read after the word "order" as the guessed wording
 * has it (SPECTER_GUESSES.messages.duplicateExternalOrderNo); null when Specter does not name it.
 */
function orderNoFromDuplicateMessage(message: string): string | null {
	const pattern = new RegExp(SPECTER_GUESSES.messages.duplicateOrderNoPattern.source, 'gi');
	let orderNo: string | null = null;
	for (let match = pattern.exec(message); match !== null; match = pattern.exec(message)) orderNo = match[1];
	return orderNo;
}
