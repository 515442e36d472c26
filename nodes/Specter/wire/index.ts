// Public API of the Specter wire layer (no n8n imports in this folder).

export * from './types';
export { SPECTER_GUESSES } from './guesses';
export * from './wire-names';
export * from './errors';
export { SpecterClient, DEFAULT_RETRY_POLICY } from './client';
export { apiUserIdFor, encodeSignedRequest, hasReadUser, normaliseCall, specterKey, subjectFor, userFor, type SpecterUser } from './signing';
export { decodeFormBody, toLatin1Text } from './latin1';
export { formatDecimal, formatPlainNumber, parseSpecterDecimal, readSpecterDecimal } from './numbers';
export { dateInTimeZone } from './dates';
export {
	decodeResponse,
	openBatchNoFrom,
	parseAcknowledgeResponse,
	parseQueueResponse,
	parseStatusResponse,
	parseWriteResponse,
	sanitizedExcerpt,
	type QueuePage,
	type QueueParseOptions,
} from './responses';
export { validateArticles, validateCustomer, validateOrder } from './validation';
export {
	XmlSyntaxError,
	childElements,
	findDescendants,
	findElement,
	getAttribute,
	getValue,
	parseXml,
	type XmlElement,
} from './xml';
export { credentialCheckCall, readCredentialCheck, type CredentialCheck } from './credential-check';
