/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
// checkAccountSettings (callback registration) and the callbacks themselves (docs/specter-api.md §5): a call to the
// registered URL with the placeholders filled in (GET by default, POST as an option: Specter's method is not known,
// so GET is the simulator's own choice). Callbacks are only nudges; their outcome is logged in the state.
import http, { type ClientRequest } from 'node:http';
import https from 'node:https';

import type { ActionContext } from './context';
import { type ApiAnswer, successAnswer } from './responses';
import { CALLBACK_PARAMS, type CallbackEvent, type SimulatorState } from './state';

/** Present parameters set a callback (empty = off); absent ones leave it as it was. */
export function checkAccountSettings({ params, mode, state }: ActionContext): ApiAnswer {
	for (const [event, param] of Object.entries(CALLBACK_PARAMS) as Array<[CallbackEvent, string]>) {
		const value = params.get(param);
		if (value !== undefined) state.callbacks[event] = value.trim() === '' ? null : value.trim();
	}
	return successAnswer(mode, '0', 'Call-backs set');
}

export interface CallbackValues {
	orderNo?: string;
	orderId?: string;
	invoiceId?: string;
	invoiceSource?: string;
}

const CALLBACK_TIMEOUT_MS = 5000;

export class CallbackDispatcher {
	private readonly inFlight = new Set<ClientRequest>();
	private closed = false;

	constructor(
		private readonly state: SimulatorState,
		private readonly method: 'GET' | 'POST' = 'GET',
	) {}

	/** Calls the URL registered for `event`, if any. Never throws: failures end up in state.callbackDeliveries. */
	fire(event: CallbackEvent, values: CallbackValues = {}): void {
		const template = this.state.callbacks[event];
		if (template === null || this.closed) return;
		const url = template.replace(/\$(orderNo|orderId|invoiceId|invoiceSource)/g, (_, name: keyof CallbackValues) => encodeURIComponent(values[name] ?? ''));
		const at = new Date().toISOString();
		const log = (outcome: { ok: boolean; status?: number; error?: string }) => this.state.callbackDeliveries.push({ at, event, url, method: this.method, ...outcome });

		let target: URL;
		try {
			target = new URL(url);
		} catch {
			log({ ok: false, error: 'invalid URL' });
			return;
		}
		const client = target.protocol === 'http:' ? http : target.protocol === 'https:' ? https : null;
		if (!client) {
			log({ ok: false, error: `unsupported protocol ${target.protocol}` });
			return;
		}
		let logged = false;
		const logOnce = (outcome: { ok: boolean; status?: number; error?: string }) => {
			if (!logged) log(outcome);
			logged = true;
		};
		const headers = this.method === 'POST' ? { 'Content-Length': '0' } : {};
		const request = client.request(target, { method: this.method, headers, agent: false, timeout: CALLBACK_TIMEOUT_MS }, (response) => {
			response.resume();
			response.on('end', () => logOnce({ ok: (response.statusCode ?? 0) < 300, status: response.statusCode }));
			response.on('error', (error) => logOnce({ ok: false, status: response.statusCode, error: error.message }));
		});
		this.inFlight.add(request);
		request.on('timeout', () => request.destroy(new Error('callback timed out')));
		request.on('error', (error) => logOnce({ ok: false, error: error.message }));
		request.on('close', () => this.inFlight.delete(request));
		request.end();
	}

	close(): void {
		this.closed = true;
		for (const request of this.inFlight) request.destroy(new Error('simulator closed'));
	}
}
