 
import type { SimAccount } from './auth';
import type { WireParams } from './params';
import type { ResponseMode } from './responses';
import type { SimulatorState } from './state';

/** The simulator's options with every default applied. */
export interface SimSettings {
	account: SimAccount;
	/**
	 * [G] 0: newOrderSubmit checks the external order number and stores the order in one step (atomic). Above 0: it
	 * checks, waits this many milliseconds, then stores, so concurrent orders with one number can all pass the check
	 */
	duplicateCheckWindowMs: number;
	commaDecimals: boolean;
	queuePageSize: number;
	rejectUnknownArticles: boolean;
	/** article numbers always accepted on order rows */
	pseudoArticles: Set<string>;
	today: () => string;
	/** [G] newArticleSubmit queues an article-info change for each article it creates or updates (default false) */
	queueApiArticleWrites: boolean;
}

/** What an action handler gets for one authenticated API request. */
export interface ActionContext {
	params: WireParams;
	mode: ResponseMode;
	state: SimulatorState;
	settings: SimSettings;
}
