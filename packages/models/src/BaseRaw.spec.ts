import { expect } from 'chai';

import { collectionNameFor, withUpdatedAt } from './BaseRaw';

describe('BaseRaw helpers', () => {
	it('prefixes every collection except users', () => {
		expect(collectionNameFor('users')).to.equal('users');
		expect(collectionNameFor('livechat_contact')).to.equal('rocketchat_livechat_contact');
	});

	it('adds _updatedAt to $set without dropping other operators', () => {
		const now = new Date(0);
		expect(withUpdatedAt({ $set: { a: 1 }, $unset: { b: 1 } }, now)).to.deep.equal({ $set: { a: 1, _updatedAt: now }, $unset: { b: 1 } });
	});
});
