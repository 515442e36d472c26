import type { IDataObject } from 'n8n-workflow';
import { roundTo, toCents } from '../../mappers/numbers';
import type { OrderInput, OrderResult } from '../../wire/types';

/** The order's totals as Specter computes them: per row the amount rounded to öre, then its VAT rounded to öre. */
function totalsOf(order: OrderInput): { totalExclVat: number; totalVat: number; totalInclVat: number } {
	let exclVatCents = 0;
	let inclVatCents = 0;
	for (const row of order.rows) {
		const rowCents = toCents(row.priceExclVat * row.quantity);
		exclVatCents += rowCents;
		inclVatCents += roundTo((rowCents * (100 + row.vatPercent)) / 100, 0);
	}
	return {
		totalExclVat: exclVatCents / 100,
		totalVat: (inclVatCents - exclVatCents) / 100,
		totalInclVat: inclVatCents / 100,
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
