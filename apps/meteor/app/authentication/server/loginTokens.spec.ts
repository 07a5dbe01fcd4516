import { createHash } from 'node:crypto';

import { expect } from 'chai';

import { generateLoginToken, hashedTokensEqual, hashLoginToken } from './loginTokens';

describe('login tokens', () => {
	it('are 43-character URL-safe random secrets', () => {
		const token = generateLoginToken();
		expect(token).to.match(/^[A-Za-z0-9_-]{43}$/);
		expect(generateLoginToken()).not.to.equal(token);
	});

	it('are stored as base64(SHA-256(token)), as Meteor does', () => {
		expect(hashLoginToken('abc')).to.equal(createHash('sha256').update('abc').digest('base64'));
	});

	it('compare equal only when identical, whatever their lengths', () => {
		const hashed = hashLoginToken('abc');
		expect(hashedTokensEqual(hashed, hashLoginToken('abc'))).to.equal(true);
		expect(hashedTokensEqual(hashed, hashLoginToken('abd'))).to.equal(false);
		expect(hashedTokensEqual(hashed, 'short')).to.equal(false);
	});
});
