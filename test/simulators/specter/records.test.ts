/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
import assert from 'node:assert/strict';

import { SPECTER_GUESSES } from '../../../nodes/Specter/wire/guesses';
import { type SpecterSimulator, type SpecterSimulatorOptions, startSpecterSimulator } from './server';
import { callSpecter, control, parseText, parseXml, seedCustomer, submitArticles, submitCustomer, submitOrder } from './sim-test-client';

describe('customers', () => {
	const INVALID_FIELD = String(SPECTER_GUESSES.errors.invalidField);

	let sim: SpecterSimulator;
	beforeEach(async () => {
		sim = await startSpecterSimulator();
	});
	afterEach(() => sim.close());

	async function customerId(fields: Record<string, string>, query: Record<string, string> = {}): Promise<string> {
		const answer = parseText((await submitCustomer(sim, fields, query)).text);
		assert.equal(answer.result, '1', answer.message);
		return answer.value;
	}

	describe('newCustomerSubmit matching', () => {
		const acme = { name: 'Acme AB', emailAddress: 'info@acme.se', orgNo: '556677-8899' };

		it('matches on email first (case-insensitive), then on orgNo', async () => {
			const first = await customerId(acme);
			assert.equal(await customerId({ ...acme, emailAddress: 'INFO@acme.se', orgNo: '111111-1111' }), first);
			assert.equal(await customerId({ ...acme, emailAddress: 'new@acme.se' }), first);
			const other = await customerId({ name: 'Other AB', emailAddress: 'x@other.se', orgNo: '222222-2222' });
			assert.notEqual(other, first);
			assert.equal(sim.state.customers.size, 2);
		});

		it('ignoreControlEmail=1 matches on orgNo only', async () => {
			const first = await customerId(acme);
			const sameEmailOtherOrg = await customerId({ ...acme, orgNo: '333333-3333' }, { ignoreControlEmail: '1' });
			assert.notEqual(sameEmailOtherOrg, first);
			assert.equal(await customerId({ ...acme, emailAddress: 'z@acme.se' }, { ignoreControlEmail: '1' }), first);
		});

		it('ignoreControlOrgNo=1 does not match on orgNo', async () => {
			const first = await customerId(acme);
			const sameOrgOtherEmail = await customerId({ ...acme, emailAddress: 'y@acme.se' }, { ignoreControlOrgNo: '1', forceCustomerUpdate: '1' });
			assert.notEqual(sameOrgOtherEmail, first);
			assert.equal(await customerId(acme, { ignoreControlOrgNo: '1' }), first);
		});

		it('with both controls ignored it always creates a customer', async () => {
			const first = await customerId(acme);
			const second = await customerId(acme, { ignoreControlEmail: '1', ignoreControlOrgNo: '1' });
			assert.notEqual(second, first);
			assert.equal(sim.state.customers.size, 2);
		});

		it('leaves a match unchanged without forceCustomerUpdate=1 and overwrites the fields sent with it', async () => {
			const id = await customerId({ ...acme, city: 'Lund', currency: 'EUR' });
			await customerId({ ...acme, name: 'Acme Renamed AB', city: 'Malmö', currency: 'SEK' });
			assert.deepEqual(sim.state.customers.get(id)?.fields, { ...acme, city: 'Lund', currency: 'EUR' });
			assert.equal(sim.state.customers.get(id)?.updates, 0);

			// fields sent overwrite; a field not sent (currency, orgNo) stays as it was
			const renamed = { name: 'Acme Renamed AB', emailAddress: acme.emailAddress, city: 'Malmö' };
			await customerId(renamed, { forceCustomerUpdate: '1' });
			const customer = sim.state.customers.get(id);
			assert.deepEqual(customer?.fields, { ...acme, ...renamed, currency: 'EUR' });
			assert.equal(customer?.displayName, 'Acme Renamed AB');
			assert.equal(customer?.updates, 1);
		});

		it('answers the id in XML with useXML=2', async () => {
			const response = await submitCustomer(sim, acme, { useXML: '2' });
			const root = parseXml(response.text)[SPECTER_GUESSES.xml.rootElement];
			assert.deepEqual(root.APIresponse, { result: '1', [SPECTER_GUESSES.xml.idElement]: '10001', message: 'OK' });
		});
	});

	describe('newCustomerSubmit validation', () => {
		async function rejection(fields: Record<string, string>): Promise<{ code: string; message: string }> {
			const answer = parseText((await submitCustomer(sim, fields)).text);
			assert.equal(answer.result, '0');
			return { code: answer.value, message: answer.message };
		}

		it('requires name for companies (the default form) and first name + surname for private persons', async () => {
			assert.equal((await rejection({ name: '', emailAddress: 'a@b.se' })).message, "Invalid field 'name': is required");
			const person = { customerOrganizationalForm: 'P', firstName: 'Anna', surName: 'Berg', emailAddress: 'anna@b.se' };
			assert.equal((await rejection({ ...person, surName: '' })).message, "Invalid field 'surName': is required");
			assert.equal((await rejection({ ...person, firstName: '' })).message, "Invalid field 'firstName': is required");
			assert.equal((await rejection({ name: 'X', customerOrganizationalForm: 'Q', emailAddress: 'a@b.se' })).message, "Invalid field 'customerOrganizationalForm': must be C or P");
			await customerId(person);
			assert.equal(sim.state.customers.get('10001')?.organizationalForm, 'P');
		});

		it('requires an email address', async () => {
			assert.deepEqual(await rejection({ name: 'Acme AB' }), { code: INVALID_FIELD, message: "Invalid field 'emailAddress': is required" });
		});

		it('enforces the S4 maxima, naming the field', async () => {
			const limits: Record<string, number> = { name: 100, emailAddress: 100, orgNo: 20, vatNo: 30, homepage: 50, phoneNo: 50, mobileNo: 50 };
			const base = { name: 'Acme AB', emailAddress: 'a@acme.se' };
			for (const [field, max] of Object.entries(limits)) {
				const atLimit = field === 'emailAddress' ? `${'e'.repeat(max - 8)}@acme.se` : 'x'.repeat(max);
				const subjectSafe = { ...base, [field]: atLimit, emailAddress: field === 'emailAddress' ? atLimit : `${field}@acme.se` };
				await customerId(subjectSafe, { ignoreControlOrgNo: '1' });
				assert.deepEqual(await rejection({ ...subjectSafe, [field]: `${atLimit}x` }), { code: INVALID_FIELD, message: `Invalid field '${field}': longer than ${max} characters` });
			}
			const person = { customerOrganizationalForm: 'P', firstName: 'Anna', surName: 'Berg', emailAddress: 'p@b.se' };
			for (const field of ['firstName', 'surName']) {
				assert.equal((await rejection({ ...person, [field]: 'y'.repeat(51) })).message, `Invalid field '${field}': longer than 50 characters`);
			}
			assert.equal(sim.state.customers.size, Object.keys(limits).length);
		});
	});
});

describe('orders', () => {
	const { errors } = SPECTER_GUESSES;

	let sim: SpecterSimulator;
	let customerId: string;
	async function start(options?: SpecterSimulatorOptions): Promise<void> {
		sim = await startSpecterSimulator(options);
		customerId = await seedCustomer(sim);
		await control(sim, 'POST', 'articles', { articleNo: 'A1', name: 'One', priceExclVat: 100, stock: 10 });
		await control(sim, 'POST', 'articles', { articleNo: 'A2', name: 'Two', stock: 4, stockSiteId: '2' });
		await control(sim, 'POST', 'articles', { articleNo: 'SERVICE', name: 'Service', stockManaged: false });
	}
	afterEach(() => sim.close());

	function row(n: number, articleNo: string, extra: Record<string, string> = {}): Record<string, string> {
		return { [`articleNo_${n}`]: articleNo, [`priceExclVAT_${n}`]: '99.50', [`noOfItems_${n}`]: '2', [`vatPercent_${n}`]: '25', ...extra };
	}

	async function order(form: Record<string, string>, query: Record<string, string> = {}) {
		return parseText((await submitOrder(sim, { customerId, ...form }, query)).text);
	}

	describe('newOrderSubmit', () => {
		it('stores header fields and rows, and answers a numeric order number', async () => {
			await start();
			const header = {
				externalOrderNo: 'WC-1001',
				currency: 'SEK',
				language: 'SE',
				payTypeIdentifier: 'KG',
				payTypeReference: 'klarna-order-1',
				payTypeIdentifierPaySystemUser: 'K123',
				isPrepayment: '0',
				internalComment: 'leave at door',
				publishedComment: 'thanks',
			};
			const answer = await order({ ...header, ...row(1, 'A1', { articleName_1: 'One', articleComment_1: 'gift' }), ...row(2, 'SERVICE') }, { webshopId: '3' });
			assert.deepEqual(answer, { result: '1', value: '50001', message: 'OK' });
			const stored = sim.state.orders.get('50001');
			assert.equal(stored?.customerId, customerId);
			assert.equal(stored?.externalOrderNo, 'WC-1001');
			assert.equal(stored?.webshopId, '3');
			// every header field, the query's webshopId included; transport parameters (action, key, ...) are not data
			assert.deepEqual(stored?.header, { customerId, ...header, webshopId: '3' });
			assert.deepEqual(
				stored?.rows.map(({ articleNo, articleName, articleComment, priceExclVat, noOfItems, vatPercent }) => ({ articleNo, articleName, articleComment, priceExclVat, noOfItems, vatPercent })),
				[
					{ articleNo: 'A1', articleName: 'One', articleComment: 'gift', priceExclVat: 99.5, noOfItems: 2, vatPercent: 25 },
					{ articleNo: 'SERVICE', articleName: '', articleComment: '', priceExclVat: 99.5, noOfItems: 2, vatPercent: 25 },
				],
			);
			assert.equal((await order({ externalOrderNo: 'WC-1002', ...row(1, 'A1') })).value, '50002');
		});

		it('computes each row’s amount and VAT rounded to öre, and the order’s totals and VAT per rate from the rows', async () => {
			await start();
			const rows = {
				// 400 × 10.39 = 4156.00, VAT 1039.00; 100 × 10.40 = 1040.00, VAT 260.00
				...row(1, 'A1', { priceExclVAT_1: '10.39', noOfItems_1: '400' }),
				...row(2, 'A1', { priceExclVAT_2: '10.40', noOfItems_2: '100' }),
				// 3 × 17.77 = 53.31, VAT 6.3972 → 6.40
				...row(3, 'A2', { priceExclVAT_3: '17.77', noOfItems_3: '3', vatPercent_3: '12' }),
				// 1.5 × 0.35 = 0.525 → 0.53, VAT 0.0318 → 0.03 at 6 %
				...row(4, 'SERVICE', { priceExclVAT_4: '0.35', noOfItems_4: '1.5', vatPercent_4: '6' }),
				// -0.01 at 25 %: VAT -0.0025 → 0.00; -0.06 at 25 %: -0.015 → -0.02 (half away from zero)
				...row(5, 'SERVICE', { priceExclVAT_5: '-0.01', noOfItems_5: '1' }),
				...row(6, 'SERVICE', { priceExclVAT_6: '-0.06', noOfItems_6: '1' }),
				...row(7, 'SERVICE', { priceExclVAT_7: '5', noOfItems_7: '1', vatPercent_7: '0' }),
			};
			await order({ externalOrderNo: 'T-1', ...rows });
			const stored = sim.state.orders.get('50001') as unknown as {
				rows: Array<{ amountExclVat: number; vat: number }>;
				totals: { exclVat: number; vat: number; inclVat: number; vatByRate: Record<string, number> };
			};
			assert.deepEqual(
				stored.rows.map(({ amountExclVat, vat }) => [amountExclVat, vat]),
				[
					[4156, 1039],
					[1040, 260],
					[53.31, 6.4],
					[0.53, 0.03],
					[-0.01, 0],
					[-0.06, -0.02],
					[5, 0],
				],
			);
			assert.deepEqual(stored.totals, {
				exclVat: 5254.77,
				vat: 1305.41,
				inclVat: 6560.18,
				vatByRate: { '25': 1298.98, '12': 6.4, '6': 0.03, '0': 0 },
			});
		});

		it('reserves stock on the default or the chosen stock site and queues a stock change', async () => {
			await start();
			await order(row(1, 'A1'));
			await order({ stocksiteid: '2', ...row(1, 'A2', { noOfItems_1: '1.5' }), ...row(2, 'SERVICE') });
			assert.deepEqual(sim.state.articles.get('A1')?.stock, { 1: 8 });
			assert.deepEqual(sim.state.articles.get('A2')?.stock, { 2: 2.5 });
			assert.deepEqual(sim.state.orders.get('50002')?.stockSiteId, '2');
			assert.deepEqual(
				[...sim.state.queues.stock.pending.values()].map((change) => [change.articleNo, change.stock]),
				[
					['A1', { 1: 8 }],
					['A2', { 2: 2.5 }],
				],
			);
		});

		it('rejects an unknown customer', async () => {
			await start();
			const response = await submitOrder(sim, { customerId: '99999', ...row(1, 'A1') });
			assert.equal(response.text, `0;${errors.unknownCustomer};Customer '99999' does not exist`);
		});

		it('rejects an unknown article by name, unless it is a pseudo article or the check is off', async () => {
			await start({ pseudoArticles: ['shipping'] });
			assert.deepEqual(await order({ ...row(1, 'A1'), ...row(2, 'NOPE') }), { result: '0', value: String(errors.unknownArticle), message: "Article 'NOPE' does not exist (articleNo_2)" });
			assert.equal((await order({ ...row(1, 'A1'), ...row(2, 'shipping') })).result, '1');
			await sim.close();

			await start({ rejectUnknownArticles: false });
			assert.equal((await order(row(1, 'ANYTHING'))).result, '1');
		});

		it('accepts VAT 25, 12, 6 and 0 only, as integer percentages', async () => {
			await start();
			for (const vat of ['25', '12', '6', '0']) assert.equal((await order(row(1, 'A1', { vatPercent_1: vat }))).result, '1', vat);
			for (const vat of ['20', '0.25', '2', '']) {
				const answer = await order(row(1, 'A1', { vatPercent_1: vat }));
				assert.equal(answer.value, String(errors.invalidField), vat);
				assert.match(answer.message, /^Invalid field 'vatPercent_1'/);
			}
		});

		it('rejects comma decimals, missing quantities and gaps in the row numbering', async () => {
			await start();
			assert.equal((await order(row(1, 'A1', { priceExclVAT_1: '99,50' }))).message, "Invalid field 'priceExclVAT_1': '99,50' is not a number with a dot decimal separator");
			const withoutQuantity = row(1, 'A1');
		delete withoutQuantity.noOfItems_1;
			assert.equal((await order(withoutQuantity)).message, "Invalid field 'noOfItems_1': is required");
			assert.equal((await order({ ...row(1, 'A1'), ...row(3, 'A1') })).message, "Invalid field 'articleNo_2': is required (rows are numbered 1..n without gaps)");
			assert.equal((await order(row(0, 'A1'))).message, "Invalid field 'articleNo_0': rows are numbered from 1");
			assert.equal((await order({})).message, "Invalid field 'articleNo_1': at least one row is required");
			assert.equal((await order({ stocksiteid: 'main', ...row(1, 'A1') })).message, "Invalid field 'stocksiteid': stock site id must be an integer");
			assert.equal(sim.state.orders.size, 0);
		});

		it('rejects a duplicate externalOrderNo naming the existing order, unless ignoreExternalOrderNoControl=1', async () => {
			await start();
			assert.equal((await order({ externalOrderNo: 'WC-7', ...row(1, 'A1') })).value, '50001');
			const duplicate = await order({ externalOrderNo: 'WC-7', ...row(1, 'A1') });
			assert.deepEqual(duplicate, {
				result: '0',
				value: String(errors.duplicateExternalOrderNo),
				message: SPECTER_GUESSES.messages.duplicateExternalOrderNo('WC-7', '50001'),
			});
			assert.equal((await order({ externalOrderNo: 'WC-7', ignoreExternalOrderNoControl: '1', ...row(1, 'A1') })).value, '50002');
			assert.equal(sim.state.orders.size, 2);
		});

		it('is all-or-nothing: a rejected order stores nothing, reserves nothing, queues nothing', async () => {
			await start();
			const answer = await order({ externalOrderNo: 'WC-9', ...row(1, 'A1'), ...row(2, 'A2', { vatPercent_2: '21' }) });
			assert.equal(answer.result, '0');
			assert.equal(sim.state.orders.size, 0);
			assert.deepEqual(sim.state.articles.get('A1')?.stock, { 1: 10 });
			assert.equal(sim.state.queues.stock.pending.size, 0);
			// the externalOrderNo of a rejected order is still free
			assert.equal((await order({ externalOrderNo: 'WC-9', ...row(1, 'A1') })).result, '1');
			assert.equal(sim.state.requests.at(-1)?.rows, 1);
			assert.equal(sim.state.requests.at(-2)?.rows, 2);
		});
	});
});

describe('articles', () => {
	const guessed = SPECTER_GUESSES.article;

	let sim: SpecterSimulator;
	beforeEach(async () => {
		sim = await startSpecterSimulator();
	});
	afterEach(() => sim.close());

	async function articles(form: Record<string, string>, query: Record<string, string> = {}) {
		return parseText((await submitArticles(sim, form, query)).text);
	}

	describe('newArticleSubmit', () => {
		it('creates articles with all documented and guessed fields, stock only with createArticleStock=1', async () => {
			const answer = await articles(
				{
					articleNo_1: 'A1',
					name_1: 'One',
					priceExclVAT_1: '199.20',
					vatPercent_1: '12',
					productWeight_1: '0.250',
					productVolume_1: '0.01',
					barCode_1: '7350000000001',
					buyPrice_1: '100.00',
					stockPrice_1: '90.00',
					createArticleStock_1: '1',
					noItemsInStock_1: '7',
					supplierNo_1: 'S1',
					[`${guessed.descriptionField}_1`]: 'Long text',
					[`${guessed.shortDescriptionField}_1`]: 'Short',
					[`${guessed.publishInWebshopField}_1`]: '1',
					[`${guessed.stockSiteIdField}_1`]: '3',
					articleNo_2: 'A2',
					name_2: 'Two',
				},
				{ [guessed.webshopIdQueryParam]: '5' },
			);
			assert.deepEqual(answer, { result: '1', value: '2', message: 'OK' });
			const one = sim.state.articles.get('A1');
			assert.deepEqual(
				{ ...one, wireFields: undefined, specterArticleId: undefined },
				{
					articleNo: 'A1',
					name: 'One',
					priceExclVat: 199.2,
					vatPercent: 12,
					weight: 0.25,
					volume: 0.01,
					barCode: '7350000000001',
					buyPrice: 100,
					stockPrice: 90,
					description: 'Long text',
					shortDescription: 'Short',
					publishInWebshop: true,
					webshopId: '5',
					stockManaged: true,
					stock: { 3: 7 },
					wireFields: undefined,
					specterArticleId: undefined,
				},
			);
			assert.equal(one?.wireFields.supplierNo, 'S1');
			const two = sim.state.articles.get('A2');
			assert.equal(two?.stockManaged, false);
			assert.deepEqual(two?.stock, {});
			assert.deepEqual(sim.state.articleSubmissions, [{ created: ['A1', 'A2'], updated: [], untouched: [] }]);
			// the webshop's own changes are not echoed back through the queues
			assert.equal(sim.state.queues.stock.pending.size, 0);
			assert.equal(sim.state.queues.articleInfo.pending.size, 0);
		});

		it('leaves existing articles alone without forceArticleUpdate=1 and never changes their stock', async () => {
			await articles({ articleNo_1: 'A1', name_1: 'One', priceExclVAT_1: '10.00', createArticleStock_1: '1', noItemsInStock_1: '5' });
			const update = { articleNo_1: 'A1', name_1: 'One v2', priceExclVAT_1: '12.00', createArticleStock_1: '1', noItemsInStock_1: '50', articleNo_2: 'B1', name_2: 'New' };

			await articles(update);
			assert.equal(sim.state.articles.get('A1')?.name, 'One');
			assert.deepEqual(sim.state.articleSubmissions[1], { created: ['B1'], updated: [], untouched: ['A1'] });

			await articles({ ...update, forceArticleUpdate: '1' });
			const article = sim.state.articles.get('A1');
			assert.equal(article?.name, 'One v2');
			assert.equal(article?.priceExclVat, 12);
			assert.deepEqual(article?.stock, { 1: 5 });
			assert.deepEqual(sim.state.articleSubmissions.at(-1), { created: [], updated: ['A1', 'B1'], untouched: [] });
		});

		it('rejects article numbers with spaces, commas or &%¤#€ and applies nothing (the guess left of S8; åäö are taken)', async () => {
			for (const bad of ['A 1', 'A,1', 'A&B', 'A%B', 'A¤B', 'A#B', 'A€B']) {
				// ISO-8859-1 has no euro sign: it can only arrive as UTF-8
				const charset = bad.includes('€') ? 'utf8' : 'latin1';
				const form = { articleNo_1: 'OK-1', name_1: 'Fine', articleNo_2: bad, name_2: 'Bad' };
				const answer = parseText((await callSpecter(sim, { action: 'newArticleSubmit', subject: 'OK-1', form, charset })).text);
				assert.deepEqual(answer, { result: '0', value: String(SPECTER_GUESSES.errors.invalidField), message: "Invalid field 'articleNo_2': no spaces, commas, &, %, ¤, # or euro sign allowed" }, bad);
			}
			assert.equal(sim.state.articles.size, 0);
			assert.equal(sim.state.articleSubmissions.length, 0);
		});

		it('validates the whole request before applying any row', async () => {
			const valid = { articleNo_1: 'A1', name_1: 'One' };
			const cases: Array<[Record<string, string>, string]> = [
				[{ articleNo_2: 'A2', name_2: 'Two', priceExclVAT_2: '1,5' }, "Invalid field 'priceExclVAT_2': '1,5' is not a number with a dot decimal separator"],
				[{ articleNo_2: 'A2', name_2: 'Two', vatPercent_2: '7' }, "Invalid field 'vatPercent_2': VAT percent must be one of 25, 12, 6, 0"],
				[{ articleNo_2: 'A2' }, "Invalid field 'name_2': is required for a new article"],
				[{ articleNo_2: 'A1', name_2: 'Again' }, "Invalid field 'articleNo_2': 'A1' is repeated"],
				[{ articleNo_3: 'A3', name_3: 'Three' }, "Invalid field 'articleNo_2': is required (rows are numbered 1..n without gaps)"],
				[{ articleNo_2: 'A2', name_2: 'Two', createArticleStock_2: 'yes' }, "Invalid field 'createArticleStock_2': must be 0 or 1"],
			];
			for (const [extra, message] of cases) assert.equal((await articles({ ...valid, ...extra })).message, message);
			assert.equal(sim.state.articles.size, 0);
		});

		it('updates a seeded article by number without a name', async () => {
			await control(sim, 'POST', 'articles', { articleNo: 'S1', name: 'Seeded', stock: 3 });
			assert.equal((await articles({ articleNo_1: 'S1', barCode_1: '123', forceArticleUpdate: '1' })).result, '1');
			const article = sim.state.articles.get('S1');
			assert.equal(article?.name, 'Seeded');
			assert.equal(article?.barCode, '123');
			assert.deepEqual(article?.stock, { 1: 3 });
		});
	});
});
