import { createHash } from 'node:crypto';

import bcrypt from 'bcryptjs';
import { expect } from 'chai';

import { checkPassword, hashPassword, passwordDigest } from './password';

describe('Meteor password hashing', () => {
	const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');

	it('bcrypts (cost 10) the lower-case hex SHA-256 of the password, never the password itself', async () => {
		const hash = await hashPassword('s3cret');
		expect(bcrypt.getRounds(hash)).to.equal(10);
		expect(await bcrypt.compare(sha256Hex('s3cret'), hash)).to.equal(true);
		expect(await bcrypt.compare('s3cret', hash)).to.equal(false);
	});

	it('accepts the password or its digest interchangeably', async () => {
		const hash = await hashPassword('s3cret');
		expect(await checkPassword('s3cret', hash)).to.equal(true);
		expect(await checkPassword({ digest: sha256Hex('s3cret'), algorithm: 'sha-256' }, hash)).to.equal(true);
		expect(await checkPassword({ digest: sha256Hex('s3cret').toUpperCase(), algorithm: 'sha-256' }, hash)).to.equal(true);
		expect(await checkPassword('wrong', hash)).to.equal(false);
	});

	it('hashes a digest-form password to the same bcrypt input as the plain form', () => {
		expect(passwordDigest({ digest: sha256Hex('x'), algorithm: 'sha-256' })).to.equal(passwordDigest('x'));
	});
});
