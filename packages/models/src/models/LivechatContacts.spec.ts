import { expect } from 'chai';

import { openEmbeddedDatabase } from '@omni/embedded-mongo';

import type { IDatabase } from '@omni/model-typings';
import { contactSearchFilter, LivechatContactsRaw } from './LivechatContacts';

describe('LivechatContactsRaw search indexes', () => {
	let db: IDatabase;

	beforeEach(async () => {
		db = await openEmbeddedDatabase({});
	});

	afterEach(() => db.close());

	async function indexNames(database: IDatabase): Promise<string[]> {
		const contacts = new LivechatContactsRaw(database);
		await contacts.createIndexes();
		return (await database.collection(contacts.collectionName).listIndexes().toArray()).map(({ name }) => name);
	}

	it('creates a substring index per searchable field when the store supports them', async () => {
		expect(await indexNames(db)).to.include.members(['name_substring', 'emails.address_substring', 'phones.phoneNumber_substring']);
	});

	it('creates none on a store without substring indexes (MongoDB)', async () => {
		const withoutSubstring: IDatabase = {
			collection: (name) => db.collection(name),
			withTransaction: (fn) => db.withTransaction(fn),
			sharedChangeEvents: false,
			supportsSubstringIndexes: false,
			close: () => db.close(),
		};

		expect((await indexNames(withoutSubstring)).filter((name) => name.endsWith('_substring'))).to.deep.equal([]);
	});

	it('answers a search from the substring, unknown and enabled indexes as sets instead of a scan', async () => {
		const contacts = new LivechatContactsRaw(db);
		await contacts.createIndexes();
		const collection = db.collection(contacts.collectionName) as unknown as { explain(filter: object): { index: string | null } };

		for (const searchText of ['(555)', 'ab']) {
			expect(collection.explain(contactSearchFilter({ searchText, unknown: false })).index).to.equal(
				'$or(name_substring, emails.address_substring, phones.phoneNumber_substring) & unknown_1 & enabled_search',
			);
		}
	});

	it('escapes the search text so it matches literally', () => {
		expect(contactSearchFilter({ searchText: 'a.b(1)', unknown: true })).to.deep.equal({
			$or: [
				{ name: { $regex: 'a\\.b\\(1\\)', $options: 'i' } },
				{ 'emails.address': { $regex: 'a\\.b\\(1\\)', $options: 'i' } },
				{ 'phones.phoneNumber': { $regex: 'a\\.b\\(1\\)', $options: 'i' } },
			],
			unknown: true,
			enabled: { $ne: false },
		});
	});
});

describe('LivechatContactsRaw named writes', () => {
	let db: IDatabase;
	let contacts: LivechatContactsRaw;
	const association = { visitorId: 'v1', source: { type: 'widget' } };
	const channel = { name: 'widget', visitor: association, blocked: false, verified: false, details: { type: 'widget' } } as never;

	beforeEach(async () => {
		db = await openEmbeddedDatabase({});
		contacts = new LivechatContactsRaw(db);
	});

	afterEach(() => db.close());

	async function deletedContact(): Promise<string> {
		const contactId = await contacts.insertContact({ name: 'Ann', channels: [channel], customFields: {}, unknown: false, createdAt: new Date() });
		expect(await contacts.disableByContactId(contactId)).to.equal(true);
		return contactId;
	}

	it('never write a soft-deleted contact (Rocket.Chat’s patchContact filter)', async () => {
		const contactId = await deletedContact();
		const before = await contacts.findOneById(contactId);

		expect(await contacts.updateContact(contactId, { name: 'Revived' })).to.equal(null);
		expect(await contacts.disableByContactId(contactId)).to.equal(false);
		await contacts.mergeInto(contactId, { set: { name: 'Merged' }, addToSet: { emails: [{ address: 'x@example.com' }] } });
		await contacts.updateLastChatById(contactId, association, { _id: 'room', ts: new Date() });
		await contacts.updateCustomFieldsAndConflicts(contactId, { cpf: '1' }, [{ field: 'name', value: 'x' }]);

		expect(await contacts.findOneById(contactId)).to.deep.equal(before);
	});

	it('write an enabled contact and stamp _updatedAt', async () => {
		const contactId = await contacts.insertContact({ name: 'Ann', channels: [channel], customFields: {}, unknown: true, createdAt: new Date() });

		const updated = await contacts.updateContact(contactId, { name: 'Anne' });

		expect(updated).to.include({ _id: contactId, name: 'Anne', unknown: false });
		expect(updated?._updatedAt).to.be.instanceOf(Date);
		expect(contactId).to.match(/^[0-9a-f]{24}$/);
	});
});
