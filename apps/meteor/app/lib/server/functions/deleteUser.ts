import { MeteorError } from '../../../../lib/errors/MeteorError';
import type { Deps } from '../deps';

/** Deletes a user; the workspace must keep at least one admin. */
export async function deleteUser({ models: { Users } }: Pick<Deps, 'models'>, userId: string): Promise<void> {
	const user = await Users.findOneById(userId, { projection: { _id: 1, roles: 1 } });
	if (!user) {
		return;
	}
	if (user.roles?.includes('admin') && (await Users.countUsersInRoleExcept('admin', userId)) === 0) {
		throw new MeteorError('error-action-not-allowed', 'Leaving the app without admins is not allowed', {
			method: 'deleteUser',
			action: 'Remove_last_admin',
		});
	}
	await Users.deleteOneById(userId);
}
