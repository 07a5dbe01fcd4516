import type { IUser } from '@rocket.chat/core-typings';
import type { Models } from '@omni/model-typings';

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

/**
 * Permission checks over the user's global roles, answered from an in-memory
 * table of permission → roles. The table is dropped by `invalidate()` (our
 * own writes) and by the store's change events (everyone's writes), and is
 * reloaded lazily on the next check.
 */
export function createAuthorization(models: Models): Authorization {
	let table: GrantTable | undefined;
	let loading: Promise<GrantTable> | undefined;
	// Bumped by every invalidation, so a load that raced with a write is not kept.
	let generation = 0;
	let unwatch: (() => Promise<void>) | undefined;

	async function load(): Promise<GrantTable> {
		const startedAt = generation;
		const permissions = await models.Permissions.findAll();
		const loaded: GrantTable = new Map(permissions.map(({ _id, roles }) => [_id, new Set(roles)]));
		if (startedAt === generation) {
			table = loaded;
		}
		return loaded;
	}

	function grants(): GrantTable | Promise<GrantTable> {
		if (table) {
			return table;
		}
		if (!loading) {
			loading = load().finally(() => {
				loading = undefined;
			});
		}
		return loading;
	}

	function isGranted(current: GrantTable, roles: readonly string[], permission: string): boolean {
		const granted = current.get(permission);
		return granted !== undefined && roles.some((role) => granted.has(role));
	}

	const invalidate = (): void => {
		generation++;
		table = undefined;
		loading = undefined;
	};

	return {
		async hasAllPermission(user, permissions) {
			const current = await grants();
			const roles = user.roles ?? [];
			return permissions.every((permission) => isGranted(current, roles, permission));
		},
		async hasAnyPermission(user, permissions) {
			const current = await grants();
			const roles = user.roles ?? [];
			return permissions.some((permission) => isGranted(current, roles, permission));
		},
		async start() {
			unwatch ??= models.Permissions.onChange(invalidate);
		},
		async stop() {
			await unwatch?.();
			unwatch = undefined;
		},
		invalidate,
	};
}
