/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- benchmarks run in Node, not inside n8n */
// What the real-n8n benchmarks (bench/real/*.ts) and `npm run scale` share: the memory of n8n's process read from
// /proc, a tap on the WooCommerce simulator's request log (which itself keeps only the last 500), execution counts
// read from n8n's public API without their data, and small statistics. Times are measured and reported here, never
// asserted.
import { readFileSync, readdirSync } from 'node:fs';
import type { N8nInstance } from '../../test/e2e/harness';
import type { WooSimulator } from '../../test/simulators/woocommerce/server';

export const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

// ---- statistics ------------------------------------------------------------------------------------------------

/** The p-th percentile (0-100) by the nearest-rank method; NaN for no values. */
export function percentile(values: number[], p: number): number {
	if (values.length === 0) return Number.NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
	return sorted[rank - 1];
}

export const median = (values: number[]) => percentile(values, 50);

/** Rounds to `digits` decimals (for figures in the JSON: 12.35, not 12.345678). */
export function round(value: number, digits = 1): number {
	const factor = 10 ** digits;
	return Math.round(value * factor) / factor;
}

// ---- memory of n8n's process -------------------------------------------------------------------------------------

export interface MemoryReading {
	/** resident set size now, MiB */
	rssMb: number;
	/** the process's peak resident set size since it started (VmHWM), MiB */
	peakRssMb: number;
}

function statusField(status: string, field: string): number {
	const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
	if (!match) throw new Error(`/proc status has no ${field}`);
	return Number(match[1]) / 1024;
}

export function memoryOf(pid: number): MemoryReading {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	return { rssMb: statusField(status, 'VmRSS'), peakRssMb: statusField(status, 'VmHWM') };
}

/**
 * The pid of the n8n process itself (`node …/n8n/bin/n8n start|webhook|worker`) in the process group the harness
 * started: the group also holds the supervisor and n8n's JavaScript task runner, which are not counted.
 */
export function n8nProcessId(instance: Pick<N8nInstance, 'pid'>): number {
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
			// pid (comm) state ppid pgrp …; comm may contain spaces, so read after the last ')'
			const pgrp = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
			if (pgrp !== instance.pid) continue;
			// node …/n8n/bin/n8n start (the supervisor's own script is argv[1] of its process, with n8n's path after it)
			const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
			if (argv[1]?.endsWith('/n8n/bin/n8n')) return Number(entry);
		} catch {
			// the process ended while we looked
		}
	}
	throw new Error(`no n8n process found in process group ${instance.pid}`);
}

/** Samples a process's resident set size every `intervalMs` until stopped; the peak also comes from VmHWM. */
export class RssSampler {
	private readonly samples: number[] = [];
	private readonly timer: NodeJS.Timeout;
	private readonly peakBefore: number;

	constructor(
		private readonly pid: number,
		intervalMs = 100,
	) {
		this.peakBefore = memoryOf(pid).peakRssMb;
		this.timer = setInterval(() => {
			try {
				this.samples.push(memoryOf(pid).rssMb);
			} catch {
				// the process is gone; stop() reports what was seen
			}
		}, intervalMs);
	}

	/** The highest resident set size while sampling: VmHWM when it rose meanwhile (exact), else the highest sample. */
	stop(): { peakRssMb: number; samples: number } {
		clearInterval(this.timer);
		const peakAfter = memoryOf(this.pid).peakRssMb;
		const sampled = Math.max(0, ...this.samples);
		return { peakRssMb: peakAfter > this.peakBefore ? Math.max(peakAfter, sampled) : sampled, samples: this.samples.length };
	}
}

// ---- WooCommerce calls ---------------------------------------------------------------------------------------------

export interface WooCall {
	method: string;
	path: string;
	/** the query string with its leading '?', or '' */
	query: string;
	status: number;
	/** for batch requests: items created + updated + deleted */
	batchItems?: number;
}

/** Items in a batch request, when the simulator's log says (`batch: {create, update, delete}`). */
function batchItems(entry: object): { batchItems?: number } {
	const batch = (entry as { batch?: { create?: number; update?: unknown[]; delete?: unknown[] } }).batch;
	if (!batch) return {};
	return { batchItems: (batch.create ?? 0) + (batch.update?.length ?? 0) + (batch.delete?.length ?? 0) };
}

/**
 * Every REST request the WooCommerce simulator logs from now on, without its 500-entry limit: the simulator pushes
 * each log entry onto its live `state.requests` array, and this wraps that array's push. Detach when done.
 * `intact()` says whether the tap still sees the log (a control-API reset replaces the state).
 */
export function tapWooRequests(woo: WooSimulator): { calls: WooCall[]; intact(): boolean; detach(): void } {
	const log = woo.state.requests;
	const calls: WooCall[] = [];
	const push = log.push;
	const tap = function (this: typeof log, ...entries: typeof log) {
		for (const entry of entries) {
			calls.push({
				method: entry.method,
				path: entry.path,
				query: entry.query,
				status: entry.status,
				...batchItems(entry),
			});
		}
		return push.apply(this, entries);
	};
	Object.defineProperty(log, 'push', { value: tap, configurable: true, writable: true });
	return {
		calls,
		intact: () => woo.state.requests === log && log.push === tap,
		detach: () => {
			delete (log as { push?: unknown }).push;
		},
	};
}

// ---- n8n executions --------------------------------------------------------------------------------------------------

export interface ExecutionSummary {
	id: string;
	status: string;
	mode: string;
	startedAt: string;
	stoppedAt: string | null;
}

/** Every execution of a workflow, without data (cheap even for thousands), oldest first. */
export async function executionsOf(n8n: N8nInstance, workflowId: string): Promise<ExecutionSummary[]> {
	const executions: ExecutionSummary[] = [];
	let cursor: string | undefined;
	do {
		const query = new URLSearchParams({ workflowId, includeData: 'false', limit: '250' });
		if (cursor) query.set('cursor', cursor);
		const page = await n8n.api<{ data: ExecutionSummary[]; nextCursor?: string | null }>('GET', `/executions?${query}`);
		executions.push(...page.data);
		cursor = page.nextCursor ?? undefined;
	} while (cursor);
	return executions.sort((a, b) => Number(a.id) - Number(b.id));
}

export function countBy<T>(items: T[], key: (item: T) => string): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
	return counts;
}
