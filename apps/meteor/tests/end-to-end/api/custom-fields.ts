import { expect } from 'chai';

import { api, createUser, credentials, request, type TestUser, withoutStack } from '../../data/api-data';

const fieldData = (field: string, extra: Record<string, unknown> = {}) => ({ field, label: `Label ${field}`, scope: 'visitor', visibility: 'visible', ...extra });

describe('[livechat/custom-fields]', () => {
	let plainUser: TestUser;
	const created = new Set<string>();

	async function create(field: string, extra: Record<string, unknown> = {}) {
		const res = await request
			.post(api('livechat/custom-fields.save'))
			.set(credentials)
			.send({ customFieldId: null, customFieldData: fieldData(field, extra) })
			.expect(200);
		created.add(field);
		return res;
	}

	before(async () => {
		plainUser = await createUser({ roles: ['user'] });
	});

	after(async () => {
		for (const customFieldId of created) {
			await request.post(api('livechat/custom-fields.delete')).set(credentials).send({ customFieldId });
		}
	});

	describe('POST livechat/custom-fields.save', () => {
		it('creates a field whose _id is `field`, and answers the stored document', async () => {
			const res = await create('cfCreate', { required: true, regexp: '^[0-9]+$' });
			expect(res.body).to.have.all.keys('customField', 'success');
			expect(res.body.customField).to.include({
				_id: 'cfCreate',
				label: 'Label cfCreate',
				scope: 'visitor',
				visibility: 'visible',
				required: true,
				regexp: '^[0-9]+$',
			});
			expect(res.body.customField).not.to.have.property('field');
		});

		it('updates an existing field by id', async () => {
			await create('cfUpdate');
			const res = await request
				.post(api('livechat/custom-fields.save'))
				.set(credentials)
				.send({ customFieldId: 'cfUpdate', customFieldData: fieldData('cfUpdate', { label: 'Renamed' }) })
				.expect(200);
			expect(res.body.customField).to.include({ _id: 'cfUpdate', label: 'Renamed' });
		});

		it('refuses to create an existing field', async () => {
			await create('cfTwice');
			const res = await request
				.post(api('livechat/custom-fields.save'))
				.set(credentials)
				.send({ customFieldId: null, customFieldData: fieldData('cfTwice') })
				.expect(400);
			expect(withoutStack(res.body)).to.deep.equal({ success: false, error: 'Custom Field already exists' });
		});

		it('refuses to update an unknown field', async () => {
			const res = await request
				.post(api('livechat/custom-fields.save'))
				.set(credentials)
				.send({ customFieldId: 'cfMissing', customFieldData: fieldData('cfMissing') })
				.expect(400);
			expect(withoutStack(res.body)).to.deep.equal({ success: false, error: 'Custom Field Not found' });
		});

		it('refuses an id with characters other than letters, digits, hyphens and underscores', async () => {
			const res = await request
				.post(api('livechat/custom-fields.save'))
				.set(credentials)
				.send({ customFieldId: 'bad id', customFieldData: fieldData('ok') })
				.expect(400);
			expect(res.body).to.deep.equal({ success: false, error: 'Invalid custom field name. Use only letters, numbers, hyphens and underscores.' });
		});

		it("validates the body with Rocket.Chat's schema", async () => {
			const badField = await request
				.post(api('livechat/custom-fields.save'))
				.set(credentials)
				.send({ customFieldId: null, customFieldData: fieldData('bad field') })
				.expect(400);
			expect(badField.body.error).to.equal('must match pattern "^[0-9a-zA-Z_-]+$" [invalid-params]');
			const badScope = await request
				.post(api('livechat/custom-fields.save'))
				.set(credentials)
				.send({ customFieldId: null, customFieldData: fieldData('x', { scope: 'user' }) })
				.expect(400);
			expect(badScope.body.error).to.equal('must be equal to one of the allowed values [invalid-params]');
		});

		it('requires view-livechat-manager', async () => {
			await request
				.post(api('livechat/custom-fields.save'))
				.set(plainUser.credentials)
				.send({ customFieldId: null, customFieldData: fieldData('cfDenied') })
				.expect(403);
		});
	});

	describe('GET livechat/custom-fields and livechat/custom-fields/:_id', () => {
		it('answers one field, or null for an unknown id', async () => {
			await create('cfGetOne');
			const found = await request.get(api('livechat/custom-fields/cfGetOne')).set(credentials).expect(200);
			expect(found.body).to.have.all.keys('customField', 'success');
			expect(found.body.customField).to.include({ _id: 'cfGetOne' });
			expect((await request.get(api('livechat/custom-fields/nope')).set(credentials).expect(200)).body).to.deep.equal({ customField: null, success: true });
		});

		it('pages through the fields, filtered by text: {customFields, count, offset, total, success}', async () => {
			await create('cfListA');
			await create('cfListB');
			const res = await request.get(api('livechat/custom-fields')).set(credentials).query({ text: 'cfList', count: 1 }).expect(200);
			expect(res.body).to.have.all.keys('customFields', 'count', 'offset', 'total', 'success');
			expect(res.body).to.include({ count: 1, offset: 0, total: 2 });
			expect(res.body.customFields[0]._id).to.equal('cfListA');
		});

		it('needs view-l-room', async () => {
			await request.get(api('livechat/custom-fields')).set(plainUser.credentials).expect(403);
			await request.get(api('livechat/custom-fields/cfGetOne')).set(plainUser.credentials).expect(403);
		});
	});

	describe('POST livechat/custom-fields.delete', () => {
		it('deletes a field; deleting it again fails', async () => {
			await create('cfDelete');
			await request.post(api('livechat/custom-fields.delete')).set(credentials).send({ customFieldId: 'cfDelete' }).expect(200, { success: true });
			created.delete('cfDelete');
			const again = await request.post(api('livechat/custom-fields.delete')).set(credentials).send({ customFieldId: 'cfDelete' }).expect(400);
			expect(withoutStack(again.body)).to.deep.equal({ success: false, error: 'Custom field not found' });
		});
	});
});
