/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
// Fault suite: an answer cut off mid-body as the real n8n 2.41 reports it. n8n's HTTP helper (axios in
// @n8n/backend-network) rejects with "stream has been aborted" (AxiosError ERR_BAD_RESPONSE, response status 200),
// and httpRequestWithAuthentication wraps that in a NodeApiError with httpCode '200' (recorded with the pinned
// runtime against a server that closes the connection after half the announced Content-Length). The fault suite
// met it in the real n8n: the order was stored, the node said "Specter answered newOrderSubmit with HTTP 200. Check
// the base URL in the credential" and did not retry.
import assert from 'node:assert/strict';
import { SpecterClient, SpecterNetworkError } from '../../nodes/Specter/wire';
import type { RawResponse, SpecterCall } from '../../nodes/Specter/wire/types';

/** What reaches the Specter client's transport when the answer is cut off inside the real n8n. */
function cutOffAnswer(): Error {
	const cause = Object.assign(new Error('stream has been aborted'), { name: 'AxiosError', code: 'ERR_BAD_RESPONSE', status: 200 });
	return Object.assign(new Error('stream has been aborted'), { name: 'NodeApiError', httpCode: '200', cause });
}

function text(body: string): RawResponse {
	return { statusCode: 200, headers: { 'content-type': 'text/plain; charset=ISO-8859-1' }, body: new Uint8Array(Buffer.from(body, 'latin1')) };
}

function client(replies: Array<RawResponse | Error>) {
	const calls: SpecterCall[] = [];
	const specter = new SpecterClient({
		transport: async (call) => {
			calls.push(call);
			const reply = replies.length > 1 ? (replies.shift() as RawResponse | Error) : replies[0];
			if (reply instanceof Error) throw reply;
			return reply;
		},
		sleep: async () => {},
	});
	return { calls, specter };
}

const ORDER = { customerId: '10001', externalOrderNo: 'WC-7', rows: [{ articleNo: 'MUG-01', priceExclVat: 100, quantity: 1, vatPercent: 25 }] };

describe('fault suite: an answer cut off mid-body, as n8n reports it', () => {
	it('is a network failure, retried where repeating is safe: the order is created once', async () => {
		const { calls, specter } = client([cutOffAnswer(), text('1;50001;OK')]);
		const result = await specter.createOrder(ORDER);
		assert.equal(result.orderNo, '50001');
		assert.equal(calls.length, 2);
	});

	it('says the answer broke off, not that the base URL may be wrong, when every attempt is cut off', async () => {
		const { calls, specter } = client([cutOffAnswer()]);
		const error = await specter.createOrder(ORDER).then(
			() => assert.fail('expected a failure'),
			(failure: unknown) => failure,
		);
		assert.ok(error instanceof SpecterNetworkError, String(error));
		assert.match(error.message, /^Specter did not answer newOrderSubmit \(the answer broke off, HTTP 200\); gave up after 4 attempts/);
		assert.doesNotMatch(error.message, /base URL/);
		assert.equal(calls.length, 4);
	});
});
