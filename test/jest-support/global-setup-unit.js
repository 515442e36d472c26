// Jest globalSetup of the unit project: the template tests read dist/, so build it when it is missing or stale.
'use strict';

const ClosingLineReporter = require('./closing-line-reporter');
const { ensureBuild } = require('./ensure-build');

module.exports = async function globalSetup() {
	try {
		ensureBuild();
	} catch (error) {
		ClosingLineReporter.setupFailed('unit');
		throw error;
	}
};
