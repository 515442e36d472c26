// Istanbul report (listed in jest.config.js coverageReporters): one row per source folder — lines,
// statements, branches and functions covered — instead of one row per file.
'use strict';

const { dirname, join, relative, sep } = require('node:path');

const root = join(__dirname, '..', '..');
const METRICS = ['lines', 'statements', 'branches', 'functions'];

const percent = ({ covered, total }) => (total === 0 ? '100.00' : ((100 * covered) / total).toFixed(2));

class CoverageByFolder {
	execute(context) {
		const folders = new Map();
		const add = (folder, summary) => {
			const row = folders.get(folder) ?? { files: 0, ...Object.fromEntries(METRICS.map((m) => [m, { covered: 0, total: 0 }])) };
			row.files += 1;
			for (const metric of METRICS) {
				row[metric].covered += summary[metric].covered;
				row[metric].total += summary[metric].total;
			}
			folders.set(folder, row);
		};
		context.getTree('flat').visit({
			onDetail(node) {
				const summary = node.getCoverageSummary();
				add(relative(root, dirname(node.getFileCoverage().path)).split(sep).join('/') || '.', summary);
				add('All files', summary);
			},
		});
		const total = folders.get('All files');
		folders.delete('All files');
		const rows = [...[...folders.entries()].sort(([a], [b]) => a.localeCompare(b)), ['All files', total]].filter(
			([, row]) => row,
		);
		const header = ['Folder', 'Files', '% Lines', '% Stmts', '% Branch', '% Funcs', 'Lines covered'];
		const cells = rows.map(([folder, row]) => [
			folder,
			String(row.files),
			...METRICS.map((metric) => percent(row[metric])),
			`${row.lines.covered}/${row.lines.total}`,
		]);
		const widths = header.map((title, i) => Math.max(title.length, ...cells.map((cell) => cell[i].length)));
		const line = (cell) => cell.map((value, i) => (i === 0 ? value.padEnd(widths[i]) : value.padStart(widths[i]))).join(' | ');
		const rule = widths.map((width) => '-'.repeat(width)).join('-|-');
		const table = [rule, line(header), rule, ...cells.slice(0, -1).map(line), rule, ...cells.slice(-1).map(line), rule];
		process.stdout.write(`\nCoverage per folder\n${table.join('\n')}\n`);
	}
}

module.exports = CoverageByFolder;
