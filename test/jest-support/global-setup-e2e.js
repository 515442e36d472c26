// Jest globalSetup of the e2e project: the tests install dist/ into n8n as a community package, and run the
// pinned n8n runtime (installed once, a few minutes; N8N_E2E_RUNTIME_DIR chooses where).
'use strict';

const { join } = require('node:path');
const { pathToFileURL } = require('node:url');

const ClosingLineReporter = require('./closing-line-reporter');
const { ensureBuild } = require('./ensure-build');

module.exports = async function globalSetup() {
	try {
		ensureBuild();
		const { ensureN8nRuntime } = await import(pathToFileURL(join(__dirname, '..', 'e2e', 'install-n8n.mjs')).href);
		ensureN8nRuntime();
	} catch (error) {
		ClosingLineReporter.setupFailed('e2e');
		throw error;
	}
};
