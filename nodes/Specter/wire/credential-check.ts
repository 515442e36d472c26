// The credential test: which call checks a user's keys, and what its answer says about them.
//
// The call acknowledges a batch number no fetch ever bound (SPECTER_GUESSES.credentialTest): a queue read would
// bind pending changes to a batch, and checkAccountSettings may reset callbacks. Specter checks sbmId, apiUserId
// and key before it looks at the batch, so any answer but an in-band error means the keys were accepted; error 99
// ("another batch is open", S1) proves it too, since only an authenticated account has an open batch to name.

import { SpecterApiError } from './errors';
import { SPECTER_GUESSES } from './guesses';
import { decodeResponse, parseAcknowledgeResponse, sanitizedExcerpt } from './responses';
import { QUERY_PARAMS, SCRIPTS } from './wire-names';
import type { RawResponse, SpecterCall } from './types';

/** The call the credential test sends, once per user (signed as that user). */
export function credentialCheckCall(): SpecterCall {
	return {
		method: 'GET',
		script: SCRIPTS.read,
		action: SPECTER_GUESSES.credentialTest.action,
		// no useXML: the text answer, as S1 reads acknowledgements
		query: { [QUERY_PARAMS.batchNo]: SPECTER_GUESSES.credentialTest.batchNo },
	};
}

export type CredentialCheck = { accepted: true; note?: string } | { accepted: false; message: string };

const CHECK_KEYS = 'check SBM ID, API user and keys, and the API version';

/**
 * What Specter's answer to credentialCheckCall says about the keys of `user` (e.g. "the API user"). Never quotes
 * the request: its URL carries the signed key.
 */
export function readCredentialCheck(raw: RawResponse, user: string): CredentialCheck {
	if (raw.statusCode !== 200) {
		return { accepted: false, message: `The base URL answered HTTP ${raw.statusCode}, not the Specter API: check the base URL` };
	}
	const body = decodeResponse(raw).replace(/^\uFEFF/, '').trim();
	if (/^<!doctype/i.test(body) || /<html[\s>]/i.test(body.slice(0, 2000))) {
		return { accepted: false, message: 'The base URL answered with a web page, not the Specter API: check the base URL' };
	}
	let refusal: SpecterApiError | undefined;
	let warning: string | undefined;
	try {
		warning = parseAcknowledgeResponse(body, SPECTER_GUESSES.credentialTest.action, SPECTER_GUESSES.credentialTest.batchNo).warning;
	} catch (error) {
		if (!(error instanceof SpecterApiError)) return { accepted: false, message: `Specter's answer could not be read: ${CHECK_KEYS}` };
		refusal = error;
	}
	if (refusal === undefined) {
		// error 99 naming an open batch comes back as a warning: the keys were accepted
		const open = warning === undefined ? undefined : /batch '([^']+)' is the open one/.exec(warning)?.[1];
		return open === undefined
			? { accepted: true }
			: { accepted: true, note: `a stock batch (${open}) is open in Specter; the Specter Trigger reads it first` };
	}
	if (refusal.code === SPECTER_GUESSES.errors.openBatch) return { accepted: true, note: 'Specter reports an open stock batch' };
	const said = sanitizedExcerpt(refusal.specterMessage, 120);
	return {
		accepted: false,
		message: `Specter refused the keys of ${user} (code ${refusal.code}${said ? `: ${said}` : ''}): ${CHECK_KEYS}`,
	};
}
