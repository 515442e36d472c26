/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, no-console -- the sandbox is a Node program, not code that runs inside n8n */
// `npm start`: a real n8n with this package, both templates active, and the Specter and WooCommerce simulators
// seeded as a small Swedish store. A Klarna order is placed a few seconds after start so a newcomer sees it flow.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, N8N_OWNER } from '../test/e2e/harness';
import { startStack } from '../test/e2e/stack';
import { klarnaPayment, placeOrderInput } from '../test/simulators/woocommerce/fixtures';

const ports = {
	n8n: Number(process.env.SANDBOX_N8N_PORT ?? 5678),
	specter: Number(process.env.SPECTER_SIM_PORT ?? 8750),
	woo: Number(process.env.WOO_SIM_PORT ?? 8443),
	wooHttp: Number(process.env.WOO_SIM_HTTP_PORT ?? 8081),
};

async function main(): Promise<void> {
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

	console.log(`
Sandbox ready.

  n8n editor         ${stack.n8n.baseUrl}/   login ${N8N_OWNER.email} / ${N8N_OWNER.password}
  Specter simulator  ${stack.specter.url}   state: ${stack.specter.url}__control/state
  WooCommerce sim.   ${stack.woo.url}  (REST, HTTPS)   state: ${stack.woo.httpUrl}/__control/state
  Credentials        "Specter account", "WooCommerce account" (pointing at the simulators)

A Klarna order (WooCommerce #${order.number}) was just placed: open the workflow "WooCommerce orders → Specter"
→ Executions to see it become a Specter order. Try more:
  curl -X POST ${stack.woo.httpUrl}/__control/orders/place -H 'content-type: application/json' \\
       -d '{"line_items":[{"sku":"BOOK-01","quantity":1}],"payment_method":"bacs","billing":{"first_name":"Eva","last_name":"Ek","email":"eva@example.se"}}'
  curl -X POST ${stack.specter.url}__control/stock -H 'content-type: application/json' -d '{"articleNo":"MUG-01","quantity":3}'
    (the stock workflow polls every minute)

Ctrl-C stops everything. n8n's log: ${stack.n8n.logPath}
`);
}

main().catch((error) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
