/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, no-console -- benchmarks run in Node, not inside n8n */
// `npm run bench`: counts the Specter API calls of the node pack's heavy paths against the in-process Specter
// simulator, and the WooCommerce calls of the stock template in a real n8n (scenario 8), prints them as a table and
// writes them to bench/results/latest.json. Speed is reported as call counts and ratios, never as time; the run
// fails only when an invariant behind the numbers breaks (e.g. an order created twice), so the numbers are not
// reported for behaviour that is wrong.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchResultsProblems } from './results-schema';
import { articleExportScenario } from './scenarios/article-export';
import { orderTransferScenario } from './scenarios/order-transfer';
import { retriesScenario } from './scenarios/retries';
import { stockBacklogScenario } from './scenarios/stock-backlog';
import { stockTemplateScenario } from './scenarios/stock-template';
import type { ScenarioResult, TableRow } from './support';

const RESULTS_FILE = join(__dirname, 'results', 'latest.json');

const SCENARIOS: Array<() => Promise<ScenarioResult>> = [
	articleExportScenario,
	orderTransferScenario,
	stockBacklogScenario,
	retriesScenario,
	// the stock template in a real n8n (a minute or two; installs the n8n runtime on first use)
	stockTemplateScenario,
];

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
	const results: ScenarioResult[] = [];
	for (const scenario of SCENARIOS) results.push(await scenario());

	const rows = results.flatMap((result) => result.rows);
	console.log('\nSpecter API calls (and, in 8, WooCommerce calls), counted from the simulators\' request logs\n');
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
