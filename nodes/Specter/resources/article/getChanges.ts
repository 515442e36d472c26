import { getChangesOperation } from '../../shared/get-changes';

const operation = getChangesOperation('article', 'articleInfo');

export const description = operation.description;
export const execute = operation.execute;
