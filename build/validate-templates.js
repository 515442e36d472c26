// Checks workflow templates against the built package with a zod schema of an n8n workflow file as this project
// ships it: the file's shape (nodes, connections, settings, ...), node types and type versions, credentials
// (referenced by name with id null, of a type that exists), connections between nodes that exist, and for the nodes
// of this package the parameters each resource/operation combination accepts, with their option values. The
// parameter schemas are derived from the node descriptions in dist/, so they follow the nodes without a second list.
// Used by `gulp build` before templates are copied into dist/, and by the tests. zod is a devDependency: it is used
// here, at build time, and never by the published nodes.
'use strict';

const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const { z } = require('zod');

// n8n built-ins the templates may use, with the type versions they are written against (n8n 2.41).
const BUILT_IN_NODE_TYPES = {
	'n8n-nodes-base.wooCommerce': [1],
	'n8n-nodes-base.wooCommerceTrigger': [1],
	// variations and batch endpoints, which the WooCommerce node has no resource for (n8n 2.41 has 3 to 4.5)
	'n8n-nodes-base.httpRequest': [4.2],
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
	// the product template to Specter routes each planned product by its action
	'n8n-nodes-base.switch': [3.2],
	// the failure alert: n8n's error workflow trigger, and the message composed in JavaScript
	'n8n-nodes-base.errorTrigger': [1],
	'n8n-nodes-base.code': [2],
	// the multi-store templates read the store list, a workflow of its own (workflows-templates/multistore/)
	'n8n-nodes-base.executeWorkflow': [1.2],
	'n8n-nodes-base.executeWorkflowTrigger': [1.1],
};
const BUILT_IN_CREDENTIAL_TYPES = ['wooCommerceApi'];

// n8n adds this parameter to every polling trigger itself.
const POLLING_PARAMETERS = ['pollTimes'];
// The modes of n8n's "Poll Times" parameter.
const POLL_MODES = ['everyMinute', 'everyHour', 'everyDay', 'everyWeek', 'everyMonth', 'everyX', 'custom'];

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

const isRecord = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);

// ---- parameter values ------------------------------------------------------------------------------------------

/**
 * An n8n expression: any string starting with "=" (n8n evaluates it at run time). The check aborts, so that a
 * value that is neither an expression nor valid gets the message of `orExpression` rather than this one's.
 */
const expression = z.string().startsWith('=', { abort: true });

const quoted = (values) => values.map((value) => JSON.stringify(value)).join('|');
/** zod's "Invalid option" text plus the value the template has, so the author sees what to change. */
const invalidOption = (values, input) => `Invalid option ${JSON.stringify(input)}: expected one of ${quoted(values)}`;

/** `schema`, or an expression in its place; the message is the one `schema` gives. */
function orExpression(schema) {
	return z.union([schema, expression], {
		error: (issue) => {
			const first = issue.code === 'invalid_union' ? issue.errors?.[0]?.[0] : undefined;
			return first ? `${first.message} (or an expression "={{ … }}")` : undefined;
		},
	});
}

/** The values one property accepts, from its description (collections and fixed collections recursively). */
function valueSchema(property) {
	switch (property.type) {
		case 'options': {
			const values = property.options.map((option) => option.value);
			const options = z.literal(values, { error: (issue) => invalidOption(values, issue.input) });
			return property.noDataExpression ? options : orExpression(options);
		}
		case 'multiOptions': {
			const values = property.options.map((option) => option.value);
			return orExpression(z.array(z.literal(values, { error: (issue) => invalidOption(values, issue.input) })));
		}
		case 'number': {
			let number = z.number();
			if (typeof property.typeOptions?.minValue === 'number') number = number.min(property.typeOptions.minValue);
			if (typeof property.typeOptions?.maxValue === 'number') number = number.max(property.typeOptions.maxValue);
			return orExpression(number);
		}
		case 'boolean':
			return orExpression(z.boolean());
		case 'string':
		case 'notice':
		case 'dateTime':
		case 'color':
			return z.string();
		case 'json':
			return z.union([z.string(), z.record(z.string(), z.unknown()), z.array(z.unknown())]);
		case 'collection':
			return strictParameters(property.options, `${property.displayName} (${property.name})`);
		case 'fixedCollection': {
			const shape = {};
			for (const group of property.options) {
				const values = strictParameters(group.values, `${property.displayName} › ${group.displayName}`);
				shape[group.name] = (property.typeOptions?.multipleValues ? z.array(values) : values).optional();
			}
			return z.strictObject(shape, { error: unknownParameter(`${property.displayName} (${property.name})`) });
		}
		default:
			return z.unknown();
	}
}

/** The message of an `unrecognized_keys` issue; the formatter puts each key on the path. */
function unknownParameter(owner) {
	return (issue) => (issue.code === 'unrecognized_keys' ? `not a parameter of ${owner}` : undefined);
}

/** An object of optional properties; several properties of one name (different displayOptions) accept either's values. */
function parameterShape(properties) {
	const byName = new Map();
	for (const property of properties) {
		if (!byName.has(property.name)) byName.set(property.name, []);
		byName.get(property.name).push(property);
	}
	const shape = {};
	for (const [name, candidates] of byName) {
		const schemas = candidates.map(valueSchema);
		shape[name] = (schemas.length === 1 ? schemas[0] : z.union(schemas)).optional();
	}
	return shape;
}

function strictParameters(properties, owner) {
	return z.strictObject(parameterShape(properties), { error: unknownParameter(owner) });
}

// ---- parameters of this package's nodes --------------------------------------------------------------------------

/** Whether the property is shown for this resource/operation (other displayOptions keys are not looked at). */
function shownFor(property, values) {
	const { show, hide } = property.displayOptions ?? {};
	for (const [key, value] of Object.entries(values)) {
		if (show?.[key] && !show[key].includes(value)) return false;
		if (hide?.[key]?.includes(value)) return false;
	}
	return true;
}

function discriminatorError(issue) {
	if (issue.code === 'invalid_union' && issue.note === 'No matching discriminator') {
		return invalidOption(issue.options, issue.input?.[issue.discriminator] ?? issue.input);
	}
	return undefined;
}

/** n8n's "Poll Times" parameter, which n8n adds to every polling trigger. */
const pollTimesSchema = z.strictObject({ item: z.array(z.looseObject({ mode: z.enum(POLL_MODES) })) });

/**
 * The parameters a node of ours accepts. A node with `resource` and `operation` gets one strict object per
 * combination (only the properties shown for it), picked by the two values; n8n's defaults stand in for a
 * missing resource or operation, as they do when n8n loads the workflow.
 */
function nodeParametersSchema(description) {
	const shapeOf = (properties) => {
		const shape = parameterShape(properties);
		if (description.polling) for (const name of POLLING_PARAMETERS) shape[name] = pollTimesSchema.optional();
		return shape;
	};
	const { properties } = description;
	const resource = properties.find((property) => property.name === 'resource' && property.type === 'options');
	if (!resource) return z.strictObject(shapeOf(properties), { error: unknownParameter(description.displayName) });

	const operationsOf = (resourceValue) =>
		properties.filter((p) => p.name === 'operation' && p.type === 'options' && shownFor(p, { resource: resourceValue }));
	const byResource = resource.options.map(({ value: resourceValue }) => {
		const operations = operationsOf(resourceValue).flatMap((p) => p.options.map((option) => option.value));
		const combinations = operations.map((operationValue) => {
			const values = { resource: resourceValue, operation: operationValue };
			const shown = properties.filter((p) => p.name !== 'resource' && p.name !== 'operation' && shownFor(p, values));
			return z.strictObject(
				{ ...shapeOf(shown), resource: z.literal(resourceValue), operation: z.literal(operationValue) },
				{ error: unknownParameter(`${description.displayName} for resource "${resourceValue}", operation "${operationValue}"`) },
			);
		});
		return z.discriminatedUnion('operation', combinations, { error: discriminatorError });
	});
	const withDefaults = (parameters) => {
		if (!isRecord(parameters)) return parameters;
		const resourceValue = parameters.resource ?? resource.default;
		const operationDefault = operationsOf(resourceValue)[0]?.default;
		return {
			...parameters,
			resource: resourceValue,
			...(parameters.operation === undefined && operationDefault !== undefined ? { operation: operationDefault } : {}),
		};
	};
	return z.preprocess(withDefaults, z.discriminatedUnion('resource', byResource, { error: discriminatorError }));
}

// ---- the workflow file -----------------------------------------------------------------------------------------

const BY_NAME = 'credentials must be referenced by name with id null';
/** `{ id: null, name }`: n8n finds the credential by name on import, an id would only fit the exporting instance. */
const credentialReference = z.looseObject(
	{ id: z.null({ error: BY_NAME }), name: z.string({ error: BY_NAME }).min(1, { error: BY_NAME }) },
	{ error: BY_NAME },
);

/** `{ <credential type>: { id: null, name } }`, the types limited to `allowed`. */
function credentialsSchema(allowed, owner) {
	return z.record(z.string(), credentialReference).superRefine(
		(credentials, context) => {
			if (!isRecord(credentials)) return;
			for (const type of Object.keys(credentials)) {
				if (allowed.includes(type)) continue;
				context.addIssue({ code: 'custom', path: [type], message: `unknown credential type ${type} (${owner}: ${allowed.join(', ')})` });
			}
		},
		{ when: () => true },
	);
}

/** What every node of a workflow file may carry besides type, typeVersion, parameters and credentials. */
const nodeShape = {
	id: z.string().min(1),
	name: z.string().min(1),
	position: z.tuple([z.number(), z.number()]),
	webhookId: z.string().min(1).optional(),
	disabled: z.boolean().optional(),
	notes: z.string().optional(),
	notesInFlow: z.boolean().optional(),
	onError: z.enum(['stopWorkflow', 'continueRegularOutput', 'continueErrorOutput']).optional(),
	continueOnFail: z.boolean().optional(),
	retryOnFail: z.boolean().optional(),
	maxTries: z.number().int().positive().optional(),
	waitBetweenTries: z.number().int().nonnegative().optional(),
	alwaysOutputData: z.boolean().optional(),
	executeOnce: z.boolean().optional(),
	color: z.string().optional(),
};

function nodeSchema(ours, knownCredentials) {
	const ourNodes = Object.entries(ours.nodes).map(([type, description]) => {
		const versions = [].concat(description.version);
		const allowed = (description.credentials ?? []).map((credential) => credential.name);
		return z.strictObject({
			...nodeShape,
			type: z.literal(type),
			typeVersion: z.literal(versions, { error: (issue) => `${invalidOption(versions, issue.input)} (the versions of ${type})` }),
			parameters: nodeParametersSchema(description),
			credentials: credentialsSchema(allowed, `${description.displayName} takes`).optional(),
		});
	});
	const builtIns = Object.entries(BUILT_IN_NODE_TYPES).map(([type, versions]) =>
		z.strictObject({
			...nodeShape,
			type: z.literal(type),
			typeVersion: z.literal(versions, {
				error: (issue) => `${invalidOption(versions, issue.input)} (the versions of ${type} the templates are tested with)`,
			}),
			parameters: z.record(z.string(), z.unknown()),
			credentials: credentialsSchema(knownCredentials, 'known types').optional(),
		}),
	);
	return z.discriminatedUnion('type', [...ourNodes, ...builtIns], {
		error: (issue) =>
			issue.code === 'invalid_union' && issue.note === 'No matching discriminator'
				? `unknown node type ${issue.input?.type}: expected a node of this package (${quoted(Object.keys(ours.nodes))}) ` +
					'or a built-in listed in BUILT_IN_NODE_TYPES (build/validate-templates.js)'
				: undefined,
	});
}

const connectionTarget = z.strictObject({ node: z.string().min(1), type: z.string().min(1), index: z.number().int().nonnegative() });
/** `{ <source node name>: { <connection type, e.g. main>: [ [targets of output 0], [targets of output 1], ... ] } }` */
const connectionsSchema = z.record(z.string(), z.record(z.string(), z.array(z.array(connectionTarget).nullable())));

/** Names used twice, and connections from or to nodes the workflow does not have. */
function checkReferences(workflow, context) {
	const nodes = Array.isArray(workflow?.nodes) ? workflow.nodes : [];
	const names = new Set();
	const ids = new Set();
	nodes.forEach((node, index) => {
		if (!isRecord(node)) return;
		if (typeof node.name === 'string') {
			if (names.has(node.name)) context.addIssue({ code: 'custom', path: ['nodes', index, 'name'], message: 'node name used twice' });
			names.add(node.name);
		}
		if (typeof node.id === 'string') {
			if (ids.has(node.id)) context.addIssue({ code: 'custom', path: ['nodes', index, 'id'], message: `node id ${node.id} used twice` });
			ids.add(node.id);
		}
	});
	if (!isRecord(workflow?.connections)) return;
	for (const [source, byType] of Object.entries(workflow.connections)) {
		if (!names.has(source)) context.addIssue({ code: 'custom', path: ['connections', source], message: `connection from unknown node "${source}"` });
		if (!isRecord(byType)) continue;
		for (const [type, outputs] of Object.entries(byType)) {
			if (!Array.isArray(outputs)) continue;
			outputs.forEach((targets, output) => {
				if (!Array.isArray(targets)) return;
				targets.forEach((target, position) => {
					if (!isRecord(target) || typeof target.node !== 'string') return;
					const path = ['connections', source, type, output, position];
					if (!names.has(target.node)) context.addIssue({ code: 'custom', path: [...path, 'node'], message: `connection to unknown node "${target.node}"` });
					if (typeof target.type === 'string' && target.type !== type) {
						context.addIssue({ code: 'custom', path: [...path, 'type'], message: `a ${type} connection must have type "${type}"` });
					}
				});
			});
		}
	}
}

/**
 * Top-level keys of an exported workflow that n8n 2.41's public API refuses in `POST /api/v1/workflows` (seen in the
 * real n8n: "request/body/<key> is read-only", and "Unrecognized key(s) in object" for the last two). A template
 * carrying one still imports in the editor and through the CLI, but not through the API, so the build refuses it.
 */
const REFUSED_BY_PUBLIC_API = {
	id: 'read-only',
	tags: 'read-only',
	active: 'read-only',
	meta: 'read-only',
	versionId: 'read-only',
	createdAt: 'read-only',
	updatedAt: 'read-only',
	isArchived: 'read-only',
	triggerCount: 'read-only',
	description: 'not a key it knows',
	activeVersionId: 'not a key it knows',
};

function refusedByPublicApi() {
	return Object.fromEntries(
		Object.entries(REFUSED_BY_PUBLIC_API).map(([key, why]) => [
			key,
			z
				.never({ error: `n8n's public API refuses this key (${why}: POST /api/v1/workflows answers 400); remove it from the template` })
				.optional(),
		]),
	);
}

/** The zod schema of a workflow template, for the node types and credentials of the built package. */
function workflowSchema(ours) {
	const knownCredentials = [...ours.credentials, ...BUILT_IN_CREDENTIAL_TYPES];
	return z
		.strictObject({
			name: z.string().min(1),
			nodes: z.array(nodeSchema(ours, knownCredentials)).min(1),
			connections: connectionsSchema,
			settings: z
				.looseObject({
					executionOrder: z.enum(['v0', 'v1']).optional(),
					timezone: z.string().optional(),
					errorWorkflow: z.string().optional(),
					callerPolicy: z.enum(['any', 'none', 'workflowsFromAList', 'workflowsFromSameOwner']).optional(),
					saveManualExecutions: z.boolean().optional(),
					saveExecutionProgress: z.boolean().optional(),
					executionTimeout: z.number().optional(),
				})
				.optional(),
			staticData: z.union([z.record(z.string(), z.unknown()), z.null()]).optional(),
			pinData: z.record(z.string(), z.array(z.unknown())).optional(),
			...refusedByPublicApi(),
		})
		.superRefine(checkReferences, { when: () => true });
}

// ---- messages ----------------------------------------------------------------------------------------------------

const pathText = (path) =>
	path.map((key) => (typeof key === 'number' || /^[A-Za-z_$][\w$]*$/.test(key) ? String(key) : JSON.stringify(key))).join('.');

/**
 * One line per problem: `<file>: node "<node name>": <field path>: <zod message>` for what lies inside a node,
 * `<file>: <field path>: <message>` for the rest. An unrecognised key gets its own line with the key on the path.
 */
function formatIssues(file, workflow, issues) {
	const lines = [];
	for (const issue of issues) {
		const paths = issue.code === 'unrecognized_keys' ? issue.keys.map((key) => [...issue.path, key]) : [issue.path];
		// zod's own text names the keys; a message of ours (unknownParameter) says whose parameter it is not
		const ownMessage = !/^Unrecognized keys?:/.test(issue.message);
		const message = issue.code === 'unrecognized_keys' ? `Unrecognized key${ownMessage ? `: ${issue.message}` : ''}` : issue.message;
		for (const path of paths) {
			if (path[0] === 'nodes' && typeof path[1] === 'number') {
				const node = Array.isArray(workflow?.nodes) ? workflow.nodes[path[1]] : undefined;
				const label = typeof node?.name === 'string' ? `node "${node.name}"` : `node #${path[1] + 1}`;
				const rest = path.slice(2);
				lines.push(`${file}: ${label}: ${rest.length > 0 ? `${pathText(rest)}: ` : ''}${message}`);
			} else {
				lines.push(`${file}: ${path.length > 0 ? `${pathText(path)}: ` : ''}${message}`);
			}
		}
	}
	return lines;
}

/** The problems of one parsed workflow file (empty when it is valid). */
function validateTemplate(file, workflow, schema) {
	const result = schema.safeParse(workflow);
	return result.success ? [] : formatIssues(file, workflow, result.error.issues);
}

/** The zod schema of a template for the package built into `distDir`. */
function templateSchema(distDir, packageJson) {
	return workflowSchema(loadPackageTypes(distDir, packageJson));
}

/** The template files: `*.json` in the folder and in its subfolders one level down (`multistore/…`), sorted. */
function templateFilesIn(templatesDir) {
	return readdirSync(templatesDir, { withFileTypes: true })
		.flatMap((entry) =>
			entry.isDirectory()
				? readdirSync(join(templatesDir, entry.name)).map((file) => `${entry.name}/${file}`)
				: [entry.name],
		)
		.filter((file) => file.endsWith('.json') && !file.startsWith('screenshots/'))
		.sort();
}

/** Returns a list of problems (empty when every template is valid). */
function validateTemplates(templatesDir, distDir, packageJson) {
	const schema = templateSchema(distDir, packageJson);
	const problems = [];
	const files = templateFilesIn(templatesDir);
	if (files.length === 0) problems.push(`${templatesDir}: no templates`);
	for (const file of files) {
		let workflow;
		try {
			workflow = JSON.parse(readFileSync(join(templatesDir, file), 'utf8'));
		} catch (error) {
			problems.push(`${file}: not valid JSON (${error.message})`);
			continue;
		}
		problems.push(...validateTemplate(file, workflow, schema));
	}
	return problems;
}

module.exports = { validateTemplates, templateFilesIn, validateTemplate, templateSchema, formatIssues, BUILT_IN_NODE_TYPES, REFUSED_BY_PUBLIC_API };
