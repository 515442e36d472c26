/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
// A SpecterTransport over node:http(s) for tests: signs and encodes each call with the wire layer's
// encodeSignedRequest (as the credential's authenticate hook does inside n8n) and returns the raw bytes.
import http from 'node:http';
import https from 'node:https';

import { encodeSignedRequest, type RawResponse, type SpecterCredentials, type SpecterTransport } from '../../nodes/Specter/wire';

export interface HttpTransportOptions {
	/** the request is abandoned with an ETIMEDOUT error after this long without activity */
	timeoutMs: number;
}

export function createHttpTransport(credentials: SpecterCredentials, options: HttpTransportOptions): SpecterTransport {
	return async (call) => {
		const request = encodeSignedRequest(credentials, call);
		const url = new URL(request.url);
		const headers: Record<string, string | number> = { ...request.headers };
		if (request.body !== undefined) headers['Content-Length'] = Buffer.byteLength(request.body, 'latin1');
		return new Promise<RawResponse>((resolve, reject) => {
			const send = url.protocol === 'https:' ? https.request : http.request;
			// no keep-alive agent: every test request is independent and nothing lingers after a test
			const outgoing = send(url, { method: request.method, headers, agent: false }, (response) => {
				const chunks: Buffer[] = [];
				response.on('data', (chunk: Buffer) => chunks.push(chunk));
				response.on('end', () =>
					resolve({ statusCode: response.statusCode ?? 0, headers: response.headers, body: new Uint8Array(Buffer.concat(chunks)) }),
				);
				response.on('error', reject);
			});
			outgoing.setTimeout(options.timeoutMs, () => {
				outgoing.destroy(Object.assign(new Error(`timed out after ${options.timeoutMs} ms`), { code: 'ETIMEDOUT' }));
			});
			outgoing.on('error', reject);
			outgoing.end(request.body);
		});
	};
}
