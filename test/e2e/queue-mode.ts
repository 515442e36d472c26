/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test code runs in Node, not inside n8n */
/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/require-node-api-error -- it starts databases and runs apt-get, and throws plain errors */
// n8n's queue mode on one machine: a Postgres cluster and a Redis of their own (loopback ports, in a temporary
// folder, removed afterwards), then the pinned n8n as main process + webhook processor + workers sharing one user
// folder, where the package is installed once. Used by `npm run scale` and the queue-mode smoke test. What n8n 2.41
// needs in queue mode was found on our machines: docs/n8n-runtime.md, "Queue mode".
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { createTempDir, findFreePortPair, startN8n, type N8nInstance, type StartN8nOptions } from './harness';
import type { N8nCluster } from './stack';

const READY_TIMEOUT_MS = 60_000;
/** The Debian packages queue mode needs here, and a binary each one installs. */
const DEBIAN_PACKAGES = [
	{ name: 'postgresql', provides: 'postgres' },
	{ name: 'redis-server', provides: 'redis-server' },
] as const;

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

// ---------------------------------------------------------------------------------------------------------
// Debian packages

/** Postgres' server binaries: Debian keeps them in /usr/lib/postgresql/<major>/bin (not on PATH); the newest wins. */
function postgresBinDir(): string | undefined {
	const root = '/usr/lib/postgresql';
	const majors = existsSync(root)
		? readdirSync(root)
				.filter((name) => /^\d+$/.test(name) && existsSync(join(root, name, 'bin', 'postgres')))
				.sort((a, b) => Number(b) - Number(a))
		: [];
	if (majors.length > 0) return join(root, majors[0], 'bin');
	const which = spawnSync('sh', ['-c', 'command -v postgres'], { encoding: 'utf8' });
	const found = which.status === 0 ? which.stdout.trim() : '';
	return found === '' ? undefined : join(found, '..');
}

function hasRedis(): boolean {
	return spawnSync('sh', ['-c', 'command -v redis-server'], { stdio: 'ignore' }).status === 0;
}

/**
 * Installs `postgresql` and `redis-server` with apt-get when their binaries are missing (root only: our machines
 * and CI run as root). Returns what was installed. Debian's postinst may create and start a default Postgres
 * cluster on 5432 too; it is left alone (ours runs on a port of its own).
 */
export function ensureQueueModePackages(log: (message: string) => void = () => undefined): string[] {
	const missing = DEBIAN_PACKAGES.filter((pkg) => (pkg.provides === 'postgres' ? postgresBinDir() === undefined : !hasRedis()));
	if (missing.length === 0) return [];
	const names = missing.map((pkg) => pkg.name);
	if (process.getuid?.() !== 0) {
		throw new Error(`queue mode needs ${names.join(' and ')}: install them (apt-get install ${names.join(' ')}, as root), then run again`);
	}
	log(`installing ${names.join(', ')} (apt-get update && apt-get install -y ${names.join(' ')})...`);
	for (const args of [['update'], ['install', '-y', '--no-install-recommends', ...names]]) {
		const result = spawnSync('apt-get', args, {
			stdio: ['ignore', 'inherit', 'inherit'],
			env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
		});
		if (result.status !== 0) {
			throw new Error(`apt-get ${args.join(' ')} failed (${result.error?.message ?? `exit code ${result.status ?? result.signal}`}); install ${names.join(' ')} yourself`);
		}
	}
	if (postgresBinDir() === undefined || !hasRedis()) throw new Error(`apt-get installed ${names.join(', ')}, but postgres or redis-server is still missing`);
	return names;
}

// ---------------------------------------------------------------------------------------------------------
// Services

export interface Service {
	port: number;
	stop(): Promise<void>;
}

export interface PostgresService extends Service {
	database: string;
	user: string;
}

/** Services started here, stopped (synchronously, by signal) if this process exits without stopping them. */
const runningServices = new Set<ChildProcess>();
let exitHookInstalled = false;
function track(child: ChildProcess): void {
	runningServices.add(child);
	child.once('exit', () => runningServices.delete(child));
	if (exitHookInstalled) return;
	exitHookInstalled = true;
	process.on('exit', () => {
		for (const service of runningServices) {
			try {
				process.kill(-(service.pid as number), 'SIGQUIT'); // Postgres: immediate shutdown; Redis: quits
			} catch {
				// already gone
			}
		}
	});
}

async function stopChild(child: ChildProcess, signal: NodeJS.Signals, graceMs = 15_000): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise<void>((done) => child.once('exit', () => done()));
	try {
		process.kill(-(child.pid as number), signal);
	} catch {
		return;
	}
	const timer = setTimeout(() => {
		try {
			process.kill(-(child.pid as number), 'SIGKILL');
		} catch {
			// gone meanwhile
		}
	}, graceMs);
	await exited;
	clearTimeout(timer);
}

/** As root, Postgres' binaries run as the `postgres` user (initdb and postgres refuse root). */
function postgresUser(): { uid: number; gid: number } | undefined {
	if (process.getuid?.() !== 0) return undefined;
	const id = (flag: string) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
	const [uid, gid] = [id('-u'), id('-g')];
	if (uid.status !== 0 || gid.status !== 0) throw new Error('running as root, but there is no postgres user to run Postgres as (Debian\'s postgresql package creates it)');
	return { uid: Number(uid.stdout), gid: Number(gid.stdout) };
}

function tcpAnswers(port: number, send: string | undefined, expect: (text: string) => boolean): Promise<boolean> {
	return new Promise((done) => {
		const socket = connect({ host: '127.0.0.1', port });
		let text = '';
		const finish = (ok: boolean) => {
			socket.destroy();
			done(ok);
		};
		socket.setTimeout(2_000, () => finish(false));
		socket.once('error', () => finish(false));
		socket.once('connect', () => {
			if (send === undefined) finish(true);
			else socket.write(send);
		});
		socket.on('data', (chunk) => {
			text += chunk.toString('utf8');
			if (expect(text)) finish(true);
		});
	});
}

async function waitFor(what: string, child: ChildProcess, logPath: string, ready: () => Promise<boolean>): Promise<void> {
	const deadline = Date.now() + READY_TIMEOUT_MS;
	while (Date.now() < deadline) {
		if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${what} exited (${child.exitCode ?? child.signalCode}) before it was ready; see ${logPath}`);
		if (await ready()) return;
		await sleep(200);
	}
	throw new Error(`${what} was not ready within ${READY_TIMEOUT_MS / 1000} s; see ${logPath}`);
}

/**
 * A Postgres cluster of its own: initdb into a temporary folder (trust authentication, user and database `n8n`),
 * then `postgres` in the foreground on 127.0.0.1:<a free port>, its socket in that folder. Stopped (fast
 * shutdown) by stop(); the folder goes when this process exits.
 */
export async function startPostgres(log: (message: string) => void = () => undefined): Promise<PostgresService> {
	const bin = postgresBinDir();
	if (!bin) throw new Error('postgres not found: run ensureQueueModePackages() first (Debian package postgresql)');
	const owner = postgresUser();
	const dir = createTempDir('n8n-queue-postgres-');
	const data = join(dir, 'data');
	mkdirSync(data, { mode: 0o700 });
	if (owner) {
		chownSync(dir, owner.uid, owner.gid);
		chownSync(data, owner.uid, owner.gid);
	}
	const asOwner = owner ? { uid: owner.uid, gid: owner.gid } : {};
	const initdb = spawnSync(join(bin, 'initdb'), ['-D', data, '-U', 'n8n', '--auth=trust', '-E', 'UTF8', '--no-locale'], {
		...asOwner,
		cwd: dir,
		encoding: 'utf8',
	});
	if (initdb.status !== 0) throw new Error(`initdb failed: ${initdb.stderr || initdb.stdout || initdb.error?.message}`);

	const port = await findFreePortPair();
	const logPath = join(dir, 'postgres.log');
	const child = spawn(
		join(bin, 'postgres'),
		['-D', data, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${dir}`, '-c', `logging_collector=off`],
		{ ...asOwner, cwd: dir, detached: true, stdio: ['ignore', 'ignore', 'pipe'] },
	);
	track(child);
	const logLines: string[] = [];
	child.stderr?.on('data', (chunk: Buffer) => logLines.push(chunk.toString('utf8')));
	const stop = async () => {
		await stopChild(child, 'SIGINT'); // fast shutdown
		writeFileSync(logPath, logLines.join(''));
	};
	try {
		await waitFor('Postgres', child, logPath, async () => {
			const ready = spawnSync(join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'n8n'], { stdio: 'ignore' });
			return ready.status === 0;
		});
		const created = spawnSync(join(bin, 'psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'n8n', '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-c', 'CREATE DATABASE n8n'], {
			encoding: 'utf8',
		});
		if (created.status !== 0) throw new Error(`CREATE DATABASE n8n failed: ${created.stderr}`);
	} catch (error) {
		await stop();
		throw error;
	}
	log(`Postgres (${bin}) on 127.0.0.1:${port}, data in ${data}`);
	return { port, database: 'n8n', user: 'n8n', stop };
}

/** A Redis of its own: its own config file (127.0.0.1, a free port, no RDB or AOF persistence), in the foreground. */
export async function startRedis(log: (message: string) => void = () => undefined): Promise<Service> {
	const dir = createTempDir('n8n-queue-redis-');
	const port = await findFreePortPair();
	const config = join(dir, 'redis.conf');
	const logPath = join(dir, 'redis.log');
	writeFileSync(
		config,
		[
			'bind 127.0.0.1',
			'protected-mode yes',
			`port ${port}`,
			'daemonize no',
			'save ""',
			'appendonly no',
			`dir ${dir}`,
			`logfile ${logPath}`,
			'',
		].join('\n'),
	);
	const child = spawn('redis-server', [config], { cwd: dir, detached: true, stdio: 'ignore' });
	track(child);
	const stop = () => stopChild(child, 'SIGTERM');
	try {
		await waitFor('Redis', child, logPath, () => tcpAnswers(port, 'PING\r\n', (text) => text.startsWith('+PONG')));
	} catch (error) {
		await stop();
		throw error;
	}
	log(`Redis on 127.0.0.1:${port} (no persistence)`);
	return { port, stop };
}

// ---------------------------------------------------------------------------------------------------------
// n8n in queue mode

export interface QueueModeCluster extends N8nCluster {
	webhook: N8nInstance;
	workers: N8nInstance[];
	/** starts one more worker (same settings, ports of its own) and waits until it is ready */
	addWorker(): Promise<N8nInstance>;
	postgres: PostgresService;
	redis: Service;
}

export interface QueueModeOptions {
	/** workers started with the cluster (default 2) */
	workers?: number;
	/** jobs each worker runs at once (N8N_CONCURRENCY_PRODUCTION_LIMIT on the workers); default n8n's, 10 */
	workerConcurrency?: number;
	/** more environment for every n8n process */
	env?: Record<string, string>;
	log?: (message: string) => void;
}

/** Ports taken by this process's n8n processes (each takes a pair: its own and its task-runner broker's). */
const takenPorts: number[] = [];
async function freshPortPair(): Promise<number> {
	for (;;) {
		const port = await findFreePortPair();
		if (!takenPorts.some((taken) => Math.abs(taken - port) < 2)) {
			takenPorts.push(port);
			return port;
		}
	}
}

/**
 * A queue-mode n8n for startStack's `startN8n` option: Postgres and Redis of its own, then main (`n8n start`, the
 * package installed into its user folder, which the others share), then the webhook processor and the workers in
 * parallel. Every process gets the same environment apart from its ports. stop() stops what it started, workers
 * first, Postgres last.
 */
export function queueModeN8n(options: QueueModeOptions = {}): (settings: StartN8nOptions) => Promise<QueueModeCluster> {
	return async (settings) => {
		const log = options.log ?? settings.log ?? (() => undefined);
		ensureQueueModePackages(log);
		// in start order: Postgres, Redis, main, then the webhook processor and workers
		const started: Array<{ stop(): Promise<void> }> = [];
		const stopAll = async () => {
			const [postgres, redis, main, ...others] = started.splice(0);
			await Promise.all(others.map((item) => item.stop().catch(() => undefined)));
			for (const item of [main, redis, postgres]) await item?.stop().catch(() => undefined);
		};
		try {
			const postgres = await startPostgres(log);
			started.push(postgres);
			const redis = await startRedis(log);
			started.push(redis);
			const mainPort = settings.port ?? (await freshPortPair());
			const webhookPort = await freshPortPair();
			const userFolder = settings.userFolder ?? createTempDir('n8n-queue-user-');
			const env: Record<string, string> = {
				EXECUTIONS_MODE: 'queue',
				DB_TYPE: 'postgresdb',
				DB_POSTGRESDB_HOST: '127.0.0.1',
				DB_POSTGRESDB_PORT: String(postgres.port),
				DB_POSTGRESDB_DATABASE: postgres.database,
				DB_POSTGRESDB_USER: postgres.user,
				DB_POSTGRESDB_PASSWORD: 'n8n', // trust authentication: not checked
				QUEUE_BULL_REDIS_HOST: '127.0.0.1',
				QUEUE_BULL_REDIS_PORT: String(redis.port),
				// webhooks are registered with the store at the webhook processor's address
				N8N_WEBHOOK_URL: `http://127.0.0.1:${webhookPort}/`,
				N8N_EDITOR_BASE_URL: `http://127.0.0.1:${mainPort}/`,
				N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
				OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
				N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
				N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
				// a webhook processor took more than the harness's 30 s to stop after SIGTERM (n8n's default budget is 30 s)
				N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
				...settings.env,
				...options.env,
			};
			const startProcess = (command: 'start' | 'webhook' | 'worker', port: number, name: string) =>
				startN8n({
					...settings,
					// the package is installed once, by main, into the shared user folder
					...(command === 'start' ? {} : { packageTarball: [] }),
					command,
					port,
					userFolder,
					env:
						command === 'worker' && options.workerConcurrency !== undefined
							? { ...env, N8N_CONCURRENCY_PRODUCTION_LIMIT: String(options.workerConcurrency) }
							: env,
					logPath: join(userFolder, `n8n-${name}.log`),
				});

			const main = await startProcess('start', mainPort, 'main');
			started.push(main);
			const workers: N8nInstance[] = [];
			const addWorker = async () => {
				const port = await freshPortPair();
				const worker = await startProcess('worker', port, `worker-${workers.length + 1}`);
				started.push(worker);
				workers.push(worker);
				return worker;
			};
			const workerPorts = await Promise.all(Array.from({ length: options.workers ?? 2 }, () => freshPortPair()));
			const [webhook] = await Promise.all([
				startProcess('webhook', webhookPort, 'webhook'),
				...workerPorts.map(async (port, index) => {
					const worker = await startProcess('worker', port, `worker-${index + 1}`);
					started.push(worker);
					workers.push(worker);
				}),
			]);
			started.push(webhook);
			const cluster: QueueModeCluster = {
				main,
				webhook,
				workers,
				webhookPorts: [webhookPort],
				separateWebhookProcess: true,
				addWorker,
				postgres,
				redis,
				stop: stopAll,
			};
			return cluster;
		} catch (error) {
			await stopAll();
			throw error;
		}
	};
}
