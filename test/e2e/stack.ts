/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/require-node-api-error -- test code runs in Node, not inside n8n */
// The whole product on one machine: both simulators seeded as a small Swedish store, a real n8n with this
// package installed the way n8n installs community packages, the two credentials, and every template in
// workflows-templates/ created and active. Used by the end-to-end tests and by the sandbox (`npm start`).
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { Agent as HttpsAgent } from 'node:https';
import { dirname, join } from 'node:path';
import WooCommerceRestApi from '@woocommerce/woocommerce-rest-api';
import axios from 'axios';
import { REPO_ROOT, packPackage, startN8n, type Execution, type N8nInstance, type StartN8nOptions } from './harness';
import { startSpecterSimulator, type SpecterSimulator, type SpecterSimulatorOptions } from '../simulators/specter/server';
import { startWooCommerceSimulator, type WooSimulator } from '../simulators/woocommerce/server';
import { ensureCertificate } from '../simulators/woocommerce/cert';
import { sampleCatalogue, type ProductSeed } from '../simulators/woocommerce/fixtures';

export const SPECTER_CREDENTIAL_NAME = 'Specter account';
export const WOOCOMMERCE_CREDENTIAL_NAME = 'WooCommerce account';
/** Articles the order template uses for shipping, fees, discounts and rounding rows; they must exist in Specter. */
export const PSEUDO_ARTICLES = ['SHIPPING', 'FEE', 'DISCOUNT', 'ROUNDING'];

const VAT_BY_TAX_CLASS: Record<string, number> = { '': 25, 'reduced-rate': 12, 'six-rate': 6, 'zero-rate': 0 };

export interface StackOptions {
	n8nPort?: number;
	specterPort?: number;
	wooPort?: number;
	/** the store's plain-HTTP listener (control API; its REST API takes keys only as OAuth 1.0a, as WooCommerce) */
	wooHttpPort?: number;
	/** keep n8n's state here (sandbox); default a fresh temporary folder */
	n8nUserFolder?: string;
	certDir?: string;
	/** activate every template (default true); false leaves them imported but inactive (screenshots) */
	activateWorkflows?: boolean;
	/** the template files to import (default: every one in workflows-templates/) */
	templates?: string[];
	/** more Specter simulator options (e.g. queuePageSize); `port` is specterPort's */
	specterOptions?: Omit<SpecterSimulatorOptions, 'port'>;
	/**
	 * Starts n8n from the stack's settings (package tarball, certificate to trust, ports, log); default one
	 * process (startN8n). Queue mode (test/e2e/queue-mode.ts) starts a main process, a webhook processor and
	 * workers instead.
	 */
	startN8n?: (settings: StartN8nOptions) => Promise<N8nCluster>;
	log?: (message: string) => void;
}

/** The n8n processes behind a stack: `main` serves the editor and the API, `webhookPorts` get WooCommerce's deliveries. */
export interface N8nCluster {
	main: N8nInstance;
	/** the ports of the processes that serve /webhook/… (the store must be allowed to deliver there) */
	webhookPorts: number[];
	/** true when webhooks are served by another process than main, which learns of an activation a moment later */
	separateWebhookProcess: boolean;
	stop(): Promise<void>;
}

export interface Stack {
	/** n8n's main process (editor, API, executions) */
	n8n: N8nInstance;
	n8nCluster: N8nCluster;
	specter: SpecterSimulator;
	woo: WooSimulator;
	/** the official WooCommerce REST client for the store (HTTPS, Basic keys, trusting only its certificate) */
	wooApi: WooCommerceRestApi;
	/** template file name → id of the workflow created from it */
	workflows: Record<string, string>;
	/** a control-API call to the Specter simulator, e.g. ('POST', 'stock', {articleNo, quantity}) */
	specterControl<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T>;
	/** a control-API call to the WooCommerce simulator, e.g. ('POST', 'orders/place', order) */
	wooControl<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T>;
	stop(): Promise<void>;
}

/** A simulator's control API (`<baseUrl>__control/<path>`); a refusal fails naming the call and the answer. */
export async function control<T>(baseUrl: string, method: string, path: string, body?: unknown): Promise<T> {
	const response = await fetch(`${baseUrl}__control/${path}`, {
		method,
		headers: { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	if (!response.ok) throw new Error(`control ${method} ${path} answered ${response.status}: ${text}`);
	return JSON.parse(text) as T;
}

/** The templates of workflows-templates/ (or of its `folder`, e.g. `multistore`, keyed `multistore/<file>`) by file name. */
export function readTemplates(folder = ''): Record<string, object> {
	const dir = join(REPO_ROOT, 'workflows-templates', folder);
	return Object.fromEntries(
		readdirSync(dir)
			.filter((file) => file.endsWith('.json'))
			.sort()
			.map((file) => [folder ? `${folder}/${file}` : file, JSON.parse(readFileSync(join(dir, file), 'utf8')) as object]),
	);
}

/**
 * A template whose only trigger is a Manual Trigger (the product export) is run by hand: n8n refuses to activate a
 * workflow without a trigger it can start by itself, so it stays imported and inactive. A disabled trigger (the
 * reconcile template's nightly schedule, off as shipped) starts nothing.
 */
export function runsByHandOnly(template: object): boolean {
	const nodes = (template as { nodes?: Array<{ type: string; disabled?: boolean }> }).nodes ?? [];
	const triggers = nodes.filter((node) => !node.disabled && (/trigger$/i.test(node.type) || node.type === 'n8n-nodes-base.webhook'));
	return triggers.length > 0 && triggers.every((node) => node.type === 'n8n-nodes-base.manualTrigger');
}

/** Polls `probe` every 250 ms until it returns a value; fails naming `what` after `timeoutMs`. */
export async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((done) => setTimeout(done, 250));
	}
}

/** The template every template with a *Specter mappings* node reads its mapping tables from. */
export const MAPPINGS_TEMPLATE = 'specter-mappings.json';

type TemplateNode = { name: string; parameters: Record<string, unknown> };
type TemplateJson = { name: string; nodes: TemplateNode[]; connections: object; settings?: object };

function callsMappings(template: object): boolean {
	return (template as TemplateJson).nodes.some((node) => node.name === 'Specter mappings');
}

/**
 * *Specter mappings* imported as shipped and published (its note: n8n publishes no workflow calling an unpublished
 * one) when a template to import calls it; its id, or undefined when none does.
 */
async function importMappings(stack: Stack, templates: Array<[string, object]>, publish: boolean): Promise<string | undefined> {
	if (!templates.some(([, template]) => callsMappings(template))) return undefined;
	const { id } = await stack.n8n.createWorkflow(readTemplates()[MAPPINGS_TEMPLATE]);
	stack.workflows[MAPPINGS_TEMPLATE] = id;
	if (publish) await stack.n8n.activateWorkflow(id);
	return id;
}

/**
 * What the consultant does after importing, as each template's note asks: in the workflow as n8n has it, *Specter
 * mappings* → choose the mappings workflow (what choosing it in the node's workflow list stores), and save.
 */
export async function pointAtMappings(n8n: Stack['n8n'], workflowId: string, mappingsId: string): Promise<void> {
	const { name, nodes, connections, settings } = withMappings(await n8n.api<TemplateJson>('GET', `/workflows/${workflowId}`), mappingsId);
	await n8n.api('PUT', `/workflows/${workflowId}`, { name, nodes, connections, settings });
}

/** `workflow` with its *Specter mappings* node pointed at workflow `mappingsId`. */
export function withMappings<T extends object>(workflow: T, mappingsId: string): T {
	return withCalledWorkflow(workflow, 'Specter mappings', mappingsId);
}

/**
 * `workflow` with its Execute Workflow node `nodeName` calling workflow `calledId` under that name: what choosing it
 * in the node's workflow list (From list) stores.
 */
export function withCalledWorkflow<T extends object>(workflow: T, nodeName: string, calledId: string): T {
	const nodes = (workflow as unknown as TemplateJson).nodes.map((node) =>
		node.name === nodeName
			? { ...node, parameters: { ...node.parameters, workflowId: { __rl: true, mode: 'list', value: calledId, cachedResultName: nodeName } } }
			: node,
	);
	return { ...workflow, nodes };
}

/** WooCommerce's official client (wc/v3) on simulator `store`, trusting its certificate through `httpsAgent`. */
export function wooClientOf(store: WooSimulator, httpsAgent: HttpsAgent): WooCommerceRestApi {
	return new WooCommerceRestApi({
		url: store.url,
		consumerKey: store.consumerKey,
		consumerSecret: store.consumerSecret,
		version: 'wc/v3',
		axiosConfig: { httpsAgent, proxy: false },
	});
}

/** A second WooCommerce store for the multi-store tests, and the official client on it. */
export interface SecondStore {
	store: WooSimulator;
	api: WooCommerceRestApi;
	close(): Promise<void>;
}

/**
 * A second WooCommerce simulator with the stack's sample catalogue, trusted by n8n through the stack's certificate
 * and allowed to deliver webhooks to n8n.
 */
export async function startSecondStore(stack: Stack): Promise<SecondStore> {
	const store = await startWooCommerceSimulator({ port: 0, httpPort: 0, certDir: dirname(stack.woo.certPath), allowedDeliveryPorts: stack.n8nCluster.webhookPorts });
	const httpsAgent = new HttpsAgent({ ca: readFileSync(stack.woo.certPath) });
	const api = wooClientOf(store, httpsAgent);
	await createWooProducts(api, sampleCatalogue());
	return {
		store,
		api,
		close: async () => {
			await store.close();
			httpsAgent.destroy();
		},
	};
}

/**
 * Runs workflow `workflowId` from its trigger `trigger`, as the editor's "Execute workflow" button does, and returns
 * the finished execution once its status is `expectedStatus`.
 */
export async function runFromTrigger(stack: Stack, workflowId: string, trigger: string, expectedStatus = 'success'): Promise<Execution> {
	const earlier = (await stack.n8n.listExecutions(workflowId)).length;
	const started = await stack.n8n.rest<{ data: { executionId?: string } }>('POST', `/workflows/${workflowId}/run`, { triggerToStartFrom: { name: trigger } });
	if (!started.data.executionId) throw new Error(`n8n started no run of ${trigger}: ${JSON.stringify(started)}`);
	const executions = await stack.n8n.waitForExecutions(workflowId, (all) => all.length > earlier, 180_000);
	const execution = executions.find((candidate) => candidate.id === started.data.executionId);
	if (!execution) throw new Error(`execution ${started.data.executionId} of ${trigger} not listed`);
	if (execution.status !== expectedStatus) {
		throw new Error(`run of ${trigger} ended ${execution.status}, not ${expectedStatus}: ${execution.data?.resultData?.error?.message ?? stack.n8n.logTail()}`);
	}
	return execution;
}

/**
 * A merchant's edit of a row in *Specter mappings*, saved in n8n (not published again: the templates read the saved
 * tables): the row of table node `tableNode` whose `key` is `value` gets `change`, in the node's JSON.
 */
export async function editMappingRow(
	n8n: Stack['n8n'],
	mappingsId: string,
	tableNode: string,
	row: { key: string; value: string | number },
	change: Record<string, string | number>,
): Promise<void> {
	const workflow = await n8n.api<TemplateJson>('GET', `/workflows/${mappingsId}`);
	const node = workflow.nodes.find((candidate) => candidate.name === tableNode);
	if (!node) throw new Error(`Specter mappings has no node ${tableNode}`);
	const tables = JSON.parse(node.parameters.jsonOutput as string) as Record<string, Array<Record<string, string | number>>>;
	const [rows] = Object.values(tables);
	const found = rows.find((candidate) => candidate[row.key] === row.value);
	if (!found) throw new Error(`${tableNode}: no row with ${row.key} = ${row.value}`);
	Object.assign(found, change);
	node.parameters.jsonOutput = JSON.stringify(tables, null, 2);
	const { name, nodes, connections, settings } = workflow;
	await n8n.api('PUT', `/workflows/${mappingsId}`, { name, nodes, connections, settings });
}

/** A call of the official client; a refusal becomes an error naming the call and WooCommerce's answer. */
async function wooCall<T>(call: string, request: Promise<{ data: T }>): Promise<T> {
	try {
		return (await request).data;
	} catch (error) {
		if (axios.isAxiosError(error)) {
			const answer = error.response ? `${error.response.status} ${JSON.stringify(error.response.data)}` : error.message;
			throw new Error(`WooCommerce ${call} answered ${answer}`);
		}
		throw error;
	}
}

interface BatchResult {
	create?: Array<{ id: number; sku?: string; error?: { code: string; message: string } }>;
}

function createdIds(call: string, result: BatchResult, expected: number): number[] {
	const created = result.create ?? [];
	const failed = created.find((item) => item.error);
	if (failed?.error) throw new Error(`WooCommerce ${call} refused an item: ${failed.error.code} ${failed.error.message}`);
	if (created.length !== expected) throw new Error(`WooCommerce ${call} created ${created.length} of ${expected} items`);
	return created.map((item) => item.id);
}

/** A catalogue product as the products endpoint takes it (variations are created through their own endpoint). */
function withoutVariations(product: ProductSeed): Omit<ProductSeed, 'variations'> {
	const copy = { ...product };
	delete copy.variations;
	return copy;
}

/**
 * Creates products through the REST API with the official client, as a shop's import would: products/batch, then
 * products/<id>/variations/batch for each variable one (batches of at most 100, WooCommerce's limit).
 */
export async function createWooProducts(api: WooCommerceRestApi, products: ProductSeed[]): Promise<number[]> {
	const ids: number[] = [];
	for (let start = 0; start < products.length; start += 100) {
		const chunk = products.slice(start, start + 100);
		const result = await wooCall<BatchResult>(
			'POST products/batch',
			api.post('products/batch', { create: chunk.map(withoutVariations) }),
		);
		const chunkIds = createdIds('POST products/batch', result, chunk.length);
		for (const [index, product] of chunk.entries()) {
			const variations = product.variations ?? [];
			for (let from = 0; from < variations.length; from += 100) {
				const endpoint = `products/${chunkIds[index]}/variations/batch`;
				const batch = variations.slice(from, from + 100);
				const created = await wooCall<BatchResult>(`POST ${endpoint}`, api.post(endpoint, { create: batch }));
				createdIds(`POST ${endpoint}`, created, batch.length);
			}
		}
		ids.push(...chunkIds);
	}
	return ids;
}

/** The WooCommerce catalogue, and the same articles in Specter (prices excl. VAT, stock owned by Specter). */
async function seedStore(stack: Pick<Stack, 'specterControl' | 'wooApi'>): Promise<void> {
	const catalogue = sampleCatalogue();
	await createWooProducts(stack.wooApi, catalogue);
	const articles = catalogue.flatMap((product) => {
		const vatPercent = VAT_BY_TAX_CLASS[product.tax_class ?? ''] ?? 25;
		const priceExclVat = (price: string | undefined) =>
			Math.round((Number(price ?? 0) / (1 + vatPercent / 100)) * 100) / 100;
		const sellable = product.variations?.length
			? product.variations.map((variation) => ({
					articleNo: variation.sku as string,
					name: `${product.name} - ${variation.attributes.map((a) => a.option).join(', ')}`,
					price: variation.regular_price,
					stock: variation.stock_quantity,
				}))
			: [{ articleNo: product.sku as string, name: product.name, price: product.regular_price, stock: product.stock_quantity }];
		return sellable.map((article) => ({
			articleNo: article.articleNo,
			name: article.name,
			priceExclVat: priceExclVat(article.price),
			vatPercent,
			stock: article.stock ?? 0,
		}));
	});
	for (const article of articles) await stack.specterControl('POST', 'articles', article);
	for (const articleNo of PSEUDO_ARTICLES) {
		await stack.specterControl('POST', 'articles', { articleNo, name: articleNo.toLowerCase(), priceExclVat: 0, vatPercent: 25, stockManaged: false });
	}
}

/**
 * Waits until every active WooCommerce webhook's delivery URL is served (not 404). A webhook processor learns of a
 * workflow activated on main a moment later and answers 404 meanwhile. The probe carries no X-WC-Webhook-ID, which
 * n8n's WooCommerce Trigger answers without starting an execution.
 */
export async function waitUntilWebhooksServed(stack: Pick<Stack, 'woo'>, timeoutMs = 60_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	const urls = [...new Set(stack.woo.state.webhooks.filter((hook) => hook.status === 'active').map((hook) => hook.delivery_url))];
	for (const url of urls) {
		for (;;) {
			const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }).catch(() => undefined);
			await response?.body?.cancel();
			if (response && response.status !== 404) break;
			if (Date.now() > deadline) throw new Error(`${url} still answers ${response?.status ?? 'nothing'} ${timeoutMs / 1000} s after activation`);
			await new Promise((done) => setTimeout(done, 250));
		}
	}
}

async function singleN8n(settings: StartN8nOptions): Promise<N8nCluster> {
	const main = await startN8n(settings);
	return { main, webhookPorts: [main.port], separateWebhookProcess: false, stop: () => main.stop() };
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
	const log = options.log ?? ((message: string) => process.stderr.write(`[stack] ${message}\n`));
	const specter = await startSpecterSimulator({ ...options.specterOptions, port: options.specterPort ?? 0 });
	// n8n must trust the store's certificate from its start, and the store must accept deliveries to n8n's port:
	// make the certificate first, start n8n, then the store with n8n's port allowed.
	const certificate = await ensureCertificate(options.certDir);
	let cluster: N8nCluster | undefined;
	let woo: WooSimulator | undefined;
	// The official client reaches the store over HTTPS through this agent, which trusts the store's certificate.
	const httpsAgent = new HttpsAgent({ ca: readFileSync(certificate.certPath) });
	const stopAll = async () => {
		await cluster?.stop();
		httpsAgent.destroy();
		await woo?.close();
		await specter.close();
		// a certificate folder the stack made itself is a temporary one
		if (!options.certDir) rmSync(dirname(certificate.certPath), { recursive: true, force: true });
	};
	try {
		const tarball = await packPackage();
		cluster = await (options.startN8n ?? singleN8n)({
			port: options.n8nPort,
			packageTarball: tarball,
			extraCaCertPath: certificate.certPath,
			userFolder: options.n8nUserFolder,
			handleSignals: false,
			log,
		});
		const n8n = cluster.main;
		// The plain-HTTP listener serves the control API to fetch(), which cannot be told about the certificate;
		// over it the store's REST API takes keys only as OAuth 1.0a signatures, as WooCommerce does.
		woo = await startWooCommerceSimulator({
			port: options.wooPort ?? 0,
			httpPort: options.wooHttpPort ?? 0,
			certDir: dirname(certificate.certPath),
			allowedDeliveryPorts: cluster.webhookPorts,
		});
		const wooControlUrl = `${woo.httpUrl}/`;
		const stack: Stack = {
			n8n,
			n8nCluster: cluster,
			specter,
			woo,
			wooApi: wooClientOf(woo, httpsAgent),
			workflows: {},
			specterControl: (method, path, body) => control(specter.url, method, path, body),
			wooControl: (method, path, body) => control(wooControlUrl, method, path, body),
			stop: stopAll,
		};
		await seedStore(stack);
		await n8n.createCredential({
			name: SPECTER_CREDENTIAL_NAME,
			type: 'specterApi',
			data: {
				baseUrl: specter.url,
				apiVersion: '2',
				sbmId: '1234',
				apiUserId: '42',
				apiUserSecretKey: 'sim-api-user-key',
				integrationSecretKey: 'sim-integration-key',
			},
		});
		await n8n.createCredential({
			name: WOOCOMMERCE_CREDENTIAL_NAME,
			type: 'wooCommerceApi',
			data: { url: woo.url, consumerKey: woo.consumerKey, consumerSecret: woo.consumerSecret, includeCredentialsInQuery: false },
		});
		// the multi-store templates (workflows-templates/multistore/) only when named
		const templates = Object.entries({ ...readTemplates(), ...readTemplates('multistore') }).filter(([file]) => options.templates?.includes(file) ?? !file.includes('/'));
		const unknown = options.templates?.filter((file) => !templates.some(([name]) => name === file)) ?? [];
		if (unknown.length > 0) throw new Error(`no such template in workflows-templates/: ${unknown.join(', ')}`);
		const mappingsId = await importMappings(stack, templates, options.activateWorkflows !== false);
		for (const [file, template] of templates) {
			if (file === MAPPINGS_TEMPLATE) continue;
			const { id } = await n8n.createWorkflow(template);
			if (callsMappings(template)) await pointAtMappings(n8n, id, mappingsId as string);
			stack.workflows[file] = id;
			if (options.activateWorkflows === false || runsByHandOnly(template)) continue;
			await n8n.activateWorkflow(id);
			log(`workflow "${(template as { name: string }).name}" active`);
		}
		if (cluster.separateWebhookProcess && options.activateWorkflows !== false) await waitUntilWebhooksServed(stack);
		return stack;
	} catch (error) {
		if (cluster) process.stderr.write(`${cluster.main.logTail(80)}\n`);
		await stopAll();
		throw error;
	}
}
