/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
// Test helpers: HTTPS/HTTP requests that trust the simulator's certificate through `ca`, a webhook receiver,
// and polling with a deadline.
import { readFileSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

import type { WooSimulator } from './server';

export interface WooResponse {
	status: number;
	headers: IncomingHttpHeaders;
	text: string;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test assertions walk arbitrary JSON
	json: any;
}

export interface WooRequestOptions {
	method?: string;
	body?: unknown;
	/** how to send the keys: Basic (n8n's default), query string ("Include Credentials in Query") or not at all */
	auth?: 'basic' | 'query' | 'none';
	consumerSecret?: string;
	/** use the plain-HTTP listener */
	plain?: boolean;
	headers?: Record<string, string>;
}

/** A request to `pathOrUrl` (a path like /wp-json/wc/v3/products, or a full URL such as a Link target). */
export function wooRequest(sim: WooSimulator, pathOrUrl: string, options: WooRequestOptions = {}): Promise<WooResponse> {
	const base = options.plain ? sim.httpUrl : sim.url;
	if (!base) throw new Error('the simulator has no plain-HTTP listener');
	const url = new URL(pathOrUrl.startsWith('http') ? pathOrUrl : `${base}${pathOrUrl}`);
	const auth = options.auth ?? 'basic';
	const secret = options.consumerSecret ?? sim.consumerSecret;
	const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
	if (auth === 'basic') headers.Authorization = `Basic ${Buffer.from(`${sim.consumerKey}:${secret}`).toString('base64')}`;
	if (auth === 'query') {
		url.searchParams.set('consumer_key', sim.consumerKey);
		url.searchParams.set('consumer_secret', secret);
	}
	const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
	if (payload !== undefined) headers['Content-Type'] = 'application/json';
	const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
	return new Promise((resolve, reject) => {
		const request = send(
			url,
			{ method: options.method ?? 'GET', headers, ca: readFileSync(sim.certPath), agent: false },
			(response) => {
				const chunks: Buffer[] = [];
				response.on('data', (chunk: Buffer) => chunks.push(chunk));
				response.on('end', () => {
					const text = Buffer.concat(chunks).toString('utf8');
					let json: unknown;
					try {
						json = JSON.parse(text);
					} catch {
						json = undefined;
					}
					resolve({ status: response.statusCode ?? 0, headers: response.headers, text, json });
				});
				response.on('error', reject);
			},
		);
		request.on('error', reject);
		request.end(payload);
	});
}

/** The control API (no authentication). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test assertions walk arbitrary JSON
export async function control(sim: WooSimulator, method: string, path: string, body?: unknown): Promise<any> {
	const response = await wooRequest(sim, `/__control/${path}`, { method, body, auth: 'none' });
	if (response.status >= 300) throw new Error(`control ${method} ${path}: ${response.status} ${response.text}`);
	return response.json;
}

export interface ReceivedRequest {
	method: string;
	url: string;
	headers: IncomingHttpHeaders;
	/** the raw body, as the signature covers it */
	body: Buffer;
}

export interface Receiver {
	url: string;
	port: number;
	requests: ReceivedRequest[];
	/** the status code answered from now on */
	respondWith(status: number): void;
	close(): Promise<void>;
}

/** An HTTP endpoint on 127.0.0.1 that records what it receives (the place n8n's trigger would be). */
export async function startReceiver(status = 200): Promise<Receiver> {
	let answer = status;
	const requests: ReceivedRequest[] = [];
	const server = createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			requests.push({
				method: request.method ?? '',
				url: request.url ?? '',
				headers: request.headers,
				body: Buffer.concat(chunks),
			});
			response.writeHead(answer, { 'Content-Type': 'application/json' });
			response.end('{}');
		});
	});
	await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
	const port = (server.address() as AddressInfo).port;
	return {
		url: `http://127.0.0.1:${port}/webhook/test`,
		port,
		requests,
		respondWith: (next) => {
			answer = next;
		},
		close: () =>
			new Promise((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}

/** Polls `condition` every 25 ms until it holds; fails after `timeoutMs` (generous: this is not a timing test). */
export async function waitFor(condition: () => boolean, description: string, timeoutMs = 10_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${description}`);
		await sleep(25);
	}
}

/** The rel="next" URL of a Link header, parsed the way n8n's woocommerceApiRequestAllItems does. */
export function nextLink(link: string | undefined): string | undefined {
	const next = link?.split(',').find((part) => part.includes('rel="next"'));
	return next?.split(';')[0].replace(/<(.*)>/, '$1').trim();
}

export const API = '/wp-json/wc/v3';
