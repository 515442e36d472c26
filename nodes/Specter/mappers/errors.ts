/** An order that cannot become a correct Specter order. The message names order, line and field and says what to change. */
export class WooMappingError extends Error {
	/** WooCommerce order number (`number`, or the id when number is empty) */
	readonly orderNumber: string;
	/** 0-based index into the array the field path names (line_items, shipping_lines or fee_lines); the message counts from 1 */
	readonly lineIndex?: number;
	/** WooCommerce field path, e.g. `line_items[1].sku`, `billing.email`, `total` */
	readonly field: string;

	constructor(details: { orderNumber: string; lineIndex?: number; field: string; message: string }) {
		super(details.message);
		this.name = 'WooMappingError';
		this.orderNumber = details.orderNumber;
		if (details.lineIndex !== undefined) this.lineIndex = details.lineIndex;
		this.field = details.field;
	}
}

/** A product or variation that cannot become a Specter article (a configuration problem, not a skip). */
export class ProductMappingError extends Error {
	/** the SKU as WooCommerce sent it */
	readonly sku: string;
	readonly productId: number;
	/** WooCommerce field, e.g. `tax_class`, `regular_price`, `weight` */
	readonly field: string;

	constructor(details: { sku: string; productId: number; field: string; message: string }) {
		super(details.message);
		this.name = 'ProductMappingError';
		this.sku = details.sku;
		this.productId = details.productId;
		this.field = details.field;
	}
}
