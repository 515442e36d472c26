/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, no-console -- test code runs in Node, not inside n8n */
/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/require-node-api-error -- a test harness starts processes and rethrows plain errors */
// Runs a real n8n 2.41.0 (installed by install-n8n.mjs) with a community package loaded the way n8n loads
// installed community packages, and drives it over HTTP. Used by the e2e tests and by the sandbox.
// Facts (env table, owner setup, API shapes) come from the team notes n8n-runtime.md §4-§5, checked against 2.41.0.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import {
	closeSync,
	existsSync,
	fstatSync,
	mkdirSync,
	mkdtempSync,
	openSync,
	readFileSync,
	readSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { promisify } from 'node:util';

import { ensureN8nRuntime } from './install-n8n.mjs';

const execFileAsync = promisify(execFile);

export const REPO_ROOT = resolve(__dirname, '..', '..');
const SUPERVISOR_SCRIPT = join(__dirname, 'n8n-supervisor.mjs');

/** Fixed so that a given user folder's credentials stay readable across restarts (sandbox) and CLI calls. */
// eslint-disable-next-line @n8n/community-nodes/no-hardcoded-secrets -- test-only key for throwaway instances
export const N8N_ENCRYPTION_KEY = 'n8n-nodes-specter-e2e-not-a-secret';
/** The instance owner created on first start (test-only values, see n8n-runtime.md §5.2). */
export const N8N_OWNER = {
	email: 'owner@example.com',
	firstName: 'E2E',
	lastName: 'Owner',
	password: 'E2eOwner-Passw0rd!',
} as const;

const READINESS_TIMEOUT_MS = 180_000;
const STOP_GRACE_MS = 30_000;
const POLL_INTERVAL_MS = 500;
const PUBLICATION_TIMEOUT_MS = 60_000;
/** Removes temporary user folders and tarballs unless set (to inspect the DB and log after a run). */
const KEEP_TEMP = process.env.N8N_E2E_KEEP === '1';

// ---------------------------------------------------------------------------------------------------------
// Types

/** GET /rest/workflows/:id/publication-status (n8n 2.41). */
interface PublicationStatus {
	status: 'in_progress' | 'not_published' | 'published' | 'partial' | 'failed';
	triggers: Array<{ nodeId: string; status: string; errorMessage: string | null }>;
}

export interface NodeRunData {
	startTime?: number;
	executionStatus?: string;
	data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> };
	error?: { message?: string; description?: string };
}

/** An execution as returned by GET /api/v1/executions?includeData=true. */
export interface Execution {
	id: string;
	workflowId: string;
	status: string; // success | error | crashed | canceled | waiting | running | new | unknown
	mode: string;
	finished: boolean;
	startedAt: string;
	stoppedAt: string | null;
	data?: {
		resultData?: {
			runData?: Record<string, NodeRunData[]>;
			lastNodeExecuted?: string;
			error?: { message?: string; description?: string };
		};
	};
}

export interface N8nInstance {
	/** http://127.0.0.1:<port> (no trailing slash). */
	baseUrl: string;
	port: number;
	/** N8N_USER_FOLDER; n8n's state is in <userFolder>/.n8n. */
	userFolder: string;
	/** n8n's stdout and stderr. */
	logPath: string;
	/** Process group id of n8n (and its task runner). */
	pid: number;
	/** X-N8N-API-KEY value for /api/v1. Never print it. */
	apiKey: string;
	/** Public API: `api('GET', '/workflows')` calls /api/v1/workflows with the API key. Throws on non-2xx. */
	api<T>(method: string, path: string, body?: unknown): Promise<T>;
	/** Internal API with the owner's cookie: `rest('GET', '/settings')` calls /rest/settings. Throws on non-2xx. */
	rest<T>(method: string, path: string, body?: unknown): Promise<T>;
	/** Names of all loaded node types (e.g. `n8n-nodes-specter.specter`), from /types/nodes.json. */
	nodeTypeNames(): Promise<string[]>;
	/** Names of all loaded credential types (e.g. `specterApi`), from /types/credentials.json. */
	credentialTypeNames(): Promise<string[]>;
	createCredential(c: {
		name: string;
		type: string;
		data: Record<string, unknown>;
	}): Promise<{ id: string }>;
	/**
	 * Creates a workflow from exported/template JSON: read-only fields are dropped first. Node credentials given
	 * as `{ id: null, name }` are resolved by n8n by name and type, so create the credentials first.
	 */
	createWorkflow(workflowJson: object): Promise<{ id: string }>;
	/**
	 * Activates (publishes) a workflow and waits until its triggers are live (webhooks registered locally and
	 * with remote services). Throws with n8n's message if a trigger failed to activate.
	 */
	activateWorkflow(id: string): Promise<void>;
	/** Deactivates (unpublishes) a workflow and waits until its triggers are torn down. */
	deactivateWorkflow(id: string): Promise<void>;
	/** URL of a webhook path on this instance, e.g. webhookUrl('my-path') → http://127.0.0.1:<port>/webhook/my-path. */
	webhookUrl(path: string): string;
	/** All executions of a workflow, oldest first, with data (including running ones). */
	listExecutions(workflowId: string): Promise<Execution[]>;
	/**
	 * Polls the workflow's finished executions (oldest first, with data; running/new ones are left out) until
	 * `predicate` accepts them, and returns them. Throws after `timeoutMs` (default 60 s) with what it saw.
	 */
	waitForExecutions(
		workflowId: string,
		predicate: (execs: Execution[]) => boolean,
		timeoutMs?: number,
	): Promise<Execution[]>;
	/** The json of the items of a node's first output in its first run. Throws if the node did not run or failed. */
	nodeOutput(execution: Execution, nodeName: string): unknown[];
	/** Last lines of n8n's log (default 50). */
	logTail(lines?: number): string;
	/** SIGTERM to the process group, ≤ 30 s grace, then SIGKILL. Idempotent. */
	stop(): Promise<void>;
}

export interface StartN8nOptions {
	/** n8n's HTTP port; the task-runner broker uses port + 1. Default: a free pair of consecutive ports. */
	port?: number;
	/** Package tarball(s) (see packPackage) to install into <userFolder>/.n8n/nodes before starting. */
	packageTarball?: string | string[];
	/** Extra environment for n8n; applied last, so it can override the defaults. */
	env?: Record<string, string>;
	/** PEM file n8n should trust in addition to the system CAs (NODE_EXTRA_CA_CERTS), e.g. the WooCommerce simulator's. */
	extraCaCertPath?: string;
	/** Reuse a folder (sandbox). Default: a fresh temporary folder, removed on stop (unless N8N_E2E_KEEP=1). */
	userFolder?: string;
	/** Default 180 s. */
	readinessTimeoutMs?: number;
	/** Stop n8n (gracefully) on SIGINT/SIGTERM/SIGHUP of this process, then exit. Default true. */
	handleSignals?: boolean;
	/** Progress messages; default: stderr. */
	log?: (message: string) => void;
	/**
	 * Which n8n process to run (queue mode: docs/n8n-runtime.md, "Queue mode"): `start` (default) the main process,
	 * `webhook` a webhook processor (serving /webhook/… on `port`), `worker` a worker, whose health-check server
	 * takes `port` (QUEUE_HEALTH_CHECK_PORT; readiness is read there). The queue-mode settings come with `env`.
	 */
	command?: 'start' | 'webhook' | 'worker';
	/** n8n's log file; default <userFolder>/n8n.log. Give each process its own when several share a user folder. */
	logPath?: string;
	/** Set up the owner and an API key once ready; default: only for `start` (the other processes serve no API). */
	authenticate?: boolean;
}

// ---------------------------------------------------------------------------------------------------------
// Small helpers

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

function defaultLog(message: string): void {
	console.error(`[n8n-harness] ${message}`);
}

function seconds(since: number): string {
	return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

function isPortFree(port: number): Promise<boolean> {
	return new Promise((done) => {
		const server = createServer();
		server.once('error', () => done(false));
		server.listen({ host: '127.0.0.1', port, exclusive: true }, () =>
			server.close(() => done(true)),
		);
	});
}

/** Two consecutive free ports below the usual ephemeral range (outgoing connections won't grab them meanwhile). */
export async function findFreePortPair(): Promise<number> {
	for (let attempt = 0; attempt < 100; attempt++) {
		const port = 20_000 + 2 * Math.floor(Math.random() * 6_000);
		if ((await isPortFree(port)) && (await isPortFree(port + 1))) return port;
	}
	throw new Error('no two consecutive free ports found between 20000 and 32000');
}

function tailOfFile(path: string, lines: number): string {
	if (!existsSync(path)) return '(no log yet)';
	// Read only the end: a sandbox log can grow large.
	const fd = openSync(path, 'r');
	try {
		const size = fstatSync(fd).size;
		const length = Math.min(size, 256 * 1024);
		const buffer = Buffer.alloc(length);
		readSync(fd, buffer, 0, length, size - length);
		return buffer
			.toString('utf8')
			.split('\n')
			.slice(-lines - 1)
			.join('\n');
	} finally {
		closeSync(fd);
	}
}

function isGroupAlive(pgid: number): boolean {
	try {
		process.kill(-pgid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(-pgid, signal);
	} catch {
		// already gone
	}
}

// Variables of the test process that would change n8n's behaviour behind the harness's back. NODE_OPTIONS may
// carry tsx's loader; NODE_TEST_CONTEXT would make n8n's Node believe it is a test file; jest sets NODE_ENV to
// 'test', under which n8n 2.41 exits with code 1 at start-up without printing anything.
const DROPPED_ENV_PREFIXES = /^(N8N_|DB_|EXECUTIONS_|npm_)/;
const DROPPED_ENV_NAMES = new Set([
	'NODE_OPTIONS',
	'NODE_TEST_CONTEXT',
	'NODE_ENV',
	'NODE_EXTRA_CA_CERTS',
	'WEBHOOK_URL',
	'GENERIC_TIMEZONE',
]);

function inheritedEnv(): Record<string, string> {
	const env: Record<string, string> = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (value !== undefined && !DROPPED_ENV_PREFIXES.test(key) && !DROPPED_ENV_NAMES.has(key))
			env[key] = value;
	}
	return env;
}

// ---------------------------------------------------------------------------------------------------------
// Process bookkeeping: every started n8n is stopped, also when the test process is interrupted or exits.

const running = new Set<RunningN8n>();
const tempPaths = new Set<string>();
let exitHookInstalled = false;
let signalHooksInstalled = false;

function removeTempPaths(): void {
	if (KEEP_TEMP) return;
	for (const path of tempPaths) rmSync(path, { recursive: true, force: true });
	tempPaths.clear();
}

function installExitHook(): void {
	if (exitHookInstalled) return;
	exitHookInstalled = true;
	// Synchronous context: only a SIGTERM is possible here; the supervisor escalates to SIGKILL if needed.
	process.on('exit', () => {
		for (const instance of running) signalGroup(instance.pid, 'SIGTERM');
		removeTempPaths();
	});
}

const SIGNAL_EXIT_CODES: Partial<Record<NodeJS.Signals, number>> = {
	SIGHUP: 129,
	SIGINT: 130,
	SIGTERM: 143,
};

function onTerminationSignal(signal: NodeJS.Signals): void {
	// The test runner that owns our stdout/stderr pipes may already be gone: a write error (EPIPE) must not
	// crash this process before n8n is stopped and the temporary folders are removed.
	for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
	defaultLog(`${signal} received: stopping n8n`);
	void Promise.allSettled([...running].map((instance) => instance.stop())).then(() =>
		process.exit(SIGNAL_EXIT_CODES[signal] ?? 1),
	);
}

function installSignalHooks(): void {
	if (signalHooksInstalled) return;
	signalHooksInstalled = true;
	for (const signal of Object.keys(SIGNAL_EXIT_CODES) as NodeJS.Signals[])
		process.once(signal, onTerminationSignal);
}

function removeSignalHooks(): void {
	if (!signalHooksInstalled || running.size > 0) return;
	signalHooksInstalled = false;
	for (const signal of Object.keys(SIGNAL_EXIT_CODES) as NodeJS.Signals[]) {
		process.removeListener(signal, onTerminationSignal);
	}
}

/** A fresh temporary folder that is removed when this process exits (also on SIGINT/SIGTERM), unless N8N_E2E_KEEP=1. */
export function createTempDir(prefix: string): string {
	const path = mkdtempSync(join(tmpdir(), prefix));
	tempPaths.add(path);
	installExitHook();
	return path;
}

// ---------------------------------------------------------------------------------------------------------
// Packaging

/**
 * `npm pack`s a built package (default: this repo; `npm run build` must have produced dist/) into a fresh
 * temporary folder and returns the .tgz path. Install scripts are not run.
 */
export async function packPackage(packageDir: string = REPO_ROOT): Promise<string> {
	const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
		n8n?: { nodes?: string[]; credentials?: string[] };
	};
	const declared = [...(manifest.n8n?.nodes ?? []), ...(manifest.n8n?.credentials ?? [])];
	const missing = declared.filter((file) => !existsSync(join(packageDir, file)));
	if (missing.length > 0) {
		throw new Error(
			`${packageDir} is not built (missing ${missing.join(', ')}): run \`npm run build\` first`,
		);
	}
	const destination = createTempDir('n8n-e2e-pack-');
	const { stdout } = await execFileAsync(
		'npm',
		['pack', '--json', '--ignore-scripts', '--loglevel=error', '--pack-destination', destination],
		{ cwd: packageDir, maxBuffer: 32 * 1024 * 1024 },
	);
	const [packed] = JSON.parse(stdout) as Array<{ filename: string }>;
	return join(destination, packed.filename);
}

/**
 * Installs a package tarball into <userFolder>/.n8n/nodes like n8n's community-package installer does
 * (no dev or peer dependencies, no scripts), so its node types keep their `<package>.<node>` names.
 */
export async function installPackageIntoUserFolder(
	userFolder: string,
	tarballs: string | string[],
): Promise<void> {
	const nodesDir = join(userFolder, '.n8n', 'nodes');
	mkdirSync(nodesDir, { recursive: true });
	const manifestPath = join(nodesDir, 'package.json');
	if (!existsSync(manifestPath)) {
		// The same manifest n8n writes for its own installs.
		writeFileSync(
			manifestPath,
			`${JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2)}\n`,
		);
	}
	await execFileAsync(
		'npm',
		[
			'install',
			'--omit=dev',
			'--omit=peer',
			'--ignore-scripts',
			'--no-audit',
			'--no-fund',
			'--prefer-offline',
			'--loglevel=error',
			...[tarballs].flat().map((tarball) => resolve(tarball)),
		],
		{ cwd: nodesDir, env: inheritedEnv(), maxBuffer: 32 * 1024 * 1024 },
	);
}

// ---------------------------------------------------------------------------------------------------------
// The instance

class RunningN8n implements N8nInstance {
	readonly baseUrl: string;
	readonly logPath: string;
	apiKey = '';
	private authCookie = '';
	private stopping: Promise<void> | undefined;
	private exitStatus: string | undefined;

	constructor(
		readonly port: number,
		readonly userFolder: string,
		private readonly child: ChildProcess,
		private readonly removeUserFolderOnStop: boolean,
		logPath: string,
	) {
		this.baseUrl = `http://127.0.0.1:${port}`;
		this.logPath = logPath;
		child.once('exit', (code, signal) => {
			this.exitStatus = signal ?? `code ${code}`;
		});
	}

	get pid(): number {
		return this.child.pid as number;
	}

	get hasExited(): boolean {
		return this.exitStatus !== undefined;
	}

	get exitDescription(): string {
		return this.exitStatus ?? 'running';
	}

	private async request<T>(
		url: string,
		method: string,
		headers: Record<string, string>,
		body?: unknown,
	): Promise<T> {
		const response = await fetch(url, {
			method,
			headers: {
				accept: 'application/json',
				...(body === undefined ? {} : { 'content-type': 'application/json' }),
				...headers,
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok) {
			throw new Error(
				`${method} ${url.replace(this.baseUrl, '')} → HTTP ${response.status}: ${text.slice(0, 2000)}`,
			);
		}
		if (text === '') return undefined as T;
		return (response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as T;
	}

	api<T>(method: string, path: string, body?: unknown): Promise<T> {
		return this.request<T>(
			`${this.baseUrl}/api/v1${path}`,
			method,
			{ 'x-n8n-api-key': this.apiKey },
			body,
		);
	}

	rest<T>(method: string, path: string, body?: unknown): Promise<T> {
		return this.request<T>(
			`${this.baseUrl}/rest${path}`,
			method,
			{ cookie: this.authCookie },
			body,
		);
	}

	/** Owner (first start) or login (reused folder), then a fresh API key with all of the owner's scopes. */
	async authenticate(): Promise<void> {
		let response = await fetch(`${this.baseUrl}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(N8N_OWNER),
		});
		if (response.status === 400) {
			await response.body?.cancel();
			response = await fetch(`${this.baseUrl}/rest/login`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ emailOrLdapLoginId: N8N_OWNER.email, password: N8N_OWNER.password }),
			});
		}
		const text = await response.text();
		if (!response.ok)
			throw new Error(
				`n8n owner setup/login failed: HTTP ${response.status}: ${text.slice(0, 500)}`,
			);
		const cookie = response.headers.getSetCookie().find((c) => c.startsWith('n8n-auth='));
		if (!cookie) throw new Error('n8n owner setup/login returned no n8n-auth cookie');
		this.authCookie = cookie.split(';')[0];

		const { data: scopes } = await this.rest<{ data: string[] }>('GET', '/api-keys/scopes');
		const { data: key } = await this.rest<{ data: { rawApiKey: string } }>('POST', '/api-keys', {
			label: `e2e-${Date.now()}`,
			expiresAt: null,
			scopes,
		});
		this.apiKey = key.rawApiKey;
	}

	private async staticTypeNames(file: 'nodes' | 'credentials'): Promise<string[]> {
		const response = await fetch(`${this.baseUrl}/types/${file}.json`, {
			headers: { cookie: this.authCookie },
		});
		if (!response.ok) throw new Error(`GET /types/${file}.json → HTTP ${response.status}`);
		const descriptions = (await response.json()) as Array<{ name: string }>;
		return [...new Set(descriptions.map((d) => d.name))].sort();
	}

	nodeTypeNames(): Promise<string[]> {
		return this.staticTypeNames('nodes');
	}

	credentialTypeNames(): Promise<string[]> {
		return this.staticTypeNames('credentials');
	}

	async createCredential(c: {
		name: string;
		type: string;
		data: Record<string, unknown>;
	}): Promise<{ id: string }> {
		const created = await this.api<{ id: string }>('POST', '/credentials', c);
		return { id: created.id };
	}

	async createWorkflow(workflowJson: object): Promise<{ id: string }> {
		const created = await this.api<{ id: string }>(
			'POST',
			'/workflows',
			workflowForCreate(workflowJson),
		);
		return { id: created.id };
	}

	async activateWorkflow(id: string): Promise<void> {
		await this.api('POST', `/workflows/${encodeURIComponent(id)}/activate`);
		await this.waitForPublication(id, 'published');
	}

	async deactivateWorkflow(id: string): Promise<void> {
		await this.api('POST', `/workflows/${encodeURIComponent(id)}/deactivate`);
		await this.waitForPublication(id, 'not_published');
	}

	/**
	 * n8n 2.41 (de)activates through an outbox: the API call returns before the triggers are set up (webhooks
	 * registered, trigger `create` hooks run), and activation errors never reach the API response. The
	 * publication status says when that work is done and how it went.
	 */
	private async waitForPublication(
		id: string,
		wanted: 'published' | 'not_published',
	): Promise<void> {
		const deadline = Date.now() + PUBLICATION_TIMEOUT_MS;
		let status: PublicationStatus | undefined;
		while (Date.now() < deadline) {
			({ data: status } = await this.rest<{ data: PublicationStatus }>(
				'GET',
				`/workflows/${encodeURIComponent(id)}/publication-status`,
			));
			if (status.status === wanted) return;
			if (status.status === 'failed' || status.status === 'partial') {
				const { nodes } = await this.api<{ nodes: Array<{ id: string; name: string }> }>(
					'GET',
					`/workflows/${encodeURIComponent(id)}`,
				);
				const nodeName = (nodeId: string) =>
					nodes.find((node) => node.id === nodeId)?.name ?? nodeId;
				const errors = status.triggers
					.filter((trigger) => trigger.status === 'failed')
					.map(
						(trigger) =>
							`"${nodeName(trigger.nodeId)}": ${trigger.errorMessage ?? 'unknown error'}`,
					);
				throw new Error(
					`activating workflow ${id} failed (${status.status}): ${errors.join('; ')}`,
				);
			}
			await sleep(200);
		}
		throw new Error(
			`workflow ${id} did not reach publication status "${wanted}" within ${PUBLICATION_TIMEOUT_MS / 1000} s ` +
				`(last: ${JSON.stringify(status)})\n${this.logTail(30)}`,
		);
	}

	webhookUrl(path: string): string {
		return `${this.baseUrl}/webhook/${path.replace(/^\//, '')}`;
	}

	async listExecutions(workflowId: string): Promise<Execution[]> {
		const executions: Execution[] = [];
		let cursor: string | undefined;
		do {
			const query = new URLSearchParams({
				workflowId,
				includeData: 'true',
				ignoreDataSizeLimit: 'true',
				limit: '250',
			});
			if (cursor) query.set('cursor', cursor);
			const page = await this.api<{ data: Execution[]; nextCursor?: string | null }>(
				'GET',
				`/executions?${query}`,
			);
			executions.push(...page.data);
			cursor = page.nextCursor ?? undefined;
		} while (cursor);
		return executions.sort((a, b) => Number(a.id) - Number(b.id));
	}

	async waitForExecutions(
		workflowId: string,
		predicate: (execs: Execution[]) => boolean,
		timeoutMs = 60_000,
	): Promise<Execution[]> {
		const deadline = Date.now() + timeoutMs;
		let seen: Execution[] = [];
		for (;;) {
			if (this.hasExited)
				throw new Error(`n8n exited (${this.exitDescription}) while waiting:\n${this.logTail()}`);
			seen = (await this.listExecutions(workflowId)).filter(
				(e) => e.status !== 'new' && e.status !== 'running',
			);
			if (predicate(seen)) return seen;
			if (Date.now() > deadline) break;
			await sleep(POLL_INTERVAL_MS);
		}
		const summary =
			seen.map((e) => `#${e.id} ${e.status}${executionErrorSuffix(e)}`).join(', ') || 'none';
		throw new Error(
			`executions of workflow ${workflowId} did not match within ${timeoutMs / 1000} s; finished executions: ${summary}\n` +
				`n8n log tail:\n${this.logTail(30)}`,
		);
	}

	nodeOutput(execution: Execution, nodeName: string): unknown[] {
		const runData = execution.data?.resultData?.runData;
		if (!runData)
			throw new Error(
				`execution #${execution.id} has no run data (was it fetched with includeData?)`,
			);
		const run = runData[nodeName]?.[0];
		if (!run) {
			throw new Error(
				`node "${nodeName}" did not run in execution #${execution.id} (${execution.status}${executionErrorSuffix(execution)}); ` +
					`nodes that ran: ${Object.keys(runData).join(', ') || 'none'}`,
			);
		}
		if (run.error) {
			throw new Error(
				`node "${nodeName}" failed in execution #${execution.id}: ${run.error.message ?? 'unknown error'}`,
			);
		}
		return (run.data?.main?.[0] ?? []).map((item) => item.json);
	}

	logTail(lines = 50): string {
		return tailOfFile(this.logPath, lines);
	}

	stop(): Promise<void> {
		this.stopping ??= this.stopGroup();
		return this.stopping;
	}

	private async stopGroup(): Promise<void> {
		const pgid = this.pid;
		if (isGroupAlive(pgid)) {
			signalGroup(pgid, 'SIGTERM');
			const deadline = Date.now() + STOP_GRACE_MS;
			while (isGroupAlive(pgid) && Date.now() < deadline) await sleep(100);
			if (isGroupAlive(pgid)) {
				defaultLog(
					`n8n (group ${pgid}) still running ${STOP_GRACE_MS / 1000} s after SIGTERM: SIGKILL`,
				);
				signalGroup(pgid, 'SIGKILL');
				while (isGroupAlive(pgid)) await sleep(100);
			}
		}
		running.delete(this);
		removeSignalHooks();
		if (this.removeUserFolderOnStop && !KEEP_TEMP) {
			rmSync(this.userFolder, { recursive: true, force: true });
			tempPaths.delete(this.userFolder);
		}
	}
}

function executionErrorSuffix(execution: Execution): string {
	const message = execution.data?.resultData?.error?.message;
	return message ? ` "${message}"` : '';
}

// Read-only or server-managed fields of an exported/template workflow that POST /api/v1/workflows rejects.
const READ_ONLY_WORKFLOW_FIELDS = [
	'id',
	'active',
	'tags',
	'meta',
	'pinData',
	'versionId',
	'createdAt',
	'updatedAt',
	'isArchived',
	'triggerCount',
	'shared',
	'activeVersion',
	'activeVersionId',
	'staticData',
];

/** The body POST /api/v1/workflows accepts, made from exported or template workflow JSON. */
export function workflowForCreate(workflowJson: object): Record<string, unknown> {
	const body: Record<string, unknown> = { ...(workflowJson as Record<string, unknown>) };
	for (const field of READ_ONLY_WORKFLOW_FIELDS) delete body[field];
	body.settings ??= { executionOrder: 'v1' };
	body.connections ??= {};
	return body;
}

/**
 * Starts a real n8n with its own user folder (and the package tarball installed as a community package),
 * waits until it is ready, sets up the owner and an API key. Always `stop()` it (e.g. in an `after` hook);
 * it is also stopped if this process exits or gets SIGINT/SIGTERM/SIGHUP.
 */
export async function startN8n(options: StartN8nOptions = {}): Promise<N8nInstance> {
	const log = options.log ?? defaultLog;
	const runtime = ensureN8nRuntime({ log });

	let port = options.port;
	if (port === undefined) {
		port = await findFreePortPair();
	} else if (!(await isPortFree(port)) || !(await isPortFree(port + 1))) {
		throw new Error(
			`port ${port} or ${port + 1} (task-runner broker) on 127.0.0.1 is already in use`,
		);
	}

	const ownsUserFolder = options.userFolder === undefined;
	const userFolder = options.userFolder
		? resolve(options.userFolder)
		: createTempDir('n8n-e2e-user-');
	mkdirSync(join(userFolder, '.n8n'), { recursive: true });
	installExitHook();

	const tarballs = [options.packageTarball ?? []].flat();
	if (tarballs.length > 0) {
		const started = Date.now();
		await installPackageIntoUserFolder(userFolder, tarballs);
		log(`installed ${tarballs.join(', ')} into ${userFolder}/.n8n/nodes in ${seconds(started)}`);
	}

	const command = options.command ?? 'start';
	const url = `http://127.0.0.1:${port}/`;
	const env: Record<string, string> = {
		...inheritedEnv(),
		// n8n spawns its JS task runner as plain `node`, so Node 24 must come first.
		PATH: `${runtime.nodeBinDir}${delimiter}${process.env.PATH ?? ''}`,
		N8N_USER_FOLDER: userFolder,
		N8N_PORT: String(port),
		N8N_RUNNERS_BROKER_PORT: String(port + 1),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_WEBHOOK_URL: url,
		N8N_EDITOR_BASE_URL: url,
		DB_TYPE: 'sqlite',
		N8N_ENCRYPTION_KEY,
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		// mcp-registry's startup task calls api.n8n.io; community-packages must stay enabled (it loads .n8n/nodes).
		N8N_DISABLED_MODULES: 'mcp-registry',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_PUBLIC_API_DISABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_BLOCK_ENV_ACCESS_IN_NODE: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_LOG_LEVEL: 'info',
		GENERIC_TIMEZONE: 'UTC',
		TZ: 'UTC',
		EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
		EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
		EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true',
		...(options.extraCaCertPath ? { NODE_EXTRA_CA_CERTS: resolve(options.extraCaCertPath) } : {}),
		// A worker serves no editor or webhooks; its health-check server (off by default) is what says it is ready.
		...(command === 'worker'
			? { QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(port), N8N_WORKER_SERVER_ADDRESS: '127.0.0.1' }
			: {}),
		...options.env,
	};

	const logPath = options.logPath ? resolve(options.logPath) : join(userFolder, 'n8n.log');
	const logFd = openSync(logPath, 'a');
	const started = Date.now();
	// Detached: its own process group (n8n + task runner), so a terminal's Ctrl-C reaches only us and one
	// signal to the group stops everything.
	const child = spawn(runtime.node24, [SUPERVISOR_SCRIPT, runtime.n8nBin, command], {
		cwd: userFolder,
		env,
		detached: true,
		stdio: ['ignore', logFd, logFd],
	});
	closeSync(logFd);
	if (child.pid === undefined) throw new Error(`could not start n8n (${runtime.node24})`);

	const instance = new RunningN8n(port, userFolder, child, ownsUserFolder, logPath);
	running.add(instance);
	if (options.handleSignals !== false) installSignalHooks();

	try {
		await waitForReadiness(instance, options.readinessTimeoutMs ?? READINESS_TIMEOUT_MS);
		log(`n8n ${command} ready on ${instance.baseUrl} after ${seconds(started)} (log: ${logPath})`);
		if (options.authenticate ?? command === 'start') await instance.authenticate();
	} catch (error) {
		await instance.stop();
		throw error;
	}
	return instance;
}

async function waitForReadiness(instance: RunningN8n, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (instance.hasExited) {
			throw new Error(
				`n8n exited (${instance.exitDescription}) before it was ready:\n${instance.logTail(50)}`,
			);
		}
		try {
			// /healthz answers before the DB is migrated; /healthz/readiness only once n8n can serve.
			const response = await fetch(`${instance.baseUrl}/healthz/readiness`, {
				signal: AbortSignal.timeout(5_000),
			});
			await response.body?.cancel();
			if (response.status === 200) return;
		} catch {
			// not listening yet
		}
		await sleep(POLL_INTERVAL_MS);
	}
	throw new Error(`n8n was not ready within ${timeoutMs / 1000} s:\n${instance.logTail(50)}`);
}
