/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, no-console -- the sandbox is a Node program, not code that runs inside n8n */
// `npm start`: a real n8n with this package, both templates active, and the Specter and WooCommerce simulators
// seeded as a small Swedish store. A Klarna order is placed a few seconds after start so a newcomer sees it flow,
// and everything needed to place more orders by hand (REST URLs, keys, certificate, a curl line) is printed.
// Ports: SANDBOX_N8N_PORT (5678; n8n's task-runner broker takes the next one), SPECTER_SIM_PORT (8750),
// WOO_SIM_PORT (8443, HTTPS), WOO_SIM_HTTP_PORT (8081, plain HTTP: control API and OAuth 1.0a).
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { REPO_ROOT, N8N_OWNER } from '../test/e2e/harness';
import { startStack } from '../test/e2e/stack';
import { klarnaPayment, placeOrderInput } from '../test/simulators/woocommerce/fixtures';

interface PortSetting {
	/** the environment variable that moves it */
	variable: string;
	/** that variable's value (the broker's port is derived from n8n's) */
	value: number;
	what: string;
	port: number;
}

class SandboxError extends Error {}

function portFromEnv(variable: string, fallback: number): number {
	const value = process.env[variable];
	if (value === undefined || value.trim() === '') return fallback;
	const port = Number(value);
	if (!Number.isInteger(port) || port < 1 || port > 65_534) {
		throw new SandboxError(`${variable} must be a port number (1-65534), got "${value}"`);
	}
	return port;
}

function readPorts(): { n8n: number; specter: number; woo: number; wooHttp: number; settings: PortSetting[] } {
	const n8n = portFromEnv('SANDBOX_N8N_PORT', 5678);
	const specter = portFromEnv('SPECTER_SIM_PORT', 8750);
	const woo = portFromEnv('WOO_SIM_PORT', 8443);
	const wooHttp = portFromEnv('WOO_SIM_HTTP_PORT', 8081);
	const settings: PortSetting[] = [
		{ variable: 'SANDBOX_N8N_PORT', value: n8n, what: 'n8n', port: n8n },
		{ variable: 'SANDBOX_N8N_PORT', value: n8n, what: "n8n's task-runner broker (SANDBOX_N8N_PORT + 1)", port: n8n + 1 },
		{ variable: 'SPECTER_SIM_PORT', value: specter, what: 'the Specter simulator', port: specter },
		{ variable: 'WOO_SIM_PORT', value: woo, what: 'the WooCommerce simulator (HTTPS)', port: woo },
		{ variable: 'WOO_SIM_HTTP_PORT', value: wooHttp, what: 'the WooCommerce simulator (plain HTTP)', port: wooHttp },
	];
	return { n8n, specter, woo, wooHttp, settings };
}

function isPortFree(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const server = createServer();
		server.once('error', () => resolve(false));
		server.listen({ host: '127.0.0.1', port, exclusive: true }, () => server.close(() => resolve(true)));
	});
}

function moveHint(setting: PortSetting): string {
	return `  port ${setting.port} for ${setting.what} — set ${setting.variable} to a free port, e.g. ${setting.variable}=${setting.value + 10} npm start`;
}

/** Every port the sandbox needs, checked before anything starts (n8n takes half a minute to find out). */
async function checkPorts(settings: PortSetting[]): Promise<void> {
	const problems: string[] = [];
	for (const [index, setting] of settings.entries()) {
		const clash = settings.slice(0, index).find((other) => other.port === setting.port);
		if (clash) {
			problems.push(`  port ${setting.port} is given to both ${clash.what} (${clash.variable}) and ${setting.what} (${setting.variable})`);
		} else if (!(await isPortFree(setting.port))) {
			problems.push(moveHint(setting));
		}
	}
	if (problems.length > 0) {
		throw new SandboxError(`The sandbox cannot start: ports on 127.0.0.1 already in use.\n${problems.join('\n')}`);
	}
}

/** A port taken after the check (another program was faster): the same advice instead of a bare EADDRINUSE. */
function explainStartFailure(error: unknown, settings: PortSetting[]): unknown {
	const code = (error as { code?: unknown } | undefined)?.code;
	const message = error instanceof Error ? error.message : String(error);
	const port = code === 'EADDRINUSE' ? Number((error as { port?: unknown }).port) : Number(/^port (\d+) or \d+ \(task-runner broker\)/.exec(message)?.[1]);
	const setting = settings.find((candidate) => candidate.port === port);
	if (!setting) return error;
	return new SandboxError(`The sandbox cannot start: port on 127.0.0.1 already in use.\n${moveHint(setting)}`);
}

/** Quotes a value for a POSIX shell. */
function shellQuote(text: string): string {
	return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

async function main(): Promise<void> {
	const ports = readPorts();
	await checkPorts(ports.settings);
	// A fresh n8n folder each start keeps webhook registration predictable; earlier runs are removed.
	const sandboxRoot = join(REPO_ROOT, '.sandbox');
	rmSync(sandboxRoot, { recursive: true, force: true });
	const sandboxDir = join(sandboxRoot, `run-${Date.now()}`);
	console.log('Starting the sandbox (the first start installs n8n: 3-5 minutes; later starts take about 30 s)...');
	const stack = await startStack({
		n8nPort: ports.n8n,
		specterPort: ports.specter,
		wooPort: ports.woo,
		wooHttpPort: ports.wooHttp,
		n8nUserFolder: join(sandboxDir, 'n8n'),
		certDir: join(sandboxDir, 'certificate'),
		log: (message) => console.log(`  ${message}`),
	}).catch((error: unknown) => {
		throw explainStartFailure(error, ports.settings);
	});
	let stopping = false;
	const stop = async (signal: string) => {
		if (stopping) return;
		stopping = true;
		console.log(`\n${signal}: stopping n8n and the simulators...`);
		await stack.stop();
		console.log('Stopped.');
		process.exit(0);
	};
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stop(signal));

	const order = await stack.wooControl<{ id: number; number: string }>(
		'POST',
		'orders/place',
		placeOrderInput([{ sku: 'MUG-01', quantity: 2 }, { sku: 'FOOD-01', quantity: 1 }], klarnaPayment()),
	);
	await stack.woo.flushWebhooks();

	const { woo, specter } = stack;
	// A paid order through the REST API, the way a checkout or an integration creates one.
	const exampleOrder = {
		payment_method: 'bacs',
		payment_method_title: 'Bankgiro',
		set_paid: true,
		billing: { first_name: 'Eva', last_name: 'Ek', address_1: 'Storgatan 2', city: 'Lund', postcode: '222 22', country: 'SE', email: 'eva@example.se' },
		line_items: [{ sku: 'BOOK-01', quantity: 1 }],
	};
	const curlOrder = [
		`curl -sS --cacert ${shellQuote(woo.certPath)} -u ${shellQuote(`${woo.consumerKey}:${woo.consumerSecret}`)}`,
		`-H 'Content-Type: application/json' -d ${shellQuote(JSON.stringify(exampleOrder))}`,
		`${woo.url}/wp-json/wc/v3/orders`,
	].join(' \\\n       ');

	console.log(`
Sandbox ready.

  n8n editor          ${stack.n8n.baseUrl}/   login ${N8N_OWNER.email} / ${N8N_OWNER.password}
  Credentials in n8n  "Specter account", "WooCommerce account" (pointing at the simulators)

  WooCommerce simulator (REST API wc/v3, WooCommerce's own rules)
    HTTPS               ${woo.url}/wp-json/wc/v3/   keys as Basic auth or ?consumer_key=…&consumer_secret=…
    plain HTTP          ${woo.httpUrl}/wp-json/wc/v3/   keys only as an OAuth 1.0a signature
    consumer key        ${woo.consumerKey}
    consumer secret     ${woo.consumerSecret}
    certificate         ${woo.certPath}
                        (self-signed: curl --cacert <it>, Node NODE_EXTRA_CA_CERTS=<it>)
    store state         ${woo.httpUrl}/__control/state
  Specter simulator     ${specter.url}
    state and orders    ${specter.url}__control/state

A Klarna order (WooCommerce #${order.number}) was just placed: open the workflow "WooCommerce orders → Specter"
→ Executions to see it become a Specter order.

Place an order yourself (a paid order through WooCommerce's REST API; n8n gets the webhook and sends it to Specter):
  ${curlOrder}
Then look for its number in Specter's orders: curl -s ${specter.url}__control/state

Change stock in Specter (the stock workflow polls every minute and updates WooCommerce):
  curl -X POST ${specter.url}__control/stock -H 'Content-Type: application/json' -d '{"articleNo":"MUG-01","quantity":3}'

Ctrl-C stops everything. n8n's log: ${stack.n8n.logPath}
`);
}

main().catch((error) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
