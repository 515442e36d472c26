import type {
	IDataObject,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
	IWebhookDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { CREDENTIAL_TEST_NAME, testSpecterCredentials } from '../Specter/shared/credential-test';
import { perStockSiteOption } from '../Specter/shared/get-changes';
import { createSpecterClient } from '../Specter/shared/transport';
import { SPECTER_GUESSES } from '../Specter/wire/guesses';
import type { FetchQueueOptions } from '../Specter/wire/types';
import { eventOption, holdMinutesOption, outputOption } from '../SpecterTrigger/descriptions';
import { QUEUE_OF_EVENT, fetchBatch, queueItemsOf, takeBatchForRun } from '../SpecterTrigger/queue-poll';
import { SECRET_QUERY_PARAMETER, verdictOf } from './callback-request';

/** The path after the node's webhook id in its URLs. */
const WEBHOOK_PATH = 'specter';

const webhooks: IWebhookDescription[] = SPECTER_GUESSES.callback.methods.map((httpMethod) => ({
	name: 'default',
	httpMethod,
	responseMode: 'onReceived',
	path: WEBHOOK_PATH,
}));

export class SpecterCallbackTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Specter Callback Trigger',
		name: 'specterCallbackTrigger',
		icon: { light: 'file:../../icons/specter.svg', dark: 'file:../../icons/specter.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle:
			'={{ { articleChanged: "Article Changed", orderStatusChanged: "Order Status Changed", stockChanged: "Stock Changed" }[$parameter["event"]] }}',
		description: 'Starts the workflow at once when Specter calls back about stock, order or article changes',
		defaults: { name: 'Specter Callback Trigger' },
		credentials: [{ name: 'specterApi', required: true, testedBy: 'specterApiCredentialTest' }],
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		webhooks,
		properties: [
			{
				displayName:
					'Register this trigger\'s Production URL followed by ?secret= and your secret with Specter → Account → Register Callbacks (Stock Change URL, Order Change URL or Article Change URL, matching the event). A callback only tells that something changed: the trigger then fetches the changes from Specter\'s queue and emits them exactly as the Specter Trigger does. Keep a Specter Trigger on the same event in the workflow as the safety net for callbacks that never come.',
				name: 'registerNotice',
				type: 'notice',
				default: '',
			},
			eventOption,
			{
				displayName: 'Secret',
				name: 'secret',
				type: 'string',
				typeOptions: { password: true },
				required: true,
				default: '',
				description: `Calls whose URL does not carry ?${SECRET_QUERY_PARAMETER}= with this value are refused (HTTP 401 or 403) and start nothing. Use a long random value.`,
			},
			{ ...perStockSiteOption, displayOptions: { show: { event: ['stockChanged'] } } },
			holdMinutesOption,
			outputOption,
			{
				displayName:
					'The workflow must end with Specter → Batch → Acknowledge, giving it the queue and batchNo of these items. Until then Specter holds back newer changes of this kind, and the batch comes again once the hold time has passed.',
				name: 'acknowledgeNotice',
				type: 'notice',
				default: '',
			},
		],
	};

	methods = { credentialTest: { [CREDENTIAL_TEST_NAME]: testSpecterCredentials } };

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const verdict = verdictOf(this.getNodeParameter('secret') as string, this.getQueryData() as Record<string, unknown>);
		// Specter waits for nothing but this answer: it goes out before the queue is fetched.
		this.getResponseObject().status(verdict.statusCode).type('text/plain').send(verdict.body);
		if (!verdict.accepted) {
			this.logger.warn(`Specter Callback Trigger refused a call (HTTP ${verdict.statusCode}): ${verdict.body.toLowerCase()}`);
			return { noWebhookResponse: true };
		}

		const queue = QUEUE_OF_EVENT[this.getNodeParameter('event') as string];
		const options: FetchQueueOptions =
			queue === 'stock' ? { multipleStockSites: this.getNodeParameter(perStockSiteOption.name, false) as boolean } : {};
		const client = createSpecterClient(this);
		const output = this.getNodeParameter('output') as string;
		let json: IDataObject[];
		try {
			if (this.getMode() === 'manual') {
				// a test call in the editor: shows the open batch and leaves it, unclaimed, for the real triggers
				const batch = await fetchBatch(this, client, queue, options);
				json = queueItemsOf([batch], { attempt: 1, firstEmittedAt: new Date().toISOString(), acknowledged: false }, output);
			} else {
				const holdMs = (this.getNodeParameter(holdMinutesOption.name) as number) * 60_000;
				const taken = await takeBatchForRun(this, client, queue, options, { by: 'callback', holdMs });
				json = taken === undefined ? [] : queueItemsOf([taken.batch], taken.delivery, output);
			}
		} catch (error) {
			// Specter has its answer already; the polling trigger fetches the changes later
			this.logger.warn(`Specter Callback Trigger could not fetch the ${queue} queue: ${(error as Error).message}`);
			return { noWebhookResponse: true };
		}
		if (json.length === 0) return { noWebhookResponse: true };
		return { noWebhookResponse: true, workflowData: [this.helpers.returnJsonArray(json)] };
	}
}
