// Pure WooCommerce ⇄ Specter mappers (no n8n, no I/O).
export * from './woo-types';
export { ProductMappingError, WooMappingError } from './errors';
export { KG_PER_WEIGHT_UNIT, type WooWeightUnit } from './numbers';
export { SPECTER_VAT_RATES } from './vat';
export { paymentFamily, type PaymentFamily, type PaymentSettings } from './payment';
export {
	DEFAULT_ORG_NO_META_KEYS,
	DEFAULT_VAT_NO_META_KEYS,
	MAX_ROUNDING_ADJUSTMENT,
	mapWooOrderToSpecter,
	type MappedOrder,
	type MappedOrderSummary,
	type OrderMappingSettings,
} from './order-to-specter';
export {
	DEFAULT_EAN_META_KEYS,
	DEFAULT_VAT_PERCENT_BY_TAX_CLASS,
	mapWooProductToArticle,
	type ProductMappingSettings,
	type SkippedProduct,
} from './product-to-article';
export {
	articleChangeToWoo,
	DEFAULT_TAX_CLASS_BY_VAT_PERCENT,
	stockChangeToWoo,
	type ArticleChangeMappingSettings,
	type WooProductChange,
	type WooProductFields,
	type WooStockSkip,
	type WooStockUpdate,
} from './specter-to-woo';
export {
	DEFAULT_ORDER_STATUS_MAP,
	DEFAULT_TRACKING_META_KEY,
	DEFAULT_TRACKING_NOTE,
	KLARNA_DISCONNECT_META_KEY,
	orderStatusChangeToWoo,
	orderStatusWritesFor,
	SPECTER_ORDER_NO_META_KEY,
	specterOrderEventOf,
	type OrderStatusMapEntry,
	type OrderStatusMappingSettings,
	type OrderStatusResult,
	type OrderStatusWrites,
	type OrderStatusWriteSettings,
	type SpecterOrderEvent,
	type WooOrderRef,
	type WooOrderStatusUpdate,
} from './order-status-to-woo';
export { refusalFingerprintOf, TRANSFER_FAILED_META_KEY, transferMarkOf, type TransferMark } from './order-transfer-marks';
export { MappingTableError, parseMappingTables, type MappingTables, type ShippingMethodMapping } from './mapping-tables';
