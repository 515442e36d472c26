/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, no-console -- test code runs in Node, not inside n8n */
// A Specter wire-API simulator (https://api.specter.se/ putInfo.asp / getInfo.asp) for tests and the sandbox.
// It enforces the evidence in docs/specter-api.md so that client bugs fail tests. It shares nothing with
// the client except the guess table (nodes/Specter/wire/guesses.ts), so a guessed name is fixed in one place.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { SPECTER_GUESSES } from '../../../nodes/Specter/wire/guesses';
import { submitArticles } from './articles';
import { DEFAULT_ACCOUNT, isAuthorised, signingHashes, type SimAccount } from './auth';
import { CallbackDispatcher, checkAccountSettings } from './callbacks';
import type { ActionContext, SimSettings } from './context';
import { ControlApi } from './control';
import { customerSubject, submitCustomer } from './customers';
import { prepareOrder, submitOrder } from './orders';
import { WireParams } from './params';
import { acknowledgeQueueAction, clearArticleBatch, fetchQueueAction } from './queues';
import { type ApiAnswer, type ResponseMode, SpecterError, encodeLatin1, errorAnswer, specterErrors } from './responses';
import { type PendingFault, type QueueName, type RequestLogEntry, type SimulatorState, createState } from './state';

export type { SimAccount } from './auth';
export type * from './state';

export interface SpecterSimulatorOptions {
	/** 0 = random (default 0) */
	port?: number;
	account?: SimAccount;
	/**
	 * [G] milliseconds newOrderSubmit waits between its duplicate check and storing the order (default 0: atomic);
	 * also `POST /__control/duplicate-check`. See `SimSettings.duplicateCheckWindowMs`.
	 */
	duplicateCheckWindowMs?: number;
	/** XML numbers with a decimal comma (default true, to exercise client parsers) */
	commaDecimals?: boolean;
	/** max changes per fetched batch (default 500) -> responseMaxLimit / moreInfoToFetch */
	queuePageSize?: number;
	/** newOrderSubmit rejects unknown articleNo_N (default true) */
	rejectUnknownArticles?: boolean;
	/** articleNos always accepted on order rows (e.g. 'shipping', 'discount'; default []) */
	pseudoArticles?: string[];
	/** YYYY-MM-DD for the checkAccountSettings key (default: today in Sweden, SPECTER_GUESSES.account.dateTimeZone) */
	today?: () => string;
	/**
	 * newArticleSubmit queues an article-info change for each article it creates or updates, as if Specter reported
	 * the webshop's own writes back (default false; also `POST /__control/settings`). Whether Specter does is unknown.
	 */
	queueApiArticleWrites?: boolean;
	/**
	 * [G] the HTTP method of callbacks (default GET). Specter's is not known (docs/specter-api.md §5); POST (with an
	 * empty body) checks that a receiver takes both.
	 */
	callbackMethod?: 'GET' | 'POST';
}

export interface SpecterSimulator {
	/** 'http://127.0.0.1:<port>/' (append 'putInfo.asp' / 'getInfo.asp') */
	url: string;
	port: number;
	/** live in-memory state */
	state: SimulatorState;
	/**
	 * Every `key` received and every hash the simulator computed to check one (the inner md5 and the expected key).
	 * In-process only (never in the state or the control API): for tests that search logs and errors for secrets.
	 */
	signingSecrets: ReadonlySet<string>;
	close(): Promise<void>;
}

type Script = 'putInfo.asp' | 'getInfo.asp';

interface ActionSpec {
	name: string;
	script: Script;
	/** the key SUBJECT (§2.4); null = cannot be authenticated */
	subject: (params: WireParams, settings: SimSettings) => string | null;
	handle: (context: ActionContext) => ApiAnswer;
	/** log the number of article rows */
	countsRows?: boolean;
}

const batchNoSubject = (params: WireParams) => params.get('batchNo') ?? '';

/** The queue each fetch action binds. */
const QUEUE_OF_FETCH: Record<string, QueueName | undefined> = {
	getArticleExternalNeedUpdate: 'stock',
	getOrdersExternalNeedUpdate: 'orderStatus',
	getArticleInfoExternalNeedUpdate: 'articleInfo',
};

const ACTIONS: ActionSpec[] = [
	{ name: 'newCustomerSubmit', script: 'putInfo.asp', subject: customerSubject, handle: submitCustomer },
	{ name: 'newOrderSubmit', script: 'putInfo.asp', subject: (params) => params.get('customerId') ?? '', handle: submitOrder, countsRows: true },
	{ name: 'newArticleSubmit', script: 'putInfo.asp', subject: (params) => params.get('articleNo_1') ?? '', handle: submitArticles, countsRows: true },
	{ name: 'getArticleExternalNeedUpdate', script: 'getInfo.asp', subject: batchNoSubject, handle: fetchQueueAction('stock') },
	{ name: 'updateArticlesFromBatch', script: 'getInfo.asp', subject: batchNoSubject, handle: acknowledgeQueueAction('stock') },
	{ name: 'getOrdersExternalNeedUpdate', script: 'getInfo.asp', subject: batchNoSubject, handle: fetchQueueAction('orderStatus') },
	{ name: 'updateOrdersFromBatch', script: 'getInfo.asp', subject: batchNoSubject, handle: acknowledgeQueueAction('orderStatus') },
	{ name: 'getArticleInfoExternalNeedUpdate', script: 'getInfo.asp', subject: batchNoSubject, handle: fetchQueueAction('articleInfo') },
	{ name: 'updateArticleInfosFromBatch', script: 'getInfo.asp', subject: batchNoSubject, handle: acknowledgeQueueAction('articleInfo') },
	{ name: 'clearArticleBatch', script: 'getInfo.asp', subject: batchNoSubject, handle: clearArticleBatch },
	{
		name: 'checkAccountSettings',
		script: 'getInfo.asp',
		// the subject is the date, and it must be today
		subject: (params, settings) => (params.get('date') === settings.today() ? settings.today() : null),
		handle: checkAccountSettings,
	},
];

const SCRIPTS: Record<string, Script> = { '/putinfo.asp': 'putInfo.asp', '/getinfo.asp': 'getInfo.asp' };
const CONTROL_PREFIX = '/__control/';
const MAX_BODY_BYTES = 20 * 1024 * 1024;

const IIS_ERROR_PAGE =
	'<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\r\n' +
	'<html xmlns="http://www.w3.org/1999/xhtml"><head><title>500 - Internal server error.</title></head>' +
	'<body><div id="header"><h1>Server Error</h1></div><div id="content"><fieldset>' +
	'<h2>500 - Internal server error.</h2><h3>There is a problem with the resource you are looking for, and it cannot be displayed.</h3>' +
	'</fieldset></div></body></html>';

function resolveSettings(options: SpecterSimulatorOptions): SimSettings {
	const queuePageSize = options.queuePageSize ?? 500;
	if (!Number.isInteger(queuePageSize) || queuePageSize < 1) throw new Error('queuePageSize must be a positive integer');
	return {
		account: { ...DEFAULT_ACCOUNT, ...options.account },
		duplicateCheckWindowMs: options.duplicateCheckWindowMs ?? 0,
		commaDecimals: options.commaDecimals ?? true,
		queuePageSize,
		rejectUnknownArticles: options.rejectUnknownArticles ?? true,
		pseudoArticles: new Set(options.pseudoArticles ?? []),
		today: options.today ?? (() => swedishToday()),
		queueApiArticleWrites: options.queueApiArticleWrites ?? false,
	};
}

/** Today as YYYY-MM-DD on Swedish time (written here, independently of the client's dates.ts). */
function swedishToday(): string {
	const parts = new Intl.DateTimeFormat('en-GB', { timeZone: SPECTER_GUESSES.account.dateTimeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date());
	const part = (type: string) => parts.find((candidate) => candidate.type === type)?.value ?? '';
	return `${part('year')}-${part('month')}-${part('day')}`;
}

function readBody(request: IncomingMessage): Promise<Buffer | null> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		request.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size <= MAX_BODY_BYTES) chunks.push(chunk);
		});
		request.on('end', () => resolve(size <= MAX_BODY_BYTES ? Buffer.concat(chunks) : null));
		request.on('error', reject);
	});
}

function send(response: ServerResponse, status: number, contentType: string, body: Buffer): void {
	response.writeHead(status, { 'Content-Type': contentType, 'Content-Length': body.length });
	response.end(body);
}

function sendJson(response: ServerResponse, status: number, json: unknown): void {
	send(response, status, 'application/json; charset=utf-8', Buffer.from(JSON.stringify(json), 'utf8'));
}

export async function startSpecterSimulator(options: SpecterSimulatorOptions = {}): Promise<SpecterSimulator> {
	const settings = resolveSettings(options);
	const state = createState();
	const callbacks = new CallbackDispatcher(state, options.callbackMethod ?? 'GET');
	const control = new ControlApi(state, settings, callbacks);
	const latencyTimers = new Set<NodeJS.Timeout>();

	/** Waits for an injected latency; close() cancels the wait, the request is then dropped with its socket. */
	const delay = (ms: number) =>
		new Promise<void>((resolve) => {
			const timer = setTimeout(() => {
				latencyTimers.delete(timer);
				resolve();
			}, ms);
			latencyTimers.add(timer);
		});

	/** Counted faults first (in the order queued), then standing ones (`rate`), drawn at random. */
	function takeFault(action: string): PendingFault | undefined {
		const matches = (fault: PendingFault) => fault.action === undefined || fault.action.toLowerCase() === action.toLowerCase();
		const index = state.faults.findIndex((fault) => fault.rate === undefined && matches(fault));
		if (index >= 0) {
			const fault = state.faults[index];
			fault.times--;
			if (fault.times <= 0) state.faults.splice(index, 1);
			return { ...fault };
		}
		let draw = Math.random();
		for (const fault of state.faults) {
			if (fault.rate === undefined || !matches(fault)) continue;
			draw -= fault.rate;
			if (draw < 0) return { ...fault };
		}
		return undefined;
	}

	/** Answers a fault other than latency (which only delays a normal answer); `answer` is the lost one of an `after` fault. */
	function answerFault(fault: PendingFault, response: ServerResponse, answer?: ApiAnswer): void {
		const latin1 = '; charset=ISO-8859-1';
		switch (fault.kind) {
			case 'reset':
				// the connection is closed without an answer: the client sees ECONNRESET ("socket hang up")
				response.socket?.destroy();
				return;
			case 'truncated': {
				// the connection drops in the middle of the body: fewer bytes than Content-Length announced
				const body = answer ? encodeLatin1(answer.body) : Buffer.from('1;0;OK', 'latin1');
				response.writeHead(200, { 'Content-Type': `${answer?.contentType ?? 'text/plain'}${latin1}`, 'Content-Length': body.length });
				response.write(body.subarray(0, Math.floor(body.length / 2)), () => response.socket?.destroy());
				return;
			}
			case 'http500':
				return send(response, 500, 'text/html', Buffer.from(IIS_ERROR_PAGE));
			case 'html':
				return send(response, 200, 'text/html', Buffer.from(IIS_ERROR_PAGE));
			case 'empty':
				return send(response, 200, `text/plain${latin1}`, Buffer.alloc(0));
			case 'malformedXml':
				return send(response, 200, `text/xml${latin1}`, Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?>\r\n<response><APIresponse><result>1</result><mess'));
			case 'timeout':
			case 'latency':
				// timeout: never answer; close() destroys the socket. latency is handled before dispatch.
				return;
		}
	}

	const signingSecrets = new Set<string>();

	/** Authenticates and runs the action; the answer, or the step still to run in non-atomic mode (see prepareOrder). */
	function dispatch(script: Script, params: WireParams, mode: ResponseMode, spec: ActionSpec | undefined, action: string): ApiAnswer | (() => ApiAnswer) {
		try {
			if (!spec) throw specterErrors.unknownAction(action);
			const subject = spec.subject(params, settings);
			const key = params.get('key');
			if (key) signingSecrets.add(key);
			for (const hash of signingHashes(settings.account, script, params, subject)) signingSecrets.add(hash);
			if (!isAuthorised(settings.account, script, params, subject)) throw specterErrors.invalidKey();
			const context = { params, mode, state, settings };
			if (spec.name === 'newOrderSubmit' && settings.duplicateCheckWindowMs > 0) {
				const commit = prepareOrder(context);
				return () => commit();
			}
			return spec.handle(context);
		} catch (error) {
			if (error instanceof SpecterError) return errorAnswer(mode, error);
			// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- simulator code: anything else is a simulator bug, answered 500 by the HTTP handler
			throw error;
		}
	}

	/** The article or order numbers a fetch bound (or read again) to its batch. */
	function boundItems(action: string, batchNo: string | undefined): string[] | undefined {
		const queue = QUEUE_OF_FETCH[action];
		const bound = queue ? state.queues[queue].bound : null;
		if (!bound || bound.batchNo !== batchNo) return undefined;
		return bound.changes.map((change) => ('articleNo' in change ? change.articleNo : change.orderNo));
	}

	async function handleApi(script: Script, query: string, request: IncomingMessage, body: Buffer, response: ServerResponse): Promise<void> {
		const isForm = (request.headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');
		const params = WireParams.parse(query, isForm ? body.toString('latin1') : undefined);
		const action = params.get('action') ?? '';
		const spec = ACTIONS.find((candidate) => candidate.script === script && candidate.name.toLowerCase() === action.toLowerCase());
		const entry: RequestLogEntry = { at: new Date().toISOString(), script, action: spec?.name ?? action, ok: false };
		if (spec?.countsRows) entry.rows = params.all().filter((param) => /^articleNo_\d+$/i.test(param.name)).length;
		if (spec?.subject === batchNoSubject) entry.batchNo = params.get('batchNo') ?? '';
		if (spec?.name === 'newOrderSubmit') entry.externalOrderNo = params.get('externalOrderNo') ?? '';

		const fault = takeFault(action);
		if (fault) entry.fault = fault.kind;
		if (fault && fault.kind !== 'latency' && !fault.after) {
			state.requests.push(entry);
			return answerFault(fault, response);
		}
		if (fault?.latencyMs) await delay(fault.latencyMs);

		const mode: ResponseMode = params.get('useXML')?.trim() === '2' ? 'xml' : 'text';
		let outcome = dispatch(script, params, mode, spec, action);
		if (typeof outcome === 'function') {
			// non-atomic mode: the duplicate check has passed; other requests run while this one waits to store
			state.requests.push(entry);
			await delay(settings.duplicateCheckWindowMs);
			outcome = outcome();
		} else {
			state.requests.push(entry);
		}
		const answer = outcome;
		entry.ok = answer.ok;
		if (answer.code !== undefined) entry.code = answer.code;
		if (answer.changes !== undefined) entry.changes = answer.changes;
		const items = boundItems(entry.action, entry.batchNo);
		if (items) entry.items = items;
		if (fault && fault.kind !== 'latency') {
			entry.faultAfter = true;
			return answerFault(fault, response, answer);
		}
		send(response, 200, `${answer.contentType}; charset=ISO-8859-1`, encodeLatin1(answer.body));
	}

	function handleControl(method: string, path: string, body: Buffer, response: ServerResponse): void {
		let segments: string[];
		let json: Record<string, unknown> = {};
		try {
			segments = path.slice(CONTROL_PREFIX.length).split('/').filter(Boolean).map(decodeURIComponent);
			const text = body.toString('utf8').trim();
			if (text !== '') json = JSON.parse(text);
		} catch {
			return sendJson(response, 400, { error: 'malformed path or JSON body' });
		}
		if (typeof json !== 'object' || json === null || Array.isArray(json)) return sendJson(response, 400, { error: 'the body must be a JSON object' });
		const result = control.handle(method, segments, json);
		sendJson(response, result.status, result.json);
	}

	async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
		const rawUrl = request.url ?? '/';
		const queryStart = rawUrl.indexOf('?');
		const path = queryStart < 0 ? rawUrl : rawUrl.slice(0, queryStart);
		const query = queryStart < 0 ? '' : rawUrl.slice(queryStart + 1);
		const body = await readBody(request);
		if (body === null) return send(response, 413, 'text/plain', Buffer.from('Request entity too large'));

		if (path.startsWith(CONTROL_PREFIX)) return handleControl(request.method ?? 'GET', path, body, response);
		const script = SCRIPTS[path.toLowerCase()];
		if (!script) return send(response, 404, 'text/plain', Buffer.from('Not found'));
		if (request.method !== 'GET' && request.method !== 'POST') return send(response, 405, 'text/plain', Buffer.from('Method not allowed'));
		return handleApi(script, query, request, body, response);
	}

	const server = http.createServer((request, response) => {
		handle(request, response).catch((error: Error) => {
			// a simulator bug, not an API answer: say so loudly (requests carry no secrets worth logging here)
			console.error(`[specter-sim] ${request.method} ${request.url?.split('?')[0]}: ${error.stack ?? error.message}`);
			if (!response.headersSent) send(response, 500, 'text/plain', Buffer.from('simulator error'));
		});
	});

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, '127.0.0.1', () => {
			server.off('error', reject);
			resolve();
		});
	});
	const { port } = server.address() as AddressInfo;

	let closing: Promise<void> | null = null;
	return {
		url: `http://127.0.0.1:${port}/`,
		port,
		state,
		signingSecrets,
		close() {
			closing ??= new Promise<void>((resolve) => {
				callbacks.close();
				for (const timer of latencyTimers) clearTimeout(timer);
				latencyTimers.clear();
				server.close(() => resolve());
				server.closeAllConnections();
			});
			return closing;
		},
	};
}
