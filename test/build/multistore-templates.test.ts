/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test code runs in Node, not inside n8n */
// The multi-store templates (workflows-templates/multistore/) against their store list: the build validates them,
// every store of the list has its branch in each template, a branch's WooCommerce nodes use the credential its row
// names, and the nodes the acknowledgement and the reports find by "<store name>: …" exist for every store.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the validator is the gulpfile's CommonJS module
const { validateTemplates } = require('../../build/validate-templates') as {
	validateTemplates: (templatesDir: string, distDir: string, packageJson: unknown) => string[];
};

const root = resolve(__dirname, '..', '..');
const templatesDir = join(root, 'workflows-templates');
const multistoreDir = join(templatesDir, 'multistore');

interface TemplateNode {
	name: string;
	type: string;
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string | null; name: string }>;
}
interface Template {
	name: string;
	nodes: TemplateNode[];
	connections: Record<string, { main: Array<Array<{ node: string }>> }>;
}
interface StoreRow {
	name: string;
	wooCommerceCredential: string;
	webshopId: string;
	stockSiteId: string;
	orderNoPrefix: string;
	orders: boolean;
	orderStatus: boolean;
	stock: boolean;
	articles: boolean;
}

const read = (file: string) => JSON.parse(readFileSync(join(multistoreDir, file), 'utf8')) as Template;
const storeList = read('specter-stores.json');
const rows = (
	JSON.parse(storeList.nodes.find((node) => node.name === 'Store list')?.parameters.jsonOutput as string) as { stores: StoreRow[] }
).stores;
const flows: Record<string, { file: string; flag: keyof StoreRow; namedByExpressions: string[] }> = {
	stock: { file: 'specter-stock-to-woocommerce-multistore.json', flag: 'stock', namedByExpressions: ['not written', 'check WooCommerce answers'] },
	orders: { file: 'woocommerce-orders-to-specter-multistore.json', flag: 'orders', namedByExpressions: [] },
	orderStatus: { file: 'specter-order-status-to-woocommerce-multistore.json', flag: 'orderStatus', namedByExpressions: ['Specter order no. of each order'] },
	articles: { file: 'specter-articles-to-woocommerce-multistore.json', flag: 'articles', namedByExpressions: ['not written', 'only the updates'] },
	reconcile: {
		file: 'specter-stock-reconcile-multistore.json',
		flag: 'stock',
		namedByExpressions: ['not written', 'compare stock with store', 'plan stock writes', 'check WooCommerce answers'],
	},
};
const storeOf = (node: TemplateNode) => /^(.+?): /.exec(node.name)?.[1];

test('the store list has one row per store with every field the templates read', () => {
	assert.ok(rows.length >= 2);
	for (const row of rows) {
		assert.deepEqual(Object.keys(row).sort(), ['articles', 'name', 'orderNoPrefix', 'orderStatus', 'orders', 'stock', 'stockSiteId', 'webshopId', 'wooCommerceCredential']);
	}
	assert.equal(new Set(rows.map((row) => row.name)).size, rows.length, 'store names are unique');
});

test.each(Object.entries(flows))('%s: every store of the list has its branch, on the credential its row names', (_flow, { file }) => {
	const template = read(file);
	const branches = new Set(template.nodes.map(storeOf).filter((store) => store !== undefined));
	assert.deepEqual([...branches].sort(), rows.map((row) => row.name).sort());
	for (const node of template.nodes) {
		const store = storeOf(node);
		const credential = node.credentials?.wooCommerceApi?.name;
		if (credential === undefined) continue;
		assert.ok(store, `${node.name} uses ${credential} but belongs to no store`);
		assert.equal(credential, rows.find((row) => row.name === store)?.wooCommerceCredential, node.name);
	}
	// a store's nodes say its own name in their expressions, never another store's
	for (const node of template.nodes.filter((candidate) => storeOf(candidate) !== undefined)) {
		for (const other of rows.filter((row) => row.name !== storeOf(node))) {
			assert.ok(!JSON.stringify(node.parameters).includes(`'${other.name}'`), `${node.name} names ${other.name}`);
		}
	}
});

test.each(Object.entries(flows))('%s: the nodes found by "<store name>: …" exist for every store, and the store list is read first', (_flow, { file, flag, namedByExpressions }) => {
	const template = read(file);
	const names = new Set(template.nodes.map((node) => node.name));
	for (const row of rows) for (const suffix of namedByExpressions) assert.ok(names.has(`${row.name}: ${suffix}`), `${row.name}: ${suffix}`);
	// each store's branch is switched by its row's flag
	for (const row of rows) {
		const parameters = JSON.stringify(template.nodes.filter((node) => storeOf(node) === row.name).map((node) => node.parameters));
		assert.ok(parameters.includes(`store.json.name === '${row.name}' && store.json.${flag} === true`), `${row.name}: ${flag} switch`);
	}
	// n8n (execution order v1) runs a node's children top to bottom: Specter stores must be the topmost child of every
	// node that leads to it, so the store list is read before any store's branch
	assert.equal((template as unknown as { settings: { executionOrder: string } }).settings.executionOrder, 'v1');
	const positionOf = (name: string) => (template.nodes.find((node) => node.name === name) as unknown as { position: [number, number] }).position;
	for (const [source, { main }] of Object.entries(template.connections)) {
		const children = main.flat().map((target) => target.node);
		if (!children.includes('Specter stores')) continue;
		for (const child of children) assert.ok(positionOf('Specter stores')[1] <= positionOf(child)[1], `${source}: Specter stores above ${child}`);
	}
	const stores = template.nodes.find((node) => node.name === 'Specter stores');
	assert.equal(stores?.type, 'n8n-nodes-base.executeWorkflow');
	assert.deepEqual(stores?.parameters.workflowId, { __rl: true, mode: 'list', value: '' }, 'chosen from the list after importing');
});

test('the build validates the templates of workflows-templates/multistore/ too, naming the file', () => {
	const dir = mkdtempSync(join(tmpdir(), 'templates-'));
	try {
		cpSync(templatesDir, dir, { recursive: true });
		const file = join(dir, 'multistore', flows.stock.file);
		const workflow = JSON.parse(readFileSync(file, 'utf8')) as Template & { active?: boolean };
		workflow.active = true;
		writeFileSync(file, JSON.stringify(workflow));
		const problems = validateTemplates(dir, join(root, 'dist'), JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')));
		assert.equal(problems.length, 1, problems.join('\n'));
		assert.match(problems[0], /^multistore\/specter-stock-to-woocommerce-multistore\.json: .*active/);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
});
