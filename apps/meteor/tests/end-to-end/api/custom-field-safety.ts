import { expect } from 'chai';

import { api, credentials, getSharedServer, request } from '../../data/api-data';

const SAVE = api('livechat/custom-fields.save');

function fieldData(field: string, extra: Record<string, unknown> = {}) {
	return { field, label: `Label ${field}`, scope: 'visitor', visibility: 'visible', ...extra };
}

function invalidParams(message: string) {
	return { success: false, error: `${message} [invalid-params]`, errorType: 'invalid-params' };
}

describe('[Custom field safety] what a livechat manager can store and make the server evaluate', () => {
	const created = new Set<string>();

	after(async () => {
		for (const customFieldId of created) {
			await request.post(api('livechat/custom-fields.delete')).set(credentials).send({ customFieldId });
		}
	});

	async function expectNotStored(field: string): Promise<void> {
		const res = await request.get(api(`livechat/custom-fields/${field}`)).set(credentials).expect(200);
		expect(res.body.customField).to.equal(null);
	}

	describe('customFieldData holds only the keys of Rocket.Chat’s custom-field document', () => {
		const hostile: [string, Record<string, unknown>][] = [
			['an unknown key', { extra: { $numberLong: 'not-a-number' } }],
			['a $-prefixed key', { $where: 'sleep(1000)' }],
			['a dotted key', { 'a.b': 1 }],
			['an EJSON type wrapper key', { $oid: 'zz' }],
		];
		for (const [what, extra] of hostile) {
			it(`refuses ${what} with 400 invalid-params and stores nothing`, async () => {
				const field = `cfHostile${Object.keys(extra)[0].replace(/\W/g, '')}`;
				const res = await request.post(SAVE).set(credentials).send({ customFieldId: null, customFieldData: fieldData(field, extra) }).expect(400);
				expect(res.body).to.deep.include(invalidParams('must NOT have additional properties'));
				await expectNotStored(field);
			});
		}

		it('refuses EJSON-looking values in a known key: they must be strings or booleans', async () => {
			const res = await request
				.post(SAVE)
				.set(credentials)
				.send({ customFieldId: null, customFieldData: fieldData('cfEjsonValue', { defaultValue: { $numberLong: 'not-a-number' } }) })
				.expect(400);
			expect(res.body).to.deep.include(invalidParams('must be string'));
			await expectNotStored('cfEjsonValue');
		});

		it('bounds the texts: a 257-character label is refused', async () => {
			const res = await request.post(SAVE).set(credentials).send({ customFieldId: null, customFieldData: fieldData('cfLongLabel', { label: 'l'.repeat(257) }) }).expect(400);
			expect(res.body).to.deep.include(invalidParams('must NOT have more than 256 characters'));
		});

		it('still accepts every documented key', async () => {
			const data = fieldData('cfEveryKey', {
				type: 'select',
				regexp: '^[a-z]+$',
				required: false,
				defaultValue: 'a',
				options: 'a,b',
				public: true,
				searchable: false,
			});
			const res = await request.post(SAVE).set(credentials).send({ customFieldId: null, customFieldData: data }).expect(200);
			created.add('cfEveryKey');
			expect(res.body.customField).to.include({ _id: 'cfEveryKey', type: 'select', options: 'a,b', public: true, searchable: false });
		});
	});

	describe('regular expressions cannot stall the server', () => {
		it('refuses a pattern that needs backtracking (backreference, lookaround) with 400 naming the field', async () => {
			for (const regexp of ['(a)\\1', '^(?!admin).*$']) {
				const res = await request.post(SAVE).set(credentials).send({ customFieldId: null, customFieldData: fieldData('cfUnsafe', { regexp }) }).expect(400);
				expect(res.body).to.deep.include({ errorType: 'error-invalid-custom-field-regexp', details: { field: 'cfUnsafe', max: 1024 } });
			}
			await expectNotStored('cfUnsafe');
		});

		it('evaluates ^(a+)+$ on a 30-character value in linear time: the contact gets its 400 and other requests are not stalled', async () => {
			await request.post(SAVE).set(credentials).send({ customFieldId: null, customFieldData: fieldData('cfNested', { regexp: '^(a+)+$' }) }).expect(200);
			created.add('cfNested');
			try {
				const started = Date.now();
				const [refused, info] = await Promise.all([
					request
						.post(api('omnichannel/contacts'))
						.set(credentials)
						.send({ name: 'redos', emails: [], phones: [], customFields: { cfNested: `${'a'.repeat(30)}b` } }),
					fetch(`${getSharedServer().url}/api/info`).then(async (res) => ({ status: res.status, at: Date.now() })),
				]);
				expect(refused.status).to.equal(400);
				expect(refused.body.error).to.equal('Invalid value for Label cfNested field');
				expect(info.status).to.equal(200);
				// A backtracking engine stalls every request for seconds here (6 s measured); generous bound.
				expect(Date.now() - started).to.be.below(2_000);
				await request
					.post(api('omnichannel/contacts'))
					.set(credentials)
					.send({ name: 'matches', emails: [], phones: [], customFields: { cfNested: 'a'.repeat(30) } })
					.expect(200);
			} finally {
				await request.post(api('livechat/custom-fields.delete')).set(credentials).send({ customFieldId: 'cfNested' });
				created.delete('cfNested');
			}
		});
	});
});
