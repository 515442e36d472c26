/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
// Customer → Create or Update against the Specter simulator.
import assert from 'node:assert/strict';
import type { IDataObject } from 'n8n-workflow';
import { type NodeHarness, jsonOf, pairingOf, rejectionOf, startHarness } from './harness';

const COMPANY = {
	resource: 'customer',
	operation: 'upsert',
	customerType: 'company',
	companyName: 'Byggbolaget Norrland AB',
	email: 'inkop@byggbolaget-norrland.se',
	additionalFields: { orgNo: '556677-8899', vatNo: 'SE556677889901', contactPerson: 'Nils Berg', customerGroupId: '20' },
};

describe('Customer → Create or Update', () => {
	let harness: NodeHarness;

	beforeEach(async () => {
		harness = await startHarness();
	});
	afterEach(() => harness.close());

	it('sends a private person with every evidence field and both addresses', async () => {
		const output = await harness.run({
			parameters: {
				resource: 'customer',
				operation: 'upsert',
				customerType: 'privatePerson',
				firstName: 'Åsa',
				lastName: 'Lindqvist',
				email: 'asa.lindqvist@example.se',
				additionalFields: { phone: '08-123 45', mobile: '0701234567', language: 'EN', currency: 'EUR', homepage: '' },
				invoiceAddress: { address: { address1: 'Sveavägen 44', address2: 'lgh 1102', postcode: '113 50', city: 'Stockholm', countryCode: 'SE' } },
				deliveryAddress: { address: { companyName: 'Kontoret', address1: 'Box 12', postcode: '111 22', city: 'Solna', countryCode: 'SE', region: 'AB' } },
			},
		});

		const [customer] = (await harness.state()).customers;
		assert.deepEqual(customer.fields, {
			customerOrganizationalForm: 'P',
			firstName: 'Åsa',
			surName: 'Lindqvist',
			emailAddress: 'asa.lindqvist@example.se',
			phoneNo: '08-123 45',
			mobileNo: '0701234567',
			language: 'EN',
			currency: 'EUR',
			address: 'Sveavägen 44',
			addressRow2: 'lgh 1102',
			zipCodeEng: '113 50',
			city: 'Stockholm',
			countryCode: 'SE',
			deliveryCompanyName: 'Kontoret',
			deliveryAddress: 'Box 12',
			deliveryZipCodeEng: '111 22',
			deliveryCity: 'Solna',
			deliveryCountryCode: 'SE',
			deliveryregion: 'AB',
		});
		assert.deepEqual(pairingOf(output), [0]);
		assert.deepEqual(jsonOf(output), [
			{ customerId: customer.customerId, customerType: 'privatePerson', name: 'Åsa Lindqvist', email: 'asa.lindqvist@example.se' },
		]);
	});

	it('sends a company, and updates the same Specter customer when it comes again', async () => {
		const first = jsonOf(await harness.run({ parameters: COMPANY }));
		const second = jsonOf(
			await harness.run({ parameters: { ...COMPANY, companyName: 'Byggbolaget Norrland Aktiebolag' } }),
		);

		const state = await harness.state();
		assert.equal(state.customers.length, 1);
		const [customer] = state.customers;
		assert.equal(customer.organizationalForm, 'C');
		assert.equal(customer.fields.name, 'Byggbolaget Norrland Aktiebolag');
		assert.equal(customer.fields.orgNo, '556677-8899');
		assert.equal(customer.fields.vatNo, 'SE556677889901');
		assert.equal(customer.fields.contactPerson, 'Nils Berg');
		assert.equal(customer.fields.customerGroupId, '20');
		assert.equal(customer.updates, 1);
		assert.deepEqual([first[0].customerId, second[0].customerId], [customer.customerId, customer.customerId]);
		assert.equal(second[0].customerType, 'company');
	});

	it('passes the matching controls: without Force Customer Update the existing data stays, ignoring both creates a new customer', async () => {
		await harness.run({ parameters: COMPANY });
		await harness.run({ parameters: { ...COMPANY, companyName: 'Renamed AB', forceCustomerUpdate: false } });
		let state = await harness.state();
		assert.equal(state.customers.length, 1);
		assert.equal(state.customers[0].fields.name, 'Byggbolaget Norrland AB');

		const output = await harness.run({ parameters: { ...COMPANY, ignoreControlEmail: true, ignoreControlOrgNo: true } });
		state = await harness.state();
		assert.equal(state.customers.length, 2);
		assert.equal(jsonOf(output)[0].customerId, state.customers[1].customerId);
	});

	it('checks length limits before sending: a too long org. no. is an error for that item only', async () => {
		const parameters = (itemIndex: number) => ({
			...COMPANY,
			email: `kund${itemIndex}@example.se`,
			additionalFields: itemIndex === 1 ? { orgNo: '1'.repeat(21) } : {},
		});
		const output = await harness.run({ parameters, items: [{}, {}, {}], continueOnFail: true });

		assert.deepEqual(pairingOf(output), [0, 1, 2]);
		const json = jsonOf(output);
		assert.deepEqual(json[1], {
			error: 'Customer kund1@example.se: orgNo (orgNo) is 21 characters long; Specter allows at most 20. Shorten it.',
			email: 'kund1@example.se',
			description: 'Field "orgNo" (sent to Specter as orgNo). Nothing was sent to Specter; correct the value and run again.',
		});
		assert.equal(typeof json[0].customerId, 'string');
		assert.equal(typeof json[2].customerId, 'string');
		assert.equal(await harness.callsOf('newCustomerSubmit'), 2);

		const error = await rejectionOf(harness.run({ parameters, items: [{}, {}] }));
		assert.equal(error.constructor.name, 'NodeOperationError');
		assert.equal((error.context as IDataObject).itemIndex, 1);
	});
});
