/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
// Article numbers with å, ä and ö. The ban came from Abicart's own integration rules (S8); for Specter itself the
// evidence points the other way (S1 change log: "Fix for åäö in articlenumber on product update"). The pack sends
// them as Latin-1 bytes and the simulator takes them. What is left of the Abicart rule is a guess in the table.
import assert from 'node:assert/strict';

import { SPECTER_GUESSES, SpecterClient, validateArticles, type SpecterCredentials } from '../../nodes/Specter/wire';
import { createHttpTransport } from '../helpers/http-transport';
import { DEFAULT_ACCOUNT } from '../simulators/specter/auth';
import { startSpecterSimulator, type SpecterSimulator } from '../simulators/specter/server';

describe('article numbers with å ä ö', () => {
	it('pass validation', () => {
		validateArticles(
			[
				{ articleNo: 'BLÅ-1', name: 'Blå mugg' },
				{ articleNo: 'blä', name: 'x' },
				{ articleNo: 'Ö1', name: 'y' },
			],
			{ forceArticleUpdate: true },
		);
	});

	it('the characters still refused come from the guess table', () => {
		const forbidden = SPECTER_GUESSES.article.forbiddenInArticleNo;
		for (const character of ['å', 'ä', 'ö', 'Å', 'Ä', 'Ö']) assert.equal(forbidden.test(`A${character}`), false, character);
		for (const articleNo of ['A B', 'A,B', 'A&B', 'A%B', 'A¤B', 'A#B', 'A€B']) assert.equal(forbidden.test(articleNo), true, articleNo);
	});

	describe('against the Specter simulator', () => {
		let sim: SpecterSimulator;
		beforeAll(async () => {
			sim = await startSpecterSimulator({ port: 0 });
		});
		afterAll(() => sim.close());

		it('are sent as Latin-1, signed over Latin-1, and stored as sent', async () => {
			const credentials: SpecterCredentials = {
				baseUrl: sim.url,
				apiVersion: 2,
				sbmId: DEFAULT_ACCOUNT.sbmId,
				apiUserId: DEFAULT_ACCOUNT.apiUserId,
				apiUserKey: DEFAULT_ACCOUNT.apiUserKey,
				integrationKey: DEFAULT_ACCOUNT.integrationKey,
			};
			const client = new SpecterClient({ transport: createHttpTransport(credentials, { timeoutMs: 2000 }), sleep: async () => {} });
			await client.upsertArticles(
				[
					{ articleNo: 'BLÅBÄR-Ö1', name: 'Blåbärssylt', initialStock: 3 },
					{ articleNo: 'ÄPPLE-2', name: 'Äppelmust' },
				],
				{ forceArticleUpdate: false },
			);
			assert.deepEqual([...sim.state.articles.keys()], ['BLÅBÄR-Ö1', 'ÄPPLE-2']);
			assert.deepEqual(sim.state.articles.get('BLÅBÄR-Ö1')?.stock, { 1: 3 });
		});
	});
});
