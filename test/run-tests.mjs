// Runs every test/**/*.test.ts (the end-to-end suite under test/e2e has its own command) with node's test
// runner, TypeScript loaded through tsx. Usage: node test/run-tests.mjs [filter-substring]
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const filter = process.argv[2] ?? '';

function findTests(dir) {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) return entry.name === 'e2e' || entry.name === 'node_modules' ? [] : findTests(path);
		return entry.name.endsWith('.test.ts') ? [relative(root, path)] : [];
	});
}

const files = findTests(join(root, 'test')).filter((file) => file.includes(filter)).sort();
if (files.length === 0) {
	process.stderr.write(`no test files match "${filter}"\n`);
	process.exit(1);
}
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], {
	cwd: root,
	stdio: 'inherit',
});
process.exit(result.status ?? 1);
