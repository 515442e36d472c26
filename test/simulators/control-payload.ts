// What both simulators' control APIs answer to a body their zod schema refuses: HTTP 400 with
// `{"error":"invalid control payload","issues":[{"path":"articles.0.sku","message":"..."}]}`, one issue per field
// (an unknown key is an issue of its own, with the key as its path).
import type { z } from 'zod';

export const INVALID_CONTROL_PAYLOAD = 'invalid control payload';

export interface ControlPayloadIssue {
	/** dot-separated, e.g. `products.0.sku`; '' for the body itself */
	path: string;
	message: string;
}

export interface InvalidControlPayload {
	error: typeof INVALID_CONTROL_PAYLOAD;
	issues: ControlPayloadIssue[];
}

export function controlPayloadIssues(error: z.ZodError): ControlPayloadIssue[] {
	return error.issues.flatMap((issue) => {
		const path = issue.path.map(String);
		if (issue.code === 'unrecognized_keys') {
			return issue.keys.map((key) => ({ path: [...path, key].join('.'), message: 'Unrecognized key' }));
		}
		return [{ path: path.join('.'), message: issue.message }];
	});
}

/** Thrown by `parseControlPayload`; each simulator turns it into its 400 answer. */
export class ControlPayloadError extends Error {
	readonly body: InvalidControlPayload;

	constructor(error: z.ZodError) {
		super(INVALID_CONTROL_PAYLOAD);
		this.body = { error: INVALID_CONTROL_PAYLOAD, issues: controlPayloadIssues(error) };
	}
}

/** The body as `schema` reads it, or a ControlPayloadError naming every field that is wrong. */
export function parseControlPayload<Schema extends z.ZodType>(schema: Schema, body: unknown): z.output<Schema> {
	const result = schema.safeParse(body);
	if (!result.success) throw new ControlPayloadError(result.error);
	return result.data;
}
