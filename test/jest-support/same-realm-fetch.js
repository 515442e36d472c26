// Jest setup file (both projects). Jest runs each test file in its own vm context, but gives it Node's own
// fetch, whose `response.json()` builds objects with the outer context's Object and Array prototypes — and
// node:assert/strict's deepEqual, which compares prototypes, then calls `{ a: 1 }` from the test unequal to
// `{ a: 1 }` from a response ("Compared values have no visual difference"). Under plain node both are the same
// realm. This parses response bodies with the test context's JSON, so they compare as they do under node.
'use strict';

const nodeFetch = globalThis.fetch;

globalThis.fetch = async function fetch(...args) {
	const response = await nodeFetch(...args);
	Object.defineProperty(response, 'json', {
		value: async () => JSON.parse(await response.text()),
	});
	return response;
};
