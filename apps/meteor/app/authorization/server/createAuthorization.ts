import type { IUser } from '@rocket.chat/core-typings';
import type { Models } from '@omni/model-typings';

import { createChangeInvalidatedCache } from '../../lib/server/changeInvalidatedCache';

export interface Authorization {
	hasAllPermission(user: Pick<IUser, '_id' | 'roles'>, permissions: string[]): Promise<boolean>;
	hasAnyPermission(user: Pick<IUser, '_id' | 'roles'>, permissions: string[]): Promise<boolean>;
	/** Subscribes to permission change events (writes by other instances). */
	start(): Promise<void>;
	stop(): Promise<void>;
	/** Drops the cache; the next check reloads. Call after every permission write. */
	invalidate(): void;
}

type GrantTable = Map<string, ReadonlySet<string>>;

function isGranted(current: GrantTable, roles: readonly string[], permission: string): boolean {
	const granted = current.get(permission);
	if (granted === undefined) return false;
	for (const role of roles) {
		if (granted.has(role)) return true;
	}
	return false;
}

/**
 * Permission checks over the user's global roles, answered from an in-memory
 * table of permission → roles. The table is dropped by `invalidate()` (our
 * own writes) and by the store's change events (everyone's writes), and is
 * reloaded lazily on the next check.
 */
export function createAuthorization(models: Models): Authorization {
	const grants = createChangeInvalidatedCache<GrantTable>(
		async () => new Map((await models.Permissions.findAll()).map(({ _id, roles }) => [_id, new Set(roles)])),
		(changed) => models.Permissions.onChange(changed),
	);

	// Not async functions: with the table in memory (every request but the first after a change)
	// the answer is one resolved promise, without a suspended function per check.
	const check = (test: (current: GrantTable) => boolean): Promise<boolean> => {
		const current = grants.get();
		return current instanceof Promise ? current.then(test) : Promise.resolve(test(current));
	};

	return {
		hasAllPermission(user, permissions) {
			const roles = user.roles ?? [];
			return check((current) => {
				for (const permission of permissions) {
					if (!isGranted(current, roles, permission)) return false;
				}
				return true;
			});
		},
		hasAnyPermission(user, permissions) {
			const roles = user.roles ?? [];
			return check((current) => {
				for (const permission of permissions) {
					if (isGranted(current, roles, permission)) return true;
				}
				return false;
			});
		},
		async start() {
			grants.start();
		},
		stop: () => grants.stop(),
		invalidate: () => grants.invalidate(),
	};
}
