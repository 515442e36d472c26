import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import { accountDescription, accountOperations } from './resources/account';
import { articleDescription, articleOperations } from './resources/article';
import { batchDescription, batchOperations } from './resources/batch';
import { customerDescription, customerOperations } from './resources/customer';
import { orderDescription, orderOperations } from './resources/order';
import { orderStatusDescription, orderStatusOperations } from './resources/orderStatus';
import { stockDescription, stockOperations } from './resources/stock';
import { CREDENTIAL_TEST_NAME, testSpecterCredentials } from './shared/credential-test';
import type { OperationHandler } from './shared/execution';
import { createSpecterClient } from './shared/transport';

const OPERATIONS: Record<string, Record<string, OperationHandler>> = {
	account: accountOperations,
	article: articleOperations,
	batch: batchOperations,
	customer: customerOperations,
	order: orderOperations,
	orderStatus: orderStatusOperations,
	stock: stockOperations,
};

// Programmatic rather than declarative: Specter signs each call, speaks form-encoded Latin-1 and text/XML, and
// an order transfer is two dependent calls (customer, then order).
export class Specter implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Specter',
		name: 'specter',
		icon: { light: 'file:../../icons/specter.svg', dark: 'file:../../icons/specter.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Transfer WooCommerce orders and products to Specter Business Management and read its stock, order status and article changes',
		defaults: { name: 'Specter' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'specterApi',
				required: true,
				testedBy: 'specterApiCredentialTest',
				// the operations that make no request need no credential
				displayOptions: { hide: { operation: ['mapToWooCommerce', 'planWooCommerceWrites', 'checkWooCommerceAnswers', 'planSyncFromWooCommerce', 'planWooCommerceUpdates', 'compareWithWooCommerce'] } },
			},
		],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Account', value: 'account' },
					{ name: 'Article', value: 'article' },
					{ name: 'Batch', value: 'batch' },
					{ name: 'Customer', value: 'customer' },
					{ name: 'Order', value: 'order' },
					{ name: 'Order Status', value: 'orderStatus' },
					{ name: 'Stock', value: 'stock' },
				],
				default: 'order',
			},
			...accountDescription,
			...articleDescription,
			...batchDescription,
			...customerDescription,
			...orderDescription,
			...orderStatusDescription,
			...stockDescription,
		],
	};

	methods = { credentialTest: { [CREDENTIAL_TEST_NAME]: testSpecterCredentials } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const resource = this.getNodeParameter('resource', 0) as string;
		const operation = this.getNodeParameter('operation', 0) as string;
		const handler = OPERATIONS[resource]?.[operation];
		if (handler === undefined) {
			throw new NodeOperationError(this.getNode(), `The operation "${operation}" of resource "${resource}" is not supported`);
		}
		return [await handler.call(this, this.getInputData(), createSpecterClient(this))];
	}
}
