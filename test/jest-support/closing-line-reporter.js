// Ends every jest run with one plain line per project that ran, e.g. `unit: 381 passed, 0 failed`, which CI
// reads. A test file that could not run at all (it failed to load, or a hook outside any test failed) counts
// as one failed test, as it did under node's test runner; so does a project whose globalSetup failed (jest then
// runs no test and calls no reporter).
'use strict';

const { writeSync } = require('node:fs');

const PROJECT_ORDER = ['unit', 'e2e'];

class ClosingLineReporter {
	onRunComplete(_testContexts, results) {
		const counts = new Map();
		for (const file of results.testResults) {
			const name = typeof file.displayName === 'string' ? file.displayName : (file.displayName?.name ?? 'tests');
			const count = counts.get(name) ?? { passed: 0, failed: 0 };
			count.passed += file.numPassingTests;
			count.failed += file.numFailingTests;
			if (file.testExecError && file.numFailingTests === 0) count.failed += 1;
			counts.set(name, count);
		}
		const names = [...counts.keys()].sort(
			(a, b) => (PROJECT_ORDER.indexOf(a) + 1 || 99) - (PROJECT_ORDER.indexOf(b) + 1 || 99),
		);
		const lines = names.map((name) => `${name}: ${counts.get(name).passed} passed, ${counts.get(name).failed} failed\n`);
		printAtExit(lines.join(''));
	}

	/** For a globalSetup that failed: `<project>: 0 passed, 1 failed`. */
	static setupFailed(project) {
		printAtExit(`${project}: 0 passed, 1 failed\n`);
	}
}

// Jest's own summary and the coverage report are written after the custom reporters: print when jest exits.
function printAtExit(text) {
	process.once('exit', () => writeSync(1, text));
}

module.exports = ClosingLineReporter;
