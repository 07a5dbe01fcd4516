import type { IUser } from '@rocket.chat/core-typings';
import type { Models } from '@omni/model-typings';

import { randomId, randomSecret } from '../../../lib/random';
import { hashPassword } from './password';

/** The fixed admin TEST_MODE creates: its `_id`, username and password are all this. */
export const TEST_ADMIN_ID = 'rocketchat.internal.admin.test';

export interface AdminBootstrapConfig {
	testMode: boolean;
	adminUsername?: string;
	adminPassword?: string;
	adminEmail?: string;
}

async function insertAdmin(models: Models, admin: { _id?: string; username: string; name: string; email?: string; password: string }): Promise<void> {
	const now = new Date();
	const user: Omit<IUser, '_updatedAt'> = {
		_id: admin._id ?? randomId(),
		createdAt: now,
		username: admin.username,
		name: admin.name,
		emails: admin.email ? [{ address: admin.email, verified: true }] : [],
		type: 'user',
		status: 'offline' as IUser['status'],
		active: true,
		roles: ['admin'],
		requirePasswordChange: false,
		services: { password: { bcrypt: await hashPassword(admin.password) } },
	};
	await models.Users.insertOne(user as never);
}

/**
 * Makes sure an administrator can log in after startup. TEST_MODE creates
 * Rocket.Chat's fixed test admin; otherwise, when the workspace has no admin
 * yet, one is created from `ADMIN_*` or with a random password that is
 * printed once through `log`.
 */
export async function ensureAdminUser(models: Models, config: AdminBootstrapConfig, log: (line: string) => void): Promise<void> {
	if (config.testMode) {
		if (!(await models.Users.findOneById(TEST_ADMIN_ID, { projection: { _id: 1 } }))) {
			await insertAdmin(models, {
				_id: TEST_ADMIN_ID,
				username: TEST_ADMIN_ID,
				name: 'RocketChat Internal Admin Test',
				email: `${TEST_ADMIN_ID}@rocket.chat`,
				password: TEST_ADMIN_ID,
			});
		}
		return;
	}

	if (await models.Users.findOneAdmin({ projection: { _id: 1 } })) {
		return;
	}
	const username = config.adminUsername || 'admin';
	if (await models.Users.findOneByUsernameIgnoringCase(username, { projection: { _id: 1 } })) {
		log(`No admin exists, but the username "${username}" is taken by another user: set ADMIN_USERNAME to create an admin.`);
		return;
	}
	const password = config.adminPassword || randomSecret();
	await insertAdmin(models, { username, name: 'Administrator', email: config.adminEmail, password });
	log(
		config.adminPassword
			? `Created admin user "${username}" with the password from ADMIN_PASS.`
			: `Created admin user "${username}" with password: ${password} (shown once; change it after logging in)`,
	);
}
