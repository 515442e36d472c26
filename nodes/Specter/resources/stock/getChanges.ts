import { getChangesOperation, perStockSiteOption } from '../../shared/get-changes';

const operation = getChangesOperation('stock', 'stock', [perStockSiteOption]);

export const description = operation.description;
export const execute = operation.execute;
