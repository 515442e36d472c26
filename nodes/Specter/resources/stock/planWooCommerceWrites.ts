// Stock → Plan WooCommerce Writes: the WooCommerce batch calls that set the stock of the Specter Trigger's changes
// (output "Chunks of 100 Changes") on the products and variations found for them. Pure: no request is made, here or
// to Specter; the workflow sends the calls (the stock template: n8n's HTTP Request node with the WooCommerce
// credential) and then checks the answers (Stock → Check WooCommerce Answers). The planning is planStockWrites
// (mappers/stock-to-woo.ts).
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import {
	planStockWrites,
	StockPlanError,
	WOO_BATCH_LIMIT,
	type SkippedStockChange,
	type StockChunk,
	type WooStockTarget,
} from '../../mappers/stock-to-woo';
import { showFor } from '../../shared/descriptions';
import { failedItem, toNodeError } from '../../shared/execution';
import type { StockChange } from '../../wire/types';

const displayOptions = showFor('stock', ['planWooCommerceWrites']);

export const description: INodeProperties[] = [
	{
		displayName:
			'Input: the WooCommerce products and variations found for the changes, one item each (WooCommerce → Product → Get Many, Return All, Options → SKU {{ $json.articleNos }}, with Always Output Data on). No request is made: each output item is one WooCommerce batch call, to send as POST {{ $json.body }} to {{ $json.url }} (products/batch, or products/<parent>/variations/batch for variations), at most 100 updates each. Changes left alone (not stock-managed in Specter, SKU not in this store, already written by an earlier attempt or a newer batch) are listed in "skipped" on the first item.',
		name: 'planNotice',
		type: 'notice',
		default: '',
		displayOptions,
	},
	{
		displayName: 'Stock Changes',
		name: 'stockChanges',
		type: 'json',
		required: true,
		default: "={{ $('Specter Trigger').all().map(item => item.json) }}",
		description:
			'All items of the Specter Trigger (event Stock Changed, output Chunks of 100 Changes), whatever was found for them: each carries the batch number, the attempt, when the batch was first emitted, and its changes',
		displayOptions,
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions,
		options: [
			{
				displayName: 'Max Updates per Call',
				name: 'maxPerRequest',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: WOO_BATCH_LIMIT },
				default: WOO_BATCH_LIMIT,
				description:
					"WooCommerce takes at most 100 (its filter woocommerce_rest_batch_items_limit); lower it only if the store's limit is lower",
			},
		],
	},
];

const isRecord = (value: unknown): value is IDataObject => typeof value === 'object' && value !== null && !Array.isArray(value);

function fail(context: IExecuteFunctions, message: string, description: string, itemIndex = 0): never {
	throw new NodeOperationError(context.getNode(), message, { description, itemIndex });
}

const CHUNKS_HINT =
	"Give the Specter Trigger's items, all of them, e.g. {{ $('Specter Trigger').all().map(item => item.json) }}, with the trigger's Output set to Chunks of 100 Changes.";

/** The Stock Changes parameter as chunks; anything else is an error that says how to connect the node. */
function chunksOf(context: IExecuteFunctions): StockChunk[] {
	let value = context.getNodeParameter('stockChanges', 0) as unknown;
	if (typeof value === 'string') {
		try {
			value = JSON.parse(value) as unknown;
		} catch {
			fail(context, 'Stock Changes is not JSON', CHUNKS_HINT);
		}
	}
	const list = Array.isArray(value) ? value : [value];
	return list.map((item, index) => {
		const where = `Stock Changes item ${index + 1}`;
		if (!isRecord(item)) fail(context, `${where} is not an object`, CHUNKS_HINT);
		if (item.queue !== undefined && item.queue !== 'stock') fail(context, `${where} is from the ${String(item.queue)} queue, not stock`, CHUNKS_HINT);
		const { batchNo, attempt, firstEmittedAt, changes } = item;
		if (typeof batchNo !== 'string' || batchNo === '' || !Array.isArray(changes)) {
			fail(context, `${where} is not a chunk of stock changes: it has no batchNo or no changes`, CHUNKS_HINT);
		}
		if (typeof attempt !== 'number' || !(attempt >= 1) || typeof firstEmittedAt !== 'string' || Number.isNaN(Date.parse(firstEmittedAt))) {
			fail(
				context,
				`${where} (batch ${batchNo}) has no attempt or firstEmittedAt`,
				`Only the output Chunks of 100 Changes carries them; they tell a retry from a first run. ${CHUNKS_HINT}`,
			);
		}
		return {
			batchNo,
			attempt,
			firstEmittedAt,
			acknowledged: item.acknowledged === true,
			changes: changes.map((change, changeIndex) => {
				const articleNo = isRecord(change) && typeof change.articleNo === 'string' ? change.articleNo : undefined;
				const quantity = isRecord(change) ? change.quantity : undefined;
				if (articleNo === undefined || !(quantity === null || typeof quantity === 'number')) {
					fail(context, `${where} (batch ${batchNo}), change ${changeIndex + 1}: no articleNo or quantity`, CHUNKS_HINT);
				}
				return change as unknown as StockChange;
			}),
		};
	});
}

/**
 * The products on the input items. An empty item (the look-up's Always Output Data when nothing was found) is no
 * product; an error item (a look-up that failed with Continue On Fail) stops the plan, since its SKUs would
 * otherwise count as not in the store and be acknowledged unwritten.
 */
function productsOf(context: IExecuteFunctions, items: INodeExecutionData[]): Array<{ product: WooStockTarget; itemIndex: number }> {
	const products: Array<{ product: WooStockTarget; itemIndex: number }> = [];
	items.forEach(({ json }, itemIndex) => {
		if (Object.keys(json).length === 0) return;
		if (json.error !== undefined) {
			fail(
				context,
				`The WooCommerce look-up failed: ${typeof json.error === 'string' ? json.error : JSON.stringify(json.error)}`,
				'Nothing is planned: without the look-up every SKU would count as not in the store. The batch is not acknowledged and comes again at the next poll.',
				itemIndex,
			);
		}
		if (typeof json.id !== 'number' || typeof json.sku !== 'string' || typeof json.type !== 'string') {
			fail(
				context,
				`Input item ${itemIndex + 1} is not a WooCommerce product (id, sku, type)`,
				'Connect this node after the WooCommerce node that finds the products by SKU (Product → Get Many, Options → SKU {{ $json.articleNos }}).',
				itemIndex,
			);
		}
		products.push({ product: json as unknown as WooStockTarget, itemIndex });
	});
	return products;
}

function summary(skipped: SkippedStockChange[]): string {
	const reasons: Record<string, string> = {
		notStockManaged: 'not stock-managed in Specter',
		notInStore: 'not in this store',
		alreadyWritten: 'already written',
		superseded: 'replaced by a later change',
	};
	const groups = new Map<string, string[]>();
	for (const change of skipped) groups.set(change.reason, [...(groups.get(change.reason) ?? []), change.articleNo]);
	return [...groups].map(([reason, skus]) => `${skus.length} ${reasons[reason]} (${skus.slice(0, 10).join(', ')}${skus.length > 10 ? ', …' : ''})`).join('; ');
}

/**
 * Runs once over all input items: one output item per WooCommerce batch call, paired to the products it writes,
 * with `skipped` on the first. When nothing is to be written there is no output item (so no call is made), and the
 * node's hint says what was left alone.
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	try {
		const options = this.getNodeParameter('options', 0, {}) as IDataObject;
		const found = productsOf(this, items);
		const chunks = chunksOf(this);
		let plan;
		try {
			plan = planStockWrites(
				chunks,
				found.map(({ product }) => product),
				{ maxPerRequest: typeof options.maxPerRequest === 'number' ? options.maxPerRequest : undefined },
			);
		} catch (error) {
			if (!(error instanceof StockPlanError)) throw toNodeError(this.getNode(), error, 0);
			fail(this, error.message, 'Nothing is planned; the batch is not acknowledged and comes again at the next poll.', found[error.productIndex].itemIndex);
		}
		const changeCount = chunks.reduce((sum, chunk) => sum + chunk.changes.length, 0);
		const written = plan.requests.reduce((sum, request) => sum + request.writes.length, 0);
		const skipped = plan.skipped.length > 0 ? `; left alone: ${summary(plan.skipped)}` : '';
		this.addExecutionHints?.({
			message: `${changeCount} stock changes: ${written} to write in ${plan.requests.length} WooCommerce ${plan.requests.length === 1 ? 'call' : 'calls'}${skipped}`,
			location: 'outputPane',
		});
		return plan.requests.map((request, index) => ({
			json: {
				url: request.url,
				body: request.body as unknown as IDataObject,
				writes: request.writes as unknown as IDataObject[],
				...(index === 0 ? { skipped: plan.skipped as unknown as IDataObject[] } : {}),
			},
			pairedItem: request.productIndexes.map((productIndex) => ({ item: found[productIndex].itemIndex })),
		}));
	} catch (error) {
		const itemIndex = error instanceof NodeOperationError && typeof error.context.itemIndex === 'number' ? error.context.itemIndex : 0;
		return [failedItem(this, error, itemIndex)];
	}
}
