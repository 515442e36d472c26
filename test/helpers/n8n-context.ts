/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
// Stand-ins for n8n's execution contexts whose HTTP is REAL: requests go through the credential's own
// `authenticate` (as n8n's httpRequestWithAuthentication does) and then over node:http(s) to the simulators.
// They implement the parts of IExecuteFunctions / IPollFunctions the Specter nodes use; the end-to-end suite
// (test/e2e) runs the same nodes inside a real n8n.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	IPollFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';
import { SpecterApi } from '../../credentials/SpecterApi.credentials';

export interface HttpCall {
	method: string;
	url: string;
}

export interface FullResponse {
	statusCode: number;
	headers: Record<string, string | string[] | undefined>;
	body: unknown;
}

function urlWithQuery(options: IHttpRequestOptions): string {
	const base = options.baseURL ? new URL(options.url, options.baseURL) : new URL(options.url);
	for (const [name, value] of Object.entries(options.qs ?? {})) {
		if (value !== undefined && value !== null) base.searchParams.append(name, String(value));
	}
	return base.toString();
}

/** A subset of n8n's httpRequest semantics, enough for the Specter transport and plain JSON calls. No keep-alive: nothing lingers after a test. */
export async function sendHttp(options: IHttpRequestOptions, log?: HttpCall[]): Promise<unknown> {
	const url = urlWithQuery(options);
	const method = options.method ?? 'GET';
	log?.push({ method, url });
	const headers: Record<string, string> = {};
	for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = String(value);
	let payload: Buffer | undefined;
	if (typeof options.body === 'string') payload = Buffer.from(options.body, 'latin1');
	else if (Buffer.isBuffer(options.body)) payload = options.body;
	else if (options.body !== undefined && options.body !== null) {
		payload = Buffer.from(JSON.stringify(options.body), 'utf8');
		headers['content-type'] ??= 'application/json';
	}
	if (payload) headers['content-length'] = String(payload.length);
	const send = url.startsWith('https:') ? httpsRequest : httpRequest;
	const response = await new Promise<FullResponse>((resolve, reject) => {
		const req = send(url, { method, headers, timeout: options.timeout ?? 30000, agent: false }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (chunk: Buffer) => chunks.push(chunk));
			res.on('end', () =>
				resolve({ statusCode: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
			);
			res.on('error', reject);
		});
		req.on('timeout', () => {
			const error = Object.assign(new Error('timeout of request exceeded'), { code: 'ECONNABORTED' });
			req.destroy(error);
		});
		req.on('error', reject);
		req.end(payload);
	});
	const raw = response.body as Buffer;
	if (options.encoding === 'arraybuffer') response.body = raw;
	else {
		const text = raw.toString('utf8');
		try {
			response.body = options.json === false ? text : JSON.parse(text);
		} catch {
			response.body = text;
		}
	}
	if (!options.ignoreHttpStatusErrors && response.statusCode >= 400) {
		throw Object.assign(new Error(`Request failed with status code ${response.statusCode}`), {
			httpCode: String(response.statusCode),
		});
	}
	return options.returnFullResponse ? response : response.body;
}

export interface ContextOptions {
	/** node parameters; a function receives the item index */
	parameters: Record<string, unknown> | ((itemIndex: number) => Record<string, unknown>);
	credentials: ICredentialDataDecryptedObject;
	items?: INodeExecutionData[];
	continueOnFail?: boolean;
	mode?: 'manual' | 'trigger';
	staticData?: IDataObject;
	node?: Partial<INode>;
	/** every HTTP request made, for counting API calls */
	httpLog?: HttpCall[];
	pollBudgetMs?: number;
	/** the node class under test: parameters not given take the description's defaults, as in n8n */
	nodeType?: INodeType;
}

function lookup(source: Record<string, unknown>, path: string): unknown {
	return path.split('.').reduce<unknown>((value, key) => {
		if (value === undefined || value === null || typeof value !== 'object') return undefined;
		return (value as Record<string, unknown>)[key];
	}, source);
}

function sharedParts(options: ContextOptions) {
	const node: INode = {
		id: 'test-node',
		name: 'Specter',
		type: 'n8n-nodes-specter.specter',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		...options.node,
	};
	const credentialType = new SpecterApi();
	const staticData = options.staticData ?? {};
	// As n8n does: the parameters the node shows, with the description's defaults for those not set.
	const withDefaults = (values: Record<string, unknown>) =>
		options.nodeType
			? ((NodeHelpers.getNodeParameters(
					options.nodeType.description.properties,
					values as INodeParameters,
					true,
					false,
					node,
					options.nodeType.description,
				) ?? {}) as Record<string, unknown>)
			: values;
	const parametersFor = (itemIndex: number) =>
		withDefaults(typeof options.parameters === 'function' ? options.parameters(itemIndex) : options.parameters);
	return {
		getNode: () => node,
		getNodeParameter: (name: string, ...rest: unknown[]) => {
			const index = typeof rest[0] === 'number' ? rest[0] : 0;
			const value = lookup(parametersFor(index), name);
			if (value !== undefined) return value;
			if (rest.length >= 2) return rest[1];
			throw new Error(`Could not get parameter "${name}"`);
		},
		getCredentials: async () => options.credentials,
		getWorkflowStaticData: () => staticData,
		getMode: () => options.mode ?? 'trigger',
		continueOnFail: () => options.continueOnFail ?? false,
		logger: { debug() {}, info() {}, warn() {}, error() {} },
		helpers: {
			httpRequest: async (request: IHttpRequestOptions) => sendHttp(request, options.httpLog),
			httpRequestWithAuthentication: async (credentialName: string, request: IHttpRequestOptions) => {
				if (credentialName !== credentialType.name) throw new Error(`unexpected credential ${credentialName}`);
				const signed = await credentialType.authenticate(options.credentials, request);
				return sendHttp(signed, options.httpLog);
			},
			returnJsonArray: (data: IDataObject | IDataObject[]) =>
				(Array.isArray(data) ? data : [data]).map((json) => ({ json })),
			constructExecutionMetaData: (
				items: INodeExecutionData[],
				meta: { itemData: { item: number } | Array<{ item: number }> },
			) => items.map((item) => ({ ...item, pairedItem: meta.itemData })),
		},
	};
}

/** An IExecuteFunctions for `node.execute.call(context)`. */
export function executeContext(options: ContextOptions): IExecuteFunctions {
	const items = options.items ?? [{ json: {} }];
	return {
		...sharedParts(options),
		getInputData: () => items,
	} as unknown as IExecuteFunctions;
}

/** An IPollFunctions for `trigger.poll.call(context)`; static data persists in `options.staticData`. */
export function pollContext(options: ContextOptions): IPollFunctions {
	const parts = sharedParts(options);
	const context: Record<string, unknown> = { ...parts };
	if (options.pollBudgetMs !== undefined) context.getPollBudgetMs = () => options.pollBudgetMs;
	return context as unknown as IPollFunctions;
}

/** What a webhook node sent with `getResponseObject()` (status, content type, body). */
export interface RecordedResponse {
	statusCode?: number;
	contentType?: string;
	body?: unknown;
}

/** An IWebhookFunctions for `trigger.webhook.call(context)`: the request's query, and the answer recorded. */
export function webhookContext(options: ContextOptions & { query: Record<string, unknown>; response: RecordedResponse }): IWebhookFunctions {
	const { response } = options;
	const express = {
		status(code: number) {
			response.statusCode = code;
			return express;
		},
		type(contentType: string) {
			response.contentType = contentType;
			return express;
		},
		send(body: unknown) {
			response.body = body;
			return express;
		},
	};
	return {
		...sharedParts(options),
		getQueryData: () => options.query,
		getResponseObject: () => express,
	} as unknown as IWebhookFunctions;
}
