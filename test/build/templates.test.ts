/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test code runs in Node, not inside n8n */
// The shipped workflow templates against the built package (dist/, which the unit project's globalSetup builds
// when needed), and the validator itself against templates that are wrong in the ways a template can be wrong.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the validator is the gulpfile's CommonJS module
const { validateTemplates } = require('../../build/validate-templates') as {
	validateTemplates: (templatesDir: string, distDir: string, packageJson: unknown) => string[];
};

const root = resolve(__dirname, '..', '..');
const dist = join(root, 'dist');
const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const templatesDir = join(root, 'workflows-templates');

interface TemplateNode {
	type: string;
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string | null; name: string }>;
}
interface Template {
	nodes: TemplateNode[];
	connections: Record<string, { main: Array<Array<{ node: string }>> }>;
}

function withBrokenTemplate(file: string, breakIt: (workflow: Template) => void): string[] {
	const dir = mkdtempSync(join(tmpdir(), 'templates-'));
	try {
		cpSync(templatesDir, dir, { recursive: true });
		const workflow = JSON.parse(readFileSync(join(dir, file), 'utf8'));
		breakIt(workflow);
		writeFileSync(join(dir, file), JSON.stringify(workflow));
		return validateTemplates(dir, dist, packageJson);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

const specterNode = (workflow: Template) =>
	workflow.nodes.find((node) => node.type === 'n8n-nodes-specter.specter') as TemplateNode;

test('every shipped template names existing node types, credentials and Specter parameters', () => {
	assert.ok(readdirSync(templatesDir).length >= 2);
	assert.deepEqual(validateTemplates(templatesDir, dist, packageJson), []);
});

test('a misspelt Specter parameter is reported with template and node name', () => {
	const problems = withBrokenTemplate('woocommerce-orders-to-specter.json', (workflow) => {
		specterNode(workflow).parameters.shippingArticleNumber = 'FRAKT';
	});
	assert.deepEqual(problems, [
		'woocommerce-orders-to-specter.json: node "Create order in Specter": parameters.shippingArticleNumber: Unrecognized key: not a parameter of Specter for resource "order", operation "createFromWooCommerce"',
	]);
});

test('an option value the node does not offer is reported', () => {
	const problems = withBrokenTemplate('woocommerce-orders-to-specter.json', (workflow) => {
		specterNode(workflow).parameters.operation = 'createFromShopify';
	});
	assert.equal(problems.length, 1);
	assert.equal(
		problems[0],
		'woocommerce-orders-to-specter.json: node "Create order in Specter": parameters.operation: Invalid option "createFromShopify": expected one of "create"|"createFromWooCommerce"',
	);
});

test('unknown node types, credential types and credentials given by id are reported', () => {
	const problems = withBrokenTemplate('specter-stock-to-woocommerce.json', (workflow) => {
		workflow.nodes[2].type = 'n8n-nodes-specter.specterTrigga';
		workflow.nodes[4].credentials = { wooCommerceOAuth: { id: null, name: 'x' } };
		workflow.nodes[6].credentials = { wooCommerceApi: { id: '17', name: 'WooCommerce account' } };
	});
	assert.equal(problems.length, 3);
	assert.match(problems[0], /unknown node type n8n-nodes-specter\.specterTrigga/);
	assert.match(problems[1], /unknown credential type wooCommerceOAuth/);
	assert.match(problems[2], /referenced by name with id null/);
});

test('a connection to a node that does not exist is reported', () => {
	const problems = withBrokenTemplate('specter-stock-to-woocommerce.json', (workflow) => {
		workflow.connections['Find products by SKU'].main[0][0].node = 'Set stock';
	});
	assert.deepEqual(problems, [
		'specter-stock-to-woocommerce.json: connections."Find products by SKU".main.0.0.node: connection to unknown node "Set stock"',
	]);
});
