/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test code runs in Node, not inside n8n */
// The control API (state, reset, faults) and the standalone CLI (npm run sim:woocommerce).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { sampleCatalogue } from './fixtures';
import { startWooCommerceSimulator, type WooSimulator } from './server';
import { API, control, waitFor, wooRequest } from './test-support';

describe('WooCommerce simulator: control API', () => {
	let sim: WooSimulator;

	beforeAll(async () => {
		sim = await startWooCommerceSimulator({ httpPort: 0 });
	});
	afterAll(async () => {
		await sim.close();
	});

	it('seeds products without webhooks, exposes state and resets it', async () => {
		const seeded = await control(sim, 'POST', 'products', { products: sampleCatalogue() });
		assert.equal(seeded.length, 5);
		const state = await control(sim, 'GET', 'state');
		assert.equal(state.products.length, 8, '5 products and 3 variations');
		assert.deepEqual(
			state.taxRates.map((rate: { class: string; rate: string }) => [rate.class, rate.rate]),
			[
				['standard', '25.0000'],
				['reduced-rate', '12.0000'],
				['six-rate', '6.0000'],
				['zero-rate', '0.0000'],
			],
		);
		const classes = await wooRequest(sim, `${API}/taxes/classes`);
		assert.deepEqual(
			classes.json.map((taxClass: { slug: string }) => taxClass.slug),
			['standard', 'reduced-rate', 'six-rate', 'zero-rate'],
		);
		await control(sim, 'POST', 'reset');
		assert.equal(sim.state.products.length, 0);
		assert.equal((await wooRequest(sim, `${API}/products`)).json.length, 0);
	});

	it('injects HTTP 500s on a path prefix for a number of requests, and latency', async () => {
		await control(sim, 'POST', 'faults', { kind: 'http500', times: 2, path: '/orders' });
		const first = await wooRequest(sim, `${API}/orders`);
		const second = await wooRequest(sim, `${API}/orders`);
		const products = await wooRequest(sim, `${API}/products`);
		const third = await wooRequest(sim, `${API}/orders`);
		assert.deepEqual([first.status, second.status, products.status, third.status], [500, 500, 200, 200]);
		assert.equal(first.json.code, 'internal_server_error');

		await control(sim, 'POST', 'faults', { kind: 'latency', latencyMs: 20 });
		const slow = await wooRequest(sim, `${API}/products`);
		assert.equal(slow.status, 200);
		assert.deepEqual(sim.state.faults, [], 'both faults are used up');
	});

	it('logs REST requests with how they authenticated, and serves control on the plain-HTTP listener too', async () => {
		await wooRequest(sim, `${API}/products?sku=X`, { auth: 'query' });
		const entry = sim.state.requests.at(-1);
		assert.equal(entry?.auth, 'query');
		assert.equal(entry?.status, 200);
		assert.equal(entry?.path, `${API}/products`);
		const plain = await wooRequest(sim, '/__control/deliveries', { plain: true, auth: 'none' });
		assert.equal(plain.status, 200);
		assert.deepEqual(plain.json, []);
		const unknown = await wooRequest(sim, '/__control/nothing', { auth: 'none' });
		assert.equal(unknown.status, 404);
	});
});

describe('WooCommerce simulator: CLI', () => {
	it('prints URL, keys and certificate, serves HTTPS and stops on SIGTERM', async () => {
		const certDir = await mkdtemp(join(tmpdir(), 'woo-sim-cli-'));
		// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions -- test code: runs the simulator's own CLI
		const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'main.ts')], {
			env: { ...process.env, WOO_SIM_PORT: '0', WOO_SIM_CERT_DIR: certDir, WOO_SIM_CONSUMER_KEY: 'ck_cli', WOO_SIM_CONSUMER_SECRET: 'cs_cli' },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let output = '';
		child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
		const exited = once(child, 'exit');
		try {
			await waitFor(() => output.includes('control API:') || child.exitCode !== null, 'the CLI to start', 30_000);
			const url = /at (https:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
			assert.ok(url, output);
			assert.match(output, /consumer key: +ck_cli/);
			assert.match(output, new RegExp(`certificate: +${join(certDir, 'cert.pem')}`));
			const port = Number(new URL(url).port);
			const fake = {
				url,
				port,
				certPath: join(certDir, 'cert.pem'),
				consumerKey: 'ck_cli',
				consumerSecret: 'cs_cli',
			} as WooSimulator;
			const response = await wooRequest(fake, `${API}/products/categories`);
			assert.equal(response.status, 200);
			child.kill('SIGTERM');
			const [code] = await exited;
			assert.equal(code, 0);
		} finally {
			if (child.exitCode === null) child.kill('SIGKILL');
			await rm(certDir, { recursive: true, force: true });
		}
	});
});
