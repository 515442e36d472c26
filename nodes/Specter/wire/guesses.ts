// ============================================================================================
//  THE GUESS TABLE
//  Every Specter wire name or value that public evidence does NOT back lives here, and only here.
//  (Evidence: docs/specter-api.md, whose §7 lists this table; labels [E] evidence, [I] inference, [G] guess.)
//  When Specter's API description v2.45 (or a live account) shows the real name, change it here:
//  the client, the nodes and the test simulator all read this table, so one edit fixes all.
// ============================================================================================

export const SPECTER_GUESSES = {
	article: {
		/** long description of the article ("webshop info"), per row: `<name>_N` [G: App4Sales WebshopInfo.ItemInfo] */
		descriptionField: 'articleInfo',
		/** short description, per row: `<name>_N` [G: App4Sales WebshopInfo.ShortItemInfo] */
		shortDescriptionField: 'shortArticleInfo',
		/** "publish in webshop" flag (1/0), per row: `<name>_N` [G] */
		publishInWebshopField: 'publishInWebshop',
		/** article-level webshop id, sent in the query like on orders [G: `webshopId` exists on orders] */
		webshopIdQueryParam: 'webshopId',
		/** article-level stock site, per row: `<name>_N` [G: `stocksiteid` exists on orders] */
		stockSiteIdField: 'stocksiteid',
		/**
		 * characters refused in article numbers [G: what is left of Abicart's own rule (S8): whitespace, comma,
		 * & % ¤ # €]. å ä ö are allowed: S1's change log has "Fix for åäö in articlenumber on product update".
		 */
		forbiddenInArticleNo: /[\s,&%¤#€]/,
	},
	payment: {
		/** payTypeIdentifier for Nexi Checkout / Nets Easy / DIBS Easy. No code was found; DP (classic DIBS) is the closest evidence [G]. Configurable in the node. */
		nexiPayTypeIdentifier: 'DP',
	},
	errors: {
		/** code for a wrong `key` / unknown sbmId or API user [G; the doc's placeholder `0;1;Invalid key`] */
		invalidKey: 1,
		/** newOrderSubmit: customerId does not exist [G] */
		unknownCustomer: 2,
		/** newOrderSubmit: an articleNo_N does not exist [G] */
		unknownArticle: 3,
		/** newOrderSubmit: externalOrderNo already used (Specter's duplicate guard, CHANGELOG 4.9) [G] */
		duplicateExternalOrderNo: 4,
		/** a field is missing, too long or malformed [G] */
		invalidField: 5,
		/** unknown action [G] */
		unknownAction: 6,
		/** an unacknowledged batch blocks the queue [E: code 99, open batch number in single quotes] */
		openBatch: 99,
	},
	messages: {
		/** wording of error 99; only the quoted batch number is evidence [G wording, E quotes] */
		openBatch: (batchNo: string) => `Batch '${batchNo}' is not closed`,
		/**
		 * wording of error 99 on an acknowledgement naming another batch than the open one [G wording; E S1: such
		 * an answer starts `0;99;` and quotes the open batch second]
		 */
		acknowledgeOtherBatch: (batchNo: string, openBatchNo: string) =>
			`Batch '${batchNo}' is not the open batch '${openBatchNo}'`,
		/** wording of the duplicate-order error; the client matches the code, and reads a Specter order number after "order " when present [G] */
		duplicateExternalOrderNo: (externalOrderNo: string, orderNo: string) =>
			`externalOrderNo '${externalOrderNo}' already exists on order ${orderNo}`,
		/** where the client reads the existing order number in that message: group 1 of the last match [G] */
		duplicateOrderNoPattern: /\border\s+(\d+)/,
	},
	xml: {
		/**
		 * another name read for the quantity element of a stock article, after `noItemsAv` [E S1] [G: the sources
		 * also write `noItemsAvailable`, as the value meaning "not stock-managed"; read in case it names the element]
		 */
		alternativeStockQuantityElement: 'noItemsAvailable',
		/** root element of every XML response [G: root names are unknown] */
		rootElement: 'response',
		/** child of APIresponse carrying the new id on writes [G] (`result`, `code`, `message` are [E]) */
		idElement: 'id',
		/** attribute on <stock> naming the stock site in getMultipleStocksites=1 answers [G] */
		stockSiteIdAttribute: 'stockSiteId',
		/** article-info attribute for VAT percent [G: S5 says VAT class is sent; the name is unknown] */
		articleVatPercentAttribute: 'vatPercent',
	},
	acknowledgement: {
		/**
		 * Text replies to update…FromBatch taken as a confirmed acknowledgement, besides an XML <APIresponse> with
		 * result 1 [G: S1 never reads the reply; this is the format of the write answers]. Any other HTTP 200 reply
		 * that is not an in-band error (an empty body, `OK`, a bare `1`, a web page) counts as acknowledged, with a
		 * warning in the output [G]: in "Acknowledge Immediately After Emitting" mode Specter may already have
		 * forgotten the batch, so refusing the reply would lose its changes. In-band errors (`0;code;…`, an
		 * <APIresponse> with an error) are errors.
		 */
		confirmedTextReply: /^1;/,
	},
	credentialTest: {
		/**
		 * The credential test acknowledges a batch number that no fetch ever bound, once signed as the API user and,
		 * when the credential has one, once as the read user. Every queue *read* binds the pending changes to a
		 * batch (blocking the queue for other readers), and checkAccountSettings may reset callbacks whose
		 * parameters are absent (classic ASP reads a missing parameter as empty). Acknowledging an unbound batch
		 * binds nothing and clears nothing, and still checks sbmId, apiUserId and key. While another batch is open
		 * Specter answers error 99 naming it [E S1], which proves the keys were accepted. [G: the answer when no
		 * batch is open, and that Specter takes a read user's signature on an acknowledgement, are not documented]
		 */
		action: 'updateArticlesFromBatch',
		batchNo: 'n8nCredentialTest',
	},
	account: {
		/**
		 * time zone of the checkAccountSettings date (its key subject) [I: Specter is Swedish, and S1 takes PHP's
		 * date('Y-m-d'), the shop server's local date; no source names a time zone]
		 */
		dateTimeZone: 'Europe/Stockholm',
	},
	callback: {
		/**
		 * what a callback receiver answers Specter [I: S1's receiver always answers `1;Done`, Specter's text format
		 * for success (§2.6); whether Specter reads the answer, or calls again without it, is not known]
		 */
		answer: '1;Done',
		/**
		 * the HTTP methods Specter may call a callback URL with [G: not known; S1's change log 5.0.9 "changed to post
		 * for callbacks" is ambiguous, so the receiver takes both]
		 */
		methods: ['GET', 'POST'],
	},
} as const;
