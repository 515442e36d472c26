/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
// WooCommerce's REST authentication (WC_REST_Authentication in includes/class-wc-rest-authentication.php):
//  - over HTTPS, the consumer key and secret in the query string (looked at first) or as HTTP Basic credentials;
//    an unknown key is "not logged in", a known key with a wrong secret is a 401 for every route;
//  - when that did not log the request in (always over plain HTTP), OAuth 1.0a "one-legged" signing: the five
//    oauth_* parameters from the query string, a POSTed form or an `Authorization: OAuth` header; the signature is
//    HMAC-SHA1 or HMAC-SHA256 with "<consumer secret>&" as key over METHOD&<encoded URL>&<encoded sorted
//    parameters>; the timestamp must be within 15 minutes of now and a nonce is accepted once.
// Where WooCommerce is loose the simulator is stricter: a timestamp must be digits, every used nonce is kept for
// the whole window (WooCommerce keeps one per timestamp) and parameters must be plain strings.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

import type { PhpObject, PhpValue } from './util';
import { WooError } from './validation';

export interface ApiKey {
	consumerKey: string;
	consumerSecret: string;
}

export type AuthMethod = 'basic' | 'query' | 'oauth' | 'none';

export interface AuthRequest {
	/** upper-case HTTP method */
	method: string;
	/** the request URI as received (path and query, still percent-encoded) */
	rawUrl: string;
	/** scheme://host:port of the listener that received the request: the URL the OAuth signature covers */
	origin: string;
	secure: boolean;
	headers: IncomingHttpHeaders;
	/** $_GET */
	query: PhpObject;
	/** $_POST: the fields of a POSTed form body, else {} */
	form: PhpObject;
}

export interface AuthOutcome {
	/** a valid key logged the request in */
	authenticated: boolean;
	/** how the request presented its key ('none': it did not) */
	method: AuthMethod;
}

/** WooCommerce's window for oauth_timestamp (and for remembering nonces). */
export const OAUTH_WINDOW_SECONDS = 15 * 60;

const OAUTH_PARAMS = ['oauth_consumer_key', 'oauth_timestamp', 'oauth_nonce', 'oauth_signature', 'oauth_signature_method'];

function authError(message: string, code = 'woocommerce_rest_authentication_error'): WooError {
	return new WooError(401, code, message);
}

/** PHP's `! empty()` for a request parameter, stricter: only a string counts ('' and '0' are empty in PHP). */
function present(value: PhpValue | undefined): value is string {
	return typeof value === 'string' && value !== '' && value !== '0';
}

function sameText(given: string, expected: string): boolean {
	const a = Buffer.from(given);
	const b = Buffer.from(expected);
	return a.length === b.length && timingSafeEqual(a, b);
}

/** PHP's rawurlencode() (RFC 3986: everything but A-Z a-z 0-9 - _ . ~ is encoded), as wc_rest_urlencode_rfc3986. */
export function rfc3986(text: string): string {
	return encodeURIComponent(text).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** PHP's rawurldecode(): %XX to bytes, "+" stays. */
function rawUrlDecode(text: string): string {
	const bytes: number[] = [];
	for (let index = 0; index < text.length; index++) {
		const hex = text.slice(index + 1, index + 3);
		if (text[index] === '%' && /^[0-9a-fA-F]{2}$/.test(hex)) {
			bytes.push(parseInt(hex, 16));
			index += 2;
		} else {
			bytes.push(...Buffer.from(text[index]));
		}
	}
	return Buffer.from(bytes).toString('utf8');
}

/** PHP's urldecode(): like rawurldecode() but "+" is a space. */
function urlDecode(text: string): string {
	return rawUrlDecode(text.replace(/\+/g, ' '));
}

/** parse_header(): the oauth_* parameters of an `Authorization: OAuth k="v", …` header ({} for other schemes). */
function parseOAuthHeader(header: string): Record<string, string> {
	const params: Record<string, string> = {};
	if (!header.startsWith('OAuth ')) return params;
	for (const match of header.matchAll(/(oauth_[a-z_-]*)=(:?"([^"]*)"|([^,]*))/g)) {
		params[match[1]] = urlDecode(match[3] ? match[3] : (match[4] ?? ''));
	}
	return params;
}

/** strcmp() on the UTF-8 bytes (uksort($params, 'strcmp')). */
function strcmp(a: string, b: string): number {
	return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** normalize_parameters() for a value: every string encoded, array keys below the top level left as they are. */
function encodeValues(value: PhpValue): PhpValue {
	if (typeof value === 'string') return rfc3986(value);
	if (Array.isArray(value)) return value.map(encodeValues);
	return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, encodeValues(item)]));
}

/** join_with_equals_sign(): "key=value" pairs, nested keys as key%5Bsub%5D, each pair encoded once more. */
function joinWithEqualsSign(key: string, value: PhpValue, pairs: string[]): void {
	if (typeof value === 'string') {
		pairs.push(rfc3986(`${key}=${value}`));
		return;
	}
	const entries: Array<[string, PhpValue]> = Array.isArray(value) ? value.map((item, index) => [String(index), item]) : Object.entries(value);
	for (const [sub, item] of entries) joinWithEqualsSign(`${key}%5B${sub}%5D`, item, pairs);
}

/**
 * The string check_oauth_signature() signs: METHOD & rawurlencode(<site URL>/<request path>) & the sorted,
 * normalized parameters (everything but oauth_signature) joined with %26.
 */
export function oauthStringToSign(method: string, origin: string, rawUrl: string, params: PhpObject): string {
	const path = rawUrl.split(/[?#]/, 1)[0];
	// get_home_url(null, $path): the home URL, "/", the path without its leading slashes.
	const baseUri = rfc3986(`${origin}/${path.replace(/^\/+/, '')}`);
	const pairs: string[] = [];
	for (const key of Object.keys(params).filter((name) => name !== 'oauth_signature').sort(strcmp)) {
		joinWithEqualsSign(rfc3986(key), encodeValues(params[key]), pairs);
	}
	return `${method.toUpperCase()}&${baseUri}&${pairs.join('%26')}`;
}

export class WooAuthenticator {
	/** nonces accepted within the window → their oauth_timestamp */
	private readonly usedNonces = new Map<string, number>();

	constructor(
		private readonly key: ApiKey,
		/** seconds since the epoch */
		private readonly clock: () => number = () => Math.floor(Date.now() / 1000),
	) {}

	/**
	 * WC_REST_Authentication::authenticate() and check_authentication_error(): Basic/query keys over HTTPS, then
	 * OAuth 1.0a. Throws the 401 WooCommerce answers for any route when a key was given wrongly; otherwise says
	 * whether the request is logged in (the route's permission check decides what "not logged in" gets).
	 */
	authenticate(request: AuthRequest): AuthOutcome {
		let method: AuthMethod = 'none';
		let error: WooError | undefined;
		let authenticated = false;
		if (request.secure) {
			const basic = this.basicAuthentication(request);
			method = basic.method;
			if (basic.result instanceof WooError) error = basic.result;
			else authenticated = basic.result;
		}
		if (!authenticated) {
			const oauth = this.oauthAuthentication(request);
			if (oauth !== undefined) {
				method = 'oauth';
				if (oauth instanceof WooError) error = oauth;
				else authenticated = true;
			}
		}
		// A failed check is remembered even if a later method succeeds (WooCommerce never clears its error).
		if (error) throw error;
		return { authenticated, method };
	}

	/** perform_basic_authentication(): consumer_key/consumer_secret in the query first, then Basic credentials. */
	private basicAuthentication(request: AuthRequest): { method: AuthMethod; result: boolean | WooError } {
		let method: AuthMethod = 'none';
		let key = '';
		let secret = '';
		const { consumer_key: queryKey, consumer_secret: querySecret } = request.query;
		if (present(queryKey) && present(querySecret)) {
			method = 'query';
			key = queryKey;
			secret = querySecret;
		}
		const header = request.headers.authorization;
		if (!key && header?.startsWith('Basic ')) {
			method = 'basic';
			const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
			const colon = decoded.indexOf(':');
			key = colon === -1 ? decoded : decoded.slice(0, colon);
			secret = colon === -1 ? '' : decoded.slice(colon + 1);
		}
		// No key, or one this store does not know: simply not logged in.
		if (!key || !secret || key !== this.key.consumerKey) return { method, result: false };
		if (!sameText(secret, this.key.consumerSecret)) return { method, result: authError('Consumer secret is invalid.') };
		return { method, result: true };
	}

	/** perform_oauth_authentication(): undefined when the request carries no OAuth parameter at all. */
	private oauthAuthentication(request: AuthRequest): true | WooError | undefined {
		// get_oauth_parameters(): array_merge($_GET, $_POST), then the Authorization header's parameters.
		const params: PhpObject = { ...request.query, ...request.form };
		const header = (request.headers.authorization ?? '').trim();
		Object.assign(params, parseOAuthHeader(header));
		const missing = OAUTH_PARAMS.filter((name) => !present(params[name]));
		if (missing.length === OAUTH_PARAMS.length) return undefined;
		if (missing.length > 0) {
			return authError(
				`Missing OAuth parameter${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`,
				'woocommerce_rest_authentication_missing_parameter',
			);
		}
		if (params.oauth_consumer_key !== this.key.consumerKey) return authError('Consumer key is invalid.');
		const signature = this.checkSignature(request, params);
		if (signature) return signature;
		return this.checkTimestampAndNonce(params.oauth_timestamp as string, params.oauth_nonce as string) ?? true;
	}

	/** check_oauth_signature() */
	private checkSignature(request: AuthRequest, params: PhpObject): WooError | undefined {
		const signatureMethod = params.oauth_signature_method;
		let stringToSign: string;
		try {
			stringToSign = oauthStringToSign(request.method, request.origin, request.rawUrl, params);
		} catch {
			// a parameter that cannot be encoded (a lone surrogate) cannot have been signed
			return authError('Invalid signature - failed to sort parameters.');
		}
		if (signatureMethod !== 'HMAC-SHA1' && signatureMethod !== 'HMAC-SHA256') {
			return authError('Invalid signature - signature method is invalid.');
		}
		const consumerSignature = rawUrlDecode((params.oauth_signature as string).replace(/ /g, '+'));
		const algorithm = signatureMethod === 'HMAC-SHA1' ? 'sha1' : 'sha256';
		const expected = createHmac(algorithm, `${this.key.consumerSecret}&`).update(stringToSign).digest('base64');
		if (!sameText(consumerSignature, expected)) return authError('Invalid signature - provided signature does not match.');
		return undefined;
	}

	/** check_oauth_timestamp_and_nonce(): within 15 minutes of now, and a nonce not used in that window. */
	private checkTimestampAndNonce(timestamp: string, nonce: string): WooError | undefined {
		const now = this.clock();
		const time = /^\d{1,15}$/.test(timestamp) ? Number(timestamp) : Number.NaN;
		if (!(time >= now - OAUTH_WINDOW_SECONDS && time <= now + OAUTH_WINDOW_SECONDS)) return authError('Invalid timestamp.');
		for (const [used, at] of this.usedNonces) if (at < now - OAUTH_WINDOW_SECONDS) this.usedNonces.delete(used);
		if (this.usedNonces.has(nonce)) return authError('Invalid nonce - nonce has already been used.');
		this.usedNonces.set(nonce, time);
		return undefined;
	}
}
