// The Specter API credential's test (n8n's "Test" button), run by the nodes (`testedBy`): it checks the keys of
// the API user and, when the credential has one, of the separate read user, each with a call that binds, clears
// and changes nothing (wire/credential-check.ts). A declarative test could not do this: its rules only compare
// one character of the answer, so "error 99, the keys are right and a batch is open" read as "refused", and it
// sends one request, signed as one user.
import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';
import {
	SpecterValidationError,
	credentialCheckCall,
	encodeSignedRequest,
	hasReadUser,
	readCredentialCheck,
	type SpecterUser,
} from '../wire';
import type { RawResponse } from '../wire/types';
import { specterCredentialsFrom } from './sign-request';

export const CREDENTIAL_TEST_NAME = 'specterApiCredentialTest';

const TIMEOUT_MS = 30000;

interface LegacyFullResponse {
	statusCode: number;
	headers?: RawResponse['headers'];
	body?: unknown;
}

function bytesOf(body: unknown): Uint8Array {
	if (body instanceof Uint8Array) return body;
	if (typeof body === 'string') return new Uint8Array(Array.from(body, (character) => character.charCodeAt(0) & 0xff));
	return new Uint8Array(0);
}

/** Why a request got no answer, without its URL (which carries the signed key). */
function unreachable(error: unknown): string {
	const code = (error as { code?: unknown } | undefined)?.code;
	const reason = typeof code === 'string' && /^E[A-Z_]+$/.test(code) ? code : 'no answer';
	return `Specter could not be reached (${reason}): check the base URL`;
}

export async function testSpecterCredentials(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const credentials = specterCredentialsFrom(credential.data ?? {});
	const users: Array<[SpecterUser, string]> = [['write', 'the API user']];
	if (hasReadUser(credentials)) users.push(['read', 'the read user']);
	const notes: string[] = [];
	for (const [user, label] of users) {
		let raw: RawResponse;
		try {
			const request = encodeSignedRequest(credentials, credentialCheckCall(), user);
			// ICredentialTestFunctions offers only the legacy request helper (n8n 1.x and 2.x)
			// eslint-disable-next-line @n8n/community-nodes/no-deprecated-workflow-functions
			const response = (await this.helpers.request({
				method: request.method,
				uri: request.url,
				headers: request.headers,
				encoding: null,
				json: false,
				resolveWithFullResponse: true,
				simple: false,
				timeout: TIMEOUT_MS,
			})) as LegacyFullResponse;
			raw = { statusCode: response.statusCode, headers: response.headers ?? {}, body: bytesOf(response.body) };
		} catch (error) {
			// a missing key or SBM id: the message names the field, never a key
			if (error instanceof SpecterValidationError) return { status: 'Error', message: error.message };
			return { status: 'Error', message: unreachable(error) };
		}
		const check = readCredentialCheck(raw, label);
		if (!check.accepted) return { status: 'Error', message: check.message };
		if (check.note !== undefined && notes.indexOf(check.note) < 0) notes.push(check.note);
	}
	const who = users.length > 1 ? 'the keys of the API user and the read user' : 'the keys';
	return { status: 'OK', message: `Specter accepted ${who}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}` };
}
