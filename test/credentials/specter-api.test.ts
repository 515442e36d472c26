/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
// The credential's own test request, signed by its own `authenticate`, against the Specter simulator: the rules
// n8n applies to the answer must pass for the right keys and fail for wrong ones, and nothing in Specter changes.
import assert from 'node:assert/strict';
import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';
import { SpecterApi } from '../../credentials/SpecterApi.credentials';
import { sendHttp } from '../helpers/n8n-context';
import { startSpecterSimulator, type SpecterSimulator } from '../simulators/specter/server';

const credentialType = new SpecterApi();
const goodKeys = {
	baseUrl: '',
	apiVersion: '2',
	sbmId: '1234',
	apiUserId: '42',
	apiUserSecretKey: 'sim-api-user-key',
	integrationSecretKey: 'sim-integration-key',
};

/** What n8n's credential tester does: send the test request through `authenticate`, then apply the rules. */
async function runCredentialTest(credentials: ICredentialDataDecryptedObject): Promise<{ status: 'OK' | 'Error'; message: string }> {
	const request = credentialType.test.request;
	const options: IHttpRequestOptions = {
		method: request.method,
		baseURL: String(credentials.baseUrl),
		url: request.url as string,
		qs: request.qs,
		json: false,
		returnFullResponse: false,
	};
	const body = (await sendHttp(await credentialType.authenticate(credentials, options))) as string;
	for (const rule of credentialType.test.rules ?? []) {
		if (rule.type === 'responseSuccessBody' && body[Number(rule.properties.key)] === rule.properties.value) {
			return { status: 'Error', message: rule.properties.message };
		}
	}
	return { status: 'OK', message: 'Connection successful!' };
}

describe('Specter API credential test', () => {
	let sim: SpecterSimulator;
	beforeAll(async () => {
		sim = await startSpecterSimulator({ port: 0 });
		goodKeys.baseUrl = sim.url;
	});
	afterAll(() => sim.close());

	it('passes with the right keys and changes nothing in Specter', async () => {
		await fetch(`${sim.url}__control/articles`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ articleNo: 'A-1', name: 'A', stock: 5 }),
		});
		await fetch(`${sim.url}__control/stock`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ articleNo: 'A-1', quantity: 4 }),
		});
		const queues = async () => JSON.stringify(((await (await fetch(`${sim.url}__control/state`)).json()) as { queues: unknown }).queues);
		const queuesBefore = await queues();
		assert.deepEqual(await runCredentialTest(goodKeys), { status: 'OK', message: 'Connection successful!' });
		const queuesAfter = await queues();
		assert.equal(queuesAfter, queuesBefore, 'no batch bound, nothing acknowledged');
		assert.match(queuesAfter, /"articleNo":"A-1"/);
	});

	it('fails with a clear message for a wrong key, a wrong API user or the wrong API version', async () => {
		const refused = 'Specter refused the keys: check SBM ID, API user and keys, and the API version';
		for (const wrong of [
			{ ...goodKeys, integrationSecretKey: 'wrong' },
			{ ...goodKeys, apiUserId: '43' },
			{ ...goodKeys, apiVersion: '1', md5SecretKey1: 'sim-api-user-key', md5SecretKey2: 'sim-integration-key' },
		]) {
			assert.deepEqual(await runCredentialTest(wrong), { status: 'Error', message: refused });
		}
	});

	it('says when the base URL answers with a web page instead of Specter', async () => {
		await fetch(`${sim.url}__control/faults`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ kind: 'html', times: 1 }),
		});
		const result = await runCredentialTest(goodKeys);
		assert.equal(result.status, 'Error');
		assert.match(result.message, /web page/);
	});
});
