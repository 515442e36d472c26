/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
import assert from 'node:assert/strict';
import { MappingTableError, mapWooOrderToSpecter, parseMappingTables, type OrderMappingSettings } from '../../nodes/Specter/mappers';
import { loadOrder } from './fixtures';

const SETTINGS: OrderMappingSettings = {
	shippingArticleNo: 'FRAKT',
	feeArticleNo: 'AVGIFT',
	discountArticleNo: 'RABATT',
	roundingArticleNo: 'ORESAVRUNDNING',
};

function tableError(value: unknown): MappingTableError {
	try {
		parseMappingTables(value);
	} catch (error) {
		assert.ok(error instanceof MappingTableError, `expected a MappingTableError, got ${String(error)}`);
		return error;
	}
	assert.fail('the tables parsed without an error');
}

describe('parseMappingTables', () => {
	it('gives no tables for an empty parameter, so the node settings apply', () => {
		assert.deepEqual(parseMappingTables(''), {});
		assert.deepEqual(parseMappingTables(null), {});
		assert.deepEqual(parseMappingTables({}), {});
	});

	it('reads all four tables, from an object or JSON text', () => {
		const tables = {
			vatRates: [
				{ vatPercent: 25, taxClass: 'standard' },
				{ vatPercent: 12, taxClass: 'reduced-rate' },
				{ vatPercent: '6', taxClass: 'six-rate' },
				{ vatPercent: 0, taxClass: 'zero-rate' },
			],
			orderStatuses: [
				{ specterStatus: 'delivered', wooStatus: 'completed' },
				{ specterStatus: 'statusId', statusId: '3', wooStatus: 'on-hold' },
			],
			paymentMethods: [{ paymentMethod: 'kco', payType: 'KG' }, { paymentMethod: 'swish', payType: 'SW' }],
			shippingMethods: [
				{ shippingMethod: 'flat_rate', deliveryMethod: 'PostNord', shippingArticleNo: '' },
				{ shippingMethod: 'local_pickup', deliveryMethod: 'Hämtas i butik', shippingArticleNo: 'HAMT' },
			],
		};
		const expected = {
			vatPercentByTaxClass: { '': 25, standard: 25, 'reduced-rate': 12, 'six-rate': 6, 'zero-rate': 0 },
			taxClassByVatPercent: { '25': '', '12': 'reduced-rate', '6': 'six-rate', '0': 'zero-rate' },
			orderStatuses: [
				{ specterStatus: 'delivered', wooStatus: 'completed' },
				{ specterStatus: 'statusId', statusId: '3', wooStatus: 'on-hold' },
			],
			payTypeByPaymentMethod: { kco: 'KG', swish: 'SW' },
			shippingByMethod: { flat_rate: { deliveryMethod: 'PostNord' }, local_pickup: { deliveryMethod: 'Hämtas i butik', shippingArticleNo: 'HAMT' } },
		};
		assert.deepEqual(parseMappingTables(tables), expected);
		assert.deepEqual(parseMappingTables(JSON.stringify(tables)), expected);
	});

	it('leaves out the tables that are not given', () => {
		assert.deepEqual(parseMappingTables({ paymentMethods: [{ paymentMethod: 'bacs', payType: 'PP' }] }), { payTypeByPaymentMethod: { bacs: 'PP' } });
	});

	it('names the table and the row of a problem', () => {
		assert.equal(tableError({ vatRates: [{ vatPercent: 25, taxClass: 'standard' }, { vatPercent: 13, taxClass: 'x' }] }).message, "Mapping table vatRates, row 2: vatPercent 13 is not one of Specter's rates 25, 12, 6, 0");
		assert.equal(tableError({ vatRates: [{ vatPercent: 25 }, { vatPercent: 12, taxClass: 'standard' }] }).message, 'Mapping table vatRates, row 2: tax class standard is already in the table');
		assert.equal(tableError({ orderStatuses: [{ specterStatus: 'shipped', wooStatus: 'completed' }] }).message, 'Mapping table orderStatuses, row 1: specterStatus shipped is not one of delivered, partlyDelivered, cancelled, statusId');
		assert.equal(tableError({ orderStatuses: [{ specterStatus: 'statusId', wooStatus: 'on-hold' }] }).message, 'Mapping table orderStatuses, row 1: specterStatus statusId needs the statusId Specter sends');
		assert.equal(tableError({ paymentMethods: [{ paymentMethod: 'kco', payType: 'KG' }, { paymentMethod: 'bacs', payType: ' ' }] }).message, 'Mapping table paymentMethods, row 2: payType is empty');
		assert.equal(tableError({ paymentMethods: [{ paymentMethod: 'kco', payType: 'KG' }, { paymentMethod: 'kco', payType: 'K' }] }).message, 'Mapping table paymentMethods, row 2: paymentMethod kco is already in the table');
		assert.equal(tableError({ shippingMethods: [{ shippingMethod: 'flat_rate', deliveryMethod: 'x'.repeat(101) }] }).message, "Mapping table shippingMethods, row 1: deliveryMethod is longer than Specter's 100 characters");
		assert.equal(tableError({ shippingMethods: { flat_rate: 'PostNord' } }).message, 'Mapping table shippingMethods: must be a list of rows ([{…}, {…}])');
		assert.equal(tableError({ shippingMethods: ['flat_rate'] }).message, 'Mapping table shippingMethods, row 1: must be an object such as {"…": "…"}');
		assert.equal(tableError('{ not json').message, 'Mapping table (all): is not valid JSON');
		assert.equal(tableError([]).message, 'Mapping table (all): must be one object with the tables vatRates, orderStatuses, paymentMethods, shippingMethods');
	});
});

describe('mapWooOrderToSpecter with a shipping method table', () => {
	const order = loadOrder('order-kco-private-two-rates.json'); // one flat_rate shipping line

	it('sends the delivery method of the order’s shipping method and uses its shipping article', () => {
		const mapped = mapWooOrderToSpecter(order, {
			...SETTINGS,
			shippingByMethod: { flat_rate: { deliveryMethod: 'PostNord MyPack', shippingArticleNo: 'FRAKT-PN' }, local_pickup: { deliveryMethod: 'Hämtas' } },
		});
		assert.equal(mapped.order.externalDeliveryMethod, 'PostNord MyPack');
		const shippingRows = mapped.order.rows.filter((row) => row.articleNo === 'FRAKT-PN');
		assert.equal(shippingRows.length, mapped.summary.shippingRows);
		assert.ok(shippingRows.length > 0);
		assert.ok(!mapped.order.rows.some((row) => row.articleNo === 'FRAKT'));
	});

	it('keeps the Shipping Article No. and sends no delivery method for a method the table does not name', () => {
		const mapped = mapWooOrderToSpecter(order, { ...SETTINGS, shippingByMethod: { local_pickup: { deliveryMethod: 'Hämtas', shippingArticleNo: 'HAMT' } } });
		assert.equal(mapped.order.externalDeliveryMethod, undefined);
		assert.equal(mapped.order.rows.filter((row) => row.articleNo === 'FRAKT').length, mapped.summary.shippingRows);
	});

	it('takes the pay type from the payment method table', () => {
		const mapped = mapWooOrderToSpecter(order, { ...SETTINGS, payTypeByPaymentMethod: parseMappingTables({ paymentMethods: [{ paymentMethod: 'kco', payType: 'K' }] }).payTypeByPaymentMethod });
		assert.equal(mapped.order.payTypeIdentifier, 'K');
	});
});
