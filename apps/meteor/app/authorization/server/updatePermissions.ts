import { ajv } from '@rocket.chat/rest-typings';

import { ApiError } from '../../../lib/errors/MeteorError';
import type { Deps } from '../../lib/server/deps';

export type PermissionUpdate = { _id: string; roles: string[] };

/** Rocket.Chat's `permissions.update` body schema, checked inside the action (hence its own error text). */
export const isPermissionsUpdateBody = ajv.compile<{ permissions: PermissionUpdate[] }>({
	type: 'object',
	properties: {
		permissions: {
			type: 'array',
			items: {
				type: 'object',
				properties: {
					_id: { type: 'string' },
					roles: { type: 'array', items: { type: 'string' }, uniqueItems: true },
				},
				additionalProperties: false,
				required: ['_id', 'roles'],
			},
		},
	},
	required: ['permissions'],
	additionalProperties: false,
});

/**
 * Checks every update before writing any: each permission must exist
 * (listed once) and each role must exist. Throws `error-invalid-permission`
 * or `error-invalid-role` (answered as Rocket.Chat's unsuffixed 400s).
 */
export async function assertPermissionUpdatesValid({ models }: Pick<Deps, 'models'>, updates: PermissionUpdate[]): Promise<void> {
	const permissions = await models.Permissions.findByIds(updates.map(({ _id }) => _id));
	if (permissions.length !== updates.length) {
		throw new ApiError('error-invalid-permission');
	}
	const roleIds = [...new Set(updates.flatMap(({ roles }) => roles))];
	const roles = await models.Roles.findByIds(roleIds);
	if (roles.length !== roleIds.length) {
		throw new ApiError('error-invalid-role-update');
	}
}

/** Replaces the roles of each permission; the cache is dropped so the next request sees the change. */
export async function applyPermissionUpdates({ models, authorization }: Pick<Deps, 'models' | 'authorization'>, updates: PermissionUpdate[]): Promise<void> {
	try {
		for (const { _id, roles } of updates) {
			await models.Permissions.setRoles(_id, roles);
		}
	} finally {
		authorization.invalidate();
	}
}
