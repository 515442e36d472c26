// WooCommerce order → Specter customer + order (newCustomerSubmit / newOrderSubmit). Pure: no I/O, no n8n.
//
// Row model: product rows at the price BEFORE coupons (subtotal / quantity), then one discount row per VAT rate,
// shipping rows, fee rows, and, when Specter's per-row rounding lands off WooCommerce's total by at most 1.00, a
// rounding row. So the Specter order shows list prices and the coupon, and still adds up to what the customer paid.

import type { AddressInput, CustomerInput, OrderInput, OrderRowInput } from '../wire/types';
import { WooMappingError } from './errors';
import { firstMetaValue } from './meta';
import { parseDecimal, roundTo, toCents } from './numbers';
import { resolvePayment, type PaymentSettings } from './payment';
import { compact, nonEmpty } from './values';
import { SPECTER_VAT_RATES, toSpecterVatRate } from './vat';
import type { WooItemTax, WooOrder, WooShippingAddress, WooTaxLine } from './woo-types';

export const DEFAULT_ORG_NO_META_KEYS: readonly string[] = ['_billing_org_nr', 'billing_org_nr', '_billing_personal_number'];
export const DEFAULT_VAT_NO_META_KEYS: readonly string[] = ['_billing_vat_number', '_vat_number', 'vat_number'];

/** The largest difference (in order currency) a rounding row may absorb; more means the mapping is wrong. */
export const MAX_ROUNDING_ADJUSTMENT = 1;

export interface OrderMappingSettings extends PaymentSettings {
	/** put before the order number in externalOrderNo (default ''), e.g. "WC-" when several shops share one Specter */
	externalOrderNoPrefix?: string;
	/** Specter article numbers of the pseudo-articles for shipping, fees, discounts and rounding (must exist in Specter) */
	shippingArticleNo: string;
	feeArticleNo: string;
	discountArticleNo: string;
	roundingArticleNo: string;
	/** Specter customer groups; empty means Specter's default group */
	privateCustomerGroupId?: string;
	companyCustomerGroupId?: string;
	stockSiteId?: string;
	/** multishop (API v2) */
	webshopId?: string;
	/** SE, EN, NO, FI, DA, ES, DE (default SE) */
	language?: string;
	/** order meta keys holding the org./personal number, first non-empty wins */
	orgNoMetaKeys?: readonly string[];
	/** order meta keys holding the VAT number, first non-empty wins */
	vatNoMetaKeys?: readonly string[];
	sendOrderMail?: boolean;
	/** where the customer's checkout note goes (default publishedComment, the comment the customer sees; internalComment is staff-only) */
	includeCustomerNoteAs?: 'publishedComment' | 'internalComment' | 'none';
}

export interface MappedOrderSummary {
	wooOrderId: number;
	externalOrderNo: string;
	paymentMethod: string;
	payTypeIdentifier: string | null;
	productRows: number;
	discountRows: number;
	shippingRows: number;
	feeRows: number;
	roundingRows: number;
	/** WooCommerce's order total incl. VAT */
	wooTotal: number;
	/** the rows' total incl. VAT as Specter computes it (per row: round(price × qty), then VAT, rounded), before the rounding row */
	specterTotalBeforeRounding: number;
	/** the rounding row's amount (0 when none) */
	roundingAdjustment: number;
	/** all rows, rounding row included */
	totalExclVat: number;
	totalVat: number;
}

export interface MappedOrder {
	customer: CustomerInput;
	order: Omit<OrderInput, 'customerId'>;
	summary: MappedOrderSummary;
}

/** The item an error is about: its kind and position as the message shows them, and its JSON path. */
interface ItemRef {
	kind: 'line' | 'shipping line' | 'fee line';
	index: number;
	name: string;
	path: string;
}

interface VatPart {
	vatPercent: number;
	amount: number;
}

function fullName(first: string, last: string): string | undefined {
	return nonEmpty(`${first.trim()} ${last.trim()}`);
}

function orderNumberOf(order: WooOrder): string {
	return nonEmpty(order.number) ?? String(order.id);
}

function formatPercent(percent: number): string {
	return Number.isFinite(percent) ? `${roundTo(percent, 4)}%` : 'unknown';
}

function withVatSuffix(name: string, vatPercent: number): string {
	return `${name} (${vatPercent}% VAT)`;
}

class OrderMapper {
	private readonly orderNumber: string;
	private readonly taxLinesByRateId: Map<number, WooTaxLine>;

	constructor(
		private readonly order: WooOrder,
		private readonly settings: OrderMappingSettings,
	) {
		this.orderNumber = orderNumberOf(order);
		this.taxLinesByRateId = new Map(order.tax_lines.map((line) => [line.rate_id, line]));
	}

	map(): MappedOrder {
		const { order, settings } = this;
		const payment = resolvePayment(order, settings);
		if (payment.missingReference !== undefined) {
			this.fail(
				undefined,
				'transaction_id',
				`payment ${order.payment_method} has no ${payment.missingReference}`,
				'transfer the order once the payment is complete, so Specter can settle it with the payment provider',
			);
		}
		const customer = this.mapCustomer();
		const wholeQuantitiesOnly = payment.family === 'klarna' || payment.family === 'legacyKlarna';

		const productRows: OrderRowInput[] = [];
		const discountCentsByVat = new Map<number, number>();
		order.line_items.forEach((line, index) => {
			const item: ItemRef = { kind: 'line', index, name: line.name, path: `line_items[${index}]` };
			const articleNo = nonEmpty(line.sku);
			if (articleNo === undefined) {
				this.fail(item, 'sku', 'SKU is empty', 'give the product a SKU in WooCommerce');
			}
			if (!Number.isFinite(line.quantity) || line.quantity <= 0) {
				this.fail(item, 'quantity', `quantity ${line.quantity} is not a positive number`, 'correct the quantity or remove the line');
			}
			if (wholeQuantitiesOnly && !Number.isInteger(line.quantity)) {
				this.fail(
					item,
					'quantity',
					`quantity ${line.quantity} is not a whole number, and Klarna cannot invoice part quantities`,
					'sell the product in whole units, or take such orders with another payment method',
				);
			}
			const subtotal = this.money(item, 'subtotal', line.subtotal);
			const total = this.money(item, 'total', line.total);
			const vatPercent = this.vat(item, line.taxes, subtotal, this.money(item, 'subtotal_tax', line.subtotal_tax));
			productRows.push({
				articleNo,
				articleName: line.name,
				priceExclVat: roundTo(subtotal / line.quantity, 2),
				quantity: line.quantity,
				vatPercent,
			});
			const discountCents = toCents(subtotal) - toCents(total);
			discountCentsByVat.set(vatPercent, (discountCentsByVat.get(vatPercent) ?? 0) + discountCents);
		});

		const discountRows = this.discountRows(discountCentsByVat);
		const shippingRows = order.shipping_lines.flatMap((line, index) => {
			const item: ItemRef = { kind: 'shipping line', index, name: line.method_title, path: `shipping_lines[${index}]` };
			const amount = this.money(item, 'total', line.total);
			// Free shipping stays on the order so the customer sees the method; only a 0 line without a method is noise.
			if (amount === 0 && nonEmpty(line.method_id) === undefined) return [];
			return this.chargeRows(item, settings.shippingArticleNo, line.taxes, amount, this.money(item, 'total_tax', line.total_tax));
		});
		const feeRows = order.fee_lines.flatMap((line, index) => {
			const item: ItemRef = { kind: 'fee line', index, name: line.name, path: `fee_lines[${index}]` };
			const amount = this.money(item, 'total', line.total);
			if (amount === 0) return [];
			return this.chargeRows(item, settings.feeArticleNo, line.taxes, amount, this.money(item, 'total_tax', line.total_tax));
		});

		const rows = [...productRows, ...discountRows, ...shippingRows, ...feeRows];
		const wooTotalCents = toCents(this.money(undefined, 'total', order.total));
		const specterCents = rows.reduce((sum, row) => sum + rowInclVatCents(row), 0);
		const roundingCents = wooTotalCents - specterCents;
		if (Math.abs(roundingCents) > MAX_ROUNDING_ADJUSTMENT * 100) {
			this.fail(
				undefined,
				'total',
				`the Specter rows add up to ${(specterCents / 100).toFixed(2)} but the WooCommerce total is ${(wooTotalCents / 100).toFixed(2)} ` +
					`(difference ${(roundingCents / 100).toFixed(2)}, more than the ${MAX_ROUNDING_ADJUSTMENT.toFixed(2)} a rounding row may absorb)`,
				"check the order's lines, coupons, fees and taxes in WooCommerce (a plugin may have changed the totals)",
			);
		}
		if (roundingCents !== 0) {
			rows.push({
				articleNo: settings.roundingArticleNo,
				articleName: 'Rounding',
				priceExclVat: roundingCents / 100,
				quantity: 1,
				vatPercent: 0,
			});
		}

		const externalOrderNo = `${settings.externalOrderNoPrefix ?? ''}${this.orderNumber}`;
		const note = nonEmpty(order.customer_note);
		const noteTarget = settings.includeCustomerNoteAs ?? 'publishedComment';
		const totalExclVatCents = rows.reduce((sum, row) => sum + rowExclVatCents(row), 0);
		return {
			customer,
			order: compact({
				externalOrderNo,
				currency: order.currency,
				language: customer.language,
				stockSiteId: nonEmpty(settings.stockSiteId),
				webshopId: nonEmpty(settings.webshopId),
				payTypeIdentifier: payment.payTypeIdentifier,
				payTypeReference: payment.payTypeReference,
				paySystemUser: payment.paySystemUser,
				isPrepayment: payment.isPrepayment,
				publishedComment: noteTarget === 'publishedComment' ? note : undefined,
				internalComment: noteTarget === 'internalComment' ? note : undefined,
				sendOrderMail: settings.sendOrderMail,
				rows,
			}),
			summary: {
				wooOrderId: order.id,
				externalOrderNo,
				paymentMethod: order.payment_method,
				payTypeIdentifier: payment.payTypeIdentifier ?? null,
				productRows: productRows.length,
				discountRows: discountRows.length,
				shippingRows: shippingRows.length,
				feeRows: feeRows.length,
				roundingRows: roundingCents === 0 ? 0 : 1,
				wooTotal: wooTotalCents / 100,
				specterTotalBeforeRounding: specterCents / 100,
				roundingAdjustment: roundingCents / 100,
				totalExclVat: totalExclVatCents / 100,
				totalVat: (wooTotalCents - totalExclVatCents) / 100,
			},
		};
	}

	private mapCustomer(): CustomerInput {
		const { order, settings } = this;
		const { billing } = order;
		const email = nonEmpty(billing.email);
		if (email === undefined) {
			this.fail(
				undefined,
				'billing.email',
				'the billing e-mail is empty',
				"Specter needs an e-mail address for every customer: add one to the order's billing address",
			);
		}
		const companyName = nonEmpty(billing.company);
		const contactName = fullName(billing.first_name, billing.last_name);
		const shippingIsEmpty = isEmptyAddress(order.shipping);
		const deliveryName = shippingIsEmpty ? undefined : fullName(order.shipping.first_name, order.shipping.last_name);
		const identity: CustomerInput =
			companyName !== undefined
				? {
						organizationalForm: 'C',
						companyName,
						contactPerson: contactName,
						customerGroupId: nonEmpty(settings.companyCustomerGroupId),
					}
				: {
						organizationalForm: 'P',
						firstName: nonEmpty(billing.first_name),
						lastName: nonEmpty(billing.last_name),
						customerGroupId: nonEmpty(settings.privateCustomerGroupId),
					};
		return compact({
			...identity,
			// A different recipient (a colleague at the company, a gift) goes on the delivery address.
			deliveryAttention: deliveryName !== contactName ? deliveryName : undefined,
			orgNo: firstMetaValue(order.meta_data, settings.orgNoMetaKeys ?? DEFAULT_ORG_NO_META_KEYS),
			vatNo: firstMetaValue(order.meta_data, settings.vatNoMetaKeys ?? DEFAULT_VAT_NO_META_KEYS),
			email,
			phone: nonEmpty(billing.phone),
			currency: order.currency,
			language: nonEmpty(settings.language) ?? 'SE',
			invoiceAddress: toAddress(billing),
			deliveryAddress: toAddress(shippingIsEmpty ? billing : order.shipping),
		});
	}

	/** One row per VAT rate, in the order 25, 12, 6, 0; the coupon codes name it. */
	private discountRows(discountCentsByVat: Map<number, number>): OrderRowInput[] {
		const codes = this.order.coupon_lines.map((coupon) => coupon.code).filter((code) => code.trim() !== '');
		const name = codes.length > 0 ? `Discount ${codes.join(', ')}` : 'Discount';
		const rates = SPECTER_VAT_RATES.filter((rate) => (discountCentsByVat.get(rate) ?? 0) !== 0);
		return rates.map((vatPercent) => ({
			articleNo: this.settings.discountArticleNo,
			articleName: rates.length > 1 ? withVatSuffix(name, vatPercent) : name,
			priceExclVat: -(discountCentsByVat.get(vatPercent) ?? 0) / 100,
			quantity: 1,
			vatPercent,
		}));
	}

	/** Rows for a shipping or fee line: one, or one per VAT rate when WooCommerce split the line across rates. */
	private chargeRows(item: ItemRef, articleNo: string, taxes: WooItemTax[], amount: number, tax: number): OrderRowInput[] {
		const parts = this.splitAcrossRates(item, taxes, amount) ?? [{ vatPercent: this.vat(item, taxes, amount, tax), amount }];
		return parts.map((part) => ({
			articleNo,
			articleName: parts.length > 1 ? withVatSuffix(item.name, part.vatPercent) : item.name,
			priceExclVat: roundTo(part.amount, 2),
			quantity: 1,
			vatPercent: part.vatPercent,
		}));
	}

	/**
	 * WooCommerce splits a negative taxable fee over the cart's tax classes, so its taxes[] holds one entry per
	 * rate, each on its share of the amount. Each share is tax ÷ rate (one zero-rate share takes the remainder).
	 * Returns undefined when the entries are not such a split (one entry, or stacked rates on the whole amount).
	 */
	private splitAcrossRates(item: ItemRef, taxes: WooItemTax[], amount: number): VatPart[] | undefined {
		if (taxes.length < 2) return undefined;
		const rated = taxes.map((tax) => ({
			percent: this.taxLinesByRateId.get(tax.id)?.rate_percent,
			tax: tax.total.trim() === '' ? 0 : this.money(item, 'taxes', tax.total),
		}));
		const percents = rated.map((entry) => entry.percent);
		if (percents.some((percent) => percent === undefined) || new Set(percents).size !== percents.length) return undefined;
		const zeroShares = rated.filter((entry) => entry.percent === 0).length;
		if (zeroShares > 1) return undefined;
		const parts = rated.map((entry) => ({
			vatPercent: entry.percent as number,
			amount: entry.percent === 0 ? 0 : roundTo((entry.tax * 100) / (entry.percent as number), 2),
		}));
		const remainderCents = toCents(amount) - parts.reduce((sum, part) => sum + toCents(part.amount), 0);
		if (zeroShares === 0 && Math.abs(remainderCents) > parts.length) return undefined;
		// The remainder (a zero-rate share, or the cents lost to rounding each share) goes to the zero-rate share or the largest one.
		const absorber =
			parts.find((part) => part.vatPercent === 0) ??
			parts.reduce((largest, part) => (Math.abs(part.amount) > Math.abs(largest.amount) ? part : largest));
		absorber.amount = (toCents(absorber.amount) + remainderCents) / 100;
		return parts.map((part) => ({ ...part, vatPercent: this.acceptedVat(item, part.vatPercent) }));
	}

	/**
	 * VAT % of an item: the rate_percent of each tax rate it carries (summed when several apply), else derived
	 * from its amounts (tax ÷ base, snapped to a Specter rate within a cent), 0 when it carries no tax.
	 */
	private vat(item: ItemRef, taxes: WooItemTax[], base: number, tax: number): number {
		const percents = taxes.map((entry) => this.taxLinesByRateId.get(entry.id)?.rate_percent);
		const fromRates = percents.every((percent) => percent !== undefined) && percents.length > 0;
		const percent = fromRates ? (percents as number[]).reduce((sum, rate) => sum + rate, 0) : percentFromAmounts(base, tax);
		return this.acceptedVat(item, percent);
	}

	private acceptedVat(item: ItemRef, percent: number): number {
		const rate = toSpecterVatRate(percent);
		if (rate === undefined) {
			this.fail(
				item,
				'taxes',
				`VAT rate ${formatPercent(percent)} is not one Specter accepts (25, 12, 6 or 0)`,
				"correct the tax rate (WooCommerce → Settings → Tax) or the product's tax class",
			);
		}
		return rate;
	}

	private money(item: ItemRef | undefined, field: string, text: string): number {
		const value = parseDecimal(String(text));
		if (value === undefined) {
			this.fail(item, field, `${field} "${text}" is not a number`, 'correct the order in WooCommerce');
		}
		return value;
	}

	private fail(item: ItemRef | undefined, field: string, problem: string, fix: string): never {
		const where = item ? `order ${this.orderNumber}, ${item.kind} ${item.index + 1} (${item.name})` : `order ${this.orderNumber}`;
		throw new WooMappingError({
			orderNumber: this.orderNumber,
			lineIndex: item?.index,
			field: item ? `${item.path}.${field}` : field,
			message: `${where}: ${problem} — ${fix}`,
		});
	}
}

/** Tax ÷ base snapped to the closest Specter rate that explains the tax within a cent; the raw ratio otherwise. */
function percentFromAmounts(base: number, tax: number): number {
	if (tax === 0) return 0;
	if (base === 0) return Number.NaN;
	const fits = SPECTER_VAT_RATES.map((rate) => ({ rate, miss: Math.abs((base * rate) / 100 - tax) }))
		.filter((candidate) => candidate.miss <= 0.01 + 1e-9)
		.sort((a, b) => a.miss - b.miss);
	return fits.length > 0 ? fits[0].rate : (tax / base) * 100;
}

function rowExclVatCents(row: OrderRowInput): number {
	return toCents(row.priceExclVat * row.quantity);
}

/**
 * Specter's row total: the row's amount rounded to öre, then with VAT, rounded to öre. [I] Specter's rounding is
 * not documented; per row, half away from zero, is the usual Swedish invoice practice.
 */
function rowInclVatCents(row: OrderRowInput): number {
	return roundTo((rowExclVatCents(row) * (100 + row.vatPercent)) / 100, 0);
}

/** WooCommerce leaves the shipping address empty on orders that ship nothing (virtual products) and on admin orders entered without one. */
function isEmptyAddress(address: WooShippingAddress): boolean {
	return [address.address_1, address.address_2, address.city, address.postcode].every((part) => part.trim() === '');
}

function toAddress(address: WooShippingAddress): AddressInput {
	return compact({
		companyName: nonEmpty(address.company),
		address1: nonEmpty(address.address_1),
		address2: nonEmpty(address.address_2),
		postcode: nonEmpty(address.postcode),
		city: nonEmpty(address.city),
		countryCode: nonEmpty(address.country),
		region: nonEmpty(address.state),
	});
}

/**
 * Maps a WooCommerce order (REST v3 / order.created webhook JSON) to the Specter customer and order.
 * Throws WooMappingError when the order cannot become a correct Specter order; nothing partial is returned.
 */
export function mapWooOrderToSpecter(order: WooOrder, settings: OrderMappingSettings): MappedOrder {
	return new OrderMapper(order, settings).map();
}
