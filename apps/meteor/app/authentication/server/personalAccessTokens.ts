import type { IPersonalAccessToken } from '@rocket.chat/core-typings';
import { MeteorError } from '../../../lib/errors/MeteorError';
import type { Deps } from '../../lib/server/deps';
import { generateLoginToken, hashLoginToken } from './loginTokens';

/**
 * Personal access tokens live beside session tokens in
 * `services.resume.loginTokens`, so they authenticate requests the same way.
 */
export async function generatePersonalAccessToken(
	{ models: { Users } }: Pick<Deps, 'models'>,
	{ userId, tokenName, bypassTwoFactor }: { userId: string; tokenName: string; bypassTwoFactor?: boolean },
): Promise<string> {
	if (await Users.findPersonalAccessTokenByTokenNameAndUserId(userId, tokenName)) {
		throw new MeteorError('error-token-already-exists', 'A token with this name already exists', {
			method: 'personalAccessTokens:generateToken',
		});
	}
	const token = generateLoginToken();
	const entry: IPersonalAccessToken = {
		hashedToken: hashLoginToken(token),
		type: 'personalAccessToken',
		createdAt: new Date(),
		lastTokenPart: token.slice(-6),
		name: tokenName,
		...(bypassTwoFactor !== undefined && { bypassTwoFactor }),
	};
	await Users.addLoginToken(userId, entry);
	return token;
}

export async function listPersonalAccessTokens(
	{ models: { Users } }: Pick<Deps, 'models'>,
	userId: string,
): Promise<Array<{ name: string; createdAt: string; lastTokenPart: string; bypassTwoFactor: boolean }>> {
	const user = await Users.findOneById(userId, { projection: { 'services.resume.loginTokens': 1 } });
	const tokens = user?.services?.resume?.loginTokens ?? [];
	return tokens
		.filter((token): token is IPersonalAccessToken => 'type' in token && token.type === 'personalAccessToken')
		.map(({ name, createdAt, lastTokenPart, bypassTwoFactor }) => ({
			name,
			createdAt: new Date(createdAt).toISOString(),
			lastTokenPart,
			bypassTwoFactor: Boolean(bypassTwoFactor),
		}));
}

export async function removePersonalAccessToken({ models: { Users } }: Pick<Deps, 'models'>, { userId, tokenName }: { userId: string; tokenName: string }): Promise<void> {
	if (!(await Users.findPersonalAccessTokenByTokenNameAndUserId(userId, tokenName))) {
		throw new MeteorError('error-token-does-not-exists', 'Token does not exist', { method: 'personalAccessTokens:removeToken' });
	}
	await Users.removePersonalAccessToken(userId, tokenName);
}
