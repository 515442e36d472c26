 
// The per-request `key` check (docs/specter-api.md §2.4), written independently of the client:
//   key = md5hex(outer + md5hex(inner + sbmId + SUBJECT)), every string hashed as ISO-8859-1 bytes.
import { createHash } from 'node:crypto';

import type { WireParams } from './params';

export interface SimAccount {
	sbmId: string;
	apiVersion: 1 | 2;
	/** API v2 write user; v1 requests need no apiUserId */
	apiUserId?: string;
	apiUserKey?: string;
	integrationKey?: string;
	md5Key1?: string;
	md5Key2?: string;
	/** API v2 optional read user, accepted on getInfo.asp only */
	readApiUserId?: string;
	readApiUserKey?: string;
}

export const DEFAULT_ACCOUNT = {
	sbmId: '1234',
	apiVersion: 2,
	apiUserId: '42',
	apiUserKey: 'sim-api-user-key',
	integrationKey: 'sim-integration-key',
	md5Key1: 'sim-md5-key-1',
	md5Key2: 'sim-md5-key-2',
} as const satisfies SimAccount;

function md5HexLatin1(text: string): string {
	return createHash('md5').update(Buffer.from(text, 'latin1')).digest('hex');
}

/** The key the simulator expects. Never put it into a response or log. */
function expectedKey(outer: string, inner: string, sbmId: string, subject: string): string {
	return md5HexLatin1(outer + md5HexLatin1(inner + sbmId + subject));
}

/** The inner/outer key ingredients for this request's user, or null when the user is not accepted here. */
function keyIngredients(account: SimAccount, script: string, apiUserId: string): { inner: string; outer: string } | null {
	if (account.apiVersion === 1) return { inner: account.md5Key1 ?? '', outer: account.md5Key2 ?? '' };
	const outer = account.integrationKey ?? '';
	if (apiUserId === (account.apiUserId ?? '')) return { inner: account.apiUserKey ?? '', outer };
	const readUser = account.readApiUserId ?? '';
	if (script === 'getInfo.asp' && readUser !== '' && apiUserId === readUser) return { inner: account.readApiUserKey ?? '', outer };
	return null;
}

/** `subject` null means the request cannot be authenticated (e.g. checkAccountSettings with a date that is not today). */
export function isAuthorised(account: SimAccount, script: string, params: WireParams, subject: string | null): boolean {
	if (subject === null || params.get('sbmId') !== account.sbmId) return false;
	const ingredients = keyIngredients(account, script, params.get('apiUserId') ?? '');
	if (!ingredients) return false;
	return params.get('key') === expectedKey(ingredients.outer, ingredients.inner, account.sbmId, subject);
}

/**
 * The hashes signing this request involves: the inner md5 and the key expected for it (nothing when the user is not
 * accepted). Only for tests that search what a client wrote (logs, errors) for secrets; never sent or logged.
 */
export function signingHashes(account: SimAccount, script: string, params: WireParams, subject: string | null): string[] {
	if (subject === null) return [];
	const ingredients = keyIngredients(account, script, params.get('apiUserId') ?? '');
	if (!ingredients) return [];
	const inner = md5HexLatin1(ingredients.inner + account.sbmId + subject);
	return [inner, md5HexLatin1(ingredients.outer + inner)];
}
