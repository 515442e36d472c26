// zod schemas of the bodies the WooCommerce simulator's control API (/__control/, see server.ts) takes, and the one
// entry point the server calls: `parseControlBody(action, input)`. A body that does not fit is answered 400 naming
// each wrong field (../control-payload.ts). Products and orders are wc/v3 objects, so their schemas check what the
// control routes themselves rely on and the fields the fixtures use, and let other wc/v3 fields through to the
// store's own WooCommerce-style validation (validateParams), which answers WooCommerce's rest_invalid_param.
import { z } from 'zod';

import { parseControlPayload } from '../control-payload';
import { ORDER_STATUSES } from './orders';

const metaData = z.array(z.looseObject({ key: z.string().min(1), value: z.unknown() }));
/** WooCommerce money and weights are decimal strings ("125.00"). */
const decimalString = z.string().regex(/^(-?\d+(\.\d+)?)?$/, { error: 'Invalid input: expected a decimal string such as "125.00"' });

const productAttribute = z.looseObject({
	name: z.string().min(1),
	options: z.array(z.string()),
	variation: z.boolean().optional(),
	visible: z.boolean().optional(),
});

export const variationSeedSchema = z.looseObject({
	sku: z.string().optional(),
	regular_price: decimalString.optional(),
	sale_price: decimalString.optional(),
	manage_stock: z.boolean().optional(),
	stock_quantity: z.number().int().nullable().optional(),
	weight: decimalString.optional(),
	attributes: z.array(z.looseObject({ name: z.string().min(1), option: z.string() })).optional(),
	meta_data: metaData.optional(),
});

/** One product of POST products: a wc/v3 product, plus `variations` for a variable one. */
export const productSeedSchema = z.looseObject({
	name: z.string().optional(),
	sku: z.string().optional(),
	type: z.enum(['simple', 'grouped', 'external', 'variable']).optional(),
	status: z.enum(['draft', 'pending', 'private', 'publish', 'future']).optional(),
	regular_price: decimalString.optional(),
	sale_price: decimalString.optional(),
	tax_class: z.string().optional(),
	tax_status: z.enum(['taxable', 'shipping', 'none']).optional(),
	manage_stock: z.boolean().optional(),
	stock_quantity: z.number().int().nullable().optional(),
	weight: decimalString.optional(),
	virtual: z.boolean().optional(),
	attributes: z.array(productAttribute).optional(),
	variations: z.array(variationSeedSchema).optional(),
	meta_data: metaData.optional(),
});

/** POST products as a list (`[...]`), wrapped (`{"products": [...]}`) or a single product. */
export const seedProductsSchemas = {
	list: z.array(productSeedSchema),
	wrapped: z.strictObject({ products: z.array(productSeedSchema) }),
	single: productSeedSchema,
};

const address = z.record(z.string(), z.string(), { error: 'Invalid input: expected an object of strings' });

const placeOrderLine = z
	.looseObject({
		sku: z.string().min(1).optional(),
		product_id: z.number().int().positive().optional(),
		variation_id: z.number().int().nonnegative().optional(),
		quantity: z.number().int().min(1),
	})
	.refine((line) => line.sku !== undefined || line.product_id !== undefined, {
		error: 'Required: sku or product_id',
		path: ['sku'],
	});

/** POST orders/place: a shopper's checkout (processing unless `status` says otherwise). */
export const placeOrderSchema = z.looseObject({
	line_items: z.array(placeOrderLine).min(1),
	billing: address.optional(),
	shipping: address.optional(),
	payment_method: z.string().optional(),
	payment_method_title: z.string().optional(),
	transaction_id: z.string().optional(),
	meta_data: metaData.optional(),
	coupon_lines: z
		.array(
			z.looseObject({
				code: z.string().min(1),
				discount_type: z.enum(['percent', 'fixed_cart', 'fixed_product']).optional(),
				amount: z.union([decimalString, z.number()]).optional(),
			}),
		)
		.optional(),
	shipping_lines: z
		.array(z.looseObject({ method_id: z.string().min(1), method_title: z.string().optional(), total: decimalString }))
		.optional(),
	fee_lines: z
		.array(
			z.looseObject({
				name: z.string().min(1),
				total: decimalString,
				tax_class: z.string().optional(),
				tax_status: z.enum(['taxable', 'none']).optional(),
			}),
		)
		.optional(),
	status: z.enum(ORDER_STATUSES).optional(),
	customer_id: z.number().int().nonnegative().optional(),
	customer_note: z.string().optional(),
	set_paid: z.boolean().optional(),
});

/** POST webhooks/copies: every topic delivery from now on is sent `copies` times. */
export const deliveryCopiesSchema = z.strictObject({ copies: z.number().int().min(1).max(10) });

/** POST webhooks/redeliver: deliver the last delivery again `times` times (all webhooks, or one). */
export const redeliverSchema = z.strictObject({
	times: z.number().int().min(1).optional(),
	webhook_id: z.number().int().positive().optional(),
});

/**
 * POST faults: HTTP 500s or latency for `times` REST requests, optionally only under a path prefix; or `refuse`: the
 * next `times` saves of the product or variation with this SKU fail (an exception in WC_Data::save()). One object,
 * so that every wrong field is named at once; which fields go with which kind is checked after.
 */
export const faultSchema = z
	.strictObject({
		kind: z.enum(['http500', 'latency', 'refuse']),
		times: z.number().int().min(1).optional(),
		path: z.string().startsWith('/').optional(),
		latencyMs: z.number().min(0).optional(),
		sku: z.string().min(1).optional(),
		message: z.string().min(1).optional(),
	})
	.superRefine((fault, context) => {
		const foreign = fault.kind === 'refuse' ? (['path', 'latencyMs'] as const) : (['sku', 'message'] as const);
		for (const field of foreign) {
			if (fault[field] !== undefined) context.addIssue({ code: 'custom', path: [field], message: `not a field of kind ${fault.kind}` });
		}
		if (fault.kind === 'refuse' && fault.sku === undefined) {
			context.addIssue({ code: 'custom', path: ['sku'], message: 'Required: the SKU of the product or variation to refuse' });
		}
	});

const isRecord = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Checks the body of a control action (`"POST products"`, ...) against its schema; throws ControlPayloadError
 * (400, naming each wrong field) when it does not fit. Actions without a body, and unknown ones (the server
 * answers those 404), are passed through. Returns the input unchanged: the schemas only check.
 */
export function parseControlBody(action: string, input: unknown): unknown {
	switch (action) {
		case 'POST products':
			if (Array.isArray(input)) parseControlPayload(seedProductsSchemas.list, input);
			else if (isRecord(input) && 'products' in input) parseControlPayload(seedProductsSchemas.wrapped, input);
			else parseControlPayload(seedProductsSchemas.single, input);
			break;
		case 'POST orders/place':
			parseControlPayload(placeOrderSchema, input);
			break;
		case 'POST webhooks/copies':
			parseControlPayload(deliveryCopiesSchema, input);
			break;
		case 'POST webhooks/redeliver':
			parseControlPayload(redeliverSchema, input);
			break;
		case 'POST faults':
			parseControlPayload(faultSchema, input);
			break;
	}
	return input;
}
