/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
// Listing orders by date range, page by page, as the backfill template does: WooCommerce's collection rules
// (WC_REST_CRUD_Controller::get_collection_params() and prepare_objects_query(); rest_parse_date()).
import assert from 'node:assert/strict';
import { parseWcDate } from './util';
import { placeOrderInput, sampleCatalogue } from './fixtures';
import { startWooCommerceSimulator, type WooSimulator } from './server';
import { API, control, wooRequest } from './test-support';

describe('WooCommerce simulator: orders by date range, paged', () => {
	let sim: WooSimulator;
	const ids: number[] = [];

	beforeAll(async () => {
		sim = await startWooCommerceSimulator();
		await control(sim, 'POST', 'products', sampleCatalogue());
		// five orders at 10:00 on 1 to 5 March (store time), placed in reverse; two at the same second on the 3rd
		for (const day of [5, 4, 3, 3, 2, 1]) {
			const placed = await control(sim, 'POST', 'orders/place', placeOrderInput([{ sku: 'MUG-01', quantity: 1 }]));
			const record = sim.state.orders.find((order) => order.id === placed.id);
			assert.ok(record);
			record.created = parseWcDate(`2026-03-0${day}T10:00:00`, false) as number;
			ids.push(placed.id);
		}
	});
	afterAll(async () => {
		await sim.close();
	});

	const list = (query: string) => wooRequest(sim, `${API}/orders?${query}`);

	it('after and before are exclusive; orderby=date&order=asc gives the oldest first, ties by id', async () => {
		const response = await list('after=2026-03-01T10:00:00&before=2026-03-05T10:00:00&orderby=date&order=asc&per_page=100');
		assert.equal(response.status, 200);
		const [, day4, day3a, day3b, day2] = ids;
		assert.ok(day3a < day3b);
		assert.deepEqual(
			response.json.map((order: { id: number }) => order.id),
			[day2, day3a, day3b, day4],
		);
		assert.equal(response.headers['x-wp-total'], '4');
	});

	it('pages with per_page and page; a page past the end is empty and still counts the total', async () => {
		const query = 'after=2026-02-28T00:00:00&before=2026-03-31T00:00:00&orderby=date&order=asc&per_page=4';
		const first = await list(`${query}&page=1`);
		const second = await list(`${query}&page=2`);
		const beyond = await list(`${query}&page=3`);
		assert.deepEqual([first.json.length, second.json.length, beyond.json.length], [4, 2, 0]);
		for (const page of [first, second, beyond]) assert.deepEqual([page.headers['x-wp-total'], page.headers['x-wp-totalpages']], ['6', '2']);
		assert.deepEqual(
			[...first.json, ...second.json].map((order: { id: number }) => order.id),
			[ids[5], ids[4], ids[2], ids[3], ids[1], ids[0]],
		);
	});

	it('refuses per_page above 100, page 0 and a date that is not a full date-time, as WordPress validates them', async () => {
		for (const query of ['per_page=101', 'page=0', 'after=2026-03-01', 'before=2026-03-01T10:00', 'after=2026-03-01T10%3A00%3A00%2B0100']) {
			const response = await list(query);
			assert.equal(response.status, 400, query);
			assert.equal(response.json.code, 'rest_invalid_param', query);
		}
		for (const after of ['2026-03-01T10:00:00Z', '2026-03-01 10:00:00.5+01:00']) {
			assert.equal((await list(new URLSearchParams({ after }).toString())).status, 200, after);
		}
	});
});
