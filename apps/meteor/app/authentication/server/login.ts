import type { IUser } from '@rocket.chat/core-typings';

import type { Deps } from '../../lib/server/deps';
import { type LoginAttempt, userAccount } from './loginAttempts';
import { daysToMs, DEFAULT_LOGIN_EXPIRATION_DAYS, isLoginTokenExpired, loginExpirationMs } from './loginExpiration';
import { generateLoginToken, hashLoginToken } from './loginTokens';
import { checkPassword, isPasswordInput, type PasswordInput } from './password';

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

type LoginDeps = Pick<Deps, 'models'> & Partial<Pick<Deps, 'settings' | 'loginAttempts'>>;

function findBySelector({ models }: LoginDeps, selector: UserSelector): Promise<IUser | null> {
	return 'username' in selector ? models.Users.findOneByUsernameIgnoringCase(selector.username) : models.Users.findOneByEmailAddress(selector.email);
}

/** The account the lockout counts against: the user, or — when there is no such user — the name asked for, so unknown names lock out alike. */
function accountFor(user: IUser | null, selector: UserSelector): string {
	if (user) {
		return userAccount(user._id);
	}
	return 'username' in selector ? `name:${selector.username.toLowerCase()}` : `email:${selector.email.toLowerCase()}`;
}

async function findByResumeToken({ models, settings }: LoginDeps, token: string): Promise<IUser | undefined> {
	const hashedToken = hashLoginToken(token);
	const user = await models.Users.findOneByLoginToken(hashedToken);
	const entry = user?.services?.resume?.loginTokens?.find((candidate) => candidate.hashedToken === hashedToken);
	if (!user || !entry) {
		return undefined;
	}
	const maxAgeMs = settings ? loginExpirationMs(settings) : daysToMs(DEFAULT_LOGIN_EXPIRATION_DAYS);
	return isLoginTokenExpired(entry, maxAgeMs, Date.now()) ? undefined : user;
}

/** Runs one check under the lockout: refused while blocked, failures counted, a success clears the count. */
async function guarded(deps: LoginDeps, attempt: LoginAttempt, check: () => Promise<IUser | undefined>): Promise<IUser | undefined> {
	await deps.loginAttempts?.assertNotBlocked(attempt);
	const user = await check();
	if (user && user.active !== false) {
		await deps.loginAttempts?.recordSuccess(attempt);
		return user;
	}
	await deps.loginAttempts?.recordFailure(attempt);
	return undefined;
}

/**
 * Checks the credentials of a `POST login` body. Resolves to the user and
 * the token the client will use from now on (a fresh one for a password
 * login, the same one for a resume), or `undefined` when the login fails for
 * any reason — callers must not tell the reasons apart. With `loginAttempts`
 * in the deps, an account or address with too many recent failures is
 * refused (`error-login-blocked-for-user` / `-ip`) before any password is checked.
 */
export async function login(deps: LoginDeps, body: Record<string, unknown>, { clientIp = '' }: { clientIp?: string } = {}): Promise<{ user: IUser; authToken: string } | undefined> {
	const credentials = parseLoginBody(body);
	if (!credentials) {
		return undefined;
	}
	if ('resume' in credentials) {
		const user = await guarded(deps, { ip: clientIp }, () => findByResumeToken(deps, credentials.resume));
		return user ? { user, authToken: credentials.resume } : undefined;
	}
	const selector = credentials.user;
	const found = await findBySelector(deps, selector);
	const user = await guarded(deps, { user: accountFor(found, selector), ip: clientIp }, async () => {
		// Always one bcrypt comparison, also for an unknown user or one without a password: every failure costs the same time.
		const matches = await checkPassword(credentials.password, found?.services?.password?.bcrypt);
		return matches && found ? found : undefined;
	});
	if (!user) {
		return undefined;
	}
	const authToken = generateLoginToken();
	await deps.models.Users.addLoginToken(user._id, { when: new Date(), hashedToken: hashLoginToken(authToken) });
	return { user, authToken };
}
