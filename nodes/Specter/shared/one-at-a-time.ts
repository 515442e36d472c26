// Transfers of one order run one after the other inside this n8n process.
//
// WooCommerce sends order.created and order.updated for one checkout within milliseconds, and may deliver each more
// than once; n8n runs those executions side by side. Specter's external-order-number check is the only guard against
// a second order, and whether it is atomic is not known (docs/specter-api.md §3.2): two calls checked at the same
// moment could both pass. Queuing the calls for one order behind each other makes the second one meet the first
// one's stored order, whatever Specter does. Other processes (queue-mode workers) are not covered: README, Reliability.

import { sleep } from 'n8n-workflow';

const running = new Map<string, Promise<unknown>>();

/**
 * The longest a transfer waits for an earlier one of the same order: four attempts of a call that times out after
 * 30 s, plus the pauses between them. Past that the earlier one is taken as stuck, and waiting longer would stall
 * this execution for nothing.
 */
export const LONGEST_WAIT_MS = 150_000;

/** Settles when `signal` aborts (the holder's execution was stopped), or never. */
function abortOf(signal: AbortSignal | undefined): Promise<void> {
	return new Promise((settle) => {
		if (!signal) return;
		if (signal.aborted) settle();
		else signal.addEventListener('abort', () => settle(), { once: true });
	});
}

/**
 * Runs `work` once every earlier call with the same key has settled, its execution was stopped (`holderSignal`:
 * n8n lets a stopped execution's node run on, but nobody waits for it any more) or `LONGEST_WAIT_MS` has passed.
 * Calls with other keys are not held up.
 */
export async function oneAtATime<T>(key: string, work: () => Promise<T>, holderSignal?: AbortSignal, longestWaitMs = LONGEST_WAIT_MS): Promise<T> {
	const before = running.get(key);
	const waited = before ? Promise.race([before.catch(() => undefined), sleep(longestWaitMs)]) : Promise.resolve();
	const mine = waited.then(work);
	// what the next caller waits for: this call's end, or this execution being stopped
	const hold = Promise.race([mine.catch(() => undefined), abortOf(holderSignal)]);
	running.set(key, hold);
	try {
		return await mine;
	} finally {
		// the last one in line removes the key, so the map holds only orders being transferred right now
		if (running.get(key) === hold) running.delete(key);
	}
}

/**
 * Runs one order transfer (customer and order calls) after any other transfer of the same external order number to
 * the same webshop; an order without external number has no guard in Specter to line up behind, so it runs at once.
 */
export async function oneOrderAtATime<T>(
	order: { webshopId?: string; externalOrderNo?: string },
	transfer: () => Promise<T>,
	executionSignal?: AbortSignal,
): Promise<T> {
	const externalOrderNo = order.externalOrderNo?.trim();
	if (!externalOrderNo) return transfer();
	return oneAtATime(`order\n${order.webshopId?.trim() ?? ''}\n${externalOrderNo}`, transfer, executionSignal);
}

/** How many keys are held: for tests. */
export function keysHeld(): number {
	return running.size;
}
