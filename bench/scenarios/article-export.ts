// Scenario 1: Article → Export From WooCommerce with 250 products. How many newArticleSubmit calls batching saves
// (Batch Size 100, the default, against 1), and whether New Only and All cost the same number of calls.
import type { IDataObject } from 'n8n-workflow';
import { loadProduct } from '../../test/mappers/fixtures';
import { type ScenarioResult, check, jsonOf, measured, ratioLabel, withSimulator } from '../support';

const PRODUCT_COUNT = 250;
/** For the mode comparison: every fifth generated product already exists in Specter. */
const EXISTING_EVERY = 5;
const EXPORT = { resource: 'article', operation: 'exportFromWooCommerce' };

/**
 * `count` products cloned from the two simple product fixtures in turn (25 % and 12 % VAT, with and without
 * managed stock), each with its own id and SKU so that every one becomes its own article.
 */
function generatedProducts(count: number): IDataObject[] {
	const templates = [loadProduct('product-simple.json'), loadProduct('product-reduced-rate.json')];
	return Array.from({ length: count }, (_, i) => {
		const template = templates[i % templates.length];
		const product = JSON.parse(JSON.stringify(template)) as IDataObject;
		product.id = 20001 + i;
		product.sku = `${template.sku}-${String(i + 1).padStart(3, '0')}`;
		product.name = `${template.name} #${i + 1}`;
		return product;
	});
}

interface ExportRun {
	calls: number;
	rowsPerCall: number[];
	exported: number;
	created: number;
	updated: number;
	untouched: number;
}

/** One export on a fresh simulator, optionally with some of the products' SKUs already in Specter. */
async function runExport(parameters: Record<string, unknown>, existingSkus: string[] = []): Promise<ExportRun> {
	const products = generatedProducts(PRODUCT_COUNT);
	return withSimulator({}, async (bench) => {
		for (const articleNo of existingSkus) await bench.control('articles', { articleNo, name: `Specter ${articleNo}`, stock: 5 });
		const { result: output, calls } = await measured(bench, () => bench.runSpecter(() => ({ ...EXPORT, ...parameters }), products));
		const submissions = (await bench.state()).articleSubmissions;
		const total = (key: 'created' | 'updated' | 'untouched') => submissions.reduce((sum, submission) => sum + submission[key].length, 0);
		return {
			calls: calls.length,
			rowsPerCall: calls.filter((call) => call.action === 'newArticleSubmit').map((call) => call.rows ?? 0),
			exported: jsonOf(output).filter((item) => typeof item.articleNo === 'string').length,
			created: total('created'),
			updated: total('updated'),
			untouched: total('untouched'),
		};
	});
}

export async function articleExportScenario(): Promise<ScenarioResult> {
	const batched = await runExport({});
	const single = await runExport({ batchSize: 1 });

	const existing = generatedProducts(PRODUCT_COUNT)
		.filter((_, i) => (i + 1) % EXISTING_EVERY === 0)
		.map((product) => String(product.sku));
	const newOnly = await runExport({ mode: 'newOnly' }, existing);
	const all = await runExport({ mode: 'all' }, existing);

	const rowsLabel = (rows: number[]) => rows.join(' + ');
	return {
		id: 'articleExport',
		title: `Article → Export From WooCommerce, ${PRODUCT_COUNT} products`,
		rows: [
			{
				scenario: `1a Export ${PRODUCT_COUNT} products, batch size 100 (default)`,
				calls: batched.calls,
				ratioOrNotes: `rows per call ${rowsLabel(batched.rowsPerCall)}`,
			},
			{
				scenario: `1b Export ${PRODUCT_COUNT} products, batch size 1`,
				calls: single.calls,
				ratioOrNotes: `${ratioLabel(single.calls, batched.calls)} the calls of batch size 100`,
			},
			{
				scenario: `1c New Only, ${existing.length} of ${PRODUCT_COUNT} already in Specter`,
				calls: newOnly.calls,
				ratioOrNotes: `created ${newOnly.created}, left alone ${newOnly.untouched}`,
			},
			{
				scenario: `1d All, ${existing.length} of ${PRODUCT_COUNT} already in Specter`,
				calls: all.calls,
				ratioOrNotes: `created ${all.created}, updated ${all.updated}; ${ratioLabel(all.calls, newOnly.calls)} the calls of New Only`,
			},
		],
		metrics: {
			products: PRODUCT_COUNT,
			batchSize100: batched,
			batchSize1: single,
			callRatioBatch1ToBatch100: single.calls / batched.calls,
			existingBeforeModeRuns: existing.length,
			newOnly,
			all,
			callRatioAllToNewOnly: all.calls / newOnly.calls,
		},
		checks: [
			check('batch size 100: every product exported', PRODUCT_COUNT, batched.exported),
			check('batch size 100: only newArticleSubmit calls', batched.calls, batched.rowsPerCall.length),
			check('batch size 1: every product exported', PRODUCT_COUNT, single.exported),
			check('New Only: existing articles left alone', existing.length, newOnly.untouched),
			check('All: existing articles updated', existing.length, all.updated),
			check('New Only and All create the same new articles', newOnly.created, all.created),
		],
	};
}
