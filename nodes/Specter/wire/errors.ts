// Typed errors of the Specter wire layer. Messages say what to change and never contain credentials, keys or
// request URLs (a Specter URL carries the signed `key`).

/** Base class: anything the wire layer throws on purpose. */
export class SpecterError extends Error {
	/** the Specter action the error belongs to, e.g. `newOrderSubmit` */
	readonly action?: string;
	/** Specter's in-band error code (number when numeric), or an HTTP status for transport-level failures */
	readonly code?: number | string;

	constructor(message: string, details: { action?: string; code?: number | string } = {}) {
		super(message);
		this.name = 'SpecterError';
		this.action = details.action;
		this.code = details.code;
	}
}

/** Specter answered and said no (`0;code;message`, or an XML APIresponse with result 0 / an error code). */
export class SpecterApiError extends SpecterError {
	/** Specter's own message text, as received */
	readonly specterMessage: string;

	constructor(message: string, details: { action: string; code: number | string; specterMessage: string }) {
		super(message, details);
		this.name = 'SpecterApiError';
		this.specterMessage = details.specterMessage;
	}
}

/** Specter (or something in between) answered with something that is not a Specter response. Not retried. */
export class SpecterProtocolError extends SpecterError {
	readonly statusCode?: number;

	constructor(message: string, details: { action?: string; statusCode?: number } = {}) {
		super(message, { action: details.action, code: details.statusCode });
		this.name = 'SpecterProtocolError';
		this.statusCode = details.statusCode;
	}
}

/** The request did not get a usable answer: network failure, time-out or HTTP 5xx. */
export class SpecterNetworkError extends SpecterError {
	/** a later attempt may succeed; the client retries it when the call is safe to repeat */
	readonly retryable = true;
	/** how many attempts were made before giving up (0 while the client is still deciding) */
	readonly attempts: number;
	readonly statusCode?: number;
	/** no answer in time: Specter may still be carrying the call out */
	readonly timedOut: boolean;

	constructor(message: string, details: { action?: string; statusCode?: number; attempts?: number; timedOut?: boolean } = {}) {
		super(message, { action: details.action, code: details.statusCode });
		this.name = 'SpecterNetworkError';
		this.statusCode = details.statusCode;
		this.attempts = details.attempts ?? 0;
		this.timedOut = details.timedOut ?? false;
	}
}

/** Input that cannot be sent to Specter. Thrown before anything is sent. */
export class SpecterValidationError extends SpecterError {
	/** the friendly field name, as in the typed inputs (`email`, `priceExclVat`, `organizationalForm`) */
	readonly field: string;
	/** 1-based row number for order rows and article rows */
	readonly row?: number;
	/** the Specter wire name of the field when it has one (`emailAddress`, `priceExclVAT_3`) */
	readonly wireName?: string;

	constructor(message: string, details: { field: string; row?: number; wireName?: string; action?: string }) {
		super(message, { action: details.action });
		this.name = 'SpecterValidationError';
		this.field = details.field;
		this.row = details.row;
		this.wireName = details.wireName;
	}
}
