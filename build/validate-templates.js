// Checks workflow templates against the built package: every node type and credential type a template names must
// exist, and every parameter a template sets on a Specter node must be a real parameter of that node (with a valid
// option value). Used by `gulp build` before templates are copied into dist/, and by the tests.
'use strict';

const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

// n8n built-ins the templates may use, with the type versions they are written against (n8n 2.41).
const BUILT_IN_NODE_TYPES = {
	'n8n-nodes-base.wooCommerce': [1],
	'n8n-nodes-base.wooCommerceTrigger': [1],
	'n8n-nodes-base.if': [2, 2.2],
	'n8n-nodes-base.filter': [2, 2.2],
	'n8n-nodes-base.set': [3.4],
	'n8n-nodes-base.stickyNote': [1],
	'n8n-nodes-base.noOp': [1],
	'n8n-nodes-base.merge': [3, 3.1],
	'n8n-nodes-base.splitOut': [1],
	'n8n-nodes-base.aggregate': [1],
	'n8n-nodes-base.removeDuplicates': [2],
	'n8n-nodes-base.scheduleTrigger': [1.2],
	'n8n-nodes-base.manualTrigger': [1],
	'n8n-nodes-base.stopAndError': [1],
};
const BUILT_IN_CREDENTIAL_TYPES = ['wooCommerceApi'];

function loadPackageTypes(distDir, packageJson) {
	const nodes = {};
	for (const file of packageJson.n8n.nodes) {
		const exported = require(join(distDir, '..', file));
		for (const NodeClass of Object.values(exported)) {
			const node = new NodeClass();
			nodes[`${packageJson.name}.${node.description.name}`] = node.description;
		}
	}
	const credentials = [];
	for (const file of packageJson.n8n.credentials ?? []) {
		const exported = require(join(distDir, '..', file));
		for (const CredentialClass of Object.values(exported)) credentials.push(new CredentialClass().name);
	}
	return { nodes, credentials };
}

// n8n adds this parameter to every polling trigger itself.
const POLLING_PARAMETERS = ['pollTimes'];

function checkParameters(description, parameters, where, problems) {
	const byName = new Map();
	for (const property of description.properties) {
		if (!byName.has(property.name)) byName.set(property.name, []);
		byName.get(property.name).push(property);
	}
	for (const [name, value] of Object.entries(parameters ?? {})) {
		const candidates = byName.get(name);
		if (!candidates && description.polling && POLLING_PARAMETERS.includes(name)) continue;
		if (!candidates) {
			problems.push(`${where}: "${name}" is not a parameter of ${description.displayName}`);
			continue;
		}
		const optionLists = candidates.filter((p) => p.type === 'options').map((p) => p.options.map((o) => o.value));
		const isExpression = typeof value === 'string' && value.startsWith('=');
		if (optionLists.length === candidates.length && !isExpression && !optionLists.some((values) => values.includes(value))) {
			problems.push(`${where}: "${name}" = ${JSON.stringify(value)} is not one of its options`);
		}
	}
}

/** Returns a list of problems (empty when every template is valid). */
function validateTemplates(templatesDir, distDir, packageJson) {
	const ours = loadPackageTypes(distDir, packageJson);
	const knownCredentials = new Set([...ours.credentials, ...BUILT_IN_CREDENTIAL_TYPES]);
	const problems = [];
	const files = readdirSync(templatesDir).filter((file) => file.endsWith('.json'));
	if (files.length === 0) problems.push(`${templatesDir}: no templates`);
	for (const file of files) {
		let workflow;
		try {
			workflow = JSON.parse(readFileSync(join(templatesDir, file), 'utf8'));
		} catch (error) {
			problems.push(`${file}: not valid JSON (${error.message})`);
			continue;
		}
		const names = new Set();
		for (const node of workflow.nodes ?? []) {
			const where = `${file} › ${node.name}`;
			if (names.has(node.name)) problems.push(`${where}: node name used twice`);
			names.add(node.name);
			const ourDescription = ours.nodes[node.type];
			if (ourDescription) {
				const versions = [].concat(ourDescription.version);
				if (!versions.includes(node.typeVersion)) problems.push(`${where}: typeVersion ${node.typeVersion} does not exist`);
				checkParameters(ourDescription, node.parameters, where, problems);
			} else if (BUILT_IN_NODE_TYPES[node.type]) {
				if (!BUILT_IN_NODE_TYPES[node.type].includes(node.typeVersion)) {
					problems.push(`${where}: ${node.type} version ${node.typeVersion} is not one the templates are tested with`);
				}
			} else {
				problems.push(`${where}: unknown node type ${node.type}`);
			}
			for (const [credentialType, reference] of Object.entries(node.credentials ?? {})) {
				if (!knownCredentials.has(credentialType)) problems.push(`${where}: unknown credential type ${credentialType}`);
				if (!reference || typeof reference.name !== 'string' || reference.id !== null) {
					problems.push(`${where}: credentials must be referenced by name with id null`);
				}
			}
		}
		for (const [source, outputs] of Object.entries(workflow.connections ?? {})) {
			if (!names.has(source)) problems.push(`${file}: connection from unknown node "${source}"`);
			for (const targets of outputs.main ?? []) {
				for (const target of targets ?? []) {
					if (!names.has(target.node)) problems.push(`${file}: connection to unknown node "${target.node}"`);
				}
			}
		}
	}
	return problems;
}

module.exports = { validateTemplates, BUILT_IN_NODE_TYPES };
