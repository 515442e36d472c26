/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test code runs in Node, not inside n8n */
/// <reference types="jest" />
// The zod schema the build checks workflow templates with (build/validate-templates.js), against the built package
// (run `npm run build` first: `npm test` does). Every problem must name the template file, the node and the field.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

interface TemplateNode {
	name: string;
	type: string;
	typeVersion: number;
	position: number[];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string | null; name: string }>;
	[key: string]: unknown;
}
interface Template {
	id?: string;
	name: string;
	nodes: TemplateNode[];
	connections: Record<string, { main: Array<Array<{ node: string; type: string; index: number }>> }>;
	[key: string]: unknown;
}
interface ZodLike {
	safeParse(value: unknown): { success: boolean };
}

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the validator is the gulpfile's CommonJS module
const validator = require('../../build/validate-templates') as {
	validateTemplates: (templatesDir: string, distDir: string, packageJson: unknown) => string[];
	validateTemplate: (file: string, workflow: unknown, schema: ZodLike) => string[];
	templateSchema: (distDir: string, packageJson: unknown) => ZodLike;
};

const root = resolve(__dirname, '..', '..');
const dist = join(root, 'dist');
const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const templatesDir = join(root, 'workflows-templates');
const ORDERS = 'woocommerce-orders-to-specter.json';
const STOCK = 'specter-stock-to-woocommerce.json';

const load = (file: string): Template => JSON.parse(readFileSync(join(templatesDir, file), 'utf8')) as Template;
const byType = (workflow: Template, type: string): TemplateNode => {
	const node = workflow.nodes.find((candidate) => candidate.type === type);
	assert.ok(node, `the template has a ${type} node`);
	return node;
};
const specterNode = (workflow: Template) => byType(workflow, 'n8n-nodes-specter.specter');
const triggerNode = (workflow: Template) => byType(workflow, 'n8n-nodes-specter.specterTrigger');

describe('workflow template schema (zod)', () => {
	let schema: ZodLike;
	let tempDirs: string[] = [];

	beforeAll(() => {
		schema = validator.templateSchema(dist, packageJson);
	});

	afterEach(() => {
		for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
		tempDirs = [];
	});

	/** The problems `validateTemplates` (what gulp build runs) reports for a copy of the templates with `file` changed. */
	function problemsWith(file: string, change: (workflow: Template) => void): string[] {
		const dir = mkdtempSync(join(tmpdir(), 'template-schema-'));
		tempDirs.push(dir);
		cpSync(templatesDir, dir, { recursive: true });
		const workflow = load(file);
		change(workflow);
		writeFileSync(join(dir, file), JSON.stringify(workflow, null, 2));
		return validator.validateTemplates(dir, dist, packageJson);
	}

	describe('good templates', () => {
		it('passes every shipped template', () => {
			assert.deepEqual(validator.validateTemplates(templatesDir, dist, packageJson), []);
		});

		it('refuses the top-level keys n8n\'s public API refuses (id, tags, active, ...), naming each', () => {
			for (const file of [ORDERS, STOCK]) {
				const workflow = { ...load(file), id: 'someTemplateId', tags: [], active: false, versionId: 'v1' };
				const refused = "n8n's public API refuses this key (read-only: POST /api/v1/workflows answers 400); remove it from the template";
				assert.deepEqual(validator.validateTemplate(file, workflow, schema), [
					`${file}: id: ${refused}`,
					`${file}: tags: ${refused}`,
					`${file}: active: ${refused}`,
					`${file}: versionId: ${refused}`,
				]);
			}
		});

		it('passes other valid parameters of the same operation, expressions in place of values, and n8n\'s defaults', () => {
			const workflow = load(ORDERS);
			const node = specterNode(workflow);
			Object.assign(node.parameters, {
				klarnaPayTypeIdentifier: 'K',
				klarnaMerchantId: 'K123456',
				simplify: '={{ true }}',
				paymentMethodMapping: { mapping: [{ paymentMethod: 'swish', payTypeIdentifier: 'SW' }] },
				options: { language: 'EN', sendOrderMail: true, includeCustomerNoteAs: '={{ "none" }}' },
			});
			// without resource the node's default (order) applies; createFromWooCommerce is order's default operation
			delete node.parameters.resource;
			delete node.parameters.operation;
			const trigger = load(STOCK);
			Object.assign(triggerNode(trigger).parameters, { acknowledge: 'immediately', maxBatchesPerPoll: 5, multipleStockSites: true });
			assert.deepEqual(validator.validateTemplate(ORDERS, workflow, schema), []);
			assert.deepEqual(validator.validateTemplate(STOCK, trigger, schema), []);
		});
	});

	describe('a wrong field', () => {
		it('names the template, the node and the field with zod\'s message', () => {
			const problems = problemsWith(ORDERS, (workflow) => {
				specterNode(workflow).parameters.operation = 'createFromShopify';
			});
			assert.deepEqual(problems, [
				`${ORDERS}: node "Create order in Specter": parameters.operation: Invalid option "createFromShopify": expected one of "create"|"createFromWooCommerce"`,
			]);
		});

		it('refuses a parameter that the node has, but not for this resource and operation', () => {
			const problems = problemsWith(ORDERS, (workflow) => {
				specterNode(workflow).parameters.queue = 'stock';
			});
			assert.deepEqual(problems, [
				`${ORDERS}: node "Create order in Specter": parameters.queue: Unrecognized key: not a parameter of Specter for resource "order", operation "createFromWooCommerce"`,
			]);
		});

		it('checks option values inside collections and fixed collections, and number limits', () => {
			const orders = problemsWith(ORDERS, (workflow) => {
				specterNode(workflow).parameters.options = { language: 'SV' };
			});
			assert.deepEqual(orders, [
				`${ORDERS}: node "Create order in Specter": parameters.options.language: Invalid option "SV": expected one of "DA"|"EN"|"FI"|"DE"|"NO"|"ES"|"SE" (or an expression "={{ … }}")`,
			]);
			const stock = problemsWith(STOCK, (workflow) => {
				Object.assign(triggerNode(workflow).parameters, { acknowledge: 'immediately', maxBatchesPerPoll: 0 });
			});
			assert.deepEqual(stock, [`${STOCK}: node "Specter stock changed": parameters.maxBatchesPerPoll: Too small: expected number to be >=1`]);
		});
	});

	describe('several wrong things', () => {
		it('names each of them, with its own node and field', () => {
			const problems = problemsWith(STOCK, (workflow) => {
				const trigger = triggerNode(workflow);
				trigger.parameters.event = 'priceChanged';
				trigger.parameters.pollTimes = { item: [{ mode: 'everySecond' }] };
				const named = (name: string) => workflow.nodes.find((node) => node.name === name) as TemplateNode;
				named('Acknowledge batch in Specter').parameters.queue = 'prices';
				named('Find products by SKU').credentials = { wooCommerceOAuth: { id: null, name: 'x' } };
				named('Write stock to WooCommerce').credentials = { wooCommerceApi: { id: '17', name: 'WooCommerce account' } };
				named('Stock given up?').typeVersion = 9;
				workflow.connections['Find products by SKU'].main[0][0].node = 'Set stock';
			});
			assert.deepEqual(problems, [
				`${STOCK}: node "Specter stock changed": parameters.event: Invalid option "priceChanged": expected one of "articleChanged"|"orderStatusChanged"|"stockChanged"`,
				`${STOCK}: node "Specter stock changed": parameters.pollTimes.item.0.mode: Invalid option: expected one of "everyMinute"|"everyHour"|"everyDay"|"everyWeek"|"everyMonth"|"everyX"|"custom"`,
				`${STOCK}: node "Find products by SKU": credentials.wooCommerceOAuth: unknown credential type wooCommerceOAuth (known types: specterApi, wooCommerceApi)`,
				`${STOCK}: node "Write stock to WooCommerce": credentials.wooCommerceApi.id: credentials must be referenced by name with id null`,
				`${STOCK}: node "Acknowledge batch in Specter": parameters.queue: Invalid option "prices": expected one of "articleInfo"|"orderStatus"|"stock" (or an expression "={{ … }}")`,
				`${STOCK}: node "Stock given up?": typeVersion: Invalid option 9: expected one of 2|2.2 (the versions of n8n-nodes-base.filter the templates are tested with)`,
				`${STOCK}: connections."Find products by SKU".main.0.0.node: connection to unknown node "Set stock"`,
			]);
		});

		it('names unknown node types, misspelt fields, duplicate names and unknown top-level keys', () => {
			const problems = problemsWith(ORDERS, (workflow) => {
				workflow.nodes[2].type = 'n8n-nodes-specter.specterTrigga';
				const specter = specterNode(workflow);
				specter.parameters.shippingArticleNumber = 'FRAKT';
				specter.typeVersion = 2;
				specter.onError = 'ignore';
				workflow.nodes[1].name = workflow.nodes[0].name;
				workflow.settings = 'v1';
				workflow.activ = true;
			});
			assert.equal(problems.length, 7, problems.join('\n'));
			const expected = [
				/^woocommerce-orders-to-specter\.json: node "New WooCommerce order": type: unknown node type n8n-nodes-specter\.specterTrigga/,
				/^woocommerce-orders-to-specter\.json: node "Create order in Specter": typeVersion: Invalid option 2: expected one of 1 \(the versions of n8n-nodes-specter.specter\)$/,
				/^woocommerce-orders-to-specter\.json: node "Create order in Specter": onError: Invalid option: expected one of "stopWorkflow"\|"continueRegularOutput"\|"continueErrorOutput"$/,
				/^woocommerce-orders-to-specter\.json: node "Create order in Specter": parameters\.shippingArticleNumber: Unrecognized key: not a parameter of Specter/,
				/^woocommerce-orders-to-specter\.json: settings: Invalid input: expected object, received string$/,
				/^woocommerce-orders-to-specter\.json: activ: Unrecognized key$/,
				/^woocommerce-orders-to-specter\.json: node "About this workflow": name: node name used twice$/,
			];
			for (const pattern of expected) assert.ok(problems.some((problem) => pattern.test(problem)), `${pattern} in\n${problems.join('\n')}`);
		});

		it('reports a file that is not JSON, and an empty template folder', () => {
			const dir = mkdtempSync(join(tmpdir(), 'template-schema-'));
			tempDirs.push(dir);
			assert.deepEqual(validator.validateTemplates(dir, dist, packageJson), [`${dir}: no templates`]);
			writeFileSync(join(dir, 'broken.json'), '{ "name": ');
			const [problem] = validator.validateTemplates(dir, dist, packageJson);
			assert.match(problem, /^broken\.json: not valid JSON/);
		});
	});
});
