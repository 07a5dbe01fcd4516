import type { IUser } from '@rocket.chat/core-typings';
import type { Deps } from '../../lib/server/deps';
import { generateLoginToken, hashLoginToken } from './loginTokens';
import { checkPassword, isPasswordInput, type PasswordInput } from './password';

/** Meteor's default login token lifetime (`Accounts_LoginExpiration`: 90 days). */
const LOGIN_EXPIRATION_MS = 90 * 24 * 60 * 60 * 1000;

type UserSelector = { username: string } | { email: string };

type Credentials = { user: UserSelector; password: PasswordInput } | { resume: string };

function selectorFor(body: Record<string, unknown>): UserSelector | undefined {
	const { user, username, email } = body;
	if (typeof user === 'string') {
		return user.includes('@') ? { email: user } : { username: user };
	}
	if (user && typeof user === 'object') {
		const { username: nestedUsername, email: nestedEmail } = user as Record<string, unknown>;
		if (typeof nestedUsername === 'string') {
			return { username: nestedUsername };
		}
		if (typeof nestedEmail === 'string') {
			return { email: nestedEmail };
		}
	}
	if (typeof username === 'string') {
		return { username };
	}
	if (typeof email === 'string') {
		return { email };
	}
	return undefined;
}

/** REST clients may send `{hashed: <sha-256 hex>}`, which Rocket.Chat turns into Meteor's digest form. */
function passwordFrom(password: unknown): PasswordInput | undefined {
	if (password && typeof password === 'object' && typeof (password as { hashed?: unknown }).hashed === 'string') {
		return { digest: (password as { hashed: string }).hashed, algorithm: 'sha-256' };
	}
	return isPasswordInput(password) ? password : undefined;
}

/** The body forms `POST login` accepts: `{user|username|email, password}` or `{resume}`. */
function parseLoginBody(body: Record<string, unknown>): Credentials | undefined {
	const user = selectorFor(body);
	if (user) {
		const password = passwordFrom(body.password);
		return password === undefined ? undefined : { user, password };
	}
	return typeof body.resume === 'string' && body.resume ? { resume: body.resume } : undefined;
}

async function findByPassword({ models }: Pick<Deps, 'models'>, selector: UserSelector, password: PasswordInput): Promise<IUser | undefined> {
	const user =
		'username' in selector ? await models.Users.findOneByUsernameIgnoringCase(selector.username) : await models.Users.findOneByEmailAddress(selector.email);
	const bcryptHash = user?.services?.password?.bcrypt;
	if (!user || !bcryptHash || !(await checkPassword(password, bcryptHash))) {
		return undefined;
	}
	return user;
}

async function findByResumeToken({ models }: Pick<Deps, 'models'>, token: string): Promise<IUser | undefined> {
	const hashedToken = hashLoginToken(token);
	const user = await models.Users.findOneByLoginToken(hashedToken);
	const entry = user?.services?.resume?.loginTokens?.find((candidate) => candidate.hashedToken === hashedToken);
	if (!user || !entry) {
		return undefined;
	}
	// Personal access tokens never expire; session tokens do.
	const issuedAt = 'when' in entry ? entry.when : undefined;
	if (issuedAt && Date.now() - new Date(issuedAt).getTime() > LOGIN_EXPIRATION_MS) {
		return undefined;
	}
	return user;
}

/**
 * Checks the credentials of a `POST login` body. Resolves to the user and
 * the token the client will use from now on (a fresh one for a password
 * login, the same one for a resume), or `undefined` when the login fails for
 * any reason — callers must not tell the reasons apart.
 */
export async function login(deps: Pick<Deps, 'models'>, body: Record<string, unknown>): Promise<{ user: IUser; authToken: string } | undefined> {
	const credentials = parseLoginBody(body);
	if (!credentials) {
		return undefined;
	}
	if ('resume' in credentials) {
		const user = await findByResumeToken(deps, credentials.resume);
		return user && user.active !== false ? { user, authToken: credentials.resume } : undefined;
	}
	const user = await findByPassword(deps, credentials.user, credentials.password);
	if (!user || user.active === false) {
		return undefined;
	}
	const authToken = generateLoginToken();
	await deps.models.Users.addLoginToken(user._id, { when: new Date(), hashedToken: hashLoginToken(authToken) });
	return { user, authToken };
}
