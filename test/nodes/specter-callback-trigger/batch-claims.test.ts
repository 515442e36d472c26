/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
// The process-local registry both Specter triggers claim a batch in before they emit it (shared/batch-claims.ts).
import assert from 'node:assert/strict';
import { accountOf, batchKeyOf, claimBatch, forgetBatch } from '../../../nodes/Specter/shared/batch-claims';

const MINUTE = 60_000;
let serial = 0;
/** a key no other test uses (the registry is one per process) */
const freshKey = () => batchKeyOf({ baseUrl: 'https://api.specter.se/', sbmId: '1234' }, 'stock', `batch-${++serial}`);

describe('batch claims', () => {
	it('holds a batch a callback emitted against polls and callbacks until the hold ends, then counts the next emission as attempt 2 since the first', () => {
		const key = freshKey();
		const first = claimBatch(key, { by: 'callback', nowMs: 0, holdMs: 5 * MINUTE });
		assert.deepEqual(first, { claimed: true, emission: { firstEmittedAt: new Date(0).toISOString(), timesEmitted: 1 } });
		for (const by of ['poll', 'callback'] as const) {
			const refused = claimBatch(key, { by, nowMs: 5 * MINUTE - 1, holdMs: 5 * MINUTE });
			assert.equal(refused.claimed, false, by);
		}
		const later = claimBatch(key, { by: 'poll', nowMs: 5 * MINUTE, holdMs: 5 * MINUTE });
		assert.deepEqual(later, { claimed: true, emission: { firstEmittedAt: new Date(0).toISOString(), timesEmitted: 2 } });
	});

	it('a poll holds its batch against callbacks, but the next poll emits it again', () => {
		const key = freshKey();
		claimBatch(key, { by: 'poll', nowMs: 0, holdMs: 5 * MINUTE });
		assert.equal(claimBatch(key, { by: 'callback', nowMs: MINUTE, holdMs: 5 * MINUTE }).claimed, false);
		const again = claimBatch(key, { by: 'poll', nowMs: MINUTE, holdMs: 5 * MINUTE });
		assert.equal(again.claimed, true);
		assert.equal(again.emission.timesEmitted, 2);
	});

	it('once acknowledged (forgotten) a batch is free and counted afresh', () => {
		const key = freshKey();
		claimBatch(key, { by: 'callback', nowMs: 0, holdMs: 5 * MINUTE });
		forgetBatch(key);
		const next = claimBatch(key, { by: 'callback', nowMs: 1000, holdMs: 5 * MINUTE });
		assert.deepEqual(next, { claimed: true, emission: { firstEmittedAt: new Date(1000).toISOString(), timesEmitted: 1 } });
	});

	it('after a restart (nothing in memory) what the trigger kept in static data goes on: the earlier first emission, the higher count', () => {
		const key = freshKey();
		const persisted = { firstEmittedAt: '2026-11-30T01:00:00.000Z', timesEmitted: 3 };
		const claim = claimBatch(key, { by: 'poll', nowMs: Date.parse('2026-11-30T02:00:00.000Z'), holdMs: MINUTE, persisted });
		assert.deepEqual(claim.emission, { firstEmittedAt: '2026-11-30T01:00:00.000Z', timesEmitted: 4 });
	});

	it('keys a batch by account and queue: the same batch number of another account or queue is another batch', () => {
		const account = accountOf({ baseUrl: 'https://api.specter.se/', sbmId: '1234', apiUserSecretKey: 'never in a key' });
		assert.equal(batchKeyOf(account, 'stock', 'B1'), batchKeyOf({ baseUrl: 'https://API.specter.se', sbmId: '1234' }, 'stock', 'B1'));
		assert.notEqual(batchKeyOf(account, 'stock', 'B1'), batchKeyOf({ ...account, sbmId: '999' }, 'stock', 'B1'));
		assert.notEqual(batchKeyOf(account, 'stock', 'B1'), batchKeyOf(account, 'orderStatus', 'B1'));
		assert.ok(!batchKeyOf(account, 'stock', 'B1').includes('never in a key'));
		const batchNo = `B-${++serial}`;
		claimBatch(batchKeyOf(account, 'articleInfo', batchNo), { by: 'callback', nowMs: 0, holdMs: MINUTE });
		const otherAccount = claimBatch(batchKeyOf({ ...account, sbmId: '999' }, 'articleInfo', batchNo), { by: 'callback', nowMs: 0, holdMs: MINUTE });
		assert.equal(otherAccount.claimed, true, "another account's claim does not hold this one");
	});
});
