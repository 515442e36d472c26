// How the Specter Callback Trigger answers a call: Specter signs nothing (docs/specter-api.md §5), so the URL the
// merchant registers carries a secret, and a call without it is refused before anything is fetched or started.
import { SPECTER_GUESSES } from '../Specter/wire/guesses';

/** The query parameter of the registered URL that carries the secret. */
export const SECRET_QUERY_PARAMETER = 'secret';

/** What the trigger answers an accepted callback (inference, docs/specter-api.md §7 `callback.answer`). */
export const CALLBACK_ANSWER: string = SPECTER_GUESSES.callback.answer;

export interface CallbackVerdict {
	accepted: boolean;
	statusCode: number;
	/** text/plain body */
	body: string;
}

/**
 * Compares in time that depends on the expected secret's length only, so response times do not reveal how much of
 * a guess was right. No secret configured matches nothing.
 */
export function secretMatches(expected: string, given: unknown): boolean {
	if (typeof given !== 'string' || expected === '') return false;
	let difference = expected.length ^ given.length;
	for (let index = 0; index < expected.length; index++) {
		difference |= expected.charCodeAt(index) ^ (given.charCodeAt(index % Math.max(given.length, 1)) || 0);
	}
	return difference === 0;
}

/**
 * The answer to a call with this query: 401 without a secret, 403 with a wrong one (or several), 200 `1;Done`
 * with the right one. Other query parameters (Specter's `$orderId` and the like) are ignored.
 */
export function verdictOf(expected: string, query: Record<string, unknown>): CallbackVerdict {
	const given = query[SECRET_QUERY_PARAMETER];
	if (given === undefined || given === '') return { accepted: false, statusCode: 401, body: 'Missing secret' };
	if (!secretMatches(expected, given)) return { accepted: false, statusCode: 403, body: 'Wrong secret' };
	return { accepted: true, statusCode: 200, body: CALLBACK_ANSWER };
}
