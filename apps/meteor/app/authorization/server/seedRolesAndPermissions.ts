import type { IRole } from '@rocket.chat/core-typings';
import type { Models } from '@omni/model-typings';
import { isDuplicateKeyError } from '@omni/models';
import { makeFunction } from '@omni/patch-injection';

import type { Deps } from '../../lib/server/deps';
import { defaultPermissions } from './defaultPermissions';
import { defaultRoles } from './defaultRoles';

export type DefaultRole = Pick<IRole, '_id' | 'name' | 'scope' | 'description'>;
export type DefaultPermission = { _id: string; roles: string[] };

/** Inserts each document whose `_id` is missing; existing ones, edited or not, are left alone. */
async function insertMissing<T extends { _id: string }>(
	existingIds: Iterable<string>,
	defaults: ReadonlyArray<T>,
	insert: (doc: T) => Promise<unknown>,
): Promise<void> {
	const existing = new Set(existingIds);
	for (const doc of defaults) {
		if (existing.has(doc._id)) {
			continue;
		}
		try {
			await insert(doc);
		} catch (err) {
			// Another instance starting at the same time inserted it first.
			if (!isDuplicateKeyError(err)) {
				throw err;
			}
		}
	}
}

/**
 * Inserts the protected roles and permission grants that are missing; an
 * administrator's changes to existing ones survive restarts.
 */
export async function insertMissingRolesAndPermissions(
	models: Models,
	{ roles, permissions }: { roles: ReadonlyArray<DefaultRole>; permissions: ReadonlyArray<DefaultPermission> },
): Promise<void> {
	const existingRoles = await models.Roles.findByIds(roles.map(({ _id }) => _id));
	await insertMissing(
		existingRoles.map(({ _id }) => _id),
		roles,
		(role) => models.Roles.insertOne({ ...role, protected: true, mandatory2fa: false }),
	);

	const existingPermissions = await models.Permissions.findByIds(permissions.map(({ _id }) => _id));
	await insertMissing(
		existingPermissions.map(({ _id }) => _id),
		permissions,
		(permission) => models.Permissions.insertOne({ _id: permission._id, roles: [...permission.roles] }),
	);
}

/**
 * Seeds Rocket.Chat's Community Edition roles and permission grants at
 * startup. Enterprise patches it to add its own (`ee/server/patches/seedRolesAndPermissions.ts`).
 *
 * @example await seedRolesAndPermissions({ models, license });
 */
export const seedRolesAndPermissions = makeFunction(
	(deps: Pick<Deps, 'models' | 'license'>): Promise<void> =>
		insertMissingRolesAndPermissions(deps.models, { roles: defaultRoles, permissions: defaultPermissions }),
);
