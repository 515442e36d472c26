// Stock → Check WooCommerce Answers: reads WooCommerce's answer to each batch call that Stock → Plan WooCommerce
// Writes planned (sent by n8n's HTTP Request node) and decides what becomes of the batch. Pure: no request is made.
//
// WooCommerce answers a batch call with HTTP 200 and one entry per item, an error as `{id, error}`, so a refused
// product does not make the HTTP Request fail: this is where it is noticed. While the batch has attempts left, the
// node fails the run, naming every SKU with its stock and WooCommerce's answer; the batch is then not acknowledged,
// comes again at the next poll, and what was written is not written again. At the last attempt the refused changes
// are given up: output in `notWritten` with an `alert` text, so the workflow acknowledges the batch and then reports
// them. A call that failed as a whole (no answer, an HTTP error) is never given up.
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import {
	checkStockWriteAnswer,
	DEFAULT_GIVE_UP_AFTER_ATTEMPTS,
	stockGiveUpMessage,
	stockRetryMessage,
	type PlannedStockWrite,
	type StockWriteAnswer,
	type StockWriteFailure,
} from '../../mappers/stock-to-woo';
import { showFor } from '../../shared/descriptions';
import { errorItem, toNodeError } from '../../shared/execution';

const displayOptions = showFor('stock', ['checkWooCommerceAnswers']);

export const description: INodeProperties[] = [
	{
		displayName:
			"Input: the answers of the HTTP Request that sent the planned calls, with Include Response Headers and Status and Never Error on (so WooCommerce's own error reaches this node) and On Error: Continue. No request is made. A SKU WooCommerce did not take fails the run, naming SKU, stock and WooCommerce's answer, so the batch is not acknowledged and comes again; at the last attempt it is given up instead: listed in notWritten, with the alert text in alert.",
		name: 'checkNotice',
		type: 'notice',
		default: '',
		displayOptions,
	},
	{
		displayName: 'Planned Call',
		name: 'plannedCall',
		type: 'json',
		required: true,
		default: '',
		placeholder: "={{ $('Plan stock writes').item.json }}",
		description: 'The item of Stock → Plan WooCommerce Writes this answer belongs to (its writes name SKU, stock and attempt)',
		displayOptions,
	},
	{
		displayName: 'Give Up After Attempts',
		name: 'giveUpAfterAttempts',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: DEFAULT_GIVE_UP_AFTER_ATTEMPTS,
		description:
			'At this attempt of a batch (the trigger emits a batch again at every poll until it is acknowledged), SKUs WooCommerce still refuses are given up and reported, and the rest of the queue goes on. With a poll every minute, 5 attempts take about 5 minutes.',
		displayOptions,
	},
];

const isRecord = (value: unknown): value is IDataObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The planned writes of the Planned Call parameter for item `itemIndex`. */
function writesOf(context: IExecuteFunctions, itemIndex: number): { url: string; writes: PlannedStockWrite[] } {
	let value = context.getNodeParameter('plannedCall', itemIndex, '') as unknown;
	if (typeof value === 'string' && value.trim() !== '') {
		try {
			value = JSON.parse(value) as unknown;
		} catch {
			value = undefined;
		}
	}
	if (!isRecord(value) || !Array.isArray(value.writes) || typeof value.url !== 'string') {
		throw new NodeOperationError(context.getNode(), 'Planned Call is not an item of Stock → Plan WooCommerce Writes', {
			description: "Set Planned Call to the plan item this answer belongs to, e.g. {{ $('Plan stock writes').item.json }}.",
			itemIndex,
		});
	}
	return { url: value.url, writes: value.writes as unknown as PlannedStockWrite[] };
}

/** What the HTTP Request node output: a full response, an error item (On Error: Continue), or the body itself. */
function answerOf(json: IDataObject): StockWriteAnswer {
	if (typeof json.statusCode === 'number' && 'body' in json) return { statusCode: json.statusCode, body: json.body };
	if (json.error !== undefined && Object.keys(json).every((key) => key === 'error' || key === 'details')) {
		const error = json.error;
		const message = isRecord(error) ? String(error.message ?? error.description ?? JSON.stringify(error)) : String(error);
		return { transportError: message };
	}
	return { body: json };
}

const failureJson = (failure: StockWriteFailure): IDataObject => ({
	articleNo: failure.articleNo,
	quantity: failure.quantity,
	productId: failure.productId,
	parentId: failure.parentId,
	batchNo: failure.batchNo,
	attempt: failure.attempt,
	code: failure.code,
	message: failure.message,
	status: failure.status,
});

const RETRY_DESCRIPTION =
	'The batch is not acknowledged: the trigger emits it again at its next poll, and what WooCommerce took now is not written again (product meta _specter_stock_emitted_at). SKUs WooCommerce itself refuses are given up at the attempt set in Give Up After Attempts, then reported while the rest of the queue goes on; a call that failed as a whole (WooCommerce unreachable, an HTTP error) is tried again until it goes through.';

/**
 * One output item per answer, paired: `{url, written, notWritten, alert}`. Changes to be tried again fail the
 * node with one error naming all of them (with Continue On Fail: an error item for each answer that has some).
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const giveUpAfter = this.getNodeParameter('giveUpAfterAttempts', 0, DEFAULT_GIVE_UP_AFTER_ATTEMPTS) as number;
	const output: INodeExecutionData[] = [];
	const retries: Array<{ itemIndex: number; failures: StockWriteFailure[] }> = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const { url, writes } = writesOf(this, itemIndex);
			const outcome = checkStockWriteAnswer(writes, answerOf(items[itemIndex].json), giveUpAfter);
			const givenUp = outcome.failed.filter((failure) => failure.givenUp);
			const again = outcome.failed.filter((failure) => !failure.givenUp);
			if (again.length > 0) retries.push({ itemIndex, failures: again });
			output.push({
				json: {
					url,
					written: outcome.written.map((write) => ({ articleNo: write.articleNo, quantity: write.quantity, productId: write.productId })),
					notWritten: givenUp.map(failureJson),
					alert: givenUp.length > 0 ? stockGiveUpMessage(givenUp) : '',
				},
				pairedItem: { item: itemIndex },
			});
		} catch (error) {
			const nodeError = toNodeError(this.getNode(), error, itemIndex);
			if (!this.continueOnFail()) throw nodeError;
			output.push(errorItem(nodeError, itemIndex));
		}
	}
	if (retries.length === 0) return output;
	if (!this.continueOnFail()) {
		throw retryError(this, retries.flatMap((retry) => retry.failures), retries[0].itemIndex);
	}
	for (const { itemIndex, failures } of retries) {
		const at = output.findIndex((item) => (item.pairedItem as { item: number }).item === itemIndex);
		// `failed`, not `notWritten`: these are not given up, the batch must not be acknowledged
		output[at] = errorItem(retryError(this, failures, itemIndex), itemIndex, { failed: failures.map(failureJson) });
	}
	return output;
}

function retryError(context: IExecuteFunctions, failures: StockWriteFailure[], itemIndex: number): NodeOperationError {
	const message = stockRetryMessage(failures);
	const error = new NodeOperationError(context.getNode(), message, { description: RETRY_DESCRIPTION, itemIndex });
	// n8n swaps a message naming a Node.js error code (ECONNREFUSED in WooCommerce's transport error) for a generic one
	error.message = message;
	return error;
}
