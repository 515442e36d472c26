import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { showFor, stockSiteIdField, vatPercentOptions, webshopIdField } from '../../shared/descriptions';
import { forEachItem, labelByParameter } from '../../shared/execution';
import { additionalFieldsOf, optionalText } from '../../shared/parameters';
import { SPECTER_GUESSES } from '../../wire/guesses';
import type { ArticleInput, ArticleOptions } from '../../wire/types';

const displayOptions = showFor('article', ['upsert']);
const guessed = SPECTER_GUESSES.article;

/** Explains a field whose Specter wire name is a guess (see wire/guesses.ts). */
function guessNote(wireName: string): string {
	return `The Specter field name (${wireName}) is a guess until Specter confirms it; check the article in Specter after the first run`;
}

export const description: INodeProperties[] = [
	{
		displayName: 'Article No.',
		name: 'articleNo',
		type: 'string',
		required: true,
		default: '',
		description:
			'Specter article number (the WooCommerce SKU): no spaces, commas or å ä ö & % ¤ # €. Identifies the article.',
		displayOptions,
	},
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		description: 'Article title; required when the article is new. Empty leaves the current name in Specter.',
		displayOptions,
	},
	{
		displayName: 'Update Existing Article',
		name: 'updateExisting',
		type: 'boolean',
		default: true,
		description:
			'Whether to update the article when Specter already has it (forceArticleUpdate). Otherwise Specter leaves existing articles alone and only creates new ones.',
		displayOptions,
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions,
		options: [
			{
				displayName: 'Bar Code',
				name: 'barCode',
				type: 'string',
				default: '',
				description: 'EAN / GTIN',
			},
			{
				displayName: 'Buy Price',
				name: 'buyPrice',
				type: 'number',
				typeOptions: { numberPrecision: 2 },
				default: 0,
				description: 'Purchase price excluding VAT',
			},
			{
				displayName: 'Description',
				name: 'description',
				type: 'string',
				typeOptions: { rows: 4 },
				default: '',
				description: `Long webshop description. ${guessNote(`${guessed.descriptionField}_N`)}.`,
			},
			{
				displayName: 'Initial Stock',
				name: 'initialStock',
				type: 'number',
				default: 0,
				description:
					'Stock quantity to create the article with. Specter applies it only when it creates the article; it never changes the stock of an existing one.',
			},
			{
				displayName: 'Price Excl. VAT',
				name: 'priceExclVat',
				type: 'number',
				typeOptions: { numberPrecision: 2 },
				default: 0,
				description: 'Sales price excluding VAT',
			},
			{
				displayName: 'Publish in Webshop',
				name: 'publishInWebshop',
				type: 'boolean',
				default: true,
				description: `Whether the article is published in the webshop. ${guessNote(`${guessed.publishInWebshopField}_N`)}.`,
			},
			{
				displayName: 'Short Description',
				name: 'shortDescription',
				type: 'string',
				typeOptions: { rows: 2 },
				default: '',
				description: `Short webshop description. ${guessNote(`${guessed.shortDescriptionField}_N`)}.`,
			},
			{
				displayName: 'Stock Price',
				name: 'stockPrice',
				type: 'number',
				typeOptions: { numberPrecision: 2 },
				default: 0,
				description: 'Price used to value the stock',
			},
			stockSiteIdField(undefined, `Stock site of the article. ${guessNote(`${guessed.stockSiteIdField}_N`)}.`),
			{
				displayName: 'VAT Percent',
				name: 'vatPercent',
				type: 'options',
				options: vatPercentOptions,
				default: 25,
			},
			{
				displayName: 'Volume (M³)',
				name: 'volume',
				type: 'number',
				typeOptions: { numberPrecision: 2 },
				default: 0,
				description: 'Volume in cubic metres',
			},
			webshopIdField(undefined, `Specter webshop number (multishop). ${guessNote(guessed.webshopIdQueryParam)}.`),
			{
				displayName: 'Weight (Kg)',
				name: 'weight',
				type: 'number',
				typeOptions: { numberPrecision: 3 },
				default: 0,
				description: 'Weight in kilograms',
			},
		],
	},
];

function articleOf(context: IExecuteFunctions, itemIndex: number): ArticleInput {
	const article: ArticleInput = {
		...additionalFieldsOf<ArticleInput>(context, itemIndex),
		articleNo: String(context.getNodeParameter('articleNo', itemIndex)).trim(),
	};
	const name = optionalText(context.getNodeParameter('name', itemIndex));
	if (name !== undefined) article.name = name;
	return article;
}

/** One Specter call per item. Output: the article as sent, plus `updateExisting`. */
export const execute = forEachItem({
	async run(context, itemIndex, client) {
		const article = articleOf(context, itemIndex);
		const options: ArticleOptions = {
			forceArticleUpdate: context.getNodeParameter('updateExisting', itemIndex) as boolean,
		};
		// the client checks the article (article number, numbers, Latin-1) before it sends anything
		await client.upsertArticles([article], options);
		return { ...article, updateExisting: options.forceArticleUpdate } as IDataObject;
	},
	label: labelByParameter('Article', 'articleNo'),
});
