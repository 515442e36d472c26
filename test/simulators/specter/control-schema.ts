// zod schemas of the bodies the Specter simulator's control API (/__control/, see control.ts) takes. A body that
// does not fit is answered 400 naming each wrong field (../control-payload.ts). Unknown keys are refused, so a
// misspelt field fails the test that sent it instead of being ignored; customers take any wire field.
import { z } from 'zod';

import type { FaultKind } from './state';
import { VAT_PERCENTAGES } from './validation';

const textError = (issue: { input?: unknown }) =>
	issue.input === undefined ? 'Required: a string (or a number)' : 'Invalid input: expected a string (or a number)';
/** Text as Specter's records hold it; a number is taken as its decimal text (article numbers like 1001). */
const text = z.union([z.string(), z.number()], { error: textError }).transform((value) => String(value));
/** Optional text: absent or null means "not given". */
const optionalText = text.nullish().transform((value) => value ?? undefined);
/** Text that must be given and not blank (an article or batch number). */
const requiredText = text.refine((value) => value.trim() !== '', { error: 'must not be blank' });
const optionalNumber = z
	.number()
	.nullish()
	.transform((value) => value ?? undefined);

/** The article-info fields that seeding and Specter-side edits may set. */
const articleEditShape = {
	name: optionalText,
	priceExclVat: optionalNumber,
	vatPercent: z
		.literal(VAT_PERCENTAGES, { error: `Invalid option: expected one of ${VAT_PERCENTAGES.join('|')}` })
		.nullish()
		.transform((value) => value ?? undefined),
	weight: optionalNumber,
	barCode: optionalText,
	buyPrice: optionalNumber,
	/** [G] the webshop texts and publish flag (guessed names, see the guess table); sent in the article-info queue */
	description: optionalText,
	shortDescription: optionalText,
	publishInWebshop: z
		.boolean()
		.nullish()
		.transform((value) => value ?? undefined),
};

/** POST articles/<no>/edit */
export const articleEditSchema = z.strictObject(articleEditShape);
export type ArticleEdit = z.output<typeof articleEditSchema>;

/** POST articles: seeds or overwrites an article; `stockManaged` defaults to true. */
export const seedArticleSchema = z.strictObject({
	articleNo: requiredText,
	...articleEditShape,
	stock: optionalNumber,
	stockSiteId: optionalText,
	stockManaged: z
		.boolean()
		.nullish()
		.transform((value) => value ?? true),
});
export type SeedArticle = z.output<typeof seedArticleSchema>;

/** POST customers: wire customer fields (`name`, `emailAddress`, `orgNo`, ...), null for empty; `customerId` optional. */
export const seedCustomerSchema = z
	.looseObject({ customerId: requiredText.optional() })
	.pipe(
		z.record(
			z.string(),
			z.union([z.string(), z.number(), z.null()], { error: 'Invalid input: expected a string, a number or null' }).optional(),
		),
	)
	.transform((body) => {
		const { customerId, ...rest } = body;
		const fields: Record<string, string> = {};
		for (const [key, value] of Object.entries(rest)) fields[key] = value === null || value === undefined ? '' : String(value);
		return { customerId: customerId === undefined || customerId === null ? undefined : String(customerId), fields };
	});
export type SeedCustomer = z.output<typeof seedCustomerSchema>;

/** POST stock: `quantity` must be given; null turns stock management off. */
export const setStockSchema = z.strictObject({
	articleNo: requiredText,
	quantity: z.union([z.number(), z.null()], {
		error: (issue) =>
			issue.input === undefined
				? 'Required: a number, or null for not stock-managed'
				: 'Invalid input: expected a number, or null for not stock-managed',
	}),
	stockSiteId: optionalText,
});
export type SetStock = z.output<typeof setStockSchema>;

/** POST orders/<no>/deliver: `partial: true` keeps the delivery status (the simulator's partial delivery) */
export const deliverSchema = z.strictObject({
	trackingNo: optionalText,
	partial: z
		.boolean()
		.nullish()
		.transform((value) => value ?? false),
});
export type Deliver = z.output<typeof deliverSchema>;

/** POST orders/<no>/status: a status Specter's evidence does not describe (anything but cancelling, statusId 5) */
export const orderStatusSchema = z
	.strictObject({
		statusId: z
			.number()
			.int()
			.refine((value) => value !== 5, { error: 'use orders/<no>/cancel for statusId 5' })
			.nullish()
			.transform((value) => value ?? undefined),
		deliveryStatus: optionalText,
	})
	.refine((body) => body.statusId !== undefined || body.deliveryStatus !== undefined, {
		error: 'give statusId, deliveryStatus or both',
		path: ['statusId'],
	});
export type OrderStatusInput = z.output<typeof orderStatusSchema>;

/** POST settings: simulator behaviour that tests switch at run time */
export const settingsSchema = z.strictObject({
	/** [G] queue an article-info change for every article newArticleSubmit creates or updates (default false) */
	queueApiArticleWrites: z.boolean(),
});
export type SettingsInput = z.output<typeof settingsSchema>;

/** POST queues/<queue>/fetch */
export const fetchQueueSchema = z.strictObject({ batchNo: requiredText });

export const FAULT_KINDS = ['latency', 'http500', 'timeout', 'html', 'empty', 'malformedXml', 'reset', 'truncated'] as const satisfies readonly FaultKind[];

/**
 * POST faults: `times` defaults to 1; `action` limits the fault to one API action (case-insensitive); `rate` makes it
 * a standing fault hitting each matching request with that probability; `after` carries the request out first.
 */
export const faultSchema = z.strictObject({
	kind: z.enum(FAULT_KINDS),
	times: z
		.number()
		.int()
		.min(1)
		.nullish()
		.transform((value) => value ?? 1),
	action: optionalText,
	latencyMs: z
		.number()
		.min(0)
		.nullish()
		.transform((value) => value ?? undefined),
	rate: z
		.number()
		.gt(0)
		.max(1)
		.nullish()
		.transform((value) => value ?? undefined),
	after: z
		.boolean()
		.nullish()
		.transform((value) => value ?? undefined),
});
export type FaultInput = z.output<typeof faultSchema>;

/** POST duplicate-check: how long newOrderSubmit waits between its duplicate check and storing (0 = atomic). */
export const duplicateCheckSchema = z.strictObject({ windowMs: z.number().int().min(0).max(60_000) });
