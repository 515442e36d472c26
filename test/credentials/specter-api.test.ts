/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
// The Specter API credential's test, as n8n runs it for a credential whose nodes name it (`testedBy`): the nodes'
// credentialTest function with n8n's legacy request helper, against the Specter simulator. It must pass for right
// keys (also while a batch is open: error 99 proves the keys were accepted), fail with a clear message for wrong
// ones, check the write user's keys as well as a separate read user's, and change nothing in Specter.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { ICredentialDataDecryptedObject, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';
import { SpecterApi } from '../../credentials/SpecterApi.credentials';
import { Specter } from '../../nodes/Specter/Specter.node';
import { SpecterTrigger } from '../../nodes/SpecterTrigger/SpecterTrigger.node';
import { CREDENTIAL_TEST_NAME } from '../../nodes/Specter/shared/credential-test';
import { type FullResponse, sendHttp } from '../helpers/n8n-context';
import { startSpecterSimulator, type SpecterSimulator } from '../simulators/specter/server';

const READ_USER = { readApiUserId: '43', readApiUserKey: 'sim-read-user-key' };
const SECRETS = ['sim-api-user-key', 'sim-integration-key', 'sim-read-user-key'];

/** n8n's legacy request helper (requestLegacy) for the options the credential test uses. */
const testFunctions = {
	logger: {},
	helpers: {
		async request(options: { method: string; uri: string; headers?: Record<string, string>; encoding?: null; timeout?: number }) {
			assert.equal(options.encoding, null, 'asks for the raw bytes');
			const response = (await sendHttp({
				method: options.method as 'GET',
				url: options.uri,
				headers: options.headers,
				encoding: 'arraybuffer',
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				timeout: options.timeout,
			})) as FullResponse;
			return { statusCode: response.statusCode, headers: response.headers, body: response.body };
		},
	},
} as unknown as ICredentialTestFunctions;

async function runCredentialTest(data: ICredentialDataDecryptedObject): Promise<INodeCredentialTestResult> {
	const test = new Specter().methods.credentialTest[CREDENTIAL_TEST_NAME];
	const result = await test.call(testFunctions, { id: '1', name: 'Specter', type: 'specterApi', data });
	for (const secret of SECRETS) assert.ok(!result.message.includes(secret), `a secret in: ${result.message}`);
	assert.doesNotMatch(result.message, /key=/);
	return result;
}

describe('Specter API credential test', () => {
	let sim: SpecterSimulator;
	let goodKeys: ICredentialDataDecryptedObject;
	const control = async (path: string, body: unknown) => {
		const response = await fetch(`${sim.url}__control/${path}`, { method: 'POST', body: JSON.stringify(body) });
		assert.equal(response.status, 200, `control ${path}`);
	};
	const queues = async () => JSON.stringify(((await (await fetch(`${sim.url}__control/state`)).json()) as { queues: unknown }).queues);

	beforeAll(async () => {
		sim = await startSpecterSimulator({ port: 0, account: { sbmId: '1234', apiVersion: 2, apiUserId: '42', apiUserKey: 'sim-api-user-key', integrationKey: 'sim-integration-key', ...READ_USER } });
		goodKeys = {
			baseUrl: sim.url,
			apiVersion: '2',
			sbmId: '1234',
			apiUserId: '42',
			apiUserSecretKey: 'sim-api-user-key',
			integrationSecretKey: 'sim-integration-key',
		};
	});
	afterAll(() => sim.close());
	beforeEach(async () => {
		await fetch(`${sim.url}__control/reset`, { method: 'POST' });
	});

	it('is the test of both nodes (the credential has no declarative test of its own)', () => {
		assert.equal('test' in new SpecterApi(), false);
		for (const node of [new Specter(), new SpecterTrigger()]) {
			const credentials = (node.description.credentials ?? []).map(({ name, required, testedBy }) => ({ name, required, testedBy }));
			assert.deepEqual(credentials, [{ name: 'specterApi', required: true, testedBy: CREDENTIAL_TEST_NAME }]);
			assert.equal(typeof node.methods.credentialTest[CREDENTIAL_TEST_NAME], 'function');
		}
		// the operations that make no request (Order Status → Map to WooCommerce, the stock template's Plan and Check) ask for no credential
		const hidden = new Specter().description.credentials?.[0].displayOptions?.hide?.operation ?? [];
		for (const operation of ['mapToWooCommerce', 'planWooCommerceWrites', 'checkWooCommerceAnswers']) {
			assert.ok(hidden.includes(operation), `${operation} asks for no credential: ${JSON.stringify(hidden)}`);
		}
		assert.equal(new SpecterTrigger().description.credentials?.[0].displayOptions, undefined);
	});

	it('passes with the right keys and changes nothing in Specter', async () => {
		await control('articles', { articleNo: 'A-1', name: 'A', stock: 5 });
		await control('stock', { articleNo: 'A-1', quantity: 4 });
		const before = await queues();
		assert.deepEqual(await runCredentialTest(goodKeys), { status: 'OK', message: 'Specter accepted the keys' });
		const after = await queues();
		assert.equal(after, before, 'no batch bound, nothing acknowledged');
		assert.match(after, /"articleNo":"A-1"/);
	});

	it('passes while a stock batch is open: error 99 proves the keys were accepted, and the batch stays open', async () => {
		await control('articles', { articleNo: 'A-1', name: 'A', stock: 5 });
		await control('stock', { articleNo: 'A-1', quantity: 4 });
		await control('queues/stock/fetch', { batchNo: 'open-batch-1' });

		const result = await runCredentialTest(goodKeys);

		assert.equal(result.status, 'OK');
		assert.match(result.message, /^Specter accepted the keys \(a stock batch \(open-batch-1\) is open in Specter/);
		assert.equal(sim.state.queues.stock.bound?.batchNo, 'open-batch-1');
	});

	it('fails with a clear message for a wrong key, a wrong API user or the wrong API version', async () => {
		for (const wrong of [
			{ ...goodKeys, integrationSecretKey: 'wrong' },
			{ ...goodKeys, apiUserId: '44' },
			{ ...goodKeys, apiVersion: '1', md5SecretKey1: 'sim-api-user-key', md5SecretKey2: 'sim-integration-key' },
		]) {
			const result = await runCredentialTest(wrong);
			assert.equal(result.status, 'Error');
			assert.match(result.message, /^Specter refused the keys of the API user \(code 1: Invalid key\): check SBM ID, API user and keys, and the API version$/);
		}
	});

	it('with a separate read user: checks the keys of both users', async () => {
		const withReadUser = { ...goodKeys, useReadUser: true, readApiUserId: '43', readApiUserSecretKey: 'sim-read-user-key' };
		assert.deepEqual(await runCredentialTest(withReadUser), {
			status: 'OK',
			message: 'Specter accepted the keys of the API user and the read user',
		});

		const wrongWriteKey = await runCredentialTest({ ...withReadUser, apiUserSecretKey: 'wrong' });
		assert.equal(wrongWriteKey.status, 'Error');
		assert.match(wrongWriteKey.message, /^Specter refused the keys of the API user /);

		const wrongReadKey = await runCredentialTest({ ...withReadUser, readApiUserSecretKey: 'wrong' });
		assert.equal(wrongReadKey.status, 'Error');
		assert.match(wrongReadKey.message, /^Specter refused the keys of the read user /);
	});

	it('says when the base URL answers with a web page or not at all, or a key is missing', async () => {
		await control('faults', { kind: 'html', times: 1 });
		const page = await runCredentialTest(goodKeys);
		assert.deepEqual(page, { status: 'Error', message: 'The base URL answered with a web page, not the Specter API: check the base URL' });

		const server = createServer();
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const { port } = server.address() as { port: number };
		await new Promise<void>((resolve) => server.close(() => resolve()));
		const unreachable = await runCredentialTest({ ...goodKeys, baseUrl: `http://127.0.0.1:${port}/` });
		assert.deepEqual(unreachable, { status: 'Error', message: 'Specter could not be reached (ECONNREFUSED): check the base URL' });

		const missing = await runCredentialTest({ ...goodKeys, integrationSecretKey: '' });
		assert.equal(missing.status, 'Error');
		assert.match(missing.message, /integration key/);
	});
});
