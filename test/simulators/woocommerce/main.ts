/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, no-console -- test code runs in Node, not inside n8n */
// `npm run sim:woocommerce`: the WooCommerce simulator as a standalone HTTPS server.
// Environment: WOO_SIM_PORT (8443), WOO_SIM_CONSUMER_KEY / WOO_SIM_CONSUMER_SECRET, WOO_SIM_HTTP_PORT (a plain-HTTP
// listener where a key logs in only with an OAuth 1.0a signature, as in WooCommerce; off by default),
// WOO_SIM_CERT_DIR (default <tmp>/n8n-nodes-specter-woo-sim, reused across runs so a running n8n keeps trusting it),
// WOO_SIM_ALLOWED_DELIVERY_PORTS (comma list, e.g. 5678 for n8n's default port), WOO_SIM_DELIVERY_DELAY_MS (200),
// WOO_SIM_SEED=1 (load the sample catalogue).
import { readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { sampleCatalogue } from './fixtures';
import { startWooCommerceSimulator } from './server';

function numberFromEnv(name: string): number | undefined {
	const value = process.env[name];
	if (value === undefined || value.trim() === '') return undefined;
	const number = Number(value);
	if (!Number.isInteger(number) || number < 0) throw new Error(`${name} must be a whole number, got "${value}"`);
	return number;
}

function postJson(url: string, ca: Buffer, body: unknown): Promise<number> {
	return new Promise((resolve, reject) => {
		const request = httpsRequest(url, { method: 'POST', ca, headers: { 'Content-Type': 'application/json' } }, (response) => {
			response.resume();
			response.on('end', () => resolve(response.statusCode ?? 0));
		});
		request.on('error', reject);
		request.end(JSON.stringify(body));
	});
}

async function main(): Promise<void> {
	const allowedDeliveryPorts = (process.env.WOO_SIM_ALLOWED_DELIVERY_PORTS ?? '')
		.split(',')
		.map((port) => port.trim())
		.filter((port) => port !== '')
		.map(Number);
	const simulator = await startWooCommerceSimulator({
		port: numberFromEnv('WOO_SIM_PORT') ?? 8443,
		httpPort: numberFromEnv('WOO_SIM_HTTP_PORT'),
		consumerKey: process.env.WOO_SIM_CONSUMER_KEY || undefined,
		consumerSecret: process.env.WOO_SIM_CONSUMER_SECRET || undefined,
		certDir: process.env.WOO_SIM_CERT_DIR || join(tmpdir(), 'n8n-nodes-specter-woo-sim'),
		allowedDeliveryPorts,
		deliveryDelayMs: numberFromEnv('WOO_SIM_DELIVERY_DELAY_MS'),
	});
	if (process.env.WOO_SIM_SEED === '1') {
		const status = await postJson(`${simulator.url}/__control/products`, readFileSync(simulator.certPath), sampleCatalogue());
		console.log(`sample catalogue: ${status === 201 ? 'loaded' : `failed (HTTP ${status})`}`);
	}
	console.log(`WooCommerce simulator (wc/v3) at ${simulator.url}`);
	if (simulator.httpUrl) console.log(`plain HTTP (OAuth 1.0a only, as in WooCommerce) at ${simulator.httpUrl}`);
	console.log(`consumer key:    ${simulator.consumerKey}`);
	console.log(`consumer secret: ${simulator.consumerSecret}`);
	console.log(`certificate:     ${simulator.certPath}  (NODE_EXTRA_CA_CERTS for n8n)`);
	console.log(`webhook delivery ports: 80, 443, 8080, ${simulator.port}${allowedDeliveryPorts.map((port) => `, ${port}`).join('')}`);
	console.log(`control API:     ${simulator.url}/__control/state`);

	let stopping = false;
	const stop = (signal: string) => {
		if (stopping) return;
		stopping = true;
		console.log(`${signal}: stopping`);
		simulator.close().then(
			() => process.exit(0),
			(error: unknown) => {
				console.error(error);
				process.exit(1);
			},
		);
	};
	process.on('SIGINT', () => stop('SIGINT'));
	process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
