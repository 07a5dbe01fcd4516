import type { ILivechatContact } from '@rocket.chat/core-typings';
import { expect } from 'chai';

import { deleteContact } from './deleteContact';
import { type ContactSearchPage, searchContacts } from './searchContacts';
import { type TestDeps, insertAgent, insertContact, openTestDeps } from '../../../../../tests/data/testDeps';

const firstPage = { offset: 0, count: 50 };

describe('searchContacts', () => {
	let ctx: TestDeps;

	beforeEach(async () => {
		ctx = await openTestDeps();
	});

	afterEach(() => ctx.db.close());

	async function searchNames(searchText?: string, page: ContactSearchPage = firstPage, unknown?: boolean): Promise<string[]> {
		const { contacts } = await searchContacts(ctx, { searchText, unknown }, page);
		return contacts.map(({ name }) => name);
	}

	it('matches a case-insensitive substring of the name, an email address or a phone number', async () => {
		await insertContact(ctx.models, { name: 'Maria Lopez' });
		await insertContact(ctx.models, { name: 'By email', emails: [{ address: 'x@y.z' }, { address: 'LOPEZ.fan@example.com' }] });
		await insertContact(ctx.models, { name: 'By phone', phones: [{ phoneNumber: '+55 11 91234-0000' }] });
		await insertContact(ctx.models, { name: 'Nobody' });

		expect(await searchNames('lOpEz')).to.deep.equal(['By email', 'Maria Lopez']);
		expect(await searchNames('1234-0')).to.deep.equal(['By phone']);
	});

	it('matches the search text literally, regex characters included', async () => {
		await insertContact(ctx.models, { name: 'Parens', phones: [{ phoneNumber: '+1 (555) 123-4567' }] });
		await insertContact(ctx.models, { name: 'No parens', phones: [{ phoneNumber: '+1 555 123-4567' }] });
		await insertContact(ctx.models, { name: 'a.b' });
		await insertContact(ctx.models, { name: 'axb' });

		expect(await searchNames('(555)')).to.deep.equal(['Parens']);
		expect(await searchNames('a.b')).to.deep.equal(['a.b']);
		expect(await searchNames('.*')).to.deep.equal([]);
	});

	it('returns every known, enabled contact for an empty search text', async () => {
		await insertContact(ctx.models, { name: 'b' });
		await insertContact(ctx.models, { name: 'a' });
		await insertContact(ctx.models, { name: 'hidden', unknown: true });
		await deleteContact(ctx, await insertContact(ctx.models, { name: 'deleted' }));

		expect(await searchNames()).to.deep.equal(['a', 'b']);
		expect(await searchNames('')).to.deep.equal(['a', 'b']);
	});

	it('searches unknown contacts only when asked to', async () => {
		await insertContact(ctx.models, { name: 'known' });
		await insertContact(ctx.models, { name: 'unknown', unknown: true });

		expect(await searchNames('n', firstPage, true)).to.deep.equal(['unknown']);
		expect(await searchNames('n', firstPage, false)).to.deep.equal(['known']);
	});

	it('sorts by name with a binary comparison by default, or by the given sort', async () => {
		for (const name of ['bob', 'Zed', 'alice', 'Émile']) {
			await insertContact(ctx.models, { name });
		}

		expect(await searchNames()).to.deep.equal(['Zed', 'alice', 'bob', 'Émile']);
		expect(await searchNames(undefined, { ...firstPage, sort: { name: -1 } })).to.deep.equal(['Émile', 'bob', 'alice', 'Zed']);
	});

	it('pages with offset and count, reports the total and echoes the requested count', async () => {
		for (const name of ['a', 'b', 'c', 'd', 'e']) {
			await insertContact(ctx.models, { name });
		}

		const result = await searchContacts(ctx, {}, { offset: 3, count: 10 });

		expect(result.contacts.map(({ name }) => name)).to.deep.equal(['d', 'e']);
		expect({ count: result.count, offset: result.offset, total: result.total }).to.deep.equal({ count: 10, offset: 3, total: 5 });
	});

	it('treats count 0 as no limit', async () => {
		for (let i = 0; i < 120; i++) {
			await insertContact(ctx.models, { name: `c${i}` });
		}

		const result = await searchContacts(ctx, {}, { offset: 0, count: 0 });

		expect(result.contacts).to.have.length(120);
		expect(result).to.include({ count: 0, total: 120 });
	});

	it('replaces the contact manager id with the user\'s _id, name and username, dropping a vanished manager', async () => {
		const agentId = await insertAgent(ctx.models, { name: 'Agent Smith', username: 'smith' });
		await insertContact(ctx.models, { name: 'managed', contactManager: agentId });
		await insertContact(ctx.models, { name: 'orphan', contactManager: 'gone-user' });
		await insertContact(ctx.models, { name: 'unmanaged' });

		const { contacts } = await searchContacts(ctx, {}, firstPage);

		expect(contacts[0].contactManager).to.deep.equal({ _id: agentId, name: 'Agent Smith', username: 'smith' });
		expect(contacts[1]).to.not.have.property('contactManager');
		expect(contacts[2]).to.not.have.property('contactManager');
	});

	it('finds exactly what a scan with Rocket.Chat\'s regexes finds, in the same order', async () => {
		// A deterministic pseudo-random corpus, large enough for the substring indexes to be used.
		let seed = 7;
		const random = (n: number) => {
			seed = (seed * 1103515245 + 12345) % 2147483648;
			return seed % n;
		};
		const syllables = ['an', 'Ma', 'ri', 'lo', 'PEZ', 'jo', 'ão', 'sil', 'va', '.', '(', '-', ' '];
		const word = (length: number) => Array.from({ length }, () => syllables[random(syllables.length)]).join('');
		const docs: Partial<ILivechatContact & { enabled: boolean }>[] = [];
		for (let i = 0; i < 300; i++) {
			docs.push({
				name: `${word(3)} ${i}`,
				emails: random(3) ? [{ address: `${word(2)}@${word(2)}.com` }] : [],
				phones: random(2) ? [{ phoneNumber: `+${random(99)} (${random(999)}) ${random(99999)}` }] : undefined,
				unknown: random(5) === 0,
				...(random(10) === 0 && { enabled: false }),
			});
		}
		for (const doc of docs) {
			await insertContact(ctx.models, doc);
		}
		const haystacks = (doc: (typeof docs)[number]) => [doc.name ?? '', ...(doc.emails ?? []).map((e) => e.address), ...(doc.phones ?? []).map((p) => p.phoneNumber)];
		const texts = ['', 'a', 'ma', 'mar', 'pez', 'ÃO', 'SILVA', 'an an', '(', '(5', ') 1', '.com', 'xyz', 'lo.', '12'];

		for (const text of texts) {
			for (const unknown of [false, true]) {
				const expected = docs
					.filter((doc) => doc.unknown === unknown && doc.enabled !== false)
					.filter((doc) => haystacks(doc).some((value) => value.toLowerCase().includes(text.toLowerCase())))
					.map((doc) => doc.name as string)
					.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

				const result = await searchContacts(ctx, { searchText: text, unknown }, { offset: 0, count: 0 });

				expect(result.contacts.map(({ name }) => name), `searchText=${JSON.stringify(text)} unknown=${unknown}`).to.deep.equal(expected);
				expect(result.total).to.equal(expected.length);
			}
		}
	});
});
