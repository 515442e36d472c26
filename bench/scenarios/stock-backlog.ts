// Scenario 3: a backlog of 1 000 stock changes (Specter hands out at most 300 per batch) drained by the Specter
// Trigger, in both acknowledge modes: how many polls and calls it takes, and that every change comes out exactly
// once. Also what a poll costs when there is nothing to do, since that is what an active workflow pays most often.
import type { IDataObject } from 'n8n-workflow';
import {
	type BenchSimulator,
	type RequestLogEntry,
	type ScenarioResult,
	check,
	countOf,
	jsonOf,
	measured,
	ratioLabel,
	withSimulator,
} from '../support';

const BACKLOG = 1000;
const QUEUE_PAGE_SIZE = 300;
/** Far more polls than the backlog needs in either mode; reaching it means the queue never drained. */
const MAX_POLLS = 20;
const IDLE_POLLS = 5;

const FETCH = 'getArticleExternalNeedUpdate';
const ACKNOWLEDGE = 'updateArticlesFromBatch';
/** Seeding runs this many control requests at a time (seeding queues nothing, so order does not matter). */
const SEED_CONCURRENCY = 50;

type AcknowledgeMode = 'workflow' | 'immediately';

/** Articles A0001… with one queued stock change each, queued in article order. */
async function queueStockBacklog(bench: BenchSimulator, count: number): Promise<void> {
	const articleNos = Array.from({ length: count }, (_, i) => `A${String(i + 1).padStart(4, '0')}`);
	for (let start = 0; start < articleNos.length; start += SEED_CONCURRENCY) {
		const chunk = articleNos.slice(start, start + SEED_CONCURRENCY);
		await Promise.all(chunk.map((articleNo) => bench.control('articles', { articleNo, stock: 0 })));
	}
	for (const [i, articleNo] of articleNos.entries()) await bench.control('stock', { articleNo, quantity: i + 1 });
}

/**
 * The workflow behind the trigger in "When the Workflow Finishes" mode: it ends with Specter → Batch →
 * Acknowledge over the emitted items. n8n would resolve the Batch Number expression ({{ $json.batchNo }}) per
 * item; here the parameters hand over each item's batchNo, which is what that expression yields.
 */
async function acknowledgingWorkflow(bench: BenchSimulator, items: IDataObject[]): Promise<void> {
	await bench.runSpecter(
		(itemIndex) => ({ resource: 'batch', operation: 'acknowledge', queue: 'stock', batchNo: items[itemIndex].batchNo }),
		items,
	);
}

interface DrainRun {
	/** polls that emitted changes; the queue was drained after these */
	pollsWithChanges: number;
	/** calls made by the trigger during those polls */
	triggerCalls: RequestLogEntry[];
	/** calls made by the simulated workflow (Batch → Acknowledge) */
	workflowCalls: RequestLogEntry[];
	/** the number of changes per poll */
	emittedPerPoll: number[];
	emitted: number;
	uniqueArticles: number;
	/** distinct batch numbers emitted */
	batches: number;
	/** calls of the first poll that found the queue empty (it ends the loop) */
	emptyPollCalls: number;
}

/** Polls until a poll emits nothing, running the acknowledging workflow after each poll in 'workflow' mode. */
async function drainBacklog(mode: AcknowledgeMode): Promise<DrainRun> {
	return withSimulator({ queuePageSize: QUEUE_PAGE_SIZE }, async (bench) => {
		await queueStockBacklog(bench, BACKLOG);
		const staticData: IDataObject = {};
		const run: DrainRun = {
			pollsWithChanges: 0,
			triggerCalls: [],
			workflowCalls: [],
			emittedPerPoll: [],
			emitted: 0,
			uniqueArticles: 0,
			batches: 0,
			emptyPollCalls: 0,
		};
		const articles = new Set<string>();
		const batchNos = new Set<string>();
		for (let pollNo = 0; pollNo < MAX_POLLS; pollNo++) {
			const poll = await measured(bench, () => bench.pollTrigger({ event: 'stockChanged', acknowledge: mode }, staticData));
			const items = jsonOf(poll.result?.[0]);
			if (items.length === 0) {
				run.emptyPollCalls = poll.calls.length;
				break;
			}
			run.pollsWithChanges++;
			run.triggerCalls.push(...poll.calls);
			run.emittedPerPoll.push(items.length);
			for (const item of items) {
				articles.add(String(item.articleNo));
				batchNos.add(String(item.batchNo));
			}
			run.emitted += items.length;
			if (mode === 'workflow') {
				const workflow = await measured(bench, () => acknowledgingWorkflow(bench, items));
				run.workflowCalls.push(...workflow.calls);
			}
		}
		run.uniqueArticles = articles.size;
		run.batches = batchNos.size;
		return run;
	});
}

/** Calls per poll when the queue is empty, in both modes, on one simulator. */
async function idlePolls(): Promise<Record<AcknowledgeMode, number>> {
	return withSimulator({ queuePageSize: QUEUE_PAGE_SIZE }, async (bench) => {
		const perPoll = async (mode: AcknowledgeMode) => {
			const staticData: IDataObject = {};
			const { calls } = await measured(bench, async () => {
				for (let pollNo = 0; pollNo < IDLE_POLLS; pollNo++) await bench.pollTrigger({ event: 'stockChanged', acknowledge: mode }, staticData);
			});
			return calls.length / IDLE_POLLS;
		};
		return { workflow: await perPoll('workflow'), immediately: await perPoll('immediately') };
	});
}

function summary(run: DrainRun) {
	const all = [...run.triggerCalls, ...run.workflowCalls];
	return {
		pollsWithChanges: run.pollsWithChanges,
		calls: all.length,
		fetchCalls: countOf(all, FETCH),
		ackCalls: countOf(all, ACKNOWLEDGE),
		ackCallsByTrigger: countOf(run.triggerCalls, ACKNOWLEDGE),
		ackCallsByWorkflow: countOf(run.workflowCalls, ACKNOWLEDGE),
		emittedPerPoll: run.emittedPerPoll,
		emitted: run.emitted,
		uniqueArticles: run.uniqueArticles,
		batches: run.batches,
		emptyPollCallsAfterDrain: run.emptyPollCalls,
	};
}

export async function stockBacklogScenario(): Promise<ScenarioResult> {
	const workflow = summary(await drainBacklog('workflow'));
	const immediately = summary(await drainBacklog('immediately'));
	const idle = await idlePolls();

	const notes = (run: typeof workflow) => {
		const polls = `${run.pollsWithChanges} ${run.pollsWithChanges === 1 ? 'poll' : 'polls'}`;
		return `${polls}: ${run.fetchCalls} fetch + ${run.ackCalls} ack; ${run.emitted} emitted, ${run.uniqueArticles} unique`;
	};
	return {
		id: 'stockBacklog',
		title: `Specter Trigger, ${BACKLOG} queued stock changes (page size ${QUEUE_PAGE_SIZE})`,
		rows: [
			{
				scenario: `3a Backlog ${BACKLOG}, ack when workflow finishes`,
				calls: workflow.calls,
				ratioOrNotes: `${notes(workflow)} (acks by Batch → Acknowledge)`,
			},
			{
				scenario: `3b Backlog ${BACKLOG}, ack immediately`,
				calls: immediately.calls,
				ratioOrNotes: `${notes(immediately)}; 3a needs ${ratioLabel(workflow.pollsWithChanges, immediately.pollsWithChanges)} the polls`,
			},
			{ scenario: '3c Idle poll (empty queue), ack when workflow finishes', calls: idle.workflow, ratioOrNotes: 'calls per poll' },
			{ scenario: '3d Idle poll (empty queue), ack immediately', calls: idle.immediately, ratioOrNotes: 'calls per poll' },
		],
		metrics: {
			backlog: BACKLOG,
			queuePageSize: QUEUE_PAGE_SIZE,
			acknowledgeWhenWorkflowFinishes: workflow,
			acknowledgeImmediately: immediately,
			callsPerIdlePoll: idle,
		},
		checks: [
			check('workflow mode: changes emitted', BACKLOG, workflow.emitted),
			check('workflow mode: unique changes emitted', BACKLOG, workflow.uniqueArticles),
			check('workflow mode: the trigger itself never acknowledges', 0, workflow.ackCallsByTrigger),
			check('immediately: changes emitted', BACKLOG, immediately.emitted),
			check('immediately: unique changes emitted', BACKLOG, immediately.uniqueArticles),
			check('workflow mode: each emitted batch acknowledged once', workflow.batches, workflow.ackCallsByWorkflow),
			check('immediately: each emitted batch acknowledged once', immediately.batches, immediately.ackCallsByTrigger),
		],
	};
}
