// Builds the package (gulp build → dist/) unless dist/ is newer than every file the build reads, so a test
// command works on a fresh clone and `npm test`, which has just built, does not build twice.
'use strict';

const { spawnSync } = require('node:child_process');
const { existsSync, readFileSync, readdirSync, statSync } = require('node:fs');
const { dirname, join, relative } = require('node:path');

const root = join(__dirname, '..', '..');
const dist = join(root, 'dist');
/** What `gulp build` reads (see gulpfile.js). */
const SOURCES = ['nodes', 'credentials', 'icons', 'workflows-templates', 'build', 'package.json', 'tsconfig.json', 'gulpfile.js'];

/** The most recently modified file (or folder) at or under `path`: { path, mtimeMs }; mtimeMs 0 when absent. */
function newest(path) {
	if (!existsSync(path)) return { path, mtimeMs: 0 };
	const stat = statSync(path);
	const self = { path, mtimeMs: stat.mtimeMs };
	if (!stat.isDirectory()) return self;
	return readdirSync(path)
		.map((name) => newest(join(path, name)))
		.reduce((a, b) => (b.mtimeMs > a.mtimeMs ? b : a), self);
}

/** Why dist/ must be (re)built, or null when it is up to date. */
function staleReason() {
	const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
	const entryPoints = [...(manifest.n8n?.nodes ?? []), ...(manifest.n8n?.credentials ?? [])];
	const missing = entryPoints.find((file) => !existsSync(join(root, file)));
	if (!existsSync(dist) || missing) return `${missing ?? 'dist/'} is missing`;
	const source = SOURCES.map((name) => newest(join(root, name))).reduce((a, b) => (b.mtimeMs > a.mtimeMs ? b : a));
	return source.mtimeMs > newest(dist).mtimeMs ? `${relative(root, source.path)} is newer than dist/` : null;
}

function ensureBuild({ log = (message) => process.stderr.write(`${message}\n`) } = {}) {
	const reason = staleReason();
	if (reason === null) return;
	log(`ensure-build: ${reason}, running gulp build`);
	const result = spawnSync(process.execPath, [join(dirname(require.resolve('gulp')), 'bin', 'gulp.js'), 'build'], {
		cwd: root,
		stdio: 'inherit',
	});
	if (result.status !== 0) throw new Error(`gulp build failed (exit code ${result.status ?? result.signal})`);
}

module.exports = { ensureBuild };
