import type { Models } from '@omni/model-typings';
import { ajv } from '@rocket.chat/rest-typings';

import type { Authorization } from './createAuthorization';

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

export type PermissionUpdateRejection = { error: 'Invalid permission'; errorType: 'error-invalid-permission' } | { error: 'Invalid role'; errorType: 'error-invalid-role' };

/**
 * Checks every update before writing any: each permission must exist
 * (listed once) and each role must exist. Returns the rejection, if any.
 */
export async function findPermissionUpdateRejection(models: Models, updates: PermissionUpdate[]): Promise<PermissionUpdateRejection | undefined> {
	const permissions = await models.Permissions.findByIds(updates.map(({ _id }) => _id));
	if (permissions.length !== updates.length) {
		return { error: 'Invalid permission', errorType: 'error-invalid-permission' };
	}
	const roleIds = [...new Set(updates.flatMap(({ roles }) => roles))];
	const roles = await models.Roles.findByIds(roleIds);
	if (roles.length !== roleIds.length) {
		return { error: 'Invalid role', errorType: 'error-invalid-role' };
	}
	return undefined;
}

/** Replaces the roles of each permission; the cache is dropped so the next request sees the change. */
export async function applyPermissionUpdates(models: Models, authorization: Authorization, updates: PermissionUpdate[]): Promise<void> {
	try {
		for (const { _id, roles } of updates) {
			await models.Permissions.setRoles(_id, roles);
		}
	} finally {
		authorization.invalidate();
	}
}
