 
// putInfo.asp?action=newArticleSubmit (docs/specter-api.md §3.3): batch upsert by articleNo. The whole request is
// validated before anything is applied. Stock is only ever set when an article is created (S5). By default nothing
// is queued; whether Specter reports the webshop's own API writes back through the article-info queue is not known,
// so the setting queueApiArticleWrites makes it do so, for tests of the worst case [G].
import { SPECTER_GUESSES } from '../../../nodes/Specter/wire/guesses';
import type { ActionContext } from './context';
import { headerFields, indexedRows, type WireRow } from './params';
import { type ApiAnswer, specterErrors, successAnswer } from './responses';
import { type ArticleSubmission, DEFAULT_STOCK_SITE, type SimArticle, newArticle, queueArticleInfoChange } from './state';
import { checkFlag, checkStockSiteId, parseDecimal, parseVatPercent, webshopIdFor } from './validation';

const guessed = SPECTER_GUESSES.article;

const DECIMAL_FIELDS = { priceExclVAT: 'priceExclVat', productWeight: 'weight', productVolume: 'volume', buyPrice: 'buyPrice', stockPrice: 'stockPrice' } as const;
const TEXT_FIELDS = { name: 'name', barCode: 'barCode', [guessed.descriptionField]: 'description', [guessed.shortDescriptionField]: 'shortDescription' } as const;

const ARTICLE_ROW_FIELDS = [
	'articleNo', 'vatPercent', 'createArticleStock', 'noItemsInStock', 'supplierNo', 'supplierName', 'supplierBuyPrice',
	'supplierArticleNo', 'manufacturingCountryCode', guessed.publishInWebshopField, guessed.stockSiteIdField,
	...Object.keys(DECIMAL_FIELDS), ...Object.keys(TEXT_FIELDS),
];

type ArticleData = Partial<
	Pick<SimArticle, 'name' | 'priceExclVat' | 'vatPercent' | 'weight' | 'volume' | 'barCode' | 'buyPrice' | 'stockPrice' | 'description' | 'shortDescription' | 'publishInWebshop'>
>;

interface ParsedArticleRow {
	articleNo: string;
	data: ArticleData;
	/** createArticleStock_N=1: the initial quantity (noItemsInStock_N, default 0) */
	initialStock: number | null;
	stockSiteId: string;
	fields: Record<string, string>;
}

/** A value of '' counts as not sent, so an update never blanks a field by accident. */
function sent(row: WireRow, field: string): string | undefined {
	const value = row.fields[field];
	return value === undefined || value.trim() === '' ? undefined : value;
}

function parseRow(row: WireRow): ParsedArticleRow {
	const articleNo = row.fields.articleNo.trim();
	// [G] what is left of Abicart's rule (S8); å ä ö are allowed (S1 change log: "Fix for åäö in articlenumber")
	if (guessed.forbiddenInArticleNo.test(articleNo)) throw specterErrors.invalidField(`articleNo_${row.index}`, 'no spaces, commas, &, %, ¤, # or euro sign allowed');
	const data: ArticleData = {};
	for (const [wire, key] of Object.entries(DECIMAL_FIELDS)) {
		const value = sent(row, wire);
		if (value !== undefined) data[key] = parseDecimal(value, `${wire}_${row.index}`);
	}
	for (const [wire, key] of Object.entries(TEXT_FIELDS)) {
		const value = sent(row, wire);
		if (value !== undefined) data[key] = value;
	}
	const vat = sent(row, 'vatPercent');
	if (vat !== undefined) data.vatPercent = parseVatPercent(vat, `vatPercent_${row.index}`);
	const publish = sent(row, guessed.publishInWebshopField);
	checkFlag(publish, `${guessed.publishInWebshopField}_${row.index}`);
	if (publish !== undefined) data.publishInWebshop = publish === '1';

	const createStock = sent(row, 'createArticleStock');
	checkFlag(createStock, `createArticleStock_${row.index}`);
	const quantity = sent(row, 'noItemsInStock');
	const initialQuantity = quantity === undefined ? 0 : parseDecimal(quantity, `noItemsInStock_${row.index}`);
	const site = sent(row, guessed.stockSiteIdField);
	return {
		articleNo,
		data,
		initialStock: createStock === '1' ? initialQuantity : null,
		stockSiteId: site === undefined ? DEFAULT_STOCK_SITE : checkStockSiteId(site, `${guessed.stockSiteIdField}_${row.index}`),
		fields: row.fields,
	};
}

export function submitArticles({ params, mode, state, settings }: ActionContext): ApiAnswer {
	const header = headerFields(params, ['forceArticleUpdate', 'addSupplier', guessed.webshopIdQueryParam]);
	checkFlag(header.forceArticleUpdate, 'forceArticleUpdate');
	checkFlag(header.addSupplier, 'addSupplier');
	const webshopId = webshopIdFor(settings, header[guessed.webshopIdQueryParam], guessed.webshopIdQueryParam);
	const rows = indexedRows(params, ARTICLE_ROW_FIELDS, 'articleNo', specterErrors.invalidField);

	const parsed: ParsedArticleRow[] = [];
	for (const row of rows) {
		const article = parseRow(row);
		// [G] one request naming an article twice is a client bug; Specter's handling is unknown
		if (parsed.some((earlier) => earlier.articleNo === article.articleNo)) throw specterErrors.invalidField(`articleNo_${row.index}`, `'${article.articleNo}' is repeated`);
		if (!state.articles.has(article.articleNo) && article.data.name === undefined) throw specterErrors.invalidField(`name_${row.index}`, 'is required for a new article');
		parsed.push(article);
	}

	const submission: ArticleSubmission = { created: [], updated: [], untouched: [] };
	const forceUpdate = params.flag('forceArticleUpdate');
	for (const row of parsed) {
		let article = state.articles.get(row.articleNo);
		if (article && !forceUpdate) {
			submission.untouched.push(row.articleNo);
			continue;
		}
		if (article) {
			submission.updated.push(row.articleNo);
		} else {
			article = newArticle(state, row.articleNo, row.data.name ?? '');
			if (row.initialStock !== null) {
				article.stockManaged = true;
				article.stock[row.stockSiteId] = row.initialStock;
			}
			submission.created.push(row.articleNo);
		}
		Object.assign(article, row.data);
		article.wireFields = row.fields;
		if (webshopId !== null) article.webshopId = webshopId;
		if (settings.queueApiArticleWrites) queueArticleInfoChange(state, article);
	}
	state.articleSubmissions.push(submission);
	return successAnswer(mode, String(rows.length), 'OK');
}
