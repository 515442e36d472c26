// Which Specter change batches this n8n process has handed to a workflow run that may still be going.
//
// Specter hands the open batch out again to every fetch until it is acknowledged (error 99, docs/specter-api.md
// §4.1), so a poll or a callback that fetches while a run is still writing that batch would emit it a second time.
// The Specter Trigger and the Specter Callback Trigger claim a batch here before they emit it; a claimed batch is not
// emitted again until Batch → Acknowledge acknowledged it or the claim is older than the trigger's hold time (its
// run is then taken for dead, and the batch comes again: at-least-once). One exception keeps the polling trigger as
// it always was: a poll may emit again a batch an earlier poll claimed (n8n does not tell a trigger that a run
// failed, and the next poll is how a failed run's batch comes back), so polls must stay further apart than a run
// takes. The registry is this process's memory, shared by every node of the package: after a restart it is empty
// and the open batch is emitted again, which is right, since its run died with the process.

/** The Specter account a batch belongs to: batch numbers are unique per account and queue only. */
export interface SpecterAccountRef {
	baseUrl: string;
	sbmId: string;
}

/** What is known of a batch's emissions: the same figures the trigger outputs as `attempt` and `firstEmittedAt`. */
export interface EmissionCount {
	firstEmittedAt: string;
	timesEmitted: number;
}

/** Who emits: the polling trigger or the callback trigger. */
export type Emitter = 'poll' | 'callback';

interface ClaimRecord extends EmissionCount {
	/** ms since the epoch until which the batch counts as being in a run */
	claimedUntil: number;
	claimedBy: Emitter;
}

export type ClaimResult =
	| { claimed: true; emission: EmissionCount }
	| { claimed: false; emission: EmissionCount; claimedUntil: number; claimedBy: Emitter };

/** Records of acknowledged batches are deleted; the others (the trigger acknowledged nothing) go after a day. */
const FORGET_AFTER_MS = 24 * 60 * 60 * 1000;

const claims = new Map<string, ClaimRecord>();

/** The account of a Specter API credential (its base URL and SBM id; never its keys). */
export function accountOf(credentials: Record<string, unknown>): SpecterAccountRef {
	return { baseUrl: String(credentials.baseUrl ?? ''), sbmId: String(credentials.sbmId ?? '') };
}

export function batchKeyOf(account: SpecterAccountRef, queue: string, batchNo: string): string {
	return [account.baseUrl.replace(/\/+$/, '').toLowerCase(), account.sbmId.trim(), queue, batchNo].join('\u0000');
}

/**
 * Claims a batch for a run that is about to start: refused while an earlier claim holds (its run may still be
 * writing; a poll overrides an earlier poll's claim), else counted as one more emission and held for `holdMs`.
 * `persisted` is what the calling trigger kept of this batch across restarts (its static data); the earlier first
 * emission and the higher count win, so both triggers number the attempts of a batch alike.
 */
export function claimBatch(
	key: string,
	options: { by: Emitter; nowMs: number; holdMs: number; persisted?: EmissionCount },
): ClaimResult {
	const { by, nowMs, holdMs, persisted } = options;
	for (const [otherKey, record] of claims) {
		if (record.claimedUntil + FORGET_AFTER_MS < nowMs) claims.delete(otherKey);
	}
	const known = claims.get(key);
	if (known !== undefined && known.claimedUntil > nowMs && !(by === 'poll' && known.claimedBy === 'poll')) {
		const emission = { firstEmittedAt: known.firstEmittedAt, timesEmitted: known.timesEmitted };
		return { claimed: false, emission, claimedUntil: known.claimedUntil, claimedBy: known.claimedBy };
	}
	const firsts = [known?.firstEmittedAt, persisted?.firstEmittedAt].filter((at): at is string => at !== undefined);
	const record: ClaimRecord = {
		firstEmittedAt: firsts.length > 0 ? firsts.sort()[0] : new Date(nowMs).toISOString(),
		timesEmitted: Math.max(known?.timesEmitted ?? 0, persisted?.timesEmitted ?? 0) + 1,
		claimedUntil: nowMs + holdMs,
		claimedBy: by,
	};
	claims.set(key, record);
	return { claimed: true, emission: { firstEmittedAt: record.firstEmittedAt, timesEmitted: record.timesEmitted } };
}

/** The batch was acknowledged: Specter will not hand it out again. */
export function forgetBatch(key: string): void {
	claims.delete(key);
}
