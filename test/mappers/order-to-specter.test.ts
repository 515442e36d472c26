/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
import assert from 'node:assert/strict';
import {
	mapWooOrderToSpecter,
	WooMappingError,
	type OrderMappingSettings,
	type WooOrder,
} from '../../nodes/Specter/mappers';
import { SPECTER_GUESSES } from '../../nodes/Specter/wire/guesses';
import { loadOrder } from './fixtures';

const SETTINGS: OrderMappingSettings = {
	shippingArticleNo: 'FRAKT',
	feeArticleNo: 'AVGIFT',
	discountArticleNo: 'RABATT',
	roundingArticleNo: 'ORESAVRUNDNING',
	privateCustomerGroupId: '1',
	companyCustomerGroupId: '2',
	klarnaMerchantId: 'K501234',
};

function mappingError(order: WooOrder, settings: OrderMappingSettings = SETTINGS): WooMappingError {
	try {
		mapWooOrderToSpecter(order, settings);
	} catch (error) {
		assert.ok(error instanceof WooMappingError, `expected a WooMappingError, got ${String(error)}`);
		return error;
	}
	assert.fail('the order mapped without an error');
}

describe('mapWooOrderToSpecter: Klarna Checkout order, private customer, 25 % and 12 %, coupon, shipping', () => {
	const klarnaOrderId = '8e7c2a1f-4b3d-4c6e-9f10-2a3b4c5d6e7f';

	it('maps to the exact Specter customer, header and rows', () => {
		const mapped = mapWooOrderToSpecter(loadOrder('order-kco-private-two-rates.json'), SETTINGS);
		const address = { address1: 'Sveavägen 44', address2: 'lgh 1102', postcode: '113 50', city: 'Stockholm', countryCode: 'SE' };
		assert.deepEqual(mapped.customer, {
			organizationalForm: 'P',
			firstName: 'Åsa',
			lastName: 'Lindqvist',
			customerGroupId: '1',
			email: 'asa.lindqvist@example.se',
			phone: '0701234567',
			currency: 'SEK',
			language: 'SE',
			invoiceAddress: address,
			deliveryAddress: address,
		});
		assert.deepEqual(mapped.order, {
			externalOrderNo: '1040',
			currency: 'SEK',
			language: 'SE',
			payTypeIdentifier: 'KG',
			payTypeReference: klarnaOrderId,
			paySystemUser: 'K501234',
			publishedComment: 'Lämna paketet hos grannen om ingen är hemma.',
			rows: [
				// subtotal 398.40 / 2 (249.00 incl. 25 % VAT each, before the coupon)
				{ articleNo: 'TERMOS-05', articleName: 'Termos 0,5 l', priceExclVat: 199.2, quantity: 2, vatPercent: 25 },
				// subtotal 80.00 / 1 (89.60 incl. 12 %)
				{ articleNo: 'KAFFE-MORK-500', articleName: 'Kaffe mörkrost 500 g', priceExclVat: 80, quantity: 1, vatPercent: 12 },
				// 10 % coupon: 398.40 - 358.56 = 39.84 on the 25 % line, 80.00 - 72.00 = 8.00 on the 12 % line
				{ articleNo: 'RABATT', articleName: 'Discount sommar10 (25% VAT)', priceExclVat: -39.84, quantity: 1, vatPercent: 25 },
				{ articleNo: 'RABATT', articleName: 'Discount sommar10 (12% VAT)', priceExclVat: -8, quantity: 1, vatPercent: 12 },
				{ articleNo: 'FRAKT', articleName: 'PostNord MyPack Collect', priceExclVat: 39.2, quantity: 1, vatPercent: 25 },
			],
		});
		// incl. VAT: 498.00 + 89.60 - 49.80 - 8.96 + 49.00 = 577.84 = WooCommerce's total, so no rounding row.
		// excl. VAT: 398.40 + 80.00 - 39.84 - 8.00 + 39.20 = 469.76; VAT 577.84 - 469.76 = 108.08 (= total_tax).
		assert.deepEqual(mapped.summary, {
			wooOrderId: 1040,
			externalOrderNo: '1040',
			paymentMethod: 'kco',
			payTypeIdentifier: 'KG',
			productRows: 2,
			discountRows: 2,
			shippingRows: 1,
			feeRows: 0,
			roundingRows: 0,
			wooTotal: 577.84,
			specterTotalBeforeRounding: 577.84,
			roundingAdjustment: 0,
			totalExclVat: 469.76,
			totalVat: 108.08,
			// = the tax lines: 89.64 + 9.80 at 25 %, 8.64 at 12 %
			vatByRate: { '25': 99.44, '12': 8.64 },
			notes: [],
		});
	});

	it('puts the prefix, webshop, stock site, language and order-mail flag on the order', () => {
		const mapped = mapWooOrderToSpecter(loadOrder('order-kco-private-two-rates.json'), {
			...SETTINGS,
			externalOrderNoPrefix: 'WC-',
			webshopId: '3',
			stockSiteId: '7',
			language: 'EN',
			sendOrderMail: true,
			includeCustomerNoteAs: 'none',
		});
		const { rows, ...header } = mapped.order;
		assert.equal(rows.length, 5);
		assert.deepEqual(header, {
			externalOrderNo: 'WC-1040',
			currency: 'SEK',
			language: 'EN',
			stockSiteId: '7',
			webshopId: '3',
			payTypeIdentifier: 'KG',
			payTypeReference: klarnaOrderId,
			paySystemUser: 'K501234',
			sendOrderMail: true,
		});
		assert.equal(mapped.customer.language, 'EN');
		assert.equal(mapped.summary.externalOrderNo, 'WC-1040');
	});

	it('falls back to the order id when the order number is empty', () => {
		const order = loadOrder('order-kco-private-two-rates.json');
		order.number = '';
		assert.equal(mapWooOrderToSpecter(order, SETTINGS).order.externalOrderNo, '1040');
	});

	it('reads the Klarna order id from _wc_klarna_order_id when transaction_id is empty', () => {
		const order = loadOrder('order-kco-private-two-rates.json');
		order.transaction_id = '';
		assert.equal(mapWooOrderToSpecter(order, SETTINGS).order.payTypeReference, klarnaOrderId);
	});

	it('prefers transaction_id over the meta', () => {
		const order = loadOrder('order-kco-private-two-rates.json');
		order.transaction_id = 'f0e1d2c3-b4a5-4968-8776-655443322110';
		assert.equal(mapWooOrderToSpecter(order, SETTINGS).order.payTypeReference, 'f0e1d2c3-b4a5-4968-8776-655443322110');
	});

	it('refuses a Klarna order without any Klarna order id', () => {
		const order = loadOrder('order-kco-private-two-rates.json');
		order.transaction_id = '';
		order.meta_data = order.meta_data.filter((meta) => meta.key !== '_wc_klarna_order_id');
		const error = mappingError(order);
		assert.equal(
			error.message,
			'order 1040: payment kco has no Klarna order id (transaction_id and meta _wc_klarna_order_id are empty) — ' +
				'transfer the order once the payment is complete, so Specter can settle it with the payment provider',
		);
		assert.equal(error.field, 'transaction_id');
		assert.equal(error.lineIndex, undefined);
	});

	it('uses the configured Klarna pay type, and klarna_payments is current Klarna too', () => {
		const order = loadOrder('order-kco-private-two-rates.json');
		order.payment_method = 'klarna_payments';
		const mapped = mapWooOrderToSpecter(order, { ...SETTINGS, klarnaPayTypeIdentifier: 'K' });
		assert.equal(mapped.order.payTypeIdentifier, 'K');
		assert.equal(mapped.order.payTypeReference, klarnaOrderId);
		assert.equal(mapped.order.paySystemUser, 'K501234');
	});

	it('leaves paySystemUser out when no Klarna merchant id is set', () => {
		const mapped = mapWooOrderToSpecter(loadOrder('order-kco-private-two-rates.json'), { ...SETTINGS, klarnaMerchantId: '' });
		assert.equal('paySystemUser' in mapped.order, false);
	});

	it('legacy Klarna (klarna_invoice): pay type K, the reservation number before transaction_id', () => {
		const order = loadOrder('order-kco-private-two-rates.json');
		order.payment_method = 'klarna_invoice';
		// The legacy plugin overwrites transaction_id with the invoice number once activated.
		order.transaction_id = '8800457712';
		order.meta_data = [{ id: 18795, key: '_klarna_order_reservation', value: '2351472908' }];
		const mapped = mapWooOrderToSpecter(order, SETTINGS);
		assert.equal(mapped.order.payTypeIdentifier, 'K');
		assert.equal(mapped.order.payTypeReference, '2351472908');
		assert.equal(mapped.order.paySystemUser, 'K501234');

		order.meta_data = [];
		assert.equal(mapWooOrderToSpecter(order, SETTINGS).order.payTypeReference, '8800457712');
	});

	it('an override changes the pay type but keeps the Klarna reference and merchant id', () => {
		const mapped = mapWooOrderToSpecter(loadOrder('order-kco-private-two-rates.json'), {
			...SETTINGS,
			payTypeByPaymentMethod: { kco: 'K' },
		});
		assert.equal(mapped.order.payTypeIdentifier, 'K');
		assert.equal(mapped.order.payTypeReference, klarnaOrderId);
		assert.equal(mapped.order.paySystemUser, 'K501234');
	});
});

describe('mapWooOrderToSpecter: Nexi Checkout order from a company', () => {
	const paymentId = '0254000067d4a1f2b3c4d5e6f708192a';

	it('maps the company customer with org and VAT numbers, and the delivery recipient', () => {
		const mapped = mapWooOrderToSpecter(loadOrder('order-nexi-company.json'), SETTINGS);
		assert.deepEqual(mapped.customer, {
			organizationalForm: 'C',
			companyName: 'Byggbolaget Norrland AB',
			contactPerson: 'Johan Eriksson',
			customerGroupId: '2',
			deliveryAttention: 'Lisa Berg',
			orgNo: '556677-8899',
			vatNo: 'SE556677889901',
			email: 'inkop@byggbolaget-norrland.se',
			phone: '090-12 34 56',
			currency: 'SEK',
			language: 'SE',
			invoiceAddress: {
				companyName: 'Byggbolaget Norrland AB',
				address1: 'Industrigatan 7',
				postcode: '903 27',
				city: 'Umeå',
				countryCode: 'SE',
			},
			deliveryAddress: {
				companyName: 'Byggbolaget Norrland AB',
				address1: 'Hamngatan 2',
				address2: 'Lager 3, port B',
				postcode: '903 31',
				city: 'Umeå',
				countryCode: 'SE',
			},
		});
	});

	it('uses the order number (not the id), the Nexi paymentId from meta and the default Nexi code', () => {
		const mapped = mapWooOrderToSpecter(loadOrder('order-nexi-company.json'), {
			...SETTINGS,
			includeCustomerNoteAs: 'internalComment',
		});
		assert.deepEqual(mapped.order, {
			externalOrderNo: '1041',
			currency: 'SEK',
			language: 'SE',
			payTypeIdentifier: SPECTER_GUESSES.payment.nexiPayTypeIdentifier,
			payTypeReference: paymentId,
			internalComment: 'Leverans till godsmottagningen, vardagar 07–16.',
			rows: [
				// 10 × 79.00 incl. 25 % = 632.00 excl.
				{ articleNo: 'HANDSKE-PRO-L', articleName: 'Arbetshandskar Pro', priceExclVat: 63.2, quantity: 10, vatPercent: 25 },
				// the variation's own SKU
				{ articleNo: 'JACKA-SV-L', articleName: 'Arbetsjacka - Svart, L', priceExclVat: 1199.2, quantity: 1, vatPercent: 25 },
				{ articleNo: 'FRAKT', articleName: 'Schenker Företagspaket', priceExclVat: 149, quantity: 1, vatPercent: 25 },
			],
		});
		// 790.00 + 1499.00 + 186.25 = 2475.25
		assert.equal(mapped.summary.specterTotalBeforeRounding, 2475.25);
		assert.equal(mapped.summary.roundingRows, 0);
	});

	it('uses the configured Nexi code; nets_easy_klarna is a Nexi payment, not a Klarna one', () => {
		const order = loadOrder('order-nexi-company.json');
		order.payment_method = 'nets_easy_klarna';
		const mapped = mapWooOrderToSpecter(order, { ...SETTINGS, nexiPayTypeIdentifier: 'NX' });
		assert.equal(mapped.order.payTypeIdentifier, 'NX');
		assert.equal(mapped.order.payTypeReference, paymentId);
		assert.equal('paySystemUser' in mapped.order, false);
	});

	it('prefers transaction_id (set once paid) over _dibs_payment_id', () => {
		const order = loadOrder('order-nexi-company.json');
		order.transaction_id = '02540000aaaabbbbccccddddeeeeffff';
		assert.equal(mapWooOrderToSpecter(order, SETTINGS).order.payTypeReference, '02540000aaaabbbbccccddddeeeeffff');
	});
});

describe('mapWooOrderToSpecter: legacy DIBS order with free shipping', () => {
	it('pays with DP and the DIBS transaction number, and keeps the free shipping row', () => {
		const mapped = mapWooOrderToSpecter(loadOrder('order-dibs-legacy.json'), SETTINGS);
		assert.equal(mapped.order.payTypeIdentifier, 'DP');
		assert.equal(mapped.order.payTypeReference, '2481370531');
		assert.deepEqual(mapped.order.rows, [
			{ articleNo: 'KAFFE-MORK-500', articleName: 'Kaffe mörkrost 500 g', priceExclVat: 80, quantity: 3, vatPercent: 12 },
			{ articleNo: 'TERMOS-05', articleName: 'Termos 0,5 l', priceExclVat: 199.2, quantity: 1, vatPercent: 25 },
			// 0.00, VAT from the rate id on the line (taxes [{ id: 1, total: '' }])
			{ articleNo: 'FRAKT', articleName: 'Fri frakt', priceExclVat: 0, quantity: 1, vatPercent: 25 },
		]);
		assert.equal(mapped.summary.shippingRows, 1);
	});

	it('falls back to _dibs_transaction_no', () => {
		const order = loadOrder('order-dibs-legacy.json');
		order.transaction_id = '';
		assert.equal(mapWooOrderToSpecter(order, SETTINGS).order.payTypeReference, '2481370531');
	});

	it('drops a 0.00 shipping line that has no shipping method', () => {
		const order = loadOrder('order-dibs-legacy.json');
		order.shipping_lines[0].method_id = '';
		const mapped = mapWooOrderToSpecter(order, SETTINGS);
		assert.equal(mapped.order.rows.length, 2);
		assert.equal(mapped.summary.shippingRows, 0);
	});

	it('maps other legacy DIBS gateways (dibs_invoice) the same way', () => {
		const order = loadOrder('order-dibs-legacy.json');
		order.payment_method = 'dibs_invoice';
		assert.equal(mapWooOrderToSpecter(order, SETTINGS).order.payTypeIdentifier, 'DP');
	});
});

describe('mapWooOrderToSpecter: bank transfer order entered in admin (rounding, overrides)', () => {
	it('splits a line whose rounded unit price misses its subtotal, and rounds VAT at its rate', () => {
		const mapped = mapWooOrderToSpecter(loadOrder('order-bacs-admin.json'), SETTINGS);
		assert.deepEqual(mapped.order.rows, [
			// 3 × 19.90 incl. 12 %: subtotal 53.30 / 3 = 17.7666…; 3 × 17.77 would be 53.31, so 17.76 + 2 × 17.77
			{ articleNo: 'TE-EARLGREY-100', articleName: 'Te Earl Grey 100 g', priceExclVat: 17.76, quantity: 1, vatPercent: 12 },
			{ articleNo: 'TE-EARLGREY-100', articleName: 'Te Earl Grey 100 g', priceExclVat: 17.77, quantity: 2, vatPercent: 12 },
			{ articleNo: 'TERMOS-05', articleName: 'Termos 0,5 l', priceExclVat: 199.2, quantity: 1, vatPercent: 25 },
			{ articleNo: 'FRAKT', articleName: 'PostNord Varubrev', priceExclVat: 39.2, quantity: 1, vatPercent: 25 },
			// Specter's VAT 2.13 + 4.26 = 6.39 at 12 %, WooCommerce's tax line 6.40: 0.08 at 12 % carries the öre
			{ articleNo: 'ORESAVRUNDNING', articleName: 'Rounding (12% VAT)', priceExclVat: 0.08, quantity: 1, vatPercent: 12 },
			{ articleNo: 'ORESAVRUNDNING', articleName: 'Rounding', priceExclVat: -0.08, quantity: 1, vatPercent: 0 },
		]);
		assert.equal(mapped.summary.wooTotal, 357.7);
		// 19.89 + 39.80 + 249.00 + 49.00
		assert.equal(mapped.summary.specterTotalBeforeRounding, 357.69);
		assert.equal(mapped.summary.roundingAdjustment, 0.01);
		assert.equal(mapped.summary.roundingRows, 2);
		// 53.30 + 199.20 + 39.20 + 0.08 - 0.08 = 291.70 excl.; 6.40 + 59.60 = 66.00 VAT (= total_tax)
		assert.equal(mapped.summary.totalExclVat, 291.7);
		assert.equal(mapped.summary.totalVat, 66);
		assert.deepEqual(mapped.summary.notes, [
			"line 1 (Te Earl Grey 100 g, SKU TE-EARLGREY-100): 3 units at 17.766667 excl. VAT sent as 1 × 17.76 + 2 × 17.77, so the rows add up to WooCommerce's 53.30 (Specter takes 2-decimal prices)",
		]);
	});

	it('sends no pay type for a gateway Specter has no code for, unless overridden', () => {
		const plain = mapWooOrderToSpecter(loadOrder('order-bacs-admin.json'), SETTINGS);
		assert.equal('payTypeIdentifier' in plain.order, false);
		assert.equal('payTypeReference' in plain.order, false);
		assert.equal(plain.summary.payTypeIdentifier, null);

		const prepaid = mapWooOrderToSpecter(loadOrder('order-bacs-admin.json'), {
			...SETTINGS,
			payTypeByPaymentMethod: { bacs: 'PP', cod: 'P' },
		});
		assert.equal(prepaid.order.payTypeIdentifier, 'PP');
		assert.equal(prepaid.order.isPrepayment, true);
		assert.equal('payTypeReference' in prepaid.order, false);
	});

	it('an override for another gateway carries its transaction_id as reference', () => {
		const order = loadOrder('order-bacs-admin.json');
		order.payment_method = 'swish';
		order.transaction_id = '9F3A2B1C0D4E5F60718293A4B5C6D7E8';
		const mapped = mapWooOrderToSpecter(order, { ...SETTINGS, payTypeByPaymentMethod: { swish: 'SW' } });
		assert.equal(mapped.order.payTypeIdentifier, 'SW');
		assert.equal(mapped.order.payTypeReference, '9F3A2B1C0D4E5F60718293A4B5C6D7E8');
		assert.equal('isPrepayment' in mapped.order, false);
	});

	it('delivers to the billing address when the order has no shipping address', () => {
		const mapped = mapWooOrderToSpecter(loadOrder('order-bacs-admin.json'), SETTINGS);
		const billing = { address1: 'Kungsgatan 3', postcode: '753 21', city: 'Uppsala', countryCode: 'SE' };
		assert.deepEqual(mapped.customer.invoiceAddress, billing);
		assert.deepEqual(mapped.customer.deliveryAddress, billing);
		assert.equal('deliveryAttention' in mapped.customer, false);
	});

	it('derives the VAT rate from the amounts when the line carries no tax rate ids', () => {
		const order = loadOrder('order-bacs-admin.json');
		for (const line of order.line_items) line.taxes = [];
		// 6.40 / 53.30 = 12.008 % → 12; 49.80 / 199.20 = 25 % (then the 12 % and 0 % rounding rows)
		assert.deepEqual(
			mapWooOrderToSpecter(order, SETTINGS).order.rows.map((row) => row.vatPercent),
			[12, 12, 25, 25, 12, 0],
		);
	});
});

describe('mapWooOrderToSpecter: fee lines', () => {
	it('splits a negative fee per VAT rate as WooCommerce taxed it, and keeps a positive fee whole', () => {
		const mapped = mapWooOrderToSpecter(loadOrder('order-cod-fee-lines.json'), {
			...SETTINGS,
			payTypeByPaymentMethod: { cod: 'P' },
		});
		assert.equal(mapped.order.payTypeIdentifier, 'P');
		assert.deepEqual(mapped.order.rows, [
			{ articleNo: 'SKARBRADA-EK', articleName: 'Skärbräda ek', priceExclVat: 200, quantity: 1, vatPercent: 25 },
			{ articleNo: 'KOKBOK-HUSMAN', articleName: 'Kokbok: Svensk husmanskost', priceExclVat: 300, quantity: 1, vatPercent: 6 },
			// free shipping without any tax: 0 %
			{ articleNo: 'FRAKT', articleName: 'Fri frakt', priceExclVat: 0, quantity: 1, vatPercent: 0 },
			// -50.00 split by WooCommerce over the cart's classes: tax -5.00 at 25 % → -20.00, tax -1.80 at 6 % → -30.00
			{ articleNo: 'AVGIFT', articleName: 'Personalrabatt (25% VAT)', priceExclVat: -20, quantity: 1, vatPercent: 25 },
			{ articleNo: 'AVGIFT', articleName: 'Personalrabatt (6% VAT)', priceExclVat: -30, quantity: 1, vatPercent: 6 },
			{ articleNo: 'AVGIFT', articleName: 'Postförskottsavgift', priceExclVat: 40, quantity: 1, vatPercent: 25 },
		]);
		// 250.00 + 318.00 + 0 - 25.00 - 31.80 + 50.00 = 561.20 = WooCommerce's total
		assert.equal(mapped.summary.specterTotalBeforeRounding, 561.2);
		assert.equal(mapped.summary.feeRows, 3);
		assert.equal(mapped.summary.roundingRows, 0);
		assert.equal(mapped.summary.totalVat, 71.2);
	});

	it('gives the cents lost to rounding each share to the largest share', () => {
		const order = loadOrder('order-cod-fee-lines.json');
		// WooCommerce's unrounded taxes for -50.00 split over a cart costing 258.40 in the 25 % class and 300.00 in the 6 % class
		order.fee_lines[0].taxes = [
			{ id: 1, total: '-5.784384', subtotal: '' },
			{ id: 3, total: '-1.611748', subtotal: '' },
		];
		order.fee_lines[0].total_tax = '-7.39';
		// and its tax lines: 50.00 + 10.00 - 5.784384 at 25 %, 18.00 - 1.611748 at 6 %
		order.tax_lines[0].tax_total = '54.22';
		order.tax_lines[1].tax_total = '16.39';
		order.total = '560.61';
		const rows = mapWooOrderToSpecter(order, SETTINGS).order.rows;
		// -5.784384 / 0.25 = -23.137536 → -23.14; -1.611748 / 0.06 = -26.862467 → -26.86; together -50.00
		assert.deepEqual(
			rows.filter((row) => row.articleName?.startsWith('Personalrabatt')).map((row) => [row.priceExclVat, row.vatPercent]),
			[
				[-23.14, 25],
				[-26.86, 6],
			],
		);
	});

	it('skips a 0.00 fee', () => {
		const order = loadOrder('order-cod-fee-lines.json');
		order.fee_lines[1].total = '0.00';
		order.fee_lines[1].total_tax = '0.00';
		order.fee_lines[1].taxes = [];
		order.tax_lines[0].tax_total = '45.00';
		order.total = '511.20';
		assert.equal(mapWooOrderToSpecter(order, SETTINGS).summary.feeRows, 2);
	});
});

describe('mapWooOrderToSpecter: errors name order, line and field, and nothing partial is returned', () => {
	it('a line without SKU', () => {
		const error = mappingError(loadOrder('order-line-without-sku.json'));
		assert.equal(error.message, 'order 1042, line 2 (Hoodie): SKU is empty — give the product a SKU in WooCommerce');
		assert.equal(error.orderNumber, '1042');
		assert.equal(error.lineIndex, 1);
		assert.equal(error.field, 'line_items[1].sku');
		assert.equal(error.name, 'WooMappingError');
	});

	it('a line whose product was deleted (sku null)', () => {
		const order = loadOrder('order-line-without-sku.json');
		order.line_items[1].sku = null;
		assert.equal(mappingError(order).field, 'line_items[1].sku');
	});

	it('a VAT rate Specter does not accept', () => {
		const order = loadOrder('order-kco-private-two-rates.json');
		order.tax_lines[1].rate_percent = 7;
		const error = mappingError(order);
		assert.equal(
			error.message,
			'order 1040, line 2 (Kaffe mörkrost 500 g, SKU KAFFE-MORK-500): VAT rate 7% is not one Specter accepts (25, 12, 6 or 0) — ' +
				"correct the tax rate (WooCommerce → Settings → Tax) or the product's tax class",
		);
		assert.equal(error.lineIndex, 1);
		assert.equal(error.field, 'line_items[1].taxes');
	});

	it('a VAT rate derived from the amounts that is not a Specter rate', () => {
		const order = loadOrder('order-kco-private-two-rates.json');
		for (const taxLine of order.tax_lines) delete taxLine.rate_percent;
		order.line_items[0].subtotal_tax = '79.68'; // 20 % of 398.40
		assert.match(mappingError(order).message, /^order 1040, line 1 \(Termos 0,5 l, SKU TERMOS-05\): VAT rate 20% is not one Specter accepts/);
	});

	it('derives the same rows from the amounts when tax_lines lack rate_percent (WooCommerce before 5.7)', () => {
		const order = loadOrder('order-kco-private-two-rates.json');
		for (const taxLine of order.tax_lines) delete taxLine.rate_percent;
		const expected = mapWooOrderToSpecter(loadOrder('order-kco-private-two-rates.json'), SETTINGS).order.rows;
		assert.deepEqual(mapWooOrderToSpecter(order, SETTINGS).order.rows, expected);
	});

	it('a VAT rate on a shipping line', () => {
		const order = loadOrder('order-kco-private-two-rates.json');
		order.shipping_lines[0].taxes = [{ id: 99, total: '9.8', subtotal: '' }];
		order.shipping_lines[0].total_tax = '4.41'; // 11.25 % of 39.20
		const error = mappingError(order);
		assert.match(error.message, /^order 1040, shipping line 1 \(PostNord MyPack Collect\): VAT rate 11\.25% is not one/);
		assert.equal(error.field, 'shipping_lines[0].taxes');
		assert.equal(error.lineIndex, 0);
	});

	it('a decimal quantity on a Klarna order', () => {
		const error = mappingError(loadOrder('order-klarna-decimal-quantity.json'));
		assert.equal(
			error.message,
			'order 1045, line 1 (Tyg linne natur, SKU TYG-LINNE-NAT): quantity 1.5 is not a whole number, and Klarna cannot invoice part quantities — ' +
				'sell the product in whole units, or take such orders with another payment method',
		);
		assert.equal(error.lineIndex, 0);
		assert.equal(error.field, 'line_items[0].quantity');
	});

	it('the same decimal quantity is fine with another payment method', () => {
		const order = loadOrder('order-klarna-decimal-quantity.json');
		order.payment_method = 'bacs';
		order.transaction_id = '';
		assert.deepEqual(mapWooOrderToSpecter(order, SETTINGS).order.rows[0], {
			articleNo: 'TYG-LINNE-NAT',
			articleName: 'Tyg linne natur',
			priceExclVat: 144, // 216.00 / 1.5
			quantity: 1.5,
			vatPercent: 25,
		});
	});

	it('a missing e-mail', () => {
		const order = loadOrder('order-kco-private-two-rates.json');
		order.billing.email = ' ';
		const error = mappingError(order);
		assert.equal(
			error.message,
			"order 1040: the billing e-mail is empty — Specter needs an e-mail address for every customer: add one to the order's billing address, " +
				'or set the option Fallback Customer Email (one address for a shared customer, or an expression such as order-{{ $json.number }}@yourshop.se for one customer per order)',
		);
		assert.equal(error.field, 'billing.email');
		assert.equal(error.lineIndex, undefined);
	});

	it('money that is not a number', () => {
		const order = loadOrder('order-kco-private-two-rates.json');
		order.line_items[0].subtotal = 'NaN';
		const error = mappingError(order);
		assert.equal(error.message, 'order 1040, line 1 (Termos 0,5 l, SKU TERMOS-05): subtotal "NaN" is not a number — correct the order in WooCommerce');
		assert.equal(error.field, 'line_items[0].subtotal');

		const badTotal = loadOrder('order-kco-private-two-rates.json');
		badTotal.total = 'Infinity';
		assert.equal(mappingError(badTotal).field, 'total');
	});

	it('a quantity that is not positive', () => {
		const order = loadOrder('order-kco-private-two-rates.json');
		order.line_items[1].quantity = 0;
		assert.equal(mappingError(order).field, 'line_items[1].quantity');
	});

	it('a rounding row absorbs up to 1.00; more is a mapping error', () => {
		const order = loadOrder('order-kco-private-two-rates.json');
		order.total = '578.84';
		const mapped = mapWooOrderToSpecter(order, SETTINGS);
		assert.deepEqual(mapped.order.rows[5], {
			articleNo: 'ORESAVRUNDNING',
			articleName: 'Rounding',
			priceExclVat: 1,
			quantity: 1,
			vatPercent: 0,
		});

		order.total = '578.85';
		const error = mappingError(order);
		assert.equal(
			error.message,
			'order 1040: the Specter rows add up to 577.84 but the WooCommerce total is 578.85 (difference 1.01, more than the 1.00 a rounding row may absorb) — ' +
				"check the order's lines, coupons, fees and taxes in WooCommerce (a plugin may have changed the totals)",
		);
		assert.equal(error.field, 'total');
	});
});
