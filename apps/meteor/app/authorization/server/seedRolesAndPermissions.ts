import type { Models } from '@omni/model-typings';

import { defaultPermissions } from './defaultPermissions';
import { defaultRoles } from './defaultRoles';

function isDuplicateKeyError(err: unknown): boolean {
	return (err as { code?: number })?.code === 11000;
}

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
 * Seeds Rocket.Chat's default roles and permission grants at startup. Only
 * missing ids are inserted, so an administrator's changes survive restarts.
 */
export async function seedRolesAndPermissions(models: Models): Promise<void> {
	const roles = await models.Roles.findByIds(defaultRoles.map(({ _id }) => _id));
	await insertMissing(
		roles.map(({ _id }) => _id),
		defaultRoles,
		(role) => models.Roles.insertOne({ ...role, protected: true, mandatory2fa: false }),
	);

	const permissions = await models.Permissions.findByIds(defaultPermissions.map(({ _id }) => _id));
	await insertMissing(
		permissions.map(({ _id }) => _id),
		defaultPermissions,
		(permission) => models.Permissions.insertOne({ _id: permission._id, roles: [...permission.roles] }),
	);
}
