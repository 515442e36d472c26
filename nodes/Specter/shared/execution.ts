// n8n's item handling for the Specter node: the per-item loop with continueOnFail and pairedItem, and the
// translation of wire-layer and mapping errors into NodeOperationError / NodeApiError.
//
// Errors are rebuilt from plain values, never from the original error object: a transport error can carry the
// request (whose URL holds the signed key) as its cause, and n8n shows causes in the error details.
import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { ProductMappingError, WooMappingError } from '../mappers';
import type { SpecterClient } from '../wire';
import {
	SpecterApiError,
	SpecterError,
	SpecterNetworkError,
	SpecterProtocolError,
	SpecterValidationError,
} from '../wire';
import { sanitizedExcerpt } from '../wire/responses';

/** One operation of the node: gets all input items, returns all output items (each paired). */
export type OperationHandler = (
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	client: SpecterClient,
) => Promise<INodeExecutionData[]>;

/** What an error message says the failed item was, and what its error item carries besides the error. */
export interface ItemLabel {
	/** e.g. `WooCommerce order 1234`, `SKU ABC-1`; prefixes validation messages */
	subject?: string;
	/** merged into the continueOnFail error item */
	details?: IDataObject;
}

function withSubject(subject: string | undefined, message: string): string {
	return subject ? `${subject}: ${message}` : message;
}

function validationDescription(error: SpecterValidationError): string {
	const row = error.row === undefined ? '' : ` on row ${error.row}`;
	const wire = error.wireName ? ` (sent to Specter as ${error.wireName})` : '';
	return `Field "${error.field}"${row}${wire}. Nothing was sent to Specter; correct the value and run again.`;
}

function mappingDescription(error: WooMappingError): string {
	const line = error.lineIndex === undefined ? '' : `, line ${error.lineIndex + 1}`;
	return `WooCommerce order ${error.orderNumber}${line}, field "${error.field}". Nothing was sent to Specter; correct the order or the node's mapping settings and run again.`;
}

function productDescription(error: ProductMappingError): string {
	return `WooCommerce product ${error.productId} (SKU "${error.sku}"), field "${error.field}". Nothing was sent for this product; correct the product or the node's store settings and run again.`;
}

function specterDescription(error: SpecterError): string {
	const parts = [`Specter action: ${error.action ?? 'unknown'}`];
	if (error.code !== undefined) parts.push(`code: ${error.code}`);
	if (error instanceof SpecterApiError) parts.push(`Specter's message: ${error.specterMessage}`);
	return parts.join('; ');
}

/**
 * n8n-workflow (NodeError.setDescriptiveErrorMessage) replaces a message that contains a Node.js error code such as
 * ECONNRESET, ECONNREFUSED or EPERM anywhere in its text with a generic sentence ("The connection to the server was
 * closed unexpectedly, perhaps it is offline…"), even a message passed explicitly: ours would lose the item, the
 * action and the attempts, and an SKU like "EPERM-1" would read "Operation not permitted". The message is set back.
 */
function keepingMessage<E extends NodeApiError | NodeOperationError>(error: E, message: string): E {
	if (error.message !== message) error.message = message;
	return error;
}

/** The n8n error for anything an operation threw; secrets cannot leak because nothing is passed through raw. */
export function toNodeError(
	node: INode,
	error: unknown,
	itemIndex: number,
	label: ItemLabel = {},
): NodeApiError | NodeOperationError {
	// the node's own errors, built from plain values already
	if (error instanceof NodeOperationError) {
		error.context.itemIndex = itemIndex;
		return error;
	}
	if (error instanceof SpecterValidationError) {
		const message = withSubject(label.subject, error.message);
		return keepingMessage(
			new NodeOperationError(node, message, { description: validationDescription(error), itemIndex }),
			message,
		);
	}
	if (error instanceof WooMappingError) {
		return keepingMessage(
			new NodeOperationError(node, error.message, { description: mappingDescription(error), itemIndex }),
			error.message,
		);
	}
	if (error instanceof ProductMappingError) {
		return keepingMessage(
			new NodeOperationError(node, error.message, { description: productDescription(error), itemIndex }),
			error.message,
		);
	}
	if (error instanceof SpecterError) {
		const httpCode =
			error instanceof SpecterNetworkError || error instanceof SpecterProtocolError
				? error.statusCode
				: undefined;
		const response: JsonObject = { message: error.message, specterAction: error.action ?? null };
		if (error instanceof SpecterApiError) {
			response.specterCode = error.code ?? null;
			response.specterMessage = error.specterMessage;
		}
		const message = withSubject(label.subject, error.message);
		return keepingMessage(
			new NodeApiError(node, response, {
				message,
				description: specterDescription(error),
				httpCode: httpCode === undefined ? undefined : String(httpCode),
				itemIndex,
			}),
			message,
		);
	}
	const message = withSubject(label.subject, sanitizedExcerpt(error instanceof Error ? error.message : String(error), 500));
	return keepingMessage(new NodeOperationError(node, message, { itemIndex }), message);
}

/** The continueOnFail output for a failed item: `{ error, description?, ...details }`, paired to the item. */
export function errorItem(error: NodeApiError | NodeOperationError, itemIndex: number, details: IDataObject = {}): INodeExecutionData {
	const json: IDataObject = { error: error.message, ...details };
	if (error.description) json.description = error.description;
	// `error` on the item is what n8n's "On Error: Continue (using error output)" routes by.
	return { json, error, pairedItem: { item: itemIndex } };
}

/**
 * What becomes of an error that failed item `itemIndex`: without continueOnFail it stops the node (thrown as
 * the n8n error); with it, the item's error item is returned for the output.
 */
export function failedItem(
	context: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
	label: ItemLabel = {},
): INodeExecutionData {
	const nodeError = toNodeError(context.getNode(), error, itemIndex, label);
	if (!context.continueOnFail()) throw nodeError;
	return errorItem(nodeError, itemIndex, label.details);
}

/**
 * An operation on one input item: its output json from its own parameters (read for `itemIndex`) and, for a
 * failure, what the item was.
 */
export interface ItemOperation {
	run(context: IExecuteFunctions, itemIndex: number, client: SpecterClient, items: INodeExecutionData[]): Promise<IDataObject>;
	label?(context: IExecuteFunctions, itemIndex: number, items: INodeExecutionData[]): ItemLabel;
}

/**
 * n8n's canonical loop: one output item per input item, paired. A failure stops the node, or with
 * continueOnFail becomes an error item for that input while the others go on.
 */
export function forEachItem(operation: ItemOperation): OperationHandler {
	return async function (this: IExecuteFunctions, items, client) {
		const output: INodeExecutionData[] = [];
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			try {
				output.push({ json: await operation.run(this, itemIndex, client, items), pairedItem: { item: itemIndex } });
			} catch (error) {
				output.push(failedItem(this, error, itemIndex, operation.label?.(this, itemIndex, items)));
			}
		}
		return output;
	};
}

/** The label of an item named by one of its parameters: `<subject> <value>`, with `{ <parameter>: value }`. */
export function labelByParameter(
	subject: string,
	parameter: string,
): (context: IExecuteFunctions, itemIndex: number) => ItemLabel {
	return (context, itemIndex) => {
		const value = String(context.getNodeParameter(parameter, itemIndex, '')).trim();
		return { subject: `${subject} ${value}`, details: { [parameter]: value } };
	};
}

/**
 * For account-level operations (queue fetches, resync, callbacks) that run once per execution however many
 * items come in: parameters are read for item 0 and every output item is paired to it.
 */
export function runOnce(
	run: (context: IExecuteFunctions, client: SpecterClient) => Promise<IDataObject[]>,
): OperationHandler {
	return async function (this: IExecuteFunctions, _items, client) {
		try {
			return (await run(this, client)).map((json) => ({ json, pairedItem: { item: 0 } }));
		} catch (error) {
			return [failedItem(this, error, 0)];
		}
	};
}
