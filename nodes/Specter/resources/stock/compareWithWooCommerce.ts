// Stock → Compare With WooCommerce: Specter's full stock (the batch Stock → Get Changes fetched after Stock → Request
// Full Resync) against every product and variation of one store. Pure: no request is made. The comparison is
// compareStock (mappers/stock-reconcile.ts); this node reads its inputs and lays out the report. For a fix, its
// summary carries what Stock → Plan WooCommerce Writes needs, so the store is written through the stock template's
// own path (products/batch and variations/batch, checked, stock marks respected).
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { compareStock, type StockDifferenceKind, type StoreStockItem } from '../../mappers/stock-reconcile';
import { showFor } from '../../shared/descriptions';
import { failedItem } from '../../shared/execution';
import type { StockChange } from '../../wire/types';

const displayOptions = showFor('stock', ['compareWithWooCommerce']);

export const description: INodeProperties[] = [
	{
		displayName:
			"Input: the items of Stock → Get Changes run right after Stock → Request Full Resync (Specter's stock of every stock-managed article). No request is made. Output: a summary item first, then one item per SKU whose stock differs: differs, missingInStore, notStockManagedInStore or missingInSpecter. The summary's stockChanges and productsToFix are what Stock → Plan WooCommerce Writes needs to write Specter's figures for the fixable ones.",
		name: 'compareNotice',
		type: 'notice',
		default: '',
		displayOptions,
	},
	{
		displayName: 'Store Products',
		name: 'storeProducts',
		type: 'json',
		required: true,
		default: "={{ $('Products and variations').all().map(item => item.json) }}",
		description:
			"Every product and variation of the store, as WooCommerce lists them (WooCommerce → Product → Get Many with Return All, and the variations of each variable product)",
		displayOptions,
	},
	{
		displayName: 'Store Name',
		name: 'storeName',
		type: 'string',
		default: '',
		description: 'Put on every output item (field "store"), so reports of several stores can be told apart',
		displayOptions,
	},
];

const isRecord = (value: unknown): value is IDataObject => typeof value === 'object' && value !== null && !Array.isArray(value);

function fail(context: IExecuteFunctions, message: string, description: string, itemIndex = 0): never {
	throw new NodeOperationError(context.getNode(), message, { description, itemIndex });
}

const INPUT_HINT =
	'Connect this node after Specter → Stock → Get Changes (one item per change, or One Item Per Batch), run right after Stock → Request Full Resync.';

function parseJson(context: IExecuteFunctions, value: unknown, name: string): unknown {
	if (typeof value !== 'string') return value;
	try {
		return JSON.parse(value) as unknown;
	} catch {
		return fail(context, `${name} is not JSON`, 'Give the list of products and variations, e.g. {{ $(\'Products and variations\').all().map(item => item.json) }}.');
	}
}

function changeOf(context: IExecuteFunctions, value: unknown, itemIndex: number): StockChange {
	if (!isRecord(value) || typeof value.articleNo !== 'string' || !(value.quantity === null || typeof value.quantity === 'number')) {
		fail(context, `Input item ${itemIndex + 1} holds a stock change without articleNo or quantity`, INPUT_HINT, itemIndex);
	}
	return value as unknown as StockChange;
}

/** The batch and its changes from the Get Changes items; an empty item (Always Output Data, empty queue) holds none. */
function specterStockOf(context: IExecuteFunctions, items: INodeExecutionData[]) {
	const changes: StockChange[] = [];
	const batchNos = new Set<string>();
	let recovered = false;
	items.forEach(({ json }, itemIndex) => {
		if (Object.keys(json).length === 0) return;
		if (json.error !== undefined) {
			fail(context, `Fetching Specter's stock failed: ${typeof json.error === 'string' ? json.error : JSON.stringify(json.error)}`, 'Nothing is compared.', itemIndex);
		}
		if (json.queue !== 'stock' || typeof json.batchNo !== 'string') {
			fail(context, `Input item ${itemIndex + 1} is not from Specter's stock queue`, INPUT_HINT, itemIndex);
		}
		batchNos.add(json.batchNo);
		if (json.recovered === true) recovered = true;
		if (Array.isArray(json.changes)) changes.push(...json.changes.map((change) => changeOf(context, change, itemIndex)));
		else changes.push(changeOf(context, json, itemIndex));
	});
	if (batchNos.size > 1) {
		fail(context, `The input holds changes of ${batchNos.size} Specter batches (${[...batchNos].join(', ')})`, `Compare one batch at a time. ${INPUT_HINT}`);
	}
	return { changes, batchNo: batchNos.size === 1 ? [...batchNos][0] : null, recovered };
}

function storeItemsOf(context: IExecuteFunctions): StoreStockItem[] {
	const value = parseJson(context, context.getNodeParameter('storeProducts', 0), 'Store Products');
	const list = Array.isArray(value) ? value : [value];
	return list.flatMap((item, index) => {
		if (isRecord(item) && Object.keys(item).length === 0) return [];
		if (!isRecord(item) || typeof item.id !== 'number') {
			return fail(
				context,
				`Store Products item ${index + 1} is not a WooCommerce product or variation (no id)`,
				"Give the products and variations exactly as WooCommerce lists them, e.g. {{ $('Products and variations').all().map(item => item.json) }}.",
			);
		}
		return [item as unknown as StoreStockItem];
	});
}

const KINDS: StockDifferenceKind[] = ['differs', 'missingInStore', 'notStockManagedInStore', 'missingInSpecter'];

/**
 * Runs once over all input items. Output, all paired to the first input item: the summary, then one item per
 * difference (sorted by SKU).
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	try {
		const store = String(this.getNodeParameter('storeName', 0, '')).trim();
		const specter = specterStockOf(this, items);
		const storeItems = storeItemsOf(this);
		const comparison = compareStock(specter.changes, storeItems);
		const byKind = Object.fromEntries(KINDS.map((kind) => [kind, comparison.differences.filter((difference) => difference.kind === kind).length]));
		const toWrite = comparison.fix.changes.length;
		const notes: string[] = [];
		if (specter.batchNo === null) notes.push("Specter's stock queue was empty: nothing came back for the resync, so every stock-managed SKU of the store counts as missing in Specter.");
		if (specter.recovered) {
			notes.push(
				`Specter handed out batch ${specter.batchNo}, which was open before this fetch (bound by the stock workflow, or left open by an earlier report): its figures may predate the resync, so do not write them from here; run again once the stock workflow has acknowledged it.`,
			);
		}
		const summary: IDataObject = {
			kind: 'summary',
			store,
			batchNo: specter.batchNo,
			recovered: specter.recovered,
			specterArticles: comparison.specterArticles,
			storeItems: comparison.storeItems,
			matching: comparison.matching,
			differences: comparison.differences.length,
			byKind,
			toWrite,
			notStockManagedInSpecter: comparison.notStockManagedInSpecter,
			notes,
			// Stock → Plan WooCommerce Writes: the fixable changes as one chunk, first emitted now (after the fetch, before
			// any acknowledgement, so a later batch's figures are newer by their stock marks) and at its last attempt.
			stockChanges:
				specter.batchNo === null
					? []
					: [
							{
								queue: 'stock',
								batchNo: specter.batchNo,
								attempt: 1,
								firstEmittedAt: new Date().toISOString(),
								acknowledged: false,
								changes: comparison.fix.changes as unknown as IDataObject[],
							},
						],
			productsToFix: comparison.fix.targets as unknown as IDataObject[],
		};
		this.addExecutionHints?.({
			message: `${store === '' ? 'Store' : store}: ${comparison.matching} SKUs match Specter, ${comparison.differences.length} differ (${KINDS.map((kind) => `${byKind[kind]} ${kind}`).join(', ')}); ${toWrite} can be fixed by writing Specter's figure`,
			location: 'outputPane',
		});
		return [
			summary,
			...comparison.differences.map((difference) => ({ store, batchNo: specter.batchNo, ...difference }) as IDataObject),
		].map((json) => ({ json, pairedItem: { item: 0 } }));
	} catch (error) {
		const itemIndex = error instanceof NodeOperationError && typeof error.context.itemIndex === 'number' ? error.context.itemIndex : 0;
		return [failedItem(this, error, itemIndex)];
	}
}
