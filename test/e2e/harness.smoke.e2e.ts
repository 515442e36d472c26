/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, no-console -- test code runs in Node, not inside n8n */
// Proves the harness end to end against a real n8n: our package (when `npm run build` has produced dist/) and
// a throwaway probe package (one node that runs without any backend) are installed as community packages,
// their types are loaded under `<package>.<node>` names, credentials and a webhook workflow are created and
// activated over the public API, a webhook call runs it, and the execution is read back. Then n8n is stopped
// and must be gone.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

import { REPO_ROOT, createTempDir, packPackage, startN8n } from './harness';

const SPECTER_NODE_TYPES = ['n8n-nodes-specter.specter', 'n8n-nodes-specter.specterTrigger'];
const SPECTER_CREDENTIAL = {
	name: 'Specter account',
	type: 'specterApi',
	// The public API validates against the credential's schema: fields hidden by displayOptions (the MD5 keys
	// of API version 1) are refused when apiVersion is '2'.
	data: {
		baseUrl: 'http://127.0.0.1:9/',
		apiVersion: '2',
		sbmId: 'e2e-sbm',
		apiUserId: 'e2e-user',
		apiUserSecretKey: 'e2e-user-key',
		// eslint-disable-next-line @n8n/community-nodes/no-hardcoded-secrets -- dummy value, never used
		integrationSecretKey: 'e2e-integration-key',
	},
};

const PROBE_NODE_TYPE = 'n8n-nodes-e2e-probe.e2eProbe';
const PROBE_CREDENTIAL = {
	name: 'E2E probe account',
	type: 'e2eProbeApi',
	data: { token: 'probe-token-123' },
};

function isRepoPackageBuilt(): boolean {
	const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
		n8n?: { nodes?: string[]; credentials?: string[] };
	};
	const files = [...(manifest.n8n?.nodes ?? []), ...(manifest.n8n?.credentials ?? [])];
	return files.length > 0 && files.every((file) => existsSync(join(REPO_ROOT, file)));
}

/** A minimal community package (plain CommonJS, no dependencies): one node that reads one credential. */
function writeProbePackage(): string {
	const directory = createTempDir('n8n-nodes-e2e-probe-');
	const nodeDir = join(directory, 'dist', 'nodes', 'E2eProbe');
	const credentialDir = join(directory, 'dist', 'credentials');
	mkdirSync(nodeDir, { recursive: true });
	mkdirSync(credentialDir, { recursive: true });
	writeFileSync(
		join(directory, 'package.json'),
		JSON.stringify({
			name: 'n8n-nodes-e2e-probe',
			version: '0.0.1',
			description: 'Throwaway package that proves the e2e harness loading path',
			license: 'MIT',
			files: ['dist'],
			keywords: ['n8n-community-node-package'],
			n8n: {
				n8nNodesApiVersion: 1,
				credentials: ['dist/credentials/E2eProbeApi.credentials.js'],
				nodes: ['dist/nodes/E2eProbe/E2eProbe.node.js'],
			},
		}),
	);
	writeFileSync(
		join(credentialDir, 'E2eProbeApi.credentials.js'),
		`class E2eProbeApi {
	constructor() {
		this.name = 'e2eProbeApi';
		this.displayName = 'E2E Probe API';
		this.properties = [{ displayName: 'Token', name: 'token', type: 'string', typeOptions: { password: true }, default: '' }];
	}
}
module.exports = { E2eProbeApi };
`,
	);
	// n8n finds the class by the file's base name, so the export must be called E2eProbe.
	writeFileSync(
		join(nodeDir, 'E2eProbe.node.js'),
		`class E2eProbe {
	constructor() {
		this.description = {
			displayName: 'E2E Probe',
			name: 'e2eProbe',
			group: ['transform'],
			version: 1,
			description: 'Marks items and reports the credential it got',
			defaults: { name: 'E2E Probe' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: 'e2eProbeApi', required: true }],
			properties: [{ displayName: 'Marker', name: 'marker', type: 'string', default: 'probed' }],
		};
	}
	async execute() {
		const credentials = await this.getCredentials('e2eProbeApi');
		return [this.getInputData().map((item, index) => ({
			json: { ...item.json, probe: this.getNodeParameter('marker', index), credentialTokenLength: String(credentials.token).length },
			pairedItem: { item: index },
		}))];
	}
}
module.exports = { E2eProbe };
`,
	);
	return directory;
}

function webhookWorkflow(webhookPath: string): object {
	const nodes = [
		{
			id: randomUUID(),
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [220, 300],
			webhookId: randomUUID(),
			parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'lastNode', options: {} },
		},
		{
			id: randomUUID(),
			name: 'Set',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [440, 300],
			parameters: {
				mode: 'manual',
				includeOtherFields: false,
				assignments: {
					assignments: [
						{
							id: randomUUID(),
							name: 'orderId',
							type: 'number',
							value: '={{ $json.body.orderId }}',
						},
						{
							id: randomUUID(),
							name: 'greeting',
							type: 'string',
							value: '=hello {{ $json.body.customer }}',
						},
					],
				},
				options: {},
			},
		},
		{
			id: randomUUID(),
			name: 'E2E Probe',
			type: PROBE_NODE_TYPE,
			typeVersion: 1,
			position: [660, 300],
			parameters: { marker: 'from-probe' },
			// Resolved by name and type when the workflow is created, as for the templates.
			credentials: { e2eProbeApi: { id: null, name: PROBE_CREDENTIAL.name } },
		},
	];
	const connections = {
		Webhook: { main: [[{ node: 'Set', type: 'main', index: 0 }]] },
		Set: { main: [[{ node: 'E2E Probe', type: 'main', index: 0 }]] },
	};
	// Export-style fields the harness must strip before POSTing.
	return {
		id: 'smokeWorkflow01',
		name: 'E2E smoke: webhook → set',
		active: true,
		versionId: randomUUID(),
		tags: [{ name: 'e2e' }],
		meta: { instanceId: 'e2e' },
		pinData: {},
		nodes,
		connections,
		settings: { executionOrder: 'v1' },
	};
}

/** A store at a closed port: its trigger cannot register the WooCommerce webhook, so activation fails. */
function wooCommerceTriggerWorkflow(): object {
	return {
		name: 'E2E smoke: WooCommerce trigger without a store',
		nodes: [
			{
				id: randomUUID(),
				name: 'WooCommerce Trigger',
				type: 'n8n-nodes-base.wooCommerceTrigger',
				typeVersion: 1,
				position: [220, 300],
				webhookId: randomUUID(),
				parameters: { event: 'order.created' },
				credentials: { wooCommerceApi: { id: null, name: 'WooCommerce account' } },
			},
		],
		connections: {},
		settings: { executionOrder: 'v1' },
	};
}

const timings: Record<string, string> = {};
const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
	for (const cleanup of cleanups.reverse()) await cleanup();
	console.log(`timings: ${JSON.stringify(timings)}`);
});

async function timed<T>(label: string, action: () => Promise<T>): Promise<T> {
	const started = Date.now();
	try {
		return await action();
	} finally {
		timings[label] = `${((Date.now() - started) / 1000).toFixed(1)} s`;
	}
}

test(
	'a real n8n loads the packages, runs a webhook workflow and is stopped',
	async () => {
		const testStarted = Date.now();
		const probeDirectory = writeProbePackage();
		const specterBuilt = isRepoPackageBuilt();
		console.log(
			specterBuilt
				? 'n8n-nodes-specter: dist/ found'
				: 'n8n-nodes-specter: dist/ missing, probe only',
		);

		const tarballs = await timed('npm pack', async () => [
			await packPackage(probeDirectory),
			...(specterBuilt ? [await packPackage(REPO_ROOT)] : []),
		]);
		// startN8n stops n8n itself when it fails; once it has returned, the after hook stops it.
		const instance = await timed(
			'start (install packages + start + readiness + owner/API key)',
			() => startN8n({ packageTarball: tarballs }),
		);
		cleanups.push(() => instance.stop());

		const nodeTypes = await instance.nodeTypeNames();
		const credentialTypes = await instance.credentialTypeNames();
		for (const type of [PROBE_NODE_TYPE, 'n8n-nodes-base.wooCommerceTrigger']) {
			assert.ok(nodeTypes.includes(type), `node type ${type} is loaded`);
		}
		assert.ok(credentialTypes.includes(PROBE_CREDENTIAL.type));
		if (specterBuilt) {
			for (const type of SPECTER_NODE_TYPES)
				assert.ok(nodeTypes.includes(type), `node type ${type} is loaded`);
			assert.ok(
				credentialTypes.includes(SPECTER_CREDENTIAL.type),
				'credential type specterApi is loaded',
			);
			assert.match((await instance.createCredential(SPECTER_CREDENTIAL)).id, /\S/);
		}

		const webhookPath = `e2e-smoke-${randomUUID()}`;
		const workflowId = await timed('create credential + workflow + activate', async () => {
			await instance.createCredential(PROBE_CREDENTIAL);
			const workflow = await instance.createWorkflow(webhookWorkflow(webhookPath));
			assert.notEqual(
				workflow.id,
				'smokeWorkflow01',
				'the template id was stripped, n8n assigned its own',
			);
			await instance.activateWorkflow(workflow.id);
			return workflow.id;
		});

		const response = await timed('webhook call (synchronous run)', () =>
			fetch(instance.webhookUrl(webhookPath), {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ orderId: 1001, customer: 'Ada' }),
			}),
		);
		const responseText = await response.text();
		assert.equal(response.status, 200, responseText);
		assert.equal((JSON.parse(responseText) as Record<string, unknown>).greeting, 'hello Ada');

		const executions = await timed('waitForExecutions', () =>
			instance.waitForExecutions(workflowId, (execs) => execs.length >= 1),
		);
		assert.equal(executions.length, 1);
		const [execution] = executions;
		assert.equal(execution.status, 'success');
		assert.deepEqual(instance.nodeOutput(execution, 'Set'), [
			{ orderId: 1001, greeting: 'hello Ada' },
		]);
		assert.deepEqual(instance.nodeOutput(execution, 'E2E Probe'), [
			{ orderId: 1001, greeting: 'hello Ada', probe: 'from-probe', credentialTokenLength: 15 },
		]);
		assert.throws(() => instance.nodeOutput(execution, 'No Such Node'), /did not run/);

		await timed('deactivate', () => instance.deactivateWorkflow(workflowId));
		const afterDeactivation = await fetch(instance.webhookUrl(webhookPath), {
			method: 'POST',
			body: '{}',
		});
		await afterDeactivation.body?.cancel();
		assert.equal(
			afterDeactivation.status,
			404,
			'the webhook is gone once deactivateWorkflow returns',
		);

		// Activation errors are not in n8n's API response (it activates asynchronously); the harness surfaces them.
		await instance.createCredential({
			name: 'WooCommerce account',
			type: 'wooCommerceApi',
			data: {
				url: 'http://127.0.0.1:9',
				consumerKey: 'ck_e2e',
				consumerSecret: 'cs_e2e',
				includeCredentialsInQuery: false,
			},
		});
		const unreachableStore = await instance.createWorkflow(wooCommerceTriggerWorkflow());
		await timed('failing activation', () =>
			assert.rejects(
				instance.activateWorkflow(unreachableStore.id),
				/failed.*"WooCommerce Trigger": .*refused/,
			),
		);

		assert.match(instance.logTail(200), /Editor is now accessible|n8n ready|Version: 2\.41\.0/);
		const { pid, userFolder } = instance;
		await timed('stop', () => instance.stop());
		assert.throws(() => process.kill(-pid, 0), { code: 'ESRCH' }, 'the n8n process group is gone');
		assert.equal(
			existsSync(userFolder),
			process.env.N8N_E2E_KEEP === '1',
			'temporary user folder removed',
		);
		timings['total'] = `${((Date.now() - testStarted) / 1000).toFixed(1)} s`;
	},
	420_000,
);

test('startN8n refuses a port that is already taken, without starting n8n', async () => {
	const blocker = createServer();
	await new Promise<void>((done) => blocker.listen({ host: '127.0.0.1', port: 0 }, done));
	try {
		const { port } = blocker.address() as { port: number };
		await assert.rejects(startN8n({ port }), /already in use/);
	} finally {
		await new Promise((done) => blocker.close(done));
	}
});
