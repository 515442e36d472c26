/* eslint-disable @n8n/community-nodes/no-restricted-globals, no-console -- test code runs in Node, not inside n8n */
// `npm run sim:specter`: the Specter simulator as a standalone server for the sandbox and manual testing.
// Environment: SPECTER_SIM_PORT (default 8750), SPECTER_SIM_SBMID, SPECTER_SIM_API_USER_ID,
// SPECTER_SIM_API_USER_KEY, SPECTER_SIM_INTEGRATION_KEY (an API v2 account).
import { DEFAULT_ACCOUNT } from './auth';
import { startSpecterSimulator } from './server';

const DEFAULT_PORT = 8750;

function setting(name: string, fallback: string): { value: string; fromEnv: boolean } {
	const value = process.env[name];
	return value === undefined || value === '' ? { value: fallback, fromEnv: false } : { value, fromEnv: true };
}

async function main(): Promise<void> {
	const portText = process.env.SPECTER_SIM_PORT ?? String(DEFAULT_PORT);
	const port = Number(portText);
	if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`SPECTER_SIM_PORT must be a port number, got '${portText}'`);

	const sbmId = setting('SPECTER_SIM_SBMID', DEFAULT_ACCOUNT.sbmId);
	const apiUserId = setting('SPECTER_SIM_API_USER_ID', DEFAULT_ACCOUNT.apiUserId);
	const apiUserKey = setting('SPECTER_SIM_API_USER_KEY', DEFAULT_ACCOUNT.apiUserKey);
	const integrationKey = setting('SPECTER_SIM_INTEGRATION_KEY', DEFAULT_ACCOUNT.integrationKey);
	const simulator = await startSpecterSimulator({
		port,
		account: { sbmId: sbmId.value, apiVersion: 2, apiUserId: apiUserId.value, apiUserKey: apiUserKey.value, integrationKey: integrationKey.value },
	});

	// the built-in defaults are public test values; keys given through the environment are never printed
	const show = (label: string, item: { value: string; fromEnv: boolean }, secret = false) =>
		console.log(`  ${label.padEnd(16)}${secret && item.fromEnv ? '(from environment)' : item.value}`);
	console.log(`Specter simulator listening on ${simulator.url} (control API: ${simulator.url}__control/state)`);
	console.log('Account (API v2):');
	show('sbmId', sbmId);
	show('apiUserId', apiUserId);
	show('apiUserKey', apiUserKey, true);
	show('integrationKey', integrationKey, true);

	const stop = () => {
		simulator.close().then(
			() => console.log('Specter simulator stopped'),
			(error: Error) => console.error(`Specter simulator did not stop cleanly: ${error.message}`),
		);
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}

main().catch((error: Error) => {
	console.error(`Specter simulator failed to start: ${error.message}`);
	process.exitCode = 1;
});
