/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
// What WooCommerce refuses on its product and variation routes, and what it answers instead: a variation is not a
// product for writes, unknown ids on update, the sku filter's parsing, variations/batch methods, _links. Each rule
// names the WooCommerce source it follows (test/simulators/woocommerce/README.md, docs/woocommerce.md §3).
import assert from 'node:assert/strict';

import { sampleCatalogue } from './fixtures';
import { startWooCommerceSimulator, type WooSimulator } from './server';
import { API, control, wooRequest } from './test-support';

/** WC_REST_Products_Controller::prepare_object_for_database() / WC_REST_Products_V2_Controller::delete_item(). */
const VARIATION_REFUSAL = {
	code: 'woocommerce_rest_invalid_product_id',
	message: 'To manipulate product variations you should use the /products/&lt;product_id&gt;/variations/&lt;id&gt; endpoint.',
	data: { status: 404 },
};

interface Catalogue {
	mug: number;
	book: number;
	tee: number;
	teeS: number;
	teeM: number;
	/** a second variable product, with one variation */
	cap: number;
	capOne: number;
}

describe('WooCommerce simulator: product and variation routes as WooCommerce guards them', () => {
	let sim: WooSimulator;
	let ids: Catalogue;

	const stockOf = (id: number) => sim.state.products.find((product) => product.id === id)?.stock_quantity;
	const parentOf = (id: number) => sim.state.products.find((product) => product.id === id)?.parent_id;

	beforeAll(async () => {
		sim = await startWooCommerceSimulator();
	});
	afterAll(async () => {
		await sim.close();
	});
	beforeEach(async () => {
		await control(sim, 'POST', 'reset');
		const catalogue = sampleCatalogue();
		const cap = {
			name: 'Keps',
			sku: 'CAP',
			type: 'variable' as const,
			attributes: [{ name: 'Färg', options: ['Blå'], variation: true }],
			variations: [{ sku: 'CAP-BLUE', regular_price: '149.00', manage_stock: true, stock_quantity: 3, attributes: [{ name: 'Färg', option: 'Blå' }] }],
		};
		const seeded = (await control(sim, 'POST', 'products', [...catalogue, cap])) as Array<{ id: number; sku: string; variations: number[] }>;
		const bySku = (sku: string) => seeded.find((product) => product.sku === sku) as { id: number; variations: number[] };
		const variationId = (sku: string) => sim.state.products.find((product) => product.sku === sku)?.id as number;
		ids = {
			mug: bySku('MUG-01').id,
			book: bySku('BOOK-01').id,
			tee: bySku('TEE').id,
			teeS: variationId('TEE-S'),
			teeM: variationId('TEE-M'),
			cap: bySku('CAP').id,
			capOne: variationId('CAP-BLUE'),
		};
	});

	describe('a variation is not a product for writes', () => {
		it.each(['PUT', 'PATCH', 'POST'])('%s /products/<variation id> answers 404 woocommerce_rest_invalid_product_id and changes nothing', async (method) => {
			const before = sim.state.products.find((product) => product.id === ids.teeM)?.modified;
			const response = await wooRequest(sim, `${API}/products/${ids.teeM}`, {
				method,
				body: { manage_stock: true, stock_quantity: 6 },
			});
			assert.equal(response.status, 404);
			assert.deepEqual(response.json, VARIATION_REFUSAL);
			assert.equal(stockOf(ids.teeM), 10, 'stock unchanged');
			assert.equal(sim.state.products.find((product) => product.id === ids.teeM)?.modified, before);
		});

		it('refuses a variation id even when the body names another product type', async () => {
			const response = await wooRequest(sim, `${API}/products/${ids.teeM}`, {
				method: 'PUT',
				body: { type: 'simple', stock_quantity: 6 },
			});
			assert.equal(response.status, 404);
			assert.equal(response.json.code, 'woocommerce_rest_invalid_product_id');
			assert.equal(stockOf(ids.teeM), 10);
		});

		it('DELETE /products/<variation id> answers the same 404, with or without force, and the variation stays', async () => {
			for (const query of ['', '?force=true']) {
				const response = await wooRequest(sim, `${API}/products/${ids.teeM}${query}`, { method: 'DELETE' });
				assert.equal(response.status, 404, query);
				assert.deepEqual(response.json, VARIATION_REFUSAL);
			}
			const variation = sim.state.products.find((product) => product.id === ids.teeM);
			assert.equal(variation?.status, 'publish');
		});

		it('still reads a variation through GET /products/<variation id> (the product schema, type "variation")', async () => {
			const response = await wooRequest(sim, `${API}/products/${ids.teeM}`);
			assert.equal(response.status, 200);
			assert.equal(response.json.type, 'variation');
			assert.equal(response.json.parent_id, ids.tee);
		});

		it('products/batch answers 200 with a per-item error for a variation id and applies the other items', async () => {
			const response = await wooRequest(sim, `${API}/products/batch`, {
				method: 'POST',
				body: {
					update: [
						{ id: ids.mug, manage_stock: true, stock_quantity: 7 },
						{ id: ids.teeM, manage_stock: true, stock_quantity: 4 },
						{ id: ids.book, manage_stock: true, stock_quantity: 2 },
					],
					delete: [ids.teeS],
				},
			});
			assert.equal(response.status, 200);
			assert.equal(response.json.update[0].stock_quantity, 7);
			assert.deepEqual(response.json.update[1], { id: ids.teeM, error: VARIATION_REFUSAL });
			assert.equal(response.json.update[2].stock_quantity, 2);
			assert.deepEqual(response.json.delete[0], { id: ids.teeS, error: VARIATION_REFUSAL });
			assert.equal(stockOf(ids.mug), 7);
			assert.equal(stockOf(ids.book), 2);
			assert.equal(stockOf(ids.teeM), 10, 'the variation was not written');
			assert.ok(sim.state.products.some((product) => product.id === ids.teeS), 'nor deleted');
		});
	});

	describe('unknown ids (WC_REST_CRUD_Controller::update_item(), WC_REST_Controller::batch_items())', () => {
		it('PUT /products/<unknown id> answers 400 woocommerce_rest_product_invalid_id, and so does its batch item', async () => {
			const single = await wooRequest(sim, `${API}/products/999999`, { method: 'PUT', body: { stock_quantity: 1 } });
			assert.equal(single.status, 400);
			assert.deepEqual(single.json, { code: 'woocommerce_rest_product_invalid_id', message: 'Invalid ID.', data: { status: 400 } });

			const batch = await wooRequest(sim, `${API}/products/batch`, { method: 'POST', body: { update: [{ id: 999999, stock_quantity: 1 }] } });
			assert.equal(batch.status, 200);
			assert.deepEqual(batch.json.update[0], {
				id: 999999,
				error: { code: 'woocommerce_rest_product_invalid_id', message: 'Invalid ID.', data: { status: 400 } },
			});
		});

		it('still answers 404 for GET and DELETE of an unknown product id', async () => {
			for (const method of ['GET', 'DELETE']) {
				const response = await wooRequest(sim, `${API}/products/999999`, { method });
				assert.equal(response.status, 404, method);
				assert.equal(response.json.code, 'woocommerce_rest_product_invalid_id');
			}
		});

		it('batch: failed creates carry id 0, a delete id of 0 is skipped, an item with an id cannot be created', async () => {
			const batch = await wooRequest(sim, `${API}/products/batch`, {
				method: 'POST',
				body: { create: [{ name: 'Dubblett', sku: 'MUG-01' }, { id: ids.book, name: 'Kokbok igen' }], delete: [0, '0'] },
			});
			assert.equal(batch.status, 200);
			assert.equal(batch.json.create[0].id, 0);
			assert.equal(batch.json.create[0].error.code, 'product_invalid_sku');
			assert.deepEqual(batch.json.create[1], {
				id: 0,
				error: { code: 'woocommerce_rest_product_exists', message: 'Cannot create existing product.', data: { status: 400 } },
			});
			assert.equal(batch.json.delete, undefined, 'id 0 is skipped, so no delete entries at all');
		});

		it('PUT /products/<parent>/variations/<unknown id> answers 400 woocommerce_rest_product_variation_invalid_id', async () => {
			const response = await wooRequest(sim, `${API}/products/${ids.tee}/variations/999999`, { method: 'PUT', body: { stock_quantity: 1 } });
			assert.equal(response.status, 400);
			assert.deepEqual(response.json, {
				code: 'woocommerce_rest_product_variation_invalid_id',
				message: 'Invalid ID.',
				data: { status: 400 },
			});
		});

		it("writing another product's variation answers 403 'Parent product does not match current variation.' and moves nothing", async () => {
			const single = await wooRequest(sim, `${API}/products/${ids.cap}/variations/${ids.teeM}`, {
				method: 'PUT',
				body: { stock_quantity: 1 },
			});
			assert.equal(single.status, 403);
			assert.deepEqual(single.json, {
				code: 'woocommerce_rest_cannot_edit',
				message: 'Parent product does not match current variation.',
				data: { status: 403 },
			});
			const batch = await wooRequest(sim, `${API}/products/${ids.cap}/variations/batch`, {
				method: 'POST',
				body: { update: [{ id: ids.capOne, stock_quantity: 5 }, { id: ids.teeM, stock_quantity: 1 }] },
			});
			assert.equal(batch.status, 200);
			assert.equal(batch.json.update[0].stock_quantity, 5);
			assert.equal(batch.json.update[1].error.code, 'woocommerce_rest_cannot_edit');
			assert.equal(stockOf(ids.teeM), 10);
			assert.equal(parentOf(ids.teeM), ids.tee, 'still the T-shirt’s variation');
		});

		it('a product that is not a variation cannot be written through a variations route', async () => {
			const response = await wooRequest(sim, `${API}/products/${ids.tee}/variations/${ids.mug}`, { method: 'PUT', body: { stock_quantity: 1 } });
			assert.equal(response.status, 400);
			assert.equal(response.json.code, 'woocommerce_rest_product_variation_invalid_id');
			assert.equal(stockOf(ids.mug), 40);
			assert.equal(parentOf(ids.mug), 0);
		});
	});

	describe('the sku filter (WC_REST_Products_Controller::prepare_objects_query(), sanitize_text_field)', () => {
		const skus = async (query: string) => {
			const response = await wooRequest(sim, `${API}/products?${query}&per_page=100`);
			assert.equal(response.status, 200, response.text);
			return (response.json as Array<{ sku: string }>).map((product) => product.sku).sort();
		};

		it('splits on commas without trimming the parts: "MUG-01, BOOK-01" finds only MUG-01', async () => {
			assert.deepEqual(await skus('sku=MUG-01,BOOK-01'), ['BOOK-01', 'MUG-01']);
			assert.deepEqual(await skus(`sku=${encodeURIComponent('MUG-01, BOOK-01')}`), ['MUG-01']);
			assert.deepEqual(await skus(`sku=${encodeURIComponent('MUG-01 ,BOOK-01')}`), ['BOOK-01']);
			// sanitize_text_field collapses runs of whitespace and trims the whole value, not the parts
			assert.deepEqual(await skus(`sku=${encodeURIComponent('  MUG-01  ')}`), ['MUG-01']);
		});

		it('also looks for the whole comma string as one SKU', async () => {
			await control(sim, 'POST', 'products', [{ name: 'Komma', sku: 'A,B', regular_price: '1.00' }]);
			assert.deepEqual(await skus(`sku=${encodeURIComponent('A,B')}`), ['A,B']);
			assert.deepEqual(await skus(`sku=${encodeURIComponent('A,B,MUG-01')}`), ['MUG-01'], 'the whole string is "A,B,MUG-01"');
		});

		it('refuses sku as an array with rest_invalid_param (the parameter is a string)', async () => {
			const response = await wooRequest(sim, `${API}/products?sku[]=MUG-01&sku[]=BOOK-01`);
			assert.equal(response.status, 400);
			assert.equal(response.json.code, 'rest_invalid_param');
			assert.equal(response.json.data.params.sku, 'sku is not of type string.');
		});

		it('ignores an empty sku and "0" (PHP empty()), listing every product', async () => {
			const all = await skus('status=any');
			assert.deepEqual(await skus('sku='), all);
			assert.deepEqual(await skus('sku=0'), all);
		});

		it('splits the same way on the variations list', async () => {
			const response = await wooRequest(sim, `${API}/products/${ids.tee}/variations?sku=${encodeURIComponent('TEE-S, TEE-M')}`);
			assert.deepEqual(
				(response.json as Array<{ sku: string }>).map((variation) => variation.sku),
				['TEE-S'],
			);
		});
	});

	it('products/<id>/variations/batch takes POST, PUT and PATCH', async () => {
		for (const [method, quantity] of [['POST', 1], ['PUT', 2], ['PATCH', 3]] as const) {
			const response = await wooRequest(sim, `${API}/products/${ids.tee}/variations/batch`, {
				method,
				body: { update: [{ id: ids.teeS, stock_quantity: quantity }] },
			});
			assert.equal(response.status, 200, method);
			assert.equal(response.json.update[0].stock_quantity, quantity, method);
		}
	});

	describe('a save that throws (control fault refuse; WC_REST_CRUD_Controller::save_object())', () => {
		const productRefusal = (message: string) => ({ code: 'woocommerce_rest_product_not_created', message, data: { status: 400 } });

		it('refuses the SKU per item in products/batch and variations/batch, applies the other items, and stops after `times`', async () => {
			await control(sim, 'POST', 'faults', { kind: 'refuse', sku: 'BOOK-01', times: 2, message: 'Lagersaldo låst av tillägget' });
			await control(sim, 'POST', 'faults', { kind: 'refuse', sku: 'TEE-M' });
			const products = await wooRequest(sim, `${API}/products/batch`, {
				method: 'POST',
				body: { update: [{ id: ids.mug, manage_stock: true, stock_quantity: 5 }, { id: ids.book, manage_stock: true, stock_quantity: 6 }] },
			});
			assert.equal(products.status, 200);
			assert.equal(products.json.update[0].stock_quantity, 5);
			assert.deepEqual(products.json.update[1], { id: ids.book, error: productRefusal('Lagersaldo låst av tillägget') });
			assert.equal(stockOf(ids.mug), 5);
			assert.notEqual(stockOf(ids.book), 6, 'nothing of the refused item is saved');

			const variations = await wooRequest(sim, `${API}/products/${ids.tee}/variations/batch`, {
				method: 'POST',
				body: { update: [{ id: ids.teeS, stock_quantity: 1 }, { id: ids.teeM, stock_quantity: 2 }] },
			});
			assert.equal(variations.json.update[0].stock_quantity, 1);
			assert.deepEqual(variations.json.update[1].error, {
				code: 'woocommerce_rest_product_variation_not_created',
				message: 'The product could not be saved (simulated exception in WC_Data::save()).',
				data: { status: 400 },
			});

			// a single update answers the same error with its status; the second refusal of BOOK-01 is used up here
			const single = await wooRequest(sim, `${API}/products/${ids.book}`, { method: 'PUT', body: { stock_quantity: 6 } });
			assert.equal(single.status, 400);
			assert.deepEqual(single.json, productRefusal('Lagersaldo låst av tillägget'));
			const third = await wooRequest(sim, `${API}/products/${ids.book}`, { method: 'PUT', body: { manage_stock: true, stock_quantity: 6 } });
			assert.equal(third.status, 200);
			assert.equal(stockOf(ids.book), 6);
			const again = await wooRequest(sim, `${API}/products/${ids.tee}/variations/${ids.teeM}`, { method: 'PUT', body: { stock_quantity: 2 } });
			assert.equal(again.status, 200);
			assert.deepEqual(sim.state.faults, [], 'both refusals are used up');
		});

		it('checks the id first: a variation through products/batch still gets the 404, and the refusal stays', async () => {
			await control(sim, 'POST', 'faults', { kind: 'refuse', sku: 'TEE-M' });
			const response = await wooRequest(sim, `${API}/products/batch`, { method: 'POST', body: { update: [{ id: ids.teeM, stock_quantity: 1 }] } });
			assert.deepEqual(response.json.update[0].error, VARIATION_REFUSAL);
			assert.equal(sim.state.faults.length, 1);
		});
	});

	it('meta_data given with a stock write is saved with it and answered, replacing the value of the same key', async () => {
		const write = (value: string) =>
			wooRequest(sim, `${API}/products/${ids.tee}/variations/batch`, {
				method: 'POST',
				body: { update: [{ id: ids.teeM, stock_quantity: 4, meta_data: [{ key: '_specter_stock_emitted_at', value }] }] },
			});
		await write('2026-01-01T10:00:00.000Z');
		const second = await write('2026-01-01T11:00:00.000Z');
		const meta = (second.json.update[0].meta_data as Array<{ key: string; value: unknown }>).filter((entry) => entry.key === '_specter_stock_emitted_at');
		assert.deepEqual(meta.map((entry) => entry.value), ['2026-01-01T11:00:00.000Z']);
		// the sku filter shows the variation's own meta
		const found = await wooRequest(sim, `${API}/products?sku=TEE-M`);
		assert.equal(found.json[0].meta_data.find((entry: { key: string }) => entry.key === '_specter_stock_emitted_at')?.value, '2026-01-01T11:00:00.000Z');
	});

	it('the request log names what each batch asked for (simulator convenience)', async () => {
		await wooRequest(sim, `${API}/products/batch`, {
			method: 'POST',
			body: { create: [{ name: 'Ny' }], update: [{ id: ids.mug, stock_quantity: 1 }, { id: String(ids.book), stock_quantity: 2 }], delete: [0] },
		});
		await wooRequest(sim, `${API}/products/${ids.mug}`);
		const [batch, read] = sim.state.requests.slice(-2);
		assert.deepEqual(batch.batch, { create: 1, update: [ids.mug, ids.book], delete: [0] });
		assert.equal(read.batch, undefined);
	});

	describe('_links as prepare_links() builds them', () => {
		const href = (route: string) => [{ href: `${sim.url}${API}${route}` }];

		it('a product: self and collection; up only when it has a parent', async () => {
			const mug = await wooRequest(sim, `${API}/products/${ids.mug}`);
			assert.deepEqual(mug.json._links, { self: href(`/products/${ids.mug}`), collection: href('/products') });

			const child = await wooRequest(sim, `${API}/products`, { method: 'POST', body: { name: 'Del av paket', parent_id: ids.book } });
			assert.equal(child.status, 201);
			assert.deepEqual(child.json._links, {
				self: href(`/products/${child.json.id}`),
				collection: href('/products'),
				up: href(`/products/${ids.book}`),
			});
		});

		it('a variation found through /products?sku= is prepared by the products controller: self /products/<id>, up its parent', async () => {
			const found = await wooRequest(sim, `${API}/products?sku=TEE-M`);
			assert.deepEqual(found.json[0]._links, {
				self: href(`/products/${ids.teeM}`),
				collection: href('/products'),
				up: href(`/products/${ids.tee}`),
			});
			// the stock template derives the write URL from these links
			assert.equal(`${found.json[0]._links.collection[0].href}/${found.json[0].parent_id}/variations/${found.json[0].id}`, href(`/products/${ids.tee}/variations/${ids.teeM}`)[0].href);
		});

		it('a variation through the variations routes and their batch: self under the parent, collection, up', async () => {
			const expected = {
				self: href(`/products/${ids.tee}/variations/${ids.teeM}`),
				collection: href(`/products/${ids.tee}/variations`),
				up: href(`/products/${ids.tee}`),
			};
			const read = await wooRequest(sim, `${API}/products/${ids.tee}/variations/${ids.teeM}`);
			assert.deepEqual(read.json._links, expected);
			const batch = await wooRequest(sim, `${API}/products/${ids.tee}/variations/batch`, {
				method: 'POST',
				body: { update: [{ id: ids.teeM, stock_quantity: 8 }] },
			});
			assert.deepEqual(batch.json.update[0]._links, expected);
		});
	});
});
