// Jest: two projects. `unit` = every test/**/*.test.ts (unit, simulator, node and build tests, run in
// parallel); `e2e` = test/e2e/**/*.e2e.ts, each file starting its own real n8n, so one file at a time.
// TypeScript (and the .mjs helpers the tests import, e.g. test/e2e/install-n8n.mjs) go through @swc/jest to
// CommonJS: no type checking here, `npm run typecheck` does that.
// npm run test:unit → jest --selectProjects unit --maxWorkers=2 (as node's test runner ran them,
// --test-concurrency=2); npm run test:e2e → jest --selectProjects e2e --runInBand.
'use strict';

const { join } = require('node:path');

const support = (file) => join(__dirname, 'test', 'jest-support', file);

// Mirrors tsconfig.json where swc and tsc could differ: CommonJS output, class fields assigned as tsc does
// for its es2019 target (not [[Define]] semantics).
const swc = [
	'@swc/jest',
	{
		jsc: {
			parser: { syntax: 'typescript' },
			target: 'es2022',
			transform: { useDefineForClassFields: false },
		},
		module: { type: 'commonjs' },
		sourceMaps: 'inline',
	},
];
const swcEcmascript = [
	'@swc/jest',
	{ jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' }, sourceMaps: 'inline' },
];

const common = {
	rootDir: __dirname,
	testEnvironment: 'node',
	transform: { '^.+\\.ts$': swc, '^.+\\.mjs$': swcEcmascript },
	moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
	// where tests and sources are; not dist/ (a copy of the package) nor the sandbox's n8n folders
	roots: ['<rootDir>/test', '<rootDir>/nodes', '<rootDir>/credentials'],
	// fetch's response.json() as plain node gives it: objects of the test file's own realm (see the file)
	setupFiles: [support('same-realm-fetch.js')],
};

/** @type {import('jest').Config} */
module.exports = {
	projects: [
		{
			...common,
			displayName: 'unit',
			testMatch: ['<rootDir>/test/**/*.test.ts'],
			testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/'],
			// builds dist/ (the template tests read it) unless it is newer than every source file
			globalSetup: support('global-setup-unit.js'),
			setupFilesAfterEnv: [support('timeout-unit.js')],
		},
		{
			...common,
			displayName: 'e2e',
			// process exit and signal hooks of the harness reach the real process (see the file)
			testEnvironment: support('e2e-environment.js'),
			testMatch: ['<rootDir>/test/e2e/**/*.e2e.ts'],
			// builds dist/ if needed and installs the pinned n8n runtime (minutes the first time)
			globalSetup: support('global-setup-e2e.js'),
			setupFilesAfterEnv: [support('timeout-e2e.js')],
		},
		{
			...common,
			// the fault suite (test/faults/README.md): one real n8n under faults, restarts and hostile inputs
			displayName: 'faults',
			testEnvironment: support('e2e-environment.js'),
			testMatch: ['<rootDir>/test/faults/**/*.e2e.ts'],
			globalSetup: support('global-setup-e2e.js'),
			setupFilesAfterEnv: [support('timeout-e2e.js')],
		},
	],
	reporters: ['default', support('closing-line-reporter.js')],
	// Coverage (npm run test:coverage): the package's sources, a table per folder, and the floor for the
	// two layers that must be covered through and through.
	collectCoverageFrom: ['nodes/**/*.ts', 'credentials/**/*.ts', '!**/*.d.ts'],
	coverageReporters: [[support('coverage-by-folder.js'), {}]],
	// the per-folder table writes no files; reporters added on the command line (lcov, html) write here
	coverageDirectory: '<rootDir>/node_modules/.cache/n8n-nodes-specter-coverage',
	coverageThreshold: {
		'./nodes/Specter/wire/': { lines: 90 },
		'./nodes/Specter/mappers/': { lines: 90 },
	},
};
