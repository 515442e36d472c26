// Which Specter pay type and PSP reference a WooCommerce order carries. Specter activates Klarna invoices and
// captures DIBS/Nexi payments itself, so it needs the PSP's id of the payment (payTypeReference), and for Klarna
// the merchant id (payTypeIdentifierPaySystemUser). Gateway ids and meta keys: docs/woocommerce.md §7 (Krokedil plugins).

import { SPECTER_GUESSES } from '../wire/guesses';
import { firstMetaValue } from './meta';
import { compact, nonEmpty } from './values';
import type { WooOrder } from './woo-types';

/** The payment plugins whose payments Specter can settle (activate / capture). */
export type PaymentFamily = 'klarna' | 'legacyKlarna' | 'nexi' | 'legacyDibs';

interface FamilyRules {
	/** what the reference is called in error messages */
	referenceName: string;
	/** order meta that holds the reference when transaction_id does not */
	referenceMetaKey: string;
	/** read the meta before transaction_id (legacy Klarna overwrites transaction_id with the invoice number on activation) */
	metaFirst: boolean;
}

const FAMILY_RULES: Record<PaymentFamily, FamilyRules> = {
	klarna: { referenceName: 'Klarna order id', referenceMetaKey: '_wc_klarna_order_id', metaFirst: false },
	legacyKlarna: {
		referenceName: 'Klarna reservation number',
		referenceMetaKey: '_klarna_order_reservation',
		metaFirst: true,
	},
	nexi: { referenceName: 'Nexi paymentId', referenceMetaKey: '_dibs_payment_id', metaFirst: false },
	legacyDibs: { referenceName: 'DIBS transaction number', referenceMetaKey: '_dibs_transaction_no', metaFirst: false },
};

/**
 * kco (Kustom/Klarna Checkout) and klarna_payments are current Klarna; other klarna_* ids are the legacy plugin.
 * dibs_easy and every nets_easy_* (nets_easy_klarna too: Nexi holds that payment) are Nexi; other dibs ids are DIBS D2.
 */
export function paymentFamily(paymentMethod: string): PaymentFamily | undefined {
	if (paymentMethod === 'kco' || paymentMethod === 'klarna_payments') return 'klarna';
	if (paymentMethod.startsWith('klarna_')) return 'legacyKlarna';
	if (paymentMethod === 'dibs_easy' || paymentMethod.startsWith('nets_easy_')) return 'nexi';
	if (paymentMethod === 'dibs' || paymentMethod.startsWith('dibs_')) return 'legacyDibs';
	return undefined;
}

export interface PaymentSettings {
	klarnaMerchantId?: string;
	klarnaPayTypeIdentifier?: string;
	nexiPayTypeIdentifier?: string;
	payTypeByPaymentMethod?: Record<string, string>;
}

export interface OrderPayment {
	family?: PaymentFamily;
	payTypeIdentifier?: string;
	payTypeReference?: string;
	paySystemUser?: string;
	isPrepayment?: boolean;
	/** set when a PSP family's reference is missing: what was looked for, for the error message */
	missingReference?: string;
}

function familyPayType(family: PaymentFamily, settings: PaymentSettings): string {
	switch (family) {
		case 'klarna':
			return nonEmpty(settings.klarnaPayTypeIdentifier) ?? 'KG';
		case 'legacyKlarna':
			return 'K';
		case 'nexi':
			return nonEmpty(settings.nexiPayTypeIdentifier) ?? SPECTER_GUESSES.payment.nexiPayTypeIdentifier;
		case 'legacyDibs':
			return 'DP';
	}
}

/** Pay type, reference and merchant id for `order`. An unknown gateway without an override gets no pay type (Specter's default). */
export function resolvePayment(order: WooOrder, settings: PaymentSettings): OrderPayment {
	const method = order.payment_method;
	const family = paymentFamily(method);
	const payTypeIdentifier =
		nonEmpty(settings.payTypeByPaymentMethod?.[method]) ?? (family === undefined ? undefined : familyPayType(family, settings));
	if (payTypeIdentifier === undefined) return {};

	const rules = family === undefined ? undefined : FAMILY_RULES[family];
	const transactionId = nonEmpty(order.transaction_id);
	const fromMeta = rules === undefined ? undefined : firstMetaValue(order.meta_data, [rules.referenceMetaKey]);
	const reference = rules?.metaFirst ? (fromMeta ?? transactionId) : (transactionId ?? fromMeta);
	const isKlarna = family === 'klarna' || family === 'legacyKlarna';
	return compact({
		family,
		payTypeIdentifier,
		payTypeReference: reference,
		paySystemUser: isKlarna ? nonEmpty(settings.klarnaMerchantId) : undefined,
		isPrepayment: payTypeIdentifier === 'PP' ? true : undefined,
		missingReference:
			rules !== undefined && reference === undefined
				? `${rules.referenceName} (transaction_id and meta ${rules.referenceMetaKey} are empty)`
				: undefined,
	});
}
