import type {
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { CREDENTIAL_TEST_NAME, testSpecterCredentials } from '../Specter/shared/credential-test';
import { perStockSiteOption } from '../Specter/shared/get-changes';
import type { BatchDelivery } from '../Specter/shared/queue-output';
import { createSpecterClient } from '../Specter/shared/transport';
import type { FetchQueueOptions, QueueBatch } from '../Specter/wire/types';
import { eventOption, holdMinutesOption, outputOption } from './descriptions';
import { QUEUE_OF_EVENT, drainAcknowledging, fetchBatch, queueItemsOf, takeBatchForRun } from './queue-poll';

export class SpecterTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Specter Trigger',
		name: 'specterTrigger',
		icon: { light: 'file:../../icons/specter.svg', dark: 'file:../../icons/specter.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle:
			'={{ { articleChanged: "Article Changed", orderStatusChanged: "Order Status Changed", stockChanged: "Stock Changed" }[$parameter["event"]] }}',
		description: 'Starts the workflow when Specter queues stock, order status or article changes',
		defaults: { name: 'Specter Trigger' },
		credentials: [{ name: 'specterApi', required: true, testedBy: 'specterApiCredentialTest' }],
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			eventOption,
			{ ...perStockSiteOption, displayOptions: { show: { event: ['stockChanged'] } } },
			{
				displayName: 'Acknowledge',
				name: 'acknowledge',
				type: 'options',
				noDataExpression: true,
				default: 'workflow',
				description: 'When Specter may forget the emitted changes',
				options: [
					{
						name: 'Immediately After Emitting',
						value: 'immediately',
						description:
							'The trigger acknowledges each batch before the workflow runs, and drains several batches per poll. Changes of a failed run are not sent again.',
					},
					{
						name: 'When the Workflow Finishes',
						value: 'workflow',
						description:
							'The workflow ends with Specter → Batch → Acknowledge. Until then every poll emits the same batch again, so a failed run loses nothing.',
					},
				],
			},
			{
				displayName:
					'End the workflow with Specter → Batch → Acknowledge, giving it the queue and batchNo of these items. Until the batch is acknowledged, Specter holds back newer changes of this kind and every poll emits the same batch again (a failed run or an n8n restart loses nothing). Choose a poll interval longer than one run takes, or a batch still being worked on is emitted a second time.',
				name: 'acknowledgeInWorkflowNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { acknowledge: ['workflow'] } },
			},
			{
				displayName:
					'Specter forgets the changes as soon as they are emitted: if the workflow then fails, or n8n stops before it runs, those changes are not sent again.',
				name: 'acknowledgeImmediatelyNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { acknowledge: ['immediately'] } },
			},
			{ ...holdMinutesOption, displayOptions: { show: { acknowledge: ['workflow'] } } },
			{
				displayName: 'Max Batches per Poll',
				name: 'maxBatchesPerPoll',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 10,
				description:
					"The most batches one poll fetches and acknowledges; the rest waits for the next poll. A poll also stops early when n8n's time budget for it runs low.",
				displayOptions: { show: { acknowledge: ['immediately'] } },
			},
			outputOption,
			{
				displayName:
					'Fetch Test Event never acknowledges. It shows the batch that is open in Specter, or opens the next one and leaves it open: the first poll after activation emits those same changes again, so testing loses nothing.',
				name: 'testEventNotice',
				type: 'notice',
				default: '',
			},
		],
	};

	methods = { credentialTest: { [CREDENTIAL_TEST_NAME]: testSpecterCredentials } };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const queue = QUEUE_OF_EVENT[this.getNodeParameter('event') as string];
		const options: FetchQueueOptions =
			queue === 'stock' ? { multipleStockSites: this.getNodeParameter(perStockSiteOption.name, false) as boolean } : {};
		const client = createSpecterClient(this);

		let batches: QueueBatch[];
		// how often each emitted batch has been emitted (a batch fetched just now: once, now)
		const fetchedAt = new Date().toISOString();
		let delivery: BatchDelivery = { attempt: 1, firstEmittedAt: fetchedAt, acknowledged: false };
		if (this.getMode() !== 'manual' && this.getNodeParameter('acknowledge') === 'immediately') {
			batches = await drainAcknowledging(this, client, queue, options, this.getNodeParameter('maxBatchesPerPoll') as number);
			if (batches.length === 0) return null;
			delivery = { ...delivery, acknowledged: true };
		} else if (this.getMode() === 'manual') {
			// Not acknowledged here, nor claimed: a test fetch leaves its batch for the next real poll.
			const batch = await fetchBatch(this, client, queue, options);
			if (batch.items.length === 0) return null;
			this.logger.info(`Specter Trigger test event: ${queue} batch ${batch.batchNo} left open, not acknowledged`);
			batches = [batch];
		} else {
			// Not acknowledged here: the workflow does that.
			const holdMs = (this.getNodeParameter(holdMinutesOption.name) as number) * 60_000;
			const taken = await takeBatchForRun(this, client, queue, options, { by: 'poll', holdMs });
			if (taken === undefined) return null;
			delivery = taken.delivery;
			batches = [taken.batch];
		}

		return [this.helpers.returnJsonArray(queueItemsOf(batches, delivery, this.getNodeParameter('output') as string))];
	}
}
