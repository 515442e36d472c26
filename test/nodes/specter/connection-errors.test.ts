/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
// What a user reads in n8n's execution view when Specter cannot be reached. n8n-workflow replaces an error
// message that contains a Node.js error code (ECONNRESET, ECONNREFUSED, EPERM, …) anywhere in its text with a
// generic one ("The connection to the server was closed unexpectedly, perhaps it is offline…"), even a message
// passed explicitly: the pack's message (item, action, attempts) must survive that, for a reset connection just
// as for an HTTP 5xx.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { IDataObject, IExecuteFunctions, IHttpRequestOptions, IPollFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import { Specter } from '../../../nodes/Specter/Specter.node';
import { SpecterTrigger } from '../../../nodes/SpecterTrigger/SpecterTrigger.node';
import { executeContext, pollContext } from '../../helpers/n8n-context';
import { type SpecterSimulator, startSpecterSimulator } from '../../simulators/specter/server';
import { postControl, simulatorCredentials } from '../specter-simulator';

/** As n8n 2.41's httpRequestWithAuthentication does (n8n-core request-helpers/authentication.js): a failed request is rethrown as NodeApiError(node, error). */
function wrapLikeN8n<T extends IExecuteFunctions | IPollFunctions>(context: T): T {
	const helpers = context.helpers as unknown as { httpRequestWithAuthentication: (name: string, options: IHttpRequestOptions) => Promise<unknown> };
	const send = helpers.httpRequestWithAuthentication;
	helpers.httpRequestWithAuthentication = async (name, options) => {
		try {
			return await send(name, options);
		} catch (error) {
			throw new NodeApiError(context.getNode(), error as never);
		}
	};
	return context;
}

const ARTICLE = { resource: 'article', operation: 'upsert', articleNo: 'MUGG-1', name: 'Mugg', updateExisting: true };

async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return port;
}

describe('transport failures read like the HTTP 5xx case in n8n', () => {
	let sim: SpecterSimulator;
	beforeAll(async () => {
		sim = await startSpecterSimulator({ port: 0 });
	});
	afterAll(() => sim.close());

	async function runArticle(credentials: IDataObject = {}): Promise<NodeApiError> {
		const node = new Specter();
		const context = wrapLikeN8n(
			executeContext({ parameters: ARTICLE, credentials: { ...simulatorCredentials(sim), ...credentials }, nodeType: node }),
		);
		try {
			await node.execute.call(context);
		} catch (error) {
			assert.ok(error instanceof NodeApiError, `expected a NodeApiError, got ${String(error)}`);
			return error;
		}
		assert.fail('expected the node to fail');
	}

	it('HTTP 500 (the reference): item, action, status and attempts', async () => {
		await postControl(sim, 'faults', { kind: 'http500', times: 4, action: 'newArticleSubmit' });
		const error = await runArticle();
		assert.equal(
			error.message,
			'Article MUGG-1: Specter answered newArticleSubmit with HTTP 500 (server error); gave up after 4 attempts. Check that Specter is reachable and try again later.',
		);
	});

	it('a reset connection (ECONNRESET, injected by the simulator): the same message with the reason, not n8n\'s generic text', async () => {
		await postControl(sim, 'faults', { kind: 'reset', times: 4, action: 'newArticleSubmit' });
		const error = await runArticle();
		assert.equal(
			error.message,
			'Article MUGG-1: Specter did not answer newArticleSubmit (the connection was reset, ECONNRESET); gave up after 4 attempts. Check that Specter is reachable and try again later.',
		);
		assert.match(error.description ?? '', /Specter action: newArticleSubmit/);
		assert.equal(sim.state.requests.filter((entry) => entry.fault === 'reset').length, 4);
	});

	it('a refused connection (ECONNREFUSED): the same', async () => {
		const error = await runArticle({ baseUrl: `http://127.0.0.1:${await closedPort()}/` });
		assert.equal(
			error.message,
			'Article MUGG-1: Specter did not answer newArticleSubmit (the connection was refused, ECONNREFUSED); gave up after 4 attempts. Check that Specter is reachable and try again later.',
		);
	});

	it('the Specter Trigger: a reset connection names the fetch and the attempts', async () => {
		await postControl(sim, 'faults', { kind: 'reset', times: 4, action: 'getArticleExternalNeedUpdate' });
		const trigger = new SpecterTrigger();
		const context = wrapLikeN8n(
			pollContext({
				parameters: { event: 'stockChanged' },
				credentials: simulatorCredentials(sim),
				nodeType: trigger,
				node: { name: 'Specter Trigger', type: 'n8n-nodes-specter.specterTrigger' },
			}),
		);
		await assert.rejects(trigger.poll.call(context), (error: unknown) => {
			assert.ok(error instanceof NodeApiError);
			assert.equal(
				error.message,
				'Specter did not answer getArticleExternalNeedUpdate (the connection was reset, ECONNRESET); gave up after 4 attempts. Check that Specter is reachable and try again later.',
			);
			return true;
		});
	});

	it("a message that merely contains a code's letters (an SKU like EPERM-1) is shown as written", async () => {
		const node = new Specter();
		const context = executeContext({
			parameters: { ...ARTICLE, articleNo: 'EPERM 1' },
			credentials: simulatorCredentials(sim),
			nodeType: node,
		});
		await assert.rejects(node.execute.call(context), (error: unknown) => {
			assert.ok(error instanceof Error);
			assert.match(error.message, /^Article EPERM 1: Row 1: articleNo \(articleNo_1\) "EPERM 1" contains a space/);
			return true;
		});
	});
});
