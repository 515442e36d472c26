/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/require-node-api-error -- test code runs in Node, not inside n8n */
// The whole product for the fault suite: both simulators, a real n8n with this package installed as a community
// package and every template imported unchanged, like test/e2e/stack.ts, plus what the suite needs on top: n8n in a
// user folder of the suite's own, so it can be killed (SIGKILL to its process group) and started again on the same
// port, folder and database; the simulators' fault modes; the templates' schedules run on demand through n8n's API.
import { readFileSync, rmSync } from 'node:fs';
import { Agent as HttpsAgent } from 'node:https';
import { dirname } from 'node:path';
import type WooCommerceRestApi from '@woocommerce/woocommerce-rest-api';
import { createTempDir, packPackage, startN8n, type Execution, type N8nInstance } from '../e2e/harness';
import { MAPPINGS_TEMPLATE, PSEUDO_ARTICLES, SPECTER_CREDENTIAL_NAME, WOOCOMMERCE_CREDENTIAL_NAME, control, createWooProducts, readTemplates, withMappings, wooClientOf } from '../e2e/stack';
import { ensureCertificate } from '../simulators/woocommerce/cert';
import { sampleCatalogue, type ProductSeed } from '../simulators/woocommerce/fixtures';
import { startSlackReceiver, type SlackReceiver } from '../simulators/slack/server';
import { startSpecterSimulator, type SpecterSimulator } from '../simulators/specter/server';
import { startWooCommerceSimulator, type WooSimulator } from '../simulators/woocommerce/server';

export const SPECTER_ACCOUNT = {
	sbmId: '1234',
	apiUserId: '42',
	apiUserSecretKey: 'sim-api-user-key',
	integrationSecretKey: 'sim-integration-key',
} as const;

const VAT_BY_TAX_CLASS: Record<string, number> = { '': 25, 'reduced-rate': 12, 'six-rate': 6, 'zero-rate': 0 };

export interface TemplateNode {
	name: string;
	type: string;
	parameters: Record<string, unknown>;
	disabled?: boolean;
}

export interface Template {
	name: string;
	nodes: TemplateNode[];
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
}

export interface FaultStack {
	/** the running n8n (a new instance after each restart) */
	readonly n8n: N8nInstance;
	specter: SpecterSimulator;
	woo: WooSimulator;
	wooApi: WooCommerceRestApi;
	/** where the failure-alert template posts (its Slack URL set to this receiver), when there is such a template */
	slack: SlackReceiver;
	/** the failure-alert template's file, or undefined when the tree has none */
	alertTemplate: string | undefined;
	/** template file → its JSON as shipped */
	templates: Record<string, Template>;
	/** template file → id of the workflow imported from it */
	workflows: Record<string, string>;
	/** every line the suite printed (searched for secrets at the end) */
	printed: string[];
	/** n8n's log file (the same file across restarts) */
	n8nLogPath: string;
	log(message: string): void;
	specterControl<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T>;
	wooControl<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T>;
	/**
	 * Stops n8n (SIGKILL to its whole process group, or a normal stop) and starts it again on the same port, user
	 * folder and database; `env` replaces the extra environment. Resolves once it is ready; returns how long n8n was
	 * not serving.
	 */
	restartN8n(options: { kill: boolean; env?: Record<string, string> }): Promise<number>;
	/** Runs every schedule trigger of a template's workflow once, together, through n8n's API (as the schedules would), and waits for the runs. */
	runSchedules(file: string): Promise<Execution[]>;
	/** Executions of one workflow, oldest first; `includeData` for the node outputs (heavier). */
	executions(workflowId: string, includeData: boolean): Promise<Execution[]>;
	/** Finished executions of one workflow with an id above `afterId`, oldest first, with their data. */
	executionsAfter(workflowId: string, afterId: number): Promise<Execution[]>;
	/** Every finished execution of one workflow with its data, a page (up to 20) at a time, without keeping them. */
	forEachExecutionPage(workflowId: string, visit: (page: Execution[]) => void): Promise<void>;
	/** true while n8n runs an execution of any workflow */
	anyRunning(): Promise<boolean>;
	/** Waits until nothing has happened for `quietMs`: no webhook queued, no execution running, no simulator request. */
	waitUntilIdle(options?: { quietMs?: number; timeoutMs?: number }): Promise<void>;
	stop(): Promise<void>;
}

export interface FaultStackOptions {
	/** extra n8n environment (e.g. N8N_CONCURRENCY_PRODUCTION_LIMIT) */
	n8nEnv?: Record<string, string>;
	/** WooCommerce products besides the sample catalogue (they get Specter articles too) */
	extraProducts?: ProductSeed[];
	log?: (line: string) => void;
}

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

function isGroupAlive(pgid: number): boolean {
	try {
		process.kill(-pgid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}


/** Templates n8n can activate: a trigger that starts by itself (not only a Manual Trigger). */
export function activatable(template: Template): boolean {
	// a disabled trigger (the reconcile's nightly schedule as shipped) does not count: n8n would refuse to activate
	const triggers = template.nodes.filter((node) => !node.disabled && (/trigger$/i.test(node.type) || node.type === 'n8n-nodes-base.webhook'));
	return triggers.some((node) => node.type !== 'n8n-nodes-base.manualTrigger');
}

const isAlertTemplate = (template: Template) => template.nodes.some((node) => node.type === 'n8n-nodes-base.errorTrigger');

/**
 * The failure-alert template as its user sets it up: its incoming-webhook URL (a Set node's `webhookUrl`) pointed at
 * `url`. Undefined when it has no such field (the template changed): then no alert is configured.
 */
function withAlertUrl(template: Template, url: string): Template | undefined {
	const copy = JSON.parse(JSON.stringify(template)) as Template;
	for (const node of copy.nodes) {
		const assignments = (node.parameters.assignments as { assignments?: Array<{ name: string; value: unknown }> } | undefined)?.assignments;
		const field = assignments?.find((assignment) => assignment.name === 'webhookUrl');
		if (field) {
			field.value = url;
			return copy;
		}
	}
	return undefined;
}

function articlesOf(products: ProductSeed[]) {
	return products.flatMap((product) => {
		const vatPercent = VAT_BY_TAX_CLASS[product.tax_class ?? ''] ?? 25;
		const priceExclVat = (price: string | undefined) => Math.round((Number(price ?? 0) / (1 + vatPercent / 100)) * 100) / 100;
		const sellable = product.variations?.length
			? product.variations.map((variation) => ({
					articleNo: variation.sku as string,
					name: `${product.name} - ${variation.attributes.map((a) => a.option).join(', ')}`,
					price: variation.regular_price,
					stock: variation.stock_quantity,
				}))
			: [{ articleNo: product.sku as string, name: product.name, price: product.regular_price, stock: product.stock_quantity }];
		return sellable.map((article) => ({ articleNo: article.articleNo, name: article.name, priceExclVat: priceExclVat(article.price), vatPercent, stock: article.stock ?? 0 }));
	});
}

export async function startFaultStack(options: FaultStackOptions = {}): Promise<FaultStack> {
	const printed: string[] = [];
	const write = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
	const log = (message: string) => {
		const line = `[faults ${new Date().toISOString().slice(11, 19)}] ${message}`;
		printed.push(line);
		write(line);
	};
	const specter = await startSpecterSimulator({ port: 0 });
	const slack = await startSlackReceiver();
	const certificate = await ensureCertificate();
	const httpsAgent = new HttpsAgent({ ca: readFileSync(certificate.certPath) });
	const userFolder = createTempDir('n8n-faults-');
	let n8n: N8nInstance | undefined;
	let woo: WooSimulator | undefined;
	let baseEnv: Record<string, string> = { ...options.n8nEnv };
	const stopAll = async () => {
		await n8n?.stop();
		httpsAgent.destroy();
		await woo?.close();
		await specter.close();
		await slack.close();
		rmSync(dirname(certificate.certPath), { recursive: true, force: true });
		if (process.env.N8N_E2E_KEEP !== '1') rmSync(userFolder, { recursive: true, force: true });
	};
	try {
		const tarball = await packPackage();
		const n8nOptions = { extraCaCertPath: certificate.certPath, userFolder, handleSignals: false, log };
		n8n = await startN8n({ ...n8nOptions, packageTarball: tarball, env: baseEnv });
		woo = await startWooCommerceSimulator({
			port: 0,
			httpPort: 0,
			certDir: dirname(certificate.certPath),
			allowedDeliveryPorts: [n8n.port],
			requestLogSize: 1_000_000,
		});
		const wooControlUrl = `${woo.httpUrl}/`;
		const wooApi = wooClientOf(woo, httpsAgent);
		const products = [...sampleCatalogue(), ...(options.extraProducts ?? [])];
		await createWooProducts(wooApi, products);
		for (const article of articlesOf(products)) await control(specter.url, 'POST', 'articles', article);
		for (const articleNo of PSEUDO_ARTICLES) {
			await control(specter.url, 'POST', 'articles', { articleNo, name: articleNo.toLowerCase(), priceExclVat: 0, vatPercent: 25, stockManaged: false });
		}
		await n8n.createCredential({
			name: SPECTER_CREDENTIAL_NAME,
			type: 'specterApi',
			data: { baseUrl: specter.url, apiVersion: '2', ...SPECTER_ACCOUNT },
		});
		await n8n.createCredential({
			name: WOOCOMMERCE_CREDENTIAL_NAME,
			type: 'wooCommerceApi',
			data: { url: woo.url, consumerKey: woo.consumerKey, consumerSecret: woo.consumerSecret, includeCredentialsInQuery: false },
		});
		const templates = readTemplates() as Record<string, Template>;
		const workflows: Record<string, string> = {};
		// As the templates' notes ask: the failure alert gets its incoming-webhook URL, and is every other workflow's
		// error workflow (Workflow settings → Error workflow). Nothing else in a template is changed.
		let alertTemplate = Object.keys(templates).find((file) => isAlertTemplate(templates[file]));
		const alert = alertTemplate ? withAlertUrl(templates[alertTemplate], slack.url) : undefined;
		if (alertTemplate && alert) {
			workflows[alertTemplate] = (await n8n.createWorkflow(alert)).id;
			await n8n.activateWorkflow(workflows[alertTemplate]);
			log(`workflow "${alert.name}" active, posting to the Slack receiver`);
		} else {
			alertTemplate = undefined;
		}
		// As the mapping templates' notes ask: Specter mappings imported and published first, and every template's
		// *Specter mappings* node pointed at it.
		const mappingsId = (await n8n.createWorkflow(templates[MAPPINGS_TEMPLATE])).id;
		workflows[MAPPINGS_TEMPLATE] = mappingsId;
		await n8n.activateWorkflow(mappingsId);
		for (const [file, shipped] of Object.entries(templates)) {
			if (file === alertTemplate || file === MAPPINGS_TEMPLATE) continue;
			const template = withMappings(shipped, mappingsId);
			const settings = alertTemplate ? { ...(template.settings ?? {}), errorWorkflow: workflows[alertTemplate] } : template.settings;
			workflows[file] = (await n8n.createWorkflow({ ...template, ...(settings ? { settings } : {}) })).id;
			if (!activatable(template) || isAlertTemplate(template)) continue;
			await n8n.activateWorkflow(workflows[file]);
			log(`workflow "${template.name}" active`);
		}

		const current = () => n8n as N8nInstance;
		const stack: FaultStack = {
			get n8n() {
				return current();
			},
			specter,
			woo,
			wooApi,
			slack,
			alertTemplate,
			templates,
			workflows,
			printed,
			n8nLogPath: n8n.logPath,
			log,
			specterControl: (method, path, body) => control(specter.url, method, path, body),
			wooControl: (method, path, body) => control(wooControlUrl, method, path, body),
			async restartN8n({ kill, env }) {
				const old = current();
				const down = Date.now();
				if (kill) {
					process.kill(-old.pid, 'SIGKILL');
					while (isGroupAlive(old.pid)) await sleep(50);
					log(`n8n killed (SIGKILL to process group ${old.pid})`);
				}
				// after a kill only the bookkeeping is left; the folder is the suite's, so it stays
				await old.stop();
				if (env) baseEnv = { ...env };
				n8n = await startN8n({ ...n8nOptions, port: old.port, env: baseEnv });
				return Date.now() - down;
			},
			async runSchedules(file) {
				const template = templates[file];
				const schedules = template.nodes.filter((node) => node.type === 'n8n-nodes-base.scheduleTrigger');
				// all at once, as schedules due at the same quarter hour fire together
				const started: string[] = [];
				for (const schedule of schedules) {
					const { data } = await current().rest<{ data: { executionId?: string; waitingForWebhook?: boolean } }>(
						'POST',
						`/workflows/${workflows[file]}/run`,
						{ triggerToStartFrom: { name: schedule.name } },
					);
					if (!data.executionId) throw new Error(`n8n did not run "${schedule.name}": ${JSON.stringify(data)}`);
					started.push(data.executionId);
				}
				return Promise.all(started.map((id) => waitForExecution(current(), id)));
			},
			executions: (workflowId, includeData) => listExecutions(current(), workflowId, includeData),
			async executionsAfter(workflowId, afterId) {
				const newer = (await listExecutions(current(), workflowId, false)).filter((execution) => Number(execution.id) > afterId);
				const withData: Execution[] = [];
				for (const execution of newer) withData.push(await current().api<Execution>('GET', `/executions/${execution.id}?includeData=true`));
				return withData;
			},
			async forEachExecutionPage(workflowId, visit) {
				let cursor: string | undefined;
				// 20 at a time: at full size n8n closed the connection in the middle of a page of 100 executions with data
				const readPage = async (query: URLSearchParams) => {
					for (let attempt = 1; ; attempt++) {
						try {
							return await current().api<{ data: Execution[]; nextCursor?: string | null }>('GET', `/executions?${query}`);
						} catch (error) {
							if (attempt >= 3) throw error;
						}
					}
				};
				do {
					const query = new URLSearchParams({ workflowId, limit: '20', includeData: 'true', ignoreDataSizeLimit: 'true' });
					if (cursor) query.set('cursor', cursor);
					const page = await readPage(query);
					visit(page.data);
					cursor = page.nextCursor ?? undefined;
				} while (cursor);
			},
			anyRunning: async () => {
				const page = await current().api<{ data: unknown[] }>('GET', '/executions?status=running&limit=1');
				return page.data.length > 0;
			},
			async waitUntilIdle({ quietMs = 5_000, timeoutMs = 3_600_000 } = {}) {
				const deadline = Date.now() + timeoutMs;
				const activity = () => `${specter.state.requests.length}/${woo?.state.requests.length}/${woo?.state.deliveries.length}`;
				let last = activity();
				let quietSince = Date.now();
				for (;;) {
					const busy = (woo?.state.queue.length ?? 0) > 0 || (await stack.anyRunning());
					const now = activity();
					if (busy || now !== last) {
						last = now;
						quietSince = Date.now();
					} else if (Date.now() - quietSince >= quietMs) {
						return;
					}
					if (Date.now() > deadline) throw new Error(`not idle after ${timeoutMs / 1000} s (activity ${now})\n${current().logTail(30)}`);
					await sleep(500);
				}
			},
			stop: stopAll,
		};
		return stack;
	} catch (error) {
		if (n8n) process.stderr.write(`${n8n.logTail(80)}\n`);
		await stopAll();
		throw error;
	}
}

async function waitForExecution(n8n: N8nInstance, id: string, timeoutMs = 3_600_000): Promise<Execution> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const execution = await n8n.api<Execution>('GET', `/executions/${id}?includeData=true`).catch(() => undefined);
		if (execution && execution.finished !== undefined && !['new', 'running', 'waiting'].includes(execution.status)) return execution;
		if (Date.now() > deadline) throw new Error(`execution ${id} did not finish within ${timeoutMs / 1000} s`);
		await sleep(500);
	}
}

async function listExecutions(n8n: N8nInstance, workflowId: string, includeData: boolean): Promise<Execution[]> {
	const executions: Execution[] = [];
	let cursor: string | undefined;
	do {
		const query = new URLSearchParams({ workflowId, limit: '250', includeData: String(includeData) });
		if (includeData) query.set('ignoreDataSizeLimit', 'true');
		if (cursor) query.set('cursor', cursor);
		const page = await n8n.api<{ data: Execution[]; nextCursor?: string | null }>('GET', `/executions?${query}`);
		executions.push(...page.data);
		cursor = page.nextCursor ?? undefined;
	} while (cursor);
	return executions.sort((a, b) => Number(a.id) - Number(b.id));
}
