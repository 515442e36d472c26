// Build: clean → tsc → icons and codex files → validate and copy the workflow templates into dist/.
'use strict';

const { series } = require('gulp');
const { execFileSync } = require('node:child_process');
const { cpSync, mkdirSync, readdirSync, rmSync, statSync } = require('node:fs');
const { dirname, join, relative } = require('node:path');
const { validateTemplates } = require('./build/validate-templates');

const root = __dirname;
const dist = join(root, 'dist');
const SOURCE_DIRS = ['nodes', 'credentials', 'icons'];

function clean(done) {
	rmSync(dist, { recursive: true, force: true });
	done();
}

function compile(done) {
	execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.json')], {
		stdio: 'inherit',
	});
	// Every build starts from a clean dist/, so tsc's incremental state is of no use and must not ship.
	rmSync(join(dist, 'tsconfig.tsbuildinfo'), { force: true });
	done();
}

function filesUnder(dir, keep) {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return filesUnder(path, keep);
		return keep(name) ? [path] : [];
	});
}

function copyIconsAndCodex(done) {
	for (const dir of SOURCE_DIRS) {
		for (const file of filesUnder(join(root, dir), (name) => /\.(svg|png)$|\.node\.json$/.test(name))) {
			const target = join(dist, relative(root, file));
			mkdirSync(dirname(target), { recursive: true });
			cpSync(file, target);
		}
	}
	done();
}

function templates(done) {
	const source = join(root, 'workflows-templates');
	const problems = validateTemplates(source, dist, require('./package.json'));
	if (problems.length > 0) {
		done(new Error(`workflow templates are invalid:\n  ${problems.join('\n  ')}`));
		return;
	}
	cpSync(source, join(dist, 'workflows-templates'), { recursive: true });
	done();
}

exports.clean = clean;
exports.build = series(clean, compile, copyIconsAndCodex, templates);
exports.default = exports.build;
