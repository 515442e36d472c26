// WooCommerce order → Specter customer + order (newCustomerSubmit / newOrderSubmit). Pure: no I/O, no n8n.
//
// Row model: product rows at the price BEFORE coupons (subtotal / quantity), then one discount row per VAT rate,
// shipping rows and fee rows. So the Specter order shows list prices and the coupon, and still adds up to what the
// customer paid:
//
// - Each line's rows add up exactly to its WooCommerce subtotal, for any quantity. Prices go with 2 decimals: the
//   evidence shows priceExclVAT_N with a dot decimal (S1, S2) but not how many decimals Specter takes on order
//   rows (articles: 2, S1), so sending more would be a guess. When quantity × the rounded unit price misses the
//   subtotal, the line becomes two rows of the same article whose unit prices differ by 1 öre (e.g. 500 × 10.392 →
//   400 × 10.39 + 100 × 10.40); a decimal quantity becomes (quantity − 1) × price + 1 × the rest. So nothing that
//   grows with the quantity is left for a rounding row. The summary's notes say which lines were split.
// - Specter's VAT per rate equals WooCommerce's tax lines, to the öre, under Specter's arithmetic as modelled in
//   specter-totals.ts [I]: when the rows' per-row VAT misses a tax line by a few öre, a rounding row at that rate
//   carries the missing VAT (e.g. 0.08 at 12 % = 0.01 VAT), and a 0 % rounding row ("öresavrundning", VAT-free)
//   takes its amount back, so the total stays WooCommerce's. The 0 % row also absorbs what WooCommerce's total
//   differs from its lines and taxes (at most 1.00, e.g. a cash rounding plugin).
// - An item taxed at several rates at once (e.g. 5 % + 7 %) is refused: Specter books one rate per row, and the
//   sum would be a rate nobody charged. A negative fee WooCommerce split over the cart's rates (each rate on its
//   own share) becomes one row per rate.

import type { AddressInput, CustomerInput, OrderInput, OrderRowInput } from '../wire/types';
import { WooMappingError } from './errors';
import { firstMetaValue } from './meta';
import { parseDecimal, roundTo, toCents } from './numbers';
import { resolvePayment, type PaymentSettings } from './payment';
import { rowVatCents, specterTotalsOf, vatByRateOf } from './specter-totals';
import { compact, nonEmpty } from './values';
import { SPECTER_VAT_RATES, toSpecterVatRate } from './vat';
import type { ShippingMethodMapping } from './mapping-tables';
import type { WooItemTax, WooOrder, WooShippingAddress, WooTaxLine } from './woo-types';

export const DEFAULT_ORG_NO_META_KEYS: readonly string[] = ['_billing_org_nr', 'billing_org_nr', '_billing_personal_number'];
export const DEFAULT_VAT_NO_META_KEYS: readonly string[] = ['_billing_vat_number', '_vat_number', 'vat_number'];

/**
 * The largest difference (in order currency) between WooCommerce's total and its lines plus taxes that the 0 %
 * rounding row may absorb (e.g. a cash rounding plugin); more means the mapping is wrong.
 */
export const MAX_ROUNDING_ADJUSTMENT = 1;

export interface OrderMappingSettings extends PaymentSettings {
	/** put before the order number in externalOrderNo (default ''), e.g. "WC-" when several shops share one Specter */
	externalOrderNoPrefix?: string;
	/** Specter article numbers of the pseudo-articles for shipping, fees, discounts and rounding (must exist in Specter) */
	shippingArticleNo: string;
	/** per WooCommerce shipping method_id: the order's externalDeliveryMethod and the article of its shipping rows */
	shippingByMethod?: Readonly<Record<string, ShippingMethodMapping>>;
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
	/**
	 * the customer e-mail for orders whose billing e-mail is empty (Specter needs one). One fixed address makes one
	 * shared customer; a per-order value (an n8n expression) makes one customer per order
	 */
	fallbackEmail?: string;
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
	/** rounding rows: at most one per VAT rate (VAT öre the per-row rounding misses) and one at 0 % */
	roundingRows: number;
	/** WooCommerce's order total incl. VAT */
	wooTotal: number;
	/** the rows' total incl. VAT as Specter computes it (specter-totals.ts), before the rounding rows */
	specterTotalBeforeRounding: number;
	/** what the rounding rows add incl. VAT (0 when none) */
	roundingAdjustment: number;
	/** all rows, rounding rows included, as Specter computes them */
	totalExclVat: number;
	totalVat: number;
	/** Specter's VAT per rate, equal to WooCommerce's tax lines, e.g. `{ "25": 99.44, "12": 8.64 }` */
	vatByRate: Record<string, number>;
	/** what the mapping did that a reader of the Specter order should know (split lines, fallback e-mail) */
	notes: string[];
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
	/** product lines with a SKU */
	sku?: string;
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

function formatCents(cents: number): string {
	return (cents / 100).toFixed(2);
}

function describeItem(item: ItemRef): string {
	const sku = item.sku === undefined ? '' : `, SKU ${item.sku}`;
	return `${item.kind} ${item.index + 1} (${item.name}${sku})`;
}

/** One charged tax rate on an item. */
interface ItemTaxEntry {
	id: number;
	percent: number | undefined;
	label: string | undefined;
	cents: number;
}

class OrderMapper {
	private readonly orderNumber: string;
	private readonly taxLinesByRateId: Map<number, WooTaxLine>;
	/** Specter rate of each WooCommerce tax rate id an item was mapped with (tax lines lack rate_percent before WooCommerce 5.7) */
	private readonly rateByTaxRateId = new Map<number, number>();
	private readonly notes: string[] = [];

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
			const articleNo = nonEmpty(line.sku);
			const item: ItemRef = { kind: 'line', index, name: line.name, sku: articleNo, path: `line_items[${index}]` };
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
			productRows.push(...this.lineRows(item, articleNo, toCents(subtotal), line.quantity, vatPercent));
			const discountCents = toCents(subtotal) - toCents(total);
			discountCentsByVat.set(vatPercent, (discountCentsByVat.get(vatPercent) ?? 0) + discountCents);
		});

		const discountRows = this.discountRows(discountCentsByVat);
		const shippingRows = order.shipping_lines.flatMap((line, index) => {
			const item: ItemRef = { kind: 'shipping line', index, name: line.method_title, path: `shipping_lines[${index}]` };
			const amount = this.money(item, 'total', line.total);
			// Free shipping stays on the order so the customer sees the method; only a 0 line without a method is noise.
			if (amount === 0 && nonEmpty(line.method_id) === undefined) return [];
			const articleNo = settings.shippingByMethod?.[line.method_id]?.shippingArticleNo ?? settings.shippingArticleNo;
			return this.chargeRows(item, articleNo, line.taxes, amount, this.money(item, 'total_tax', line.total_tax));
		});
		const feeRows = order.fee_lines.flatMap((line, index) => {
			const item: ItemRef = { kind: 'fee line', index, name: line.name, path: `fee_lines[${index}]` };
			const amount = this.money(item, 'total', line.total);
			if (amount === 0) return [];
			return this.chargeRows(item, settings.feeArticleNo, line.taxes, amount, this.money(item, 'total_tax', line.total_tax));
		});

		const rows = [...productRows, ...discountRows, ...shippingRows, ...feeRows];
		const wooTotalCents = toCents(this.money(undefined, 'total', order.total));
		const beforeRounding = specterTotalsOf(rows);
		const wooVat = this.wooVatCentsByRate();
		const wooVatCents = [...wooVat.values()].reduce((sum, cents) => sum + cents, 0);
		// what the rows give once each rate's VAT is WooCommerce's; anything else in WooCommerce's total is unexplained
		const explainedCents = beforeRounding.exclVatCents + wooVatCents;
		const unexplainedCents = wooTotalCents - explainedCents;
		if (Math.abs(unexplainedCents) > MAX_ROUNDING_ADJUSTMENT * 100) {
			this.fail(
				undefined,
				'total',
				`the Specter rows add up to ${formatCents(explainedCents)} but the WooCommerce total is ${formatCents(wooTotalCents)} ` +
					`(difference ${formatCents(unexplainedCents)}, more than the ${MAX_ROUNDING_ADJUSTMENT.toFixed(2)} a rounding row may absorb)`,
				"check the order's lines, coupons, fees and taxes in WooCommerce (a plugin may have changed the totals)",
			);
		}
		rows.push(...this.vatRoundingRows(beforeRounding.vatCentsByRate, beforeRounding.rowsByRate, wooVat));
		const balanceCents = wooTotalCents - specterTotalsOf(rows).inclVatCents;
		if (balanceCents !== 0) {
			rows.push({
				articleNo: settings.roundingArticleNo,
				articleName: 'Rounding',
				priceExclVat: balanceCents / 100,
				quantity: 1,
				vatPercent: 0,
			});
		}
		const totals = specterTotalsOf(rows);
		const roundingRows = rows.length - productRows.length - discountRows.length - shippingRows.length - feeRows.length;

		const externalOrderNo = `${settings.externalOrderNoPrefix ?? ''}${this.orderNumber}`;
		const note = nonEmpty(order.customer_note);
		const noteTarget = settings.includeCustomerNoteAs ?? 'publishedComment';
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
				externalDeliveryMethod: deliveryMethodOf(order, settings.shippingByMethod),
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
				roundingRows,
				wooTotal: wooTotalCents / 100,
				specterTotalBeforeRounding: beforeRounding.inclVatCents / 100,
				roundingAdjustment: (totals.inclVatCents - beforeRounding.inclVatCents) / 100,
				totalExclVat: totals.exclVatCents / 100,
				totalVat: totals.vatCents / 100,
				vatByRate: vatByRateOf(totals),
				notes: [...this.notes],
			},
		};
	}

	private mapCustomer(): CustomerInput {
		const { order, settings } = this;
		const { billing } = order;
		let email = nonEmpty(billing.email);
		if (email === undefined) {
			email = nonEmpty(settings.fallbackEmail);
			if (email === undefined) {
				this.fail(
					undefined,
					'billing.email',
					'the billing e-mail is empty',
					"Specter needs an e-mail address for every customer: add one to the order's billing address, or set the option " +
						'Fallback Customer Email (one address for a shared customer, or an expression such as order-{{ $json.number }}@yourshop.se for one customer per order)',
				);
			}
			this.notes.push(`the billing e-mail is empty: the customer gets the fallback e-mail ${email}`);
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
	 * VAT % of an item: the rate_percent of the tax rate it is charged, else derived from its amounts (tax ÷ base,
	 * snapped to a Specter rate within a cent), 0 when it carries no tax. An item charged several rates at once
	 * (stacked taxes, e.g. 5 % + 7 %) is refused: Specter books one rate per row, and their sum is a rate nobody
	 * charged. (A fee WooCommerce split over several rates, each on its own share, never gets here: splitAcrossRates.)
	 */
	private vat(item: ItemRef, taxes: WooItemTax[], base: number, tax: number): number {
		const entries: ItemTaxEntry[] = taxes.map((entry) => {
			const taxLine = this.taxLinesByRateId.get(entry.id);
			return {
				id: entry.id,
				percent: taxLine?.rate_percent,
				label: nonEmpty(taxLine?.label),
				cents: entry.total.trim() === '' ? 0 : toCents(this.money(item, 'taxes', entry.total)),
			};
		});
		const charged = entries.filter((entry) => entry.cents !== 0);
		if (charged.length > 1) this.failStackedRates(item, charged, base, tax);
		// the charged rate, or, on an item without tax (free shipping), the one rate all its entries name
		const named = charged.length === 1 ? charged : entries;
		const percents = new Set(named.map((entry) => entry.percent));
		const percent = named.length > 0 && percents.size === 1 ? named[0].percent : undefined;
		const rate = this.acceptedVat(item, percent ?? percentFromAmounts(base, tax));
		for (const entry of named) this.rateByTaxRateId.set(entry.id, rate);
		return rate;
	}

	private failStackedRates(item: ItemRef, charged: ItemTaxEntry[], base: number, tax: number): never {
		const names = charged.map((entry) => {
			const rate = entry.percent === undefined ? `rate id ${entry.id}` : formatPercent(entry.percent);
			return entry.label === undefined ? rate : `${rate} "${entry.label}"`;
		});
		const allKnown = charged.every((entry) => entry.percent !== undefined);
		const sum = allKnown ? charged.reduce((total, entry) => total + (entry.percent as number), 0) : base === 0 ? Number.NaN : (tax / base) * 100;
		const what = item.kind === 'line' ? 'the product' : item.kind === 'shipping line' ? 'shipping' : 'the fee';
		this.fail(
			item,
			'taxes',
			`${charged.length} tax rates are charged on the same amount (${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}); ` +
				`Specter books one VAT rate per row, and booking ${formatPercent(sum)} would be a rate nobody charged`,
			`give ${what} one tax rate in WooCommerce (its tax class), or enter this order in Specter by hand`,
		);
	}

	/**
	 * The rows of a product line, adding up exactly to its subtotal (`cents`) under Specter's arithmetic
	 * (specter-totals.ts), with 2-decimal unit prices: one row when quantity × the rounded unit price is the
	 * subtotal; otherwise, for a whole quantity, two rows whose unit prices differ by 1 öre
	 * ((quantity − k) × p and k × (p + 0.01)), and for a decimal quantity, (quantity − 1) × p and 1 × the rest.
	 */
	private lineRows(item: ItemRef, articleNo: string, cents: number, quantity: number, vatPercent: number): OrderRowInput[] {
		const row = (priceCents: number, rowQuantity: number): OrderRowInput => ({
			articleNo,
			articleName: item.name,
			priceExclVat: priceCents / 100,
			quantity: rowQuantity,
			vatPercent,
		});
		const unitCents = roundTo(cents / quantity, 0);
		if (toCents((unitCents / 100) * quantity) === cents) return [row(unitCents, quantity)];
		let rows: OrderRowInput[];
		if (Number.isInteger(quantity)) {
			const lowCents = Math.floor(cents / quantity);
			const atHigh = cents - lowCents * quantity;
			rows = [row(lowCents, quantity - atHigh), row(lowCents + 1, atHigh)];
		} else if (quantity > 1) {
			const firstQuantity = roundTo(quantity - 1, 6);
			const first = row(unitCents, firstQuantity);
			rows = [first, row(cents - toCents(first.priceExclVat * firstQuantity), 1)];
		} else {
			// below one unit each öre of price moves the amount by less than an öre: some price nearby gives the subtotal
			const reach = Math.ceil(1 / quantity) + 1;
			for (let step = 1; step <= reach; step++) {
				for (const candidate of [unitCents - step, unitCents + step]) {
					if (toCents((candidate / 100) * quantity) === cents) return [row(candidate, quantity)];
				}
			}
			this.fail(item, 'quantity', `quantity ${quantity} cannot carry the subtotal ${formatCents(cents)} with a 2-decimal price`, 'correct the quantity');
		}
		const sent = rows.map((part) => `${part.quantity} × ${part.priceExclVat.toFixed(2)}`).join(' + ');
		this.notes.push(
			`${describeItem(item)}: ${quantity} units at ${roundTo(cents / 100 / quantity, 6)} excl. VAT sent as ${sent}, ` +
				`so the rows add up to WooCommerce's ${formatCents(cents)} (Specter takes 2-decimal prices)`,
		);
		return rows;
	}

	/**
	 * WooCommerce's VAT per Specter rate, in öre: its tax lines (items and shipping), each rate by rate_percent, or,
	 * before WooCommerce 5.7, by the rate its items were mapped with.
	 */
	private wooVatCentsByRate(): Map<number, number> {
		const byRate = new Map<number, number>();
		this.order.tax_lines.forEach((line, index) => {
			const field = `tax_lines[${index}]`;
			const amount = (text: string, name: string) => (String(text).trim() === '' ? 0 : toCents(this.money(undefined, `${field}.${name}`, text)));
			const cents = amount(line.tax_total, 'tax_total') + amount(line.shipping_tax_total, 'shipping_tax_total');
			const rate = line.rate_percent !== undefined ? toSpecterVatRate(line.rate_percent) : this.rateByTaxRateId.get(line.rate_id);
			if (rate === undefined) {
				if (cents === 0) return;
				const percent = line.rate_percent === undefined ? `rate id ${line.rate_id}` : formatPercent(line.rate_percent);
				this.fail(
					undefined,
					field,
					`the tax line "${line.label}" (${percent}) charges ${formatCents(cents)} VAT, at a rate Specter does not take or no item of the order carries`,
					'correct the tax rates in WooCommerce (Settings → Tax)',
				);
			}
			byRate.set(rate, (byRate.get(rate) ?? 0) + cents);
		});
		return byRate;
	}

	/**
	 * Rounding rows that make Specter's VAT per rate WooCommerce's: at each rate where the rows' VAT (rounded per
	 * row) misses the tax lines, one row at that rate whose own VAT is the öre missing. A few öre per row at most;
	 * more means the taxes do not belong to these lines.
	 */
	private vatRoundingRows(specterVat: Map<number, number>, rowsByRate: Map<number, number>, wooVat: Map<number, number>): OrderRowInput[] {
		const rates = [...new Set([...specterVat.keys(), ...wooVat.keys()])].sort((a, b) => b - a);
		const rows: OrderRowInput[] = [];
		for (const rate of rates) {
			const specterCents = specterVat.get(rate) ?? 0;
			const wooCents = wooVat.get(rate) ?? 0;
			const missingCents = wooCents - specterCents;
			if (missingCents === 0) continue;
			const amountCents = rate === 0 ? undefined : amountWithVat(missingCents, rate);
			if (amountCents === undefined || Math.abs(missingCents) > (rowsByRate.get(rate) ?? 0) + 1) {
				this.fail(
					undefined,
					'tax_lines',
					`WooCommerce's tax lines charge ${formatCents(wooCents)} VAT at ${rate}%, but the order's items at ${rate}% come to ` +
						`${formatCents(specterCents)} VAT in Specter`,
					"check the taxes of the order's lines, shipping and fees in WooCommerce (a plugin may have changed them)",
				);
			}
			rows.push({
				articleNo: this.settings.roundingArticleNo,
				articleName: withVatSuffix('Rounding', rate),
				priceExclVat: amountCents / 100,
				quantity: 1,
				vatPercent: rate,
			});
		}
		return rows;
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
		const where = item ? `order ${this.orderNumber}, ${describeItem(item)}` : `order ${this.orderNumber}`;
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

/**
 * The amount (öre) of a one-unit row at `rate` whose VAT is exactly `vatCents` öre: the amount closest to
 * vatCents ÷ rate, so the VAT lands near a whole öre and does not depend on how Specter rounds halves.
 */
function amountWithVat(vatCents: number, rate: number): number | undefined {
	const centre = roundTo((vatCents * 100) / rate, 0);
	for (const amount of [centre, centre - 1, centre + 1, centre - 2, centre + 2]) {
		if (rowVatCents({ priceExclVat: amount / 100, quantity: 1, vatPercent: rate }) === vatCents) return amount;
	}
	return undefined;
}

/** The mapped delivery methods of the order's shipping lines, each once, in line order; undefined when none is mapped. */
function deliveryMethodOf(order: WooOrder, shippingByMethod: OrderMappingSettings['shippingByMethod']): string | undefined {
	const methods = order.shipping_lines
		.map((line) => nonEmpty(shippingByMethod?.[line.method_id]?.deliveryMethod))
		.filter((method): method is string => method !== undefined);
	return methods.length > 0 ? [...new Set(methods)].join(', ') : undefined;
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
