import type { ILivechatContact } from '@rocket.chat/core-typings';
import { expect } from 'chai';

import { openEmbeddedDatabase } from '@omni/embedded-mongo';
import type { IDatabase } from '@omni/model-typings';

import { LivechatContactsRaw } from './LivechatContacts';

const base = { name: 'Ann', channels: [], customFields: {}, unknown: false, createdAt: new Date('2024-01-01T00:00:00Z') };

describe('LivechatContactsRaw normalized keys and version', () => {
	let db: IDatabase;
	let region: string;
	let contacts: LivechatContactsRaw;

	const raw = (_id: string) => db.collection<{ _id: string } & Record<string, any>>('rocketchat_livechat_contact').findOne({ _id });

	beforeEach(async () => {
		db = await openEmbeddedDatabase({});
		region = '';
		contacts = new LivechatContactsRaw(db, { phoneRegion: () => region });
		await contacts.createIndexes();
	});

	afterEach(() => db.close());

	async function insert(fields: Partial<ILivechatContact> = {}): Promise<string> {
		return (await contacts.insertOne({ ...base, ...fields } as ILivechatContact)).insertedId;
	}

	it('stores the normalized keys of a new contact beside its verbatim data', async () => {
		const _id = await insert({ emails: [{ address: 'Jane@Example.COM' }], phones: [{ phoneNumber: '+1 (555) 123-4567' }] });

		expect(await raw(_id)).to.deep.include({
			emails: [{ address: 'Jane@Example.COM' }],
			phones: [{ phoneNumber: '+1 (555) 123-4567' }],
			_matchKeys: { emails: ['jane@example.com'], phones: ['+15551234567'] },
		});
	});

	it('never returns the internal fields from any read', async () => {
		const _id = await insert({ emails: [{ address: 'a@x.com' }] });
		await contacts.updateContact(_id, { name: 'Ann B' });

		const reads = [
			await contacts.findOneById(_id),
			await contacts.findOne({ _id }),
			await contacts.findOneEnabledById(_id),
			(await contacts.find({ _id }).toArray())[0],
			await contacts.updateContact(_id, { name: 'Ann C' }),
			(await contacts.findPaginatedContacts({ searchText: 'Ann', unknown: false }, { offset: 0, count: 10, sort: { name: 1 } }).cursor.toArray())[0],
			await contacts.findOneById(_id, { projection: { customFields: 0 } }),
		];
		for (const doc of reads) {
			expect(doc).to.not.have.any.keys('_matchKeys', '_version');
			expect(doc).to.include({ _id });
		}
		expect(await contacts.findOneById(_id, { projection: { name: 1 } })).to.deep.equal({ _id, name: 'Ann C' });
	});

	it('keeps the keys in step with emails and phones set by an update, unsetting an emptied list', async () => {
		const _id = await insert({ emails: [{ address: 'a@x.com' }], phones: [{ phoneNumber: '555' }] });

		await contacts.updateContact(_id, { emails: [{ address: 'B@X.com' }] });
		expect((await raw(_id))?._matchKeys).to.deep.equal({ emails: ['b@x.com'], phones: ['555'] });

		await contacts.updateContact(_id, { phones: [] });
		expect((await raw(_id))?._matchKeys).to.deep.equal({ emails: ['b@x.com'] });
	});

	it('adds the keys of emails and phones a merge adds, and drops every key on a soft delete', async () => {
		const _id = await insert({ emails: [{ address: 'a@x.com' }] });

		await contacts.mergeInto(_id, { set: {}, addToSet: { emails: [{ address: 'C@x.com' }], phones: [{ phoneNumber: '+44 20 7946 0958' }] } });
		expect((await raw(_id))?._matchKeys).to.deep.equal({ emails: ['a@x.com', 'c@x.com'], phones: ['+442079460958'] });

		await contacts.disableByContactId(_id);
		expect(await raw(_id)).to.not.have.property('_matchKeys');
	});

	it('bumps _version on every write', async () => {
		const _id = await insert();
		expect((await raw(_id))?._version).to.equal(undefined);

		await contacts.updateContact(_id, { name: 'x' });
		await contacts.mergeInto(_id, { set: { name: 'y' }, addToSet: {} });
		expect((await raw(_id))?._version).to.equal(2);
	});

	it('matches existence exactly by default and by normalized key when asked', async () => {
		await insert({ emails: [{ address: 'jane@example.com' }], phones: [{ phoneNumber: '+15551234567' }] });

		expect(await contacts.existsByIdEmailOrPhone({ email: 'Jane@Example.COM' })).to.equal(false);
		expect(await contacts.existsByIdEmailOrPhone({ phone: '+1 (555) 123-4567' })).to.equal(false);
		expect(await contacts.existsByIdEmailOrPhone({ email: 'Jane@Example.COM' }, { normalized: true })).to.equal(true);
		expect(await contacts.existsByIdEmailOrPhone({ phone: '+1 (555) 123-4567' }, { normalized: true })).to.equal(true);
		expect(await contacts.existsByIdEmailOrPhone({ phone: '+1 (555) 123-4568' }, { normalized: true })).to.equal(false);
	});

	it('reads national numbers in the region current at write time', async () => {
		region = 'US';
		const _id = await insert({ phones: [{ phoneNumber: '(555) 123-4567' }] });

		expect((await raw(_id))?._matchKeys).to.deep.equal({ phones: ['+15551234567'] });
		expect(await contacts.existsByIdEmailOrPhone({ phone: '+15551234567' }, { normalized: true })).to.equal(true);
	});

	describe('refreshMatchKeys', () => {
		async function insertWithoutKeys(fields: Partial<ILivechatContact>): Promise<string> {
			const _id = `c${Math.random().toString(16).slice(2)}`;
			await db.collection<{ _id: string } & Record<string, unknown>>('rocketchat_livechat_contact').insertOne({ _id, ...base, ...fields, _updatedAt: new Date() });
			return _id;
		}

		it('computes missing keys, reports the changed ones, and writes nothing the second time', async () => {
			const _id = await insertWithoutKeys({ emails: [{ address: 'A@x.com' }], phones: [{ phoneNumber: '+1 555 123 4567' }] });
			const before = await raw(_id);

			expect(await contacts.refreshMatchKeys([_id])).to.deep.equal({ updated: 1, changedKeys: ['emails:a@x.com', 'phones:+15551234567'] });
			const after = await raw(_id);
			expect(after?._matchKeys).to.deep.equal({ emails: ['a@x.com'], phones: ['+15551234567'] });
			expect(after?._updatedAt).to.deep.equal(before?._updatedAt);
			expect(after).to.not.have.property('_version');

			expect(await contacts.refreshMatchKeys([_id])).to.deep.equal({ updated: 0, changedKeys: [] });
		});

		it('recomputes phone keys for a new region', async () => {
			const _id = await insert({ phones: [{ phoneNumber: '(555) 123-4567' }] });
			region = 'US';

			expect(await contacts.refreshMatchKeys([_id])).to.deep.equal({ updated: 1, changedKeys: ['phones:5551234567', 'phones:+15551234567'] });
			expect((await raw(_id))?._matchKeys).to.deep.equal({ phones: ['+15551234567'] });
		});

		it('lists every id in ascending order', async () => {
			const ids = [await insertWithoutKeys({}), await insertWithoutKeys({}), await insert()];
			expect(await contacts.listAllIds()).to.deep.equal([...ids].sort());
		});
	});
});
