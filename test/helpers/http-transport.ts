// A SpecterTransport over node:http(s) for tests: signs and encodes each call with the wire layer's
// encodeSignedRequest (as the credential's authenticate hook does inside n8n) and returns the raw bytes.
import { encodeSignedRequest, type RawResponse, type SpecterCredentials, type SpecterTransport } from '../../nodes/Specter/wire';
import { sendHttp, type FullResponse } from './n8n-context';

export interface HttpTransportOptions {
	/** the request is abandoned with a time-out error after this long */
	timeoutMs: number;
}

export function createHttpTransport(credentials: SpecterCredentials, options: HttpTransportOptions): SpecterTransport {
	return async (call) => {
		const request = encodeSignedRequest(credentials, call);
		const response = (await sendHttp({
			method: request.method,
			url: request.url,
			headers: request.headers,
			body: request.body,
			encoding: 'arraybuffer',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: options.timeoutMs,
		})) as FullResponse;
		return { statusCode: response.statusCode, headers: response.headers, body: new Uint8Array(response.body as Buffer) } satisfies RawResponse;
	};
}
