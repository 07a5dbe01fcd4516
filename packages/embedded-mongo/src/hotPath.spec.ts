import { expect } from 'chai';
import type { Document } from 'mongodb';

import type { TestDoc } from './testing/testDoc';

import type { EmbeddedCollection } from './collection/embeddedCollection';
import { openEmbeddedDatabase, type EmbeddedDatabase } from './database';
import { genericQueryCompilations } from './queryEngine';

/*
 * Every authenticated request and contact write reads a user by login token,
 * an agent by id and role, the visible custom fields, a contact by id. These
 * must be served by the _id map or an index plus the store's compiled filters,
 * never by compiling a generic (mingo) query.
 */
describe('hot lookups take the fast path', () => {
	let db: EmbeddedDatabase;
	let users: EmbeddedCollection<TestDoc>;
	let fields: EmbeddedCollection<TestDoc>;
	let contacts: EmbeddedCollection<TestDoc>;

	before(async () => {
		db = await openEmbeddedDatabase();
		users = db.collection('users');
		await users.createIndexes([{ key: { 'services.resume.loginTokens.hashedToken': 1 } }, { key: { roles: 1 }, sparse: true }]);
		await users.insertMany(
			Array.from({ length: 50 }, (_, i) => ({
				_id: `u${i}`,
				username: `user${i}`,
				name: `User ${i}`,
				roles: i % 5 ? ['user'] : ['user', 'livechat-agent'],
				services: { resume: { loginTokens: [{ hashedToken: `t${i}` }] } },
			})),
		);
		fields = db.collection('custom_fields');
		await fields.createIndexes([{ key: { scope: 1 } }]);
		await fields.insertMany(Array.from({ length: 10 }, (_, i) => ({ _id: `f${i}`, scope: i % 2 ? 'visitor' : 'room', visibility: i % 3 ? 'visible' : 'hidden' })));
		contacts = db.collection('contacts');
		await contacts.insertMany(Array.from({ length: 20 }, (_, i) => ({ _id: `c${i}`, name: `Contact ${i}`, enabled: i !== 3, emails: [{ address: `c${i}@x` }] })));
	});

	after(() => db.close());

	const lookups: [string, () => Promise<unknown>, unknown][] = [
		['a user by _id', () => users.findOne({ _id: 'u7' }), 'u7'],
		['a user by login token', () => users.findOne({ 'services.resume.loginTokens.hashedToken': 't12' }), 'u12'],
		['an agent by _id and role', () => users.findOne({ _id: 'u10', roles: 'livechat-agent' }), 'u10'],
		['not an agent', () => users.findOne({ _id: 'u11', roles: 'livechat-agent' }), undefined],
		['users by ids, projected', () => users.find({ _id: { $in: ['u1', 'u2'] } }, { projection: { _id: 1, name: 1 } }).toArray(), undefined],
		['visible custom fields of a scope', () => fields.find({ scope: 'visitor', visibility: { $ne: 'hidden' } }).toArray(), undefined],
		['a contact by _id, not deleted', () => contacts.findOne({ _id: 'c4', enabled: { $ne: false } }), 'c4'],
		['a deleted contact by _id', () => contacts.findOne({ _id: 'c3', enabled: { $ne: false } }), undefined],
		['a contact by email, projected', () => contacts.findOne({ 'emails.address': 'c5@x' }, { projection: { _id: 1 } }), 'c5'],
	];

	for (const [name, lookup, expectedId] of lookups) {
		it(`${name}: no generic query compiled`, async () => {
			const before = genericQueryCompilations();
			const result = (await lookup()) as Document | Document[] | null;
			expect(genericQueryCompilations()).to.equal(before);
			if (expectedId !== undefined) expect((result as Document)?._id).to.equal(expectedId);
		});
	}

	it('the indexed ones are answered from the _id map or an index', () => {
		expect(users.explain({ 'services.resume.loginTokens.hashedToken': 't12' })).to.deep.equal({ index: 'services.resume.loginTokens.hashedToken_1', candidates: 1 });
		expect(users.explain({ _id: 'u10', roles: 'livechat-agent' })).to.deep.equal({ index: '_id_', candidates: 1 });
		expect(fields.explain({ scope: 'visitor', visibility: { $ne: 'hidden' } })).to.deep.equal({ index: 'scope_1', candidates: 5 });
	});

	it('results stay right: the compiled filters agree with the documents', async () => {
		expect((await fields.find({ scope: 'visitor', visibility: { $ne: 'hidden' } }).toArray()).map((doc) => doc._id)).to.deep.equal(['f1', 'f5', 'f7']);
		expect(await users.find({ _id: { $in: ['u1', 'u2'] } }, { projection: { _id: 1, name: 1 } }).toArray()).to.deep.equal([
			{ _id: 'u1', name: 'User 1' },
			{ _id: 'u2', name: 'User 2' },
		]);
		expect(await contacts.findOne({ _id: 'c3', enabled: { $ne: false } })).to.equal(null);
	});

	it('a filter the compiled code cannot express still works, through a generic query compiled once per content', async () => {
		const before = genericQueryCompilations();
		expect(await users.countDocuments({ name: { $gt: 'User 4' }, roles: { $size: 2 } })).to.equal(3);
		expect(await users.countDocuments({ name: { $gt: 'User 4' }, roles: { $size: 2 } })).to.equal(3);
		expect(genericQueryCompilations()).to.equal(before + 1);
	});
});
