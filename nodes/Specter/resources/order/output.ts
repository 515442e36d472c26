import type { IDataObject } from 'n8n-workflow';
import { specterTotalsOf } from '../../mappers/specter-totals';
import type { OrderInput, OrderResult } from '../../wire/types';

/** The order's totals as Specter computes them (mappers/specter-totals.ts): per row the amount rounded to öre, then its VAT rounded to öre. */
function totalsOf(order: OrderInput): { totalExclVat: number; totalVat: number; totalInclVat: number } {
	const totals = specterTotalsOf(order.rows);
	return {
		totalExclVat: totals.exclVatCents / 100,
		totalVat: totals.vatCents / 100,
		totalInclVat: totals.inclVatCents / 100,
	};
}

/**
 * The output both order operations share: `{ specterOrderNo, specterCustomerId, externalOrderNo,
 * alreadyTransferred, rows, totalExclVat, totalVat, totalInclVat }` (`specterOrderNo` is null when Specter
 * reported the order as already transferred without naming it).
 */
export function orderOutput(order: OrderInput, result: OrderResult, extra: IDataObject = {}): IDataObject {
	return {
		specterOrderNo: result.orderNo,
		specterCustomerId: order.customerId,
		externalOrderNo: order.externalOrderNo ?? null,
		...extra,
		alreadyTransferred: result.alreadyTransferred,
		rows: order.rows.length,
		...totalsOf(order),
	};
}
