// Runs the end-to-end suite (test/e2e/**/*.e2e.ts) against a real n8n, one file at a time.
// Builds nothing: the package must already be built (`npm run build`). Installs the n8n runtime first if
// needed (a few minutes the first time, instant afterwards). Exit code = the test runner's exit code.
// Usage: node test/e2e/run-e2e.mjs [filter-substring]
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

import { ensureN8nRuntime } from './install-n8n.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const e2eDir = join(root, 'test', 'e2e');
const filter = process.argv[2] ?? '';

function findE2eTests(dir) {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		if (entry.isDirectory())
			return entry.name === 'node_modules' || entry.name === 'n8n-runtime'
				? []
				: findE2eTests(path);
		return entry.name.endsWith('.e2e.ts') ? [relative(root, path)] : [];
	});
}

const files = findE2eTests(e2eDir)
	.filter((file) => file.includes(filter))
	.sort();
if (files.length === 0) {
	process.stderr.write(`no e2e test files match "${filter}"\n`);
	process.exit(1);
}

ensureN8nRuntime();

// One file at a time: each starts its own n8n (~750 MB RSS, start-up is CPU bound).
const child = spawn(
	process.execPath,
	['--import', 'tsx', '--test', '--test-concurrency=1', ...files],
	{
		cwd: root,
		stdio: 'inherit',
	},
);
// A terminal's Ctrl-C reaches the test processes directly; a SIGTERM sent to this runner only is passed on,
// so the tests' harness can stop their n8n instances.
for (const signal of ['SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
process.on('SIGINT', () => {}); // wait for the children, which got the same SIGINT
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
