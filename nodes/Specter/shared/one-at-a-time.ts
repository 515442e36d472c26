// Transfers of one order run one after the other inside this n8n process.
//
// WooCommerce sends order.created and order.updated for one checkout within milliseconds, and may deliver each more
// than once; n8n runs those executions side by side. Specter's external-order-number check is the only guard against
// a second order, and whether it is atomic is not known (docs/specter-api.md §3.2): two calls checked at the same
// moment could both pass. Queuing the calls for one order behind each other makes the second one meet the first
// one's stored order, whatever Specter does. Other processes (queue-mode workers) are not covered: README, Reliability.

const running = new Map<string, Promise<unknown>>();

/** Runs `work` once every earlier call with the same key has settled; calls with other keys are not held up. */
export async function oneAtATime<T>(key: string, work: () => Promise<T>): Promise<T> {
	const before = running.get(key);
	const mine = (before ?? Promise.resolve()).catch(() => undefined).then(work);
	running.set(key, mine);
	try {
		return await mine;
	} finally {
		// the last one in line removes the key, so the map holds only orders being transferred right now
		if (running.get(key) === mine) running.delete(key);
	}
}

/**
 * Runs one order transfer (customer and order calls) after any other transfer of the same external order number to
 * the same webshop; an order without external number has no guard in Specter to line up behind, so it runs at once.
 */
export async function oneOrderAtATime<T>(order: { webshopId?: string; externalOrderNo?: string }, transfer: () => Promise<T>): Promise<T> {
	const externalOrderNo = order.externalOrderNo?.trim();
	if (!externalOrderNo) return transfer();
	return oneAtATime(`order\n${order.webshopId?.trim() ?? ''}\n${externalOrderNo}`, transfer);
}

/** How many keys are held: for tests. */
export function keysHeld(): number {
	return running.size;
}
