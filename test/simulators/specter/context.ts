 
import type { SimAccount } from './auth';
import type { WireParams } from './params';
import type { ResponseMode } from './responses';
import type { SimulatorState } from './state';

/** The simulator's options with every default applied. */
export interface SimSettings {
	account: SimAccount;
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
