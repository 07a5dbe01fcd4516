import type { IUser } from '@rocket.chat/core-typings';

import { MeteorError } from '../../../../lib/errors/MeteorError';
import { randomId } from '../../../../lib/random';
import { hashPassword } from '../../../authentication/server/password';
import type { Deps } from '../deps';

export interface CreateUserParams {
	email: string;
	name: string;
	username: string;
	password: string;
	roles?: string[];
	active?: boolean;
	verified?: boolean;
	requirePasswordChange?: boolean;
	nickname?: string | null;
	bio?: string | null;
	statusText?: string | null;
}

/** Rocket.Chat's default `UTF8_User_Names_Validation`. */
const VALID_USERNAME = /^[0-9a-zA-Z-_.]+$/;
/** Rocket.Chat's `validateEmail`. */
const VALID_EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const METHOD = { method: 'insertOrUpdateUser' };

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;', '`': '&#x60;' };

/** Underscore's `_.escape`, which Rocket.Chat applies before echoing user input in an error. */
function escapeHtml(text: string): string {
	return text.replace(/[&<>"'`]/g, (char) => HTML_ESCAPES[char]);
}

async function assertAllowed({ authorization }: Pick<Deps, 'authorization'>, actor: Pick<IUser, '_id' | 'roles'>, roles: string[] | undefined): Promise<void> {
	if (!(await authorization.hasAllPermission(actor, ['create-user']))) {
		throw new MeteorError('error-action-not-allowed', 'Adding user is not allowed', { ...METHOD, action: 'Adding_user' });
	}
	if (roles?.includes('admin') && !(await authorization.hasAllPermission(actor, ['assign-admin-role']))) {
		throw new MeteorError('error-action-not-allowed', 'Assigning admin is not allowed', { ...METHOD, action: 'Assign_admin' });
	}
}

/** Rocket.Chat's answer for a username or email someone already has. */
function fieldUnavailable(value: string): MeteorError {
	return new MeteorError('error-field-unavailable', `${escapeHtml(value)} is already in use :(`, { ...METHOD, field: value });
}

/**
 * The check before the insert races with a concurrent create; the unique
 * lower-cased keys settle it, and the loser gets the same answer as if it
 * had come second (never the database's E11000 text).
 */
function asFieldUnavailable(error: unknown, { username, email }: Pick<CreateUserParams, 'username' | 'email'>): unknown {
	const keyPattern = (error as { code?: unknown; keyPattern?: Record<string, unknown> }).code === 11000 ? (error as { keyPattern?: Record<string, unknown> }).keyPattern : undefined;
	if (keyPattern && ('emailsLowerCase' in keyPattern || 'emails.address' in keyPattern)) {
		return fieldUnavailable(email);
	}
	if (keyPattern && ('usernameLowerCase' in keyPattern || 'username' in keyPattern)) {
		return fieldUnavailable(username);
	}
	return error;
}

function assertRequired(value: string, field: string): void {
	if (!value.trim()) {
		throw new MeteorError('error-the-field-is-required', `The field ${field} is required`, { ...METHOD, field });
	}
}

async function assertValidFields({ models }: Pick<Deps, 'models'>, { name, username, email, password, roles }: CreateUserParams): Promise<void> {
	assertRequired(name, 'Name');
	assertRequired(username, 'Username');
	assertRequired(password, 'Password');
	if (!VALID_USERNAME.test(username)) {
		throw new MeteorError('error-input-is-not-a-valid-field', `${escapeHtml(username)} is not a valid username`, {
			...METHOD,
			input: username,
			field: 'Username',
		});
	}
	if (!VALID_EMAIL.test(email)) {
		throw new MeteorError('error-invalid-email', `Invalid email ${escapeHtml(email)}`, { ...METHOD, email });
	}
	if (await models.Users.findOneByUsernameIgnoringCase(username, { projection: { _id: 1 } })) {
		throw fieldUnavailable(username);
	}
	if (await models.Users.findOneByEmailAddress(email, { projection: { _id: 1 } })) {
		throw fieldUnavailable(email);
	}
	if (roles?.length) {
		const known = await models.Roles.findByIds(roles);
		if (known.length !== new Set(roles).size) {
			throw new MeteorError('error-invalid-role', 'Invalid role', METHOD);
		}
	}
}

/**
 * `users.create`: an administrator creates a password user. Returns the new
 * user's `_id`. New users get role `user` unless roles are given.
 */
export async function createUser(
	deps: Pick<Deps, 'models' | 'authorization'>,
	actor: Pick<IUser, '_id' | 'roles'>,
	params: CreateUserParams,
): Promise<string> {
	await assertAllowed(deps, actor, params.roles);
	await assertValidFields(deps, params);

	const _id = randomId();
	const bcrypt = await hashPassword(params.password);
	await deps.models.Users.insertOne({
		_id,
		createdAt: new Date(),
		username: params.username,
		name: params.name,
		emails: [{ address: params.email, verified: params.verified ?? false }],
		type: 'user',
		status: 'offline' as IUser['status'],
		active: params.active ?? true,
		roles: params.roles?.length ? [...new Set(params.roles)] : ['user'],
		...(params.requirePasswordChange != null && { requirePasswordChange: params.requirePasswordChange }),
		...(params.nickname && { nickname: params.nickname }),
		...(params.bio && { bio: params.bio }),
		...(params.statusText && { statusText: params.statusText }),
		services: { password: { bcrypt } },
	} as never).catch((error: unknown) => {
		throw asFieldUnavailable(error, params);
	});
	return _id;
}
