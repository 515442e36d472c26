 
// Answers in Specter's two response modes, written by hand (independent of the client's parser), plus the
// in-band error type that action handlers throw.
import { SPECTER_GUESSES } from '../../../nodes/Specter/wire/guesses';

export type ResponseMode = 'text' | 'xml';

export interface ApiAnswer {
	ok: boolean;
	code?: number;
	contentType: 'text/plain' | 'text/xml';
	body: string;
	/** changes returned by a queue fetch */
	changes?: number;
}

/** An in-band Specter error (`0;<code>;<message>`), thrown by handlers and turned into an answer by the server. */
export class SpecterError extends Error {
	constructor(
		readonly code: number,
		message: string,
	) {
		super(message);
	}
}

const codes = SPECTER_GUESSES.errors;

// Simulator wordings [G], except openBatch / acknowledgeOtherBatch / duplicateExternalOrderNo which come from the guess table.
export const specterErrors = {
	invalidKey: () => new SpecterError(codes.invalidKey, 'Invalid key'),
	unknownAction: (action: string) => new SpecterError(codes.unknownAction, `Unknown action '${action}'`),
	invalidField: (field: string, reason: string) => new SpecterError(codes.invalidField, `Invalid field '${field}': ${reason}`),
	unknownCustomer: (customerId: string) => new SpecterError(codes.unknownCustomer, `Customer '${customerId}' does not exist`),
	unknownArticle: (articleNo: string, field: string) =>
		new SpecterError(codes.unknownArticle, `Article '${articleNo}' does not exist (${field})`),
	duplicateExternalOrderNo: (externalOrderNo: string, orderNo: string) =>
		new SpecterError(codes.duplicateExternalOrderNo, SPECTER_GUESSES.messages.duplicateExternalOrderNo(externalOrderNo, orderNo)),
	openBatch: (batchNo: string) => new SpecterError(codes.openBatch, SPECTER_GUESSES.messages.openBatch(batchNo)),
	acknowledgeOtherBatch: (batchNo: string, openBatchNo: string) =>
		new SpecterError(codes.openBatch, SPECTER_GUESSES.messages.acknowledgeOtherBatch(batchNo, openBatchNo)),
};

/** XML 1.0 allows no control characters other than tab, LF and CR. */
function isXmlChar(char: string): boolean {
	const code = char.charCodeAt(0);
	return code >= 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

/** Attributes are double-quoted, so apostrophes stay literal (as in the quoted batch number of error 99). */
export function escapeXml(text: string): string {
	return [...text]
		.filter(isXmlChar)
		.join('')
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;');
}

/** `<name a="1">children</name>`; attributes whose value is undefined are left out. `children` is already XML. */
export function xmlElement(name: string, attributes: Record<string, string | undefined>, children = ''): string {
	const attrs = Object.entries(attributes)
		.filter((entry): entry is [string, string] => entry[1] !== undefined)
		.map(([key, value]) => ` ${key}="${escapeXml(value)}"`)
		.join('');
	return children === '' ? `<${name}${attrs}/>` : `<${name}${attrs}>${children}</${name}>`;
}

export function xmlText(name: string, text: string): string {
	return `<${name}>${escapeXml(text)}</${name}>`;
}

/** A whole XML answer: declaration plus the guessed root element around `body`. */
export function xmlDocument(body: string): string {
	const root = SPECTER_GUESSES.xml.rootElement;
	return `<?xml version="1.0" encoding="ISO-8859-1"?>\r\n<${root}>${body}</${root}>`;
}

export function successAnswer(mode: ResponseMode, id: string, message: string): ApiAnswer {
	if (mode === 'text') return { ok: true, contentType: 'text/plain', body: `1;${id};${message}` };
	const apiResponse = xmlText('result', '1') + xmlText(SPECTER_GUESSES.xml.idElement, id) + xmlText('message', message);
	return { ok: true, contentType: 'text/xml', body: xmlDocument(xmlElement('APIresponse', {}, apiResponse)) };
}

export function errorAnswer(mode: ResponseMode, error: SpecterError): ApiAnswer {
	if (mode === 'text') return { ok: false, code: error.code, contentType: 'text/plain', body: `0;${error.code};${error.message}` };
	const apiResponse = xmlText('result', '0') + xmlText('code', String(error.code)) + xmlText('message', error.message);
	return { ok: false, code: error.code, contentType: 'text/xml', body: xmlDocument(xmlElement('APIresponse', {}, apiResponse)) };
}

/** Characters outside ISO-8859-1 cannot be sent; they become '?' as in a Latin-1 database. */
export function encodeLatin1(text: string): Buffer {
	return Buffer.from(text.replace(/[\u{100}-\u{10ffff}]/gu, '?'), 'latin1');
}

/**
 * Numbers in responses: `decimals` fixed places (prices 2, weights 3) or, when undefined, as few as needed
 * (quantities: `12`, `2,5`). A comma separator when the simulator runs with commaDecimals.
 */
export function formatNumber(value: number, commaDecimals: boolean, decimals?: number): string {
	const text = decimals === undefined ? String(Number(value.toFixed(6))) : value.toFixed(decimals);
	return commaDecimals ? text.replace('.', ',') : text;
}
