/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
// Products, variations, pagination (the headers n8n's "Return All" depends on) and the batch endpoint.
import assert from 'node:assert/strict';

import { sampleCatalogue } from './fixtures';
import { startWooCommerceSimulator, type WooSimulator } from './server';
import { API, control, nextLink, wooRequest } from './test-support';

describe('WooCommerce simulator: products', () => {
	let sim: WooSimulator;

	beforeAll(async () => {
		sim = await startWooCommerceSimulator();
	});
	afterAll(async () => {
		await sim.close();
	});
	beforeEach(async () => {
		await control(sim, 'POST', 'reset');
	});

	it('pages lists with X-WP-Total, X-WP-TotalPages and a Link next URL that n8n can follow to the end', async () => {
		await control(
			sim,
			'POST',
			'products',
			Array.from({ length: 25 }, (_, index) => ({ name: `Produkt ${index + 1}`, sku: `P-${index + 1}`, regular_price: '10.00' })),
		);
		const first = await wooRequest(sim, `${API}/products?per_page=10`);
		assert.equal(first.headers['x-wp-total'], '25');
		assert.equal(first.headers['x-wp-totalpages'], '3');
		assert.doesNotMatch(String(first.headers.link), /rel="prev"/);

		const seen: number[] = [];
		let url: string | undefined = `${API}/products?per_page=10`;
		const links: string[] = [];
		for (let page = 0; url && page < 10; page++) {
			const response = await wooRequest(sim, url);
			assert.equal(response.status, 200);
			seen.push(...response.json.map((product: { id: number }) => product.id));
			links.push(String(response.headers.link));
			url = nextLink(response.headers.link as string | undefined);
		}
		assert.equal(seen.length, 25);
		assert.equal(new Set(seen).size, 25, 'every product exactly once');
		assert.match(links[0], /^<https:\/\/127\.0\.0\.1:\d+\/wp-json\/wc\/v3\/products\?per_page=10&context=view&page=2>; rel="next"$/);
		assert.match(links[1], /page=1>; rel="prev", <.*page=3>; rel="next"$/);
		assert.match(links[2], /page=2>; rel="prev"$/);
	});

	it('keeps a Link header on a single-page list (n8n splits it without a null check)', async () => {
		const response = await wooRequest(sim, `${API}/products?per_page=100`);
		assert.equal(response.headers['x-wp-totalpages'], '0');
		assert.equal(typeof response.headers.link, 'string');
		assert.equal(nextLink(response.headers.link as string), undefined);
	});

	it('rejects per_page above 100 as WordPress does', async () => {
		const response = await wooRequest(sim, `${API}/products?per_page=101`);
		assert.equal(response.status, 400);
		assert.equal(response.json.code, 'rest_invalid_param');
		assert.equal(response.json.data.params.per_page, 'per_page must be between 1 (inclusive) and 100 (inclusive)');
	});

	it('finds a product by SKU (also a variation) and rejects a duplicate SKU with unique_sku', async () => {
		await control(sim, 'POST', 'products', sampleCatalogue());
		const found = await wooRequest(sim, `${API}/products?sku=BOOK-01`);
		assert.equal(found.json.length, 1);
		assert.equal(found.json[0].name, 'Kokbok');
		assert.equal(found.json[0].tax_class, 'six-rate');
		assert.equal(found.json[0].price, '249.00');
		assert.equal(found.json[0].stock_status, 'instock');

		const variation = await wooRequest(sim, `${API}/products?sku=TEE-M`);
		assert.deepEqual(
			variation.json.map((product: { type: string; name: string; sku: string }) => [product.type, product.name, product.sku]),
			[['variation', 'T-shirt - M', 'TEE-M']],
			'a sku filter also finds variations',
		);

		const duplicate = await wooRequest(sim, `${API}/products`, { method: 'POST', body: { name: 'Annan bok', sku: 'BOOK-01' } });
		assert.equal(duplicate.status, 400);
		assert.equal(duplicate.json.code, 'product_invalid_sku');
		assert.equal(duplicate.json.message, 'Invalid or duplicated SKU.');
		assert.equal(duplicate.json.data.unique_sku, 'BOOK-01-1');
		assert.equal(duplicate.json.data.resource_id, found.json[0].id);

		const variationSku = await wooRequest(sim, `${API}/products`, { method: 'POST', body: { name: 'X', sku: 'TEE-M' } });
		assert.equal(variationSku.json.code, 'product_invalid_sku', 'variations share the SKU namespace');
	});

	it('creates, updates and deletes like WooCommerce: prices stay strings, stock drives stock_status', async () => {
		const created = await wooRequest(sim, `${API}/products`, {
			method: 'POST',
			body: { name: 'Kaffekopp blå', sku: 'MUG-02', regular_price: '125,50', manage_stock: true, stock_quantity: 3 },
		});
		assert.equal(created.status, 201);
		assert.equal(created.json.regular_price, '125.50');
		assert.equal(created.json.price, '125.50');
		assert.equal(created.json.slug, 'kaffekopp-bla');
		assert.equal(created.json.stock_status, 'instock');
		assert.deepEqual(created.json.categories, [{ id: 15, name: 'Uncategorized', slug: 'uncategorized' }]);
		assert.match(String(created.headers.location), /\/wp-json\/wc\/v3\/products\/\d+$/);

		const numericPrice = await wooRequest(sim, `${API}/products/${created.json.id}`, { method: 'PUT', body: { regular_price: 99 } });
		assert.equal(numericPrice.status, 400);
		assert.equal(numericPrice.json.code, 'rest_invalid_param');
		assert.equal(numericPrice.json.data.params.regular_price, 'regular_price is not of type string.');

		const soldOut = await wooRequest(sim, `${API}/products/${created.json.id}`, { method: 'PUT', body: { stock_quantity: '0' } });
		assert.equal(soldOut.status, 200);
		assert.equal(soldOut.json.stock_quantity, 0);
		assert.equal(soldOut.json.stock_status, 'outofstock');

		const viaPost = await wooRequest(sim, `${API}/products/${created.json.id}`, { method: 'POST', body: { stock_quantity: 7 } });
		assert.equal(viaPost.json.stock_status, 'instock');

		const trashed = await wooRequest(sim, `${API}/products/${created.json.id}`, { method: 'DELETE' });
		assert.equal(trashed.json.status, 'trash');
		const listed = await wooRequest(sim, `${API}/products`);
		assert.equal(listed.json.length, 0, 'trashed products are not listed');
		const deleted = await wooRequest(sim, `${API}/products/${created.json.id}?force=true`, { method: 'DELETE' });
		assert.equal(deleted.status, 200);
		const gone = await wooRequest(sim, `${API}/products/${created.json.id}`);
		assert.equal(gone.status, 404);
		assert.equal(gone.json.code, 'woocommerce_rest_product_invalid_id');
	});

	it('serves variations with their own SKU and stock, and the parent derives price and stock status', async () => {
		const [tee] = (await control(sim, 'POST', 'products', [sampleCatalogue()[4]])) as Array<{ id: number; variations: number[] }>;
		assert.equal(tee.variations.length, 3);
		const variations = await wooRequest(sim, `${API}/products/${tee.id}/variations?per_page=100`);
		assert.equal(variations.status, 200);
		assert.deepEqual(variations.json.map((variation: { sku: string }) => variation.sku).sort(), ['TEE-L', 'TEE-M', 'TEE-S']);
		const small = variations.json.find((variation: { sku: string }) => variation.sku === 'TEE-S');
		assert.equal(small.stock_quantity, 10);
		assert.deepEqual(small.attributes, [{ id: 0, name: 'Storlek', option: 'S' }]);

		const updated = await wooRequest(sim, `${API}/products/${tee.id}/variations/${small.id}`, {
			method: 'PUT',
			body: { stock_quantity: 0 },
		});
		assert.equal(updated.json.stock_status, 'outofstock');
		const asProduct = await wooRequest(sim, `${API}/products/${small.id}`);
		assert.equal(asProduct.json.type, 'variation');
		assert.equal(asProduct.json.name, 'T-shirt - S');
		const parent = await wooRequest(sim, `${API}/products/${tee.id}`);
		assert.equal(parent.json.price, '199.00');
		assert.equal(parent.json.stock_status, 'instock', 'M and L are still in stock');

		const created = await wooRequest(sim, `${API}/products/${tee.id}/variations`, {
			method: 'POST',
			body: { sku: 'TEE-XL', regular_price: '219.00', manage_stock: true, stock_quantity: 2, attributes: [{ name: 'Storlek', option: 'XL' }] },
		});
		assert.equal(created.status, 201);
		assert.equal(created.json.sku, 'TEE-XL');
	});

	it('limits /products/batch to 100 items and reports errors per item', async () => {
		const tooMany = await wooRequest(sim, `${API}/products/batch`, {
			method: 'POST',
			body: {
				create: Array.from({ length: 60 }, (_, index) => ({ name: `A${index}` })),
				update: Array.from({ length: 41 }, (_, index) => ({ id: index + 1 })),
			},
		});
		assert.equal(tooMany.status, 413);
		assert.deepEqual(tooMany.json, {
			code: 'woocommerce_rest_request_entity_too_large',
			message: 'Unable to accept more than 100 items for this request.',
			data: { status: 413 },
		});
		assert.equal(sim.state.products.length, 0, 'nothing was created');

		const [mug] = (await control(sim, 'POST', 'products', [sampleCatalogue()[0]])) as Array<{ id: number }>;
		const batch = await wooRequest(sim, `${API}/products/batch`, {
			method: 'POST',
			body: {
				create: [{ name: 'Ny', sku: 'NEW-1' }, { name: 'Dubblett', sku: 'MUG-01' }],
				update: [{ id: mug.id, stock_quantity: 5 }, { id: 999999, stock_quantity: 1 }],
				delete: [mug.id],
			},
		});
		assert.equal(batch.status, 200);
		assert.equal(batch.json.create[0].sku, 'NEW-1');
		assert.equal(batch.json.create[1].error.code, 'product_invalid_sku');
		assert.equal(batch.json.update[0].stock_quantity, 5);
		assert.equal(batch.json.update[1].error.code, 'woocommerce_rest_product_invalid_id');
		assert.equal(batch.json.delete[0].id, mug.id);
		assert.equal((await wooRequest(sim, `${API}/products/${mug.id}`)).status, 404);
	});

	it('filters by search, status, stock status and tax class', async () => {
		await control(sim, 'POST', 'products', [...sampleCatalogue(), { name: 'Utkast', status: 'draft', regular_price: '1.00' }]);
		const search = await wooRequest(sim, `${API}/products?search=kaffe`);
		assert.deepEqual(search.json.map((product: { sku: string }) => product.sku).sort(), ['FOOD-01', 'MUG-01']);
		const drafts = await wooRequest(sim, `${API}/products?status=draft`);
		assert.deepEqual(drafts.json.map((product: { name: string }) => product.name), ['Utkast']);
		const reduced = await wooRequest(sim, `${API}/products?tax_class=reduced-rate`);
		assert.deepEqual(reduced.json.map((product: { sku: string }) => product.sku), ['FOOD-01']);
		const all = await wooRequest(sim, `${API}/products?per_page=100`);
		assert.equal(all.json.length, 6, 'status=any lists drafts too, variations are not listed');
	});
});
