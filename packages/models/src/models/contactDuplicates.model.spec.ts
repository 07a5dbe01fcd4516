import type { ILivechatContact } from '@rocket.chat/core-typings';
import { expect } from 'chai';

import { openEmbeddedDatabase } from '@omni/embedded-mongo';
import type { ICollection, IDatabase } from '@omni/model-typings';

import { LivechatContactsRaw } from './LivechatContacts';

const base = { channels: [], customFields: {}, unknown: false, createdAt: new Date('2024-01-01T00:00:00Z') };

/** The same database without the embedded store's `keyGroups`: what the model does on MongoDB. */
function withoutKeyGroups(db: IDatabase): IDatabase {
	return {
		...db,
		collection: <T extends object>(name: string) => {
			const collection = db.collection(name) as unknown as ICollection<T>;
			return new Proxy(collection, { get: (target, key) => (key === 'keyGroups' ? undefined : Reflect.get(target, key, target)) }) as never;
		},
		withTransaction: db.withTransaction.bind(db),
		close: db.close.bind(db),
	} as IDatabase;
}

describe('LivechatContactsRaw.findDuplicateGroups', () => {
	let db: IDatabase;
	let contacts: LivechatContactsRaw;
	let aggregated: LivechatContactsRaw;

	beforeEach(async () => {
		db = await openEmbeddedDatabase({});
		contacts = new LivechatContactsRaw(db);
		aggregated = new LivechatContactsRaw(withoutKeyGroups(db));
		await contacts.createIndexes();
	});

	afterEach(() => db.close());

	async function insert(_id: string, fields: Partial<ILivechatContact>): Promise<void> {
		await contacts.insertOne({ _id, name: _id, ...base, ...fields } as ILivechatContact);
	}

	it('groups enabled contacts by normalized email and phone, largest first, then email before phone, then by key', async () => {
		await insert('a', { emails: [{ address: 'Jane@Example.com' }], phones: [{ phoneNumber: '+1 555 123 4567' }] });
		await insert('b', { emails: [{ address: 'jane@example.COM' }] });
		await insert('c', { emails: [{ address: ' JANE@example.com' }], phones: [{ phoneNumber: '+15551234567' }] });
		await insert('d', { emails: [{ address: 'bob@example.com' }] });
		await insert('e', { emails: [{ address: 'Bob@example.com' }] });
		await insert('f', { emails: [{ address: 'alone@example.com' }], phones: [{ phoneNumber: '+1 (555) 123-4567' }] });

		const page = await contacts.findDuplicateGroups({ offset: 0, count: 10, maxIds: 10 });

		expect(page).to.deep.equal({
			total: 3,
			groups: [
				{ kind: 'email', key: 'jane@example.com', size: 3, contactIds: ['a', 'b', 'c'] },
				{ kind: 'phone', key: '+15551234567', size: 3, contactIds: ['a', 'c', 'f'] },
				{ kind: 'email', key: 'bob@example.com', size: 2, contactIds: ['d', 'e'] },
			],
		});
		expect(await aggregated.findDuplicateGroups({ offset: 0, count: 10, maxIds: 10 })).to.deep.equal(page);
	});

	it('follows writes: a deleted contact leaves its groups, an updated one moves between them', async () => {
		await insert('a', { emails: [{ address: 'x@example.com' }] });
		await insert('b', { emails: [{ address: 'X@example.com' }] });
		await insert('c', { emails: [{ address: 'y@example.com' }] });
		expect((await contacts.findDuplicateGroups({ offset: 0, count: 10, maxIds: 10 })).total).to.equal(1);

		await contacts.updateContact('b', { emails: [{ address: 'Y@example.com' }] });
		expect(await contacts.findDuplicateGroups({ offset: 0, count: 10, maxIds: 10 })).to.deep.equal({
			total: 1,
			groups: [{ kind: 'email', key: 'y@example.com', size: 2, contactIds: ['b', 'c'] }],
		});

		await contacts.disableByContactId('c');
		expect(await contacts.findDuplicateGroups({ offset: 0, count: 10, maxIds: 10 })).to.deep.equal({ total: 0, groups: [] });
	});

	it('scopes to one contact manager through the aggregation', async () => {
		await insert('a', { emails: [{ address: 'x@example.com' }], contactManager: 'm1' });
		await insert('b', { emails: [{ address: 'x@example.com' }], contactManager: 'm1' });
		await insert('c', { emails: [{ address: 'x@example.com' }], contactManager: 'm2' });

		expect(await contacts.findDuplicateGroups({ offset: 0, count: 10, maxIds: 10, managerId: 'm1' })).to.deep.equal({
			total: 1,
			groups: [{ kind: 'email', key: 'x@example.com', size: 2, contactIds: ['a', 'b'] }],
		});
		expect((await contacts.findDuplicateGroups({ offset: 0, count: 10, maxIds: 10, managerId: 'm2' })).total).to.equal(0);
	});

	it('pages from the indexes exactly as the aggregation pages (60 seeded random collections)', async () => {
		const emails = ['a@x.com', 'A@x.com', 'b@x.com', 'c@x.com', 'd@x.com'];
		const phones = ['+15550001', '+1 5550001', '+15550002', '+15550003'];
		// A small linear congruential generator: the same cases every run.
		let seed = 42;
		const next = (n: number) => {
			seed = (seed * 1103515245 + 12345) % 2 ** 31;
			return seed % n;
		};
		const pick = (values: string[]) => values.filter(() => next(3) === 0);
		for (let run = 0; run < 60; run++) {
			await db.collection('rocketchat_livechat_contact').deleteMany({});
			const size = next(26);
			for (let i = 0; i < size; i++) {
				const _id = `c${String(i).padStart(2, '0')}`;
				await insert(_id, { emails: pick(emails).map((address) => ({ address })), phones: pick(phones).map((phoneNumber) => ({ phoneNumber })) });
				if (next(4) === 0) await contacts.disableByContactId(_id);
			}
			const query = { offset: next(8), count: next(6) + 1, maxIds: next(4) + 1 };
			expect(await contacts.findDuplicateGroups(query), JSON.stringify({ run, query })).to.deep.equal(await aggregated.findDuplicateGroups(query));
		}
	});
});
