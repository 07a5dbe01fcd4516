import { expect } from 'chai';
import fc from 'fast-check';
import type { Document } from 'mongodb';

import type { EmbeddedCollection } from './collection/embeddedCollection';
import type { EmbeddedIndexDescription } from './indexes/definition';
import { openEmbeddedDatabase, type EmbeddedDatabase } from './database';
import { regexLiteral } from './regexLiteral';
import type { TestDoc } from './testing/testDoc';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const searchFilter = (text: string, extra: Document = {}) => ({
	$or: ['name', 'emails.address', 'phones.phoneNumber'].map((field) => ({ [field]: { $regex: escape(text), $options: 'i' } })),
	...extra,
});

describe('embedded store query planning', () => {
	let db: EmbeddedDatabase;
	beforeEach(async () => {
		db = await openEmbeddedDatabase();
	});

	const contacts = async (): Promise<EmbeddedCollection<TestDoc>> => {
		const col = db.collection<TestDoc>('contacts');
		await col.createIndexes([
			{ key: { name: 1 }, name: 'name_substring', substring: true },
			{ key: { 'emails.address': 1 }, name: 'emails_substring', substring: true },
			{ key: { 'phones.phoneNumber': 1 }, name: 'phones_substring', substring: true },
			{ key: { 'emails.address': 1 }, partialFilterExpression: { emails: { $exists: true } } },
			{ key: { unknown: 1 } },
		] as EmbeddedIndexDescription[]);
		return col;
	};

	describe('equality indexes', () => {
		it('answers _id lookups from the _id map', async () => {
			const col = db.collection<TestDoc>('c');
			await col.insertMany([{ _id: 'a' }, { _id: 'b' }, { _id: 'c' }]);
			expect(col.explain({ _id: 'b', other: 1 })).to.deep.equal({ index: '_id_', candidates: 1 });
			expect(col.explain({ _id: { $in: ['a', 'c', 'zz'] } })).to.deep.equal({ index: '_id_', candidates: 2 });
		});

		it('uses multikey indexes for login tokens and roles', async () => {
			const col = db.collection<TestDoc>('users');
			await col.createIndexes([{ key: { 'services.resume.loginTokens.hashedToken': 1 } }, { key: { roles: 1 }, sparse: true }]);
			for (let i = 0; i < 50; i++) {
				await col.insertOne({ _id: `u${i}`, roles: i % 10 === 0 ? ['admin', 'user'] : ['user'], services: { resume: { loginTokens: [{ hashedToken: `t${i}a` }, { hashedToken: `t${i}b` }] } } });
			}
			expect(col.explain({ 'services.resume.loginTokens.hashedToken': 't7b' })).to.deep.equal({ index: 'services.resume.loginTokens.hashedToken_1', candidates: 1 });
			expect((await col.findOne({ 'services.resume.loginTokens.hashedToken': 't7b' }))?._id).to.equal('u7');
			expect(col.explain({ roles: 'admin' })).to.deep.equal({ index: 'roles_1', candidates: 5 });
			expect(col.explain({ roles: { $in: ['admin'] }, active: true }).candidates).to.equal(5);
		});

		it('uses a partial index when the query implies its filter, and scans otherwise', async () => {
			const col = await contacts();
			await col.insertMany([{ emails: [{ address: 'a@x' }] }, { emails: [{ address: 'b@x' }] }, { name: 'none' }]);
			expect(col.explain({ 'emails.address': 'a@x' })).to.deep.equal({ index: 'emails.address_1', candidates: 1 });
			const partialOnFlag = db.collection<TestDoc>('flags');
			await partialOnFlag.createIndexes([{ key: { code: 1 }, partialFilterExpression: { active: true } }]);
			await partialOnFlag.insertMany([{ code: 1, active: true }, { code: 1, active: false }]);
			expect(partialOnFlag.explain({ code: 1 }).index).to.equal(null);
			expect(partialOnFlag.explain({ code: 1, active: true }).index).to.equal('code_1');
			expect(await partialOnFlag.countDocuments({ code: 1 })).to.equal(2);
		});

		it('prefers the most selective usable index', async () => {
			const col = await contacts();
			await col.insertMany(Array.from({ length: 20 }, (_, i) => ({ unknown: false, emails: [{ address: `e${i}` }] })));
			expect(col.explain({ unknown: false, 'emails.address': 'e3' }).index).to.equal('emails.address_1');
		});

		it('does not use an index for null equality, which also matches missing fields', async () => {
			const col = await contacts();
			await col.insertMany([{ unknown: null }, {}]);
			expect(col.explain({ unknown: null }).index).to.equal(null);
			expect(await col.countDocuments({ unknown: null })).to.equal(2);
		});
	});

	describe('substring indexes', () => {
		it('serves a case-insensitive escaped-literal regex, also inside $or with other conditions', async () => {
			const col = await contacts();
			await col.insertMany([
				{ _id: 1, name: 'John Doe', unknown: false },
				{ _id: 2, name: 'Jane', emails: [{ address: 'JOHN.d@example.com' }], unknown: false },
				{ _id: 3, name: 'Other', phones: [{ phoneNumber: '+1 (555) 010-john' }], unknown: true },
				{ _id: 4, name: 'Nobody', unknown: false },
				...Array.from({ length: 10 }, (_, i) => ({ _id: 10 + i, name: `filler ${i}`, unknown: false })),
			]);
			const filter = searchFilter('john', { unknown: false });
			expect(col.explain(filter).index).to.equal('$or(name_substring, emails_substring, phones_substring) & unknown_1');
			expect((await col.find(filter).toArray()).map((doc) => doc._id)).to.deep.equal([1, 2]);
			expect((await col.find({ name: /DOE/i }).toArray()).map((doc) => doc._id)).to.deep.equal([1]);
			expect(col.explain({ name: { $regex: /doe/i } }).index).to.equal('name_substring');
		});

		it('unescapes literals such as phone punctuation and dots', async () => {
			const col = await contacts();
			await col.insertMany([{ _id: 1, phones: [{ phoneNumber: '+1 (555) 010-2000' }] }, { _id: 2, emails: [{ address: 'a.b@c.d' }] }]);
			expect(col.explain(searchFilter('(555) 010')).index).to.not.equal(null);
			expect((await col.find(searchFilter('(555) 010')).toArray()).map((doc) => doc._id)).to.deep.equal([1]);
			expect((await col.find(searchFilter('a.b@')).toArray()).map((doc) => doc._id)).to.deep.equal([2]);
		});

		it('answers short literals from its folded texts, and scans for non-literal patterns', async () => {
			const col = await contacts();
			await col.insertMany([{ name: 'ab' }, { name: 'abc' }]);
			expect(col.explain(searchFilter('ab')).index).to.equal('$or(name_substring, emails_substring, phones_substring)');
			expect(col.explain({ name: { $regex: 'a.c', $options: 'i' } }).index).to.equal(null);
			expect(col.explain({ name: { $regex: 'abc', $options: 'ix' } }).index).to.equal(null);
			expect(await col.countDocuments(searchFilter('ab'))).to.equal(2);
		});

		it('stays correct through updates and deletes', async () => {
			const col = await contacts();
			for (let i = 0; i < 300; i++) await col.insertOne({ _id: i, name: `person ${i}` });
			for (let i = 0; i < 300; i += 2) await col.updateOne({ _id: i }, { $set: { name: `renamed ${i}` } });
			await col.deleteMany({ _id: { $gte: 200 } });
			expect(await col.countDocuments({ name: /person/i })).to.equal(100);
			expect(await col.countDocuments({ name: /renamed/i })).to.equal(100);
			expect(await col.countDocuments({ name: /renamed 1/i })).to.equal(55);
		});

		it('is listed with substring: true', async () => {
			const col = await contacts();
			const indexes = await col.listIndexes().toArray();
			expect(indexes.find((index) => index.name === 'name_substring')).to.deep.include({ key: { name: 1 }, substring: true });
		});

		it('returns exactly what a scan returns, in the same order, also for case folding outside ASCII (property)', async () => {
			// Greek sigma in three forms, German sharp s, Turkish dotted and dotless i, the Kelvin sign, long s,
			// micro sign, a ligature, a title-case digraph and an astral character next to ASCII look-alikes.
			const alphabet = fc.constantFrom(...[...'abcAB.-( )1é', ...'σςΣßẞSsſİıiIKkKµμΜﬀfǅǆǄ😀']);
			const plainText = fc.array(alphabet, { maxLength: 12 }).map((chars) => chars.join(''));
			const recased = (value: string) => fc.constantFrom(value, value.toUpperCase(), value.toLowerCase(), value.toLocaleUpperCase('tr'), value.toLocaleLowerCase('tr'));
			const text = plainText.chain(recased);
			const contact = fc.record({
				name: fc.option(text, { nil: undefined }),
				emails: fc.option(fc.array(fc.record({ address: text }), { maxLength: 2 }), { nil: undefined }),
				phones: fc.option(fc.array(fc.record({ phoneNumber: text }), { maxLength: 2 }), { nil: undefined }),
				unknown: fc.boolean(),
				enabled: fc.option(fc.boolean(), { nil: undefined }),
			});
			await fc.assert(
				fc.asyncProperty(fc.array(contact, { maxLength: 40 }), text, fc.nat(), fc.nat(8), fc.boolean(), async (docs, randomNeedle, pick, length, unknown) => {
					// Half the needles are a re-cased piece of a stored string, so that matches are common.
					const stored = docs.flatMap((doc) => [doc.name, ...(doc.emails ?? []).map((email) => email.address)]).filter((value): value is string => Boolean(value));
					const source = stored.length && pick % 2 ? stored[pick % stored.length] : '';
					const start = source ? pick % source.length : 0;
					const piece = source.slice(start, start + 3 + length);
					const needle = piece.length >= 3 ? [piece.toUpperCase(), piece.toLowerCase(), piece][pick % 3] : randomNeedle;
					const scratch = await openEmbeddedDatabase();
					const indexed = scratch.collection<TestDoc>('indexed');
					const plain = scratch.collection<TestDoc>('plain');
					await indexed.createIndexes([
						...['name', 'emails.address', 'phones.phoneNumber'].map((field) => ({ key: { [field]: 1 }, substring: true })),
						{ key: { unknown: 1 } },
						{ key: { enabled: 1 }, sparse: true },
					] as EmbeddedIndexDescription[]);
					const clean = docs.map((doc, i) => JSON.parse(JSON.stringify({ _id: i, ...doc })));
					await indexed.insertMany(clean.map((doc) => ({ ...doc })));
					await plain.insertMany(clean.map((doc) => ({ ...doc })));
					// The search's shape: the substring $or, an equality and a $ne, each answered from an index as a set.
					const filter = searchFilter(needle, { unknown, enabled: { $ne: false } });
					const sort = { name: 1 as const };
					expect(await indexed.find(filter, { sort }).toArray()).to.deep.equal(await plain.find(filter, { sort }).toArray());
					expect(await indexed.countDocuments(filter)).to.equal(await plain.countDocuments(filter));
				}),
				{ numRuns: 300 },
			);
		});
	});

	describe('regexLiteral', () => {
		it('unescapes escaped punctuation and refuses regex syntax', () => {
			expect(regexLiteral('john\\.doe', 'i')).to.equal('john.doe');
			expect(regexLiteral('\\+1 \\(555\\)', '')).to.equal('+1 (555)');
			expect(regexLiteral('a-b', '')).to.equal('a-b');
			expect(regexLiteral('a.b', '')).to.equal(null);
			expect(regexLiteral('^abc', '')).to.equal(null);
			expect(regexLiteral('\\d+', '')).to.equal(null);
			expect(regexLiteral('abc', 'x')).to.equal(null);
		});
	});
});
