/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
// A Slack-compatible incoming webhook on 127.0.0.1 for the failure-alert tests: it takes what Slack's incoming
// webhooks take (a POST with a JSON body carrying `text`), answers as Slack does (200 "ok"; 400 "invalid_payload"
// for a body that is not JSON, 400 "no_text" for one without text) and keeps every message it accepted.
// Mattermost's incoming webhooks take the same body.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SlackMessage {
	/** the path the message was posted to (one receiver can stand for several channels) */
	path: string;
	text: string;
	/** the whole JSON body */
	body: Record<string, unknown>;
	at: string;
}

export interface SlackReceiver {
	/** http://127.0.0.1:<port>/services/T000/B000/XXXX: an incoming-webhook URL of this receiver */
	url: string;
	/** accepted messages, oldest first (live) */
	messages: SlackMessage[];
	close(): Promise<void>;
}

function readBody(request: IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		let body = '';
		request.setEncoding('utf8');
		request.on('data', (chunk: string) => (body += chunk));
		request.on('end', () => resolve(body));
		request.on('error', reject);
	});
}

function parse(text: string): Record<string, unknown> | undefined {
	try {
		const value: unknown = JSON.parse(text);
		return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
	} catch {
		return undefined;
	}
}

export async function startSlackReceiver(options: { port?: number } = {}): Promise<SlackReceiver> {
	const messages: SlackMessage[] = [];
	const server = createServer((request, response) => {
		const answer = (status: number, text: string) => {
			response.writeHead(status, { 'content-type': 'text/plain' });
			response.end(text);
		};
		if (request.method !== 'POST') return answer(405, 'invalid_method');
		readBody(request).then(
			(raw) => {
				const body = parse(raw);
				if (!body) return answer(400, 'invalid_payload');
				if (typeof body.text !== 'string' || body.text === '') return answer(400, 'no_text');
				messages.push({ path: request.url ?? '/', text: body.text, body, at: new Date().toISOString() });
				answer(200, 'ok');
			},
			() => answer(400, 'invalid_payload'),
		);
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen({ host: '127.0.0.1', port: options.port ?? 0 }, () => resolve());
	});
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/services/T000/B000/XXXX`,
		messages,
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}
