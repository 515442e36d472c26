/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, no-console -- benchmarks run in Node, not inside n8n */
// `npm run bench`: two parts, side by side in one table and one bench/results/latest.json.
// - node: counts the Specter API calls of the node pack's heavy paths against the in-process Specter simulator
//   (about 10 s);
// - real: the shipped templates in a real n8n 2.41 (bench/real/scenarios.ts): order latency and throughput, calls
//   per order and per repeated delivery, a 10 000-product export against a plain script and n8n's memory, 10 000
//   stock changes (several minutes).
// `npm run bench -- --only node` or `--only real` runs one part; `--products N`, `--orders N`, `--duplicate-orders N`
// and `--stock-changes N` size the real part. Times and memory are reported, never asserted; the run fails only when
// an invariant behind the numbers breaks (e.g. an order created twice), so no numbers are reported for wrong
// behaviour.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { benchResultsProblems } from './results-schema';
import { articleExportScenario } from './scenarios/article-export';
import { orderTransferScenario } from './scenarios/order-transfer';
import { retriesScenario } from './scenarios/retries';
import { stockBacklogScenario } from './scenarios/stock-backlog';
import { stockTemplateScenario } from './scenarios/stock-template';
import { DEFAULT_REAL_OPTIONS, realN8nScenarios } from './real/scenarios';
import type { ScenarioResult, TableRow } from './support';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS helper shared with jest's setup
const { ensureBuild } = require('../test/jest-support/ensure-build') as { ensureBuild(): void };

const RESULTS_FILE = join(__dirname, 'results', 'latest.json');
const PARTS = ['node', 'real'] as const;
type Part = (typeof PARTS)[number];

const NODE_SCENARIOS: Array<() => Promise<ScenarioResult>> = [
	articleExportScenario,
	orderTransferScenario,
	stockBacklogScenario,
	retriesScenario,
];

function argument(name: string): string | undefined {
	const index = process.argv.indexOf(`--${name}`);
	return index < 0 ? undefined : process.argv[index + 1];
}

function size(name: string, fallback: number): number {
	const value = argument(name);
	if (value === undefined) return fallback;
	const number = Number(value);
	if (!Number.isInteger(number) || number < 1) throw new Error(`--${name} takes a whole number above 0, got ${value}`);
	return number;
}

function parts(): Part[] {
	const only = argument('only');
	if (only === undefined) return [...PARTS];
	if (!(PARTS as readonly string[]).includes(only)) throw new Error(`--only takes ${PARTS.join(' or ')}, got ${only}`);
	return [only as Part];
}

/** A Markdown table, readable in a terminal and pasteable into bench/README.md as it is. */
function markdownTable(rows: TableRow[]): string {
	const cells = [['Scenario', 'Calls', 'Ratio / notes'], ...rows.map((row) => [row.scenario, String(row.calls), row.ratioOrNotes])];
	const widths = cells[0].map((_, column) => Math.max(...cells.map((line) => line[column].length)));
	const line = (values: string[]) =>
		`| ${values.map((value, column) => (column === 1 ? value.padStart(widths[column]) : value.padEnd(widths[column]))).join(' | ')} |`;
	const rule = `|${widths.map((width, column) => (column === 1 ? `${'-'.repeat(width + 1)}:` : '-'.repeat(width + 2))).join('|')}|`;
	return [line(cells[0]), rule, ...cells.slice(1).map(line)].join('\n');
}

async function main(): Promise<void> {
	const started = Date.now();
	const loadAverageAtStart = loadavg().map((value) => Math.round(value * 100) / 100);
	const log = (message: string) => console.log(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}`);
	const run = parts();
	const results: ScenarioResult[] = [];
	if (run.includes('node')) for (const scenario of NODE_SCENARIOS) results.push(await scenario());
	if (run.includes('real')) {
		ensureBuild();
		const options = {
			products: size('products', DEFAULT_REAL_OPTIONS.products),
			orders: size('orders', DEFAULT_REAL_OPTIONS.orders),
			duplicateOrders: size('duplicate-orders', DEFAULT_REAL_OPTIONS.duplicateOrders),
			stockChanges: size('stock-changes', DEFAULT_REAL_OPTIONS.stockChanges),
			log,
		};
		results.push(...(await realN8nScenarios(options)));
		// scenario 8: the stock template's WooCommerce calls for a 1 000-change backlog, on a stack of its own
		results.push(await stockTemplateScenario());
	}

	const rows = results.flatMap((result) => result.rows);
	console.log(`\nParts: ${run.join(', ')}. Calls counted from the simulators' request logs; times measured, not asserted\n`);
	console.log(markdownTable(rows));

	const failed = results.flatMap((result) => result.checks.filter((item) => !item.ok).map((item) => ({ scenario: result.id, ...item })));
	const checkCount = results.reduce((sum, result) => sum + result.checks.length, 0);
	console.log(`\nInvariants: ${checkCount - failed.length}/${checkCount} hold`);
	for (const item of failed) {
		console.log(`  FAILED ${item.scenario}: ${item.name}: expected ${JSON.stringify(item.expected)}, got ${JSON.stringify(item.actual)}`);
	}

	const report = {
		generatedAt: new Date().toISOString(),
		node: process.version,
		parts: run,
		machine: { cpus: cpus().length, loadAverageAtStart, loadAverageAtEnd: loadavg().map((value) => Math.round(value * 100) / 100) },
		tookMs: Date.now() - started,
		table: rows,
		scenarios: results.map(({ id, title, metrics, checks }) => ({ id, title, metrics, checks })),
		invariantsHold: failed.length === 0,
	};
	// The file's shape is bench/results-schema.ts; a report that does not fit it is not written (as JSON text, so
	// what is checked is exactly what would be in the file).
	const json = `${JSON.stringify(report, null, 2)}\n`;
	const problems = benchResultsProblems(JSON.parse(json));
	if (problems.length > 0) {
		console.error(`\nNot writing ${RESULTS_FILE}: the report does not fit bench/results-schema.ts:\n  ${problems.join('\n  ')}`);
		process.exitCode = 1;
		return;
	}
	mkdirSync(join(__dirname, 'results'), { recursive: true });
	writeFileSync(RESULTS_FILE, json);
	console.log(`Wrote ${RESULTS_FILE} (checked against bench/results-schema.ts)`);
	if (failed.length > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
