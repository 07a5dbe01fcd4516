import { MeteorError } from '../../../../lib/errors/MeteorError';
import type { Deps } from '../deps';

/**
 * Activates or deactivates a user. Deactivation removes every login token
 * (personal access tokens too), so existing sessions stop working at once,
 * and an agent stops being available. Resolves `false` for an unknown user.
 */
export async function setUserActiveStatus({ models: { Users } }: Pick<Deps, 'models'>, userId: string, active: boolean): Promise<boolean> {
	const user = await Users.findOneById(userId, { projection: { _id: 1, roles: 1 } });
	if (!user) {
		return false;
	}
	if (!active && user.roles?.includes('admin') && (await Users.countActiveUsersInRoleExcept('admin', userId)) === 0) {
		throw new MeteorError('error-action-not-allowed', 'Leaving the app without an active admin is not allowed', {
			method: 'setUserActiveStatus',
			action: 'Remove_last_admin',
		});
	}
	await Users.setActive(userId, active);
	if (!active) {
		await Users.unsetLoginTokens(userId);
		if (user.roles?.includes('livechat-agent')) {
			await Users.setLivechatStatus(userId, 'not-available');
		}
	}
	return true;
}
