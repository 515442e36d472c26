// Test environment of the e2e project: jest's node environment, except that
// - a test's `process.on('exit' | 'SIGINT' | 'SIGTERM' | 'SIGHUP', …)` reaches the real process. Jest gives each
//   test file a copy of `process` with an event emitter of its own, which never emits those events; the e2e
//   harness relies on them to stop n8n and remove its temporary folders when the test process exits or is
//   interrupted (test/e2e/harness.ts);
// - `console` writes straight to stdout / stderr, so the harness's progress (n8n starting, packages installed)
//   shows while a test of several minutes runs, not buffered and framed with source excerpts after it.
'use strict';

const { Console } = require('node:console');
const { TestEnvironment } = require('jest-environment-node');

const PROCESS_EVENTS = new Set(['exit', 'SIGINT', 'SIGTERM', 'SIGHUP']);
const LISTENER_METHODS = ['on', 'once', 'addListener', 'prependListener', 'prependOnceListener', 'removeListener', 'off'];

class E2eEnvironment extends TestEnvironment {
	constructor(config, context) {
		super(config, context);
		const testProcess = this.global.process;
		for (const method of LISTENER_METHODS) {
			const own = testProcess[method];
			testProcess[method] = function (event, listener) {
				if (!PROCESS_EVENTS.has(event)) return own.call(testProcess, event, listener);
				process[method](event, listener);
				return testProcess;
			};
		}
	}

	async setup() {
		await super.setup();
		this.global.console = new Console({ stdout: process.stdout, stderr: process.stderr });
	}
}

module.exports = E2eEnvironment;
