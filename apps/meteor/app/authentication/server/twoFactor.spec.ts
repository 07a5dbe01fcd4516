import { createHash } from 'node:crypto';

import type { IUser } from '@rocket.chat/core-typings';
import { expect } from 'chai';

import { MeteorError } from '../../../lib/errors/MeteorError';
import { hashLoginToken } from './loginTokens';
import { hashPassword } from './password';
import { assertTwoFactor } from './twoFactor';

function sha256Hex(text: string): string {
	return createHash('sha256').update(text).digest('hex');
}

async function thrownBy(promise: Promise<unknown>): Promise<MeteorError | undefined> {
	try {
		await promise;
		return undefined;
	} catch (error) {
		return error as MeteorError;
	}
}

describe('assertTwoFactor (password fallback)', () => {
	let user: IUser;

	before(async () => {
		user = {
			_id: 'u1',
			services: {
				password: { bcrypt: await hashPassword('s3cret') },
				resume: {
					loginTokens: [
						{ when: new Date(), hashedToken: hashLoginToken('session-token') },
						{
							hashedToken: hashLoginToken('pat-bypass'),
							type: 'personalAccessToken',
							createdAt: new Date(),
							lastTokenPart: 'bypass',
							name: 'ci',
							bypassTwoFactor: true,
						},
					],
				},
			},
		} as unknown as IUser;
	});

	it('asks for the code with Rocket.Chat\'s totp-required error and its details', async () => {
		const error = await thrownBy(assertTwoFactor(user, 'session-token', {}));
		expect(error).to.be.instanceOf(MeteorError);
		expect(error).to.include({ error: 'totp-required', message: 'TOTP Required [totp-required]' });
		expect(error?.details).to.deep.equal({ method: 'password', codeGenerated: false, availableMethods: ['password'] });
	});

	it('accepts the SHA-256 hex digest of the password, in either case', async () => {
		await assertTwoFactor(user, 'session-token', { 'x-2fa-code': sha256Hex('s3cret'), 'x-2fa-method': 'password' });
		await assertTwoFactor(user, 'session-token', { 'x-2fa-code': sha256Hex('s3cret').toUpperCase() });
	});

	it('refuses a wrong code, the raw password, or another method with totp-invalid', async () => {
		for (const headers of [
			{ 'x-2fa-code': sha256Hex('wrong'), 'x-2fa-method': 'password' },
			{ 'x-2fa-code': 's3cret', 'x-2fa-method': 'password' },
			{ 'x-2fa-code': sha256Hex('s3cret'), 'x-2fa-method': 'totp' },
		]) {
			const error = await thrownBy(assertTwoFactor(user, 'session-token', headers));
			expect(error).to.include({ error: 'totp-invalid', message: 'TOTP Invalid [totp-invalid]' });
			expect(error?.details).to.deep.equal({ method: 'password' });
		}
	});

	it('lets a personal access token created with bypassTwoFactor through', async () => {
		await assertTwoFactor(user, 'pat-bypass', {});
	});

	it('lets a user without a password through: there is no method to ask for', async () => {
		await assertTwoFactor({ _id: 'u2', services: {} } as unknown as IUser, 'any', {});
	});
});
