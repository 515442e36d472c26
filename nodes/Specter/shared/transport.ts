import type { IExecuteFunctions, IPollFunctions, IWebhookFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';
import { SpecterClient } from '../wire';
import type { RawResponse, SpecterTransport } from '../wire/types';

export type SpecterNodeContext = IExecuteFunctions | IPollFunctions | IWebhookFunctions;

const DEFAULT_TIMEOUT_MS = 30000;

function bytesOf(body: unknown): Uint8Array {
	if (body instanceof Uint8Array) return body;
	if (body instanceof ArrayBuffer) return new Uint8Array(body);
	if (typeof body === 'string') return new TextEncoder().encode(body);
	return new Uint8Array(0);
}

/**
 * A Specter client whose HTTP goes through n8n's `httpRequestWithAuthentication`: the credential's `authenticate`
 * signs and encodes each call, and the raw bytes come back so the wire layer decodes Latin-1 itself.
 */
export function createSpecterClient(
	context: SpecterNodeContext,
	options: { timeoutMs?: number } = {},
): SpecterClient {
	const transport: SpecterTransport = async (call): Promise<RawResponse> => {
		const response = (await context.helpers.httpRequestWithAuthentication.call(context, 'specterApi', {
			method: call.method,
			url: call.script,
			qs: { action: call.action, ...call.query },
			body: call.form,
			encoding: 'arraybuffer',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			json: false,
			timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
		})) as { statusCode: number; headers: RawResponse['headers']; body: unknown };
		return { statusCode: response.statusCode, headers: response.headers ?? {}, body: bytesOf(response.body) };
	};
	return new SpecterClient({ transport, sleep });
}
