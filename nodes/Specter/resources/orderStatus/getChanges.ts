import { getChangesOperation } from '../../shared/get-changes';

const operation = getChangesOperation('orderStatus', 'orderStatus');

export const description = operation.description;
export const execute = operation.execute;
