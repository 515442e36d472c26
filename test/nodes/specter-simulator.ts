// What the Specter node tests and the Specter Trigger tests share about the Specter simulator they run against:
// the n8n credential for its account, and its control API.
import type { SpecterSimulator } from '../simulators/specter/server';

export const API_USER_KEY = 'sim-api-user-key';
export const INTEGRATION_KEY = 'sim-integration-key';

/** The `specterApi` credential fields for the simulator's account. */
export function simulatorCredentials(sim: SpecterSimulator) {
	return {
		baseUrl: sim.url,
		apiVersion: '2',
		sbmId: '1234',
		apiUserId: '42',
		apiUserSecretKey: API_USER_KEY,
		integrationSecretKey: INTEGRATION_KEY,
		useReadUser: false,
	};
}

/** POST to the simulator's control API; fails the test on a non-2xx answer. */
export async function postControl(sim: SpecterSimulator, path: string, body: unknown = {}): Promise<unknown> {
	const response = await fetch(`${sim.url}__control/${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	const json: unknown = await response.json();
	if (!response.ok) throw new Error(`control ${path}: ${response.status} ${JSON.stringify(json)}`);
	return json;
}
