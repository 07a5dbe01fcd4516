/**
 * A value read from the database once and kept in memory until the data it
 * came from changes: dropped by `invalidate()` (after our own writes, so the
 * next request sees them even where change events lag, as on MongoDB) and by
 * the collection's change events (writes by anyone, including other
 * instances sharing a MongoDB — Rocket.Chat's change-stream pattern). The
 * next `get()` reloads. A load that overlaps an invalidation is handed to its
 * waiters but not kept, so a stale read never outlives the write that made it stale.
 *
 * @example const fields = createChangeInvalidatedCache(() => load(), (changed) => models.LivechatCustomField.watch(changed));
 */
export interface ChangeInvalidatedCache<T> {
	/** The value, synchronously when cached (no promise on the hot path). */
	get(): T | Promise<T>;
	invalidate(): void;
	/** Subscribes to the change events; idempotent. */
	start(): void;
	stop(): Promise<void>;
}

export function createChangeInvalidatedCache<T>(
	load: () => Promise<T>,
	subscribe: (changed: () => void) => () => Promise<void>,
): ChangeInvalidatedCache<T> {
	let value: { current: T } | undefined;
	let loading: Promise<T> | undefined;
	// Bumped by every invalidation, so a load that raced with a write is not kept.
	let generation = 0;
	let unsubscribe: (() => Promise<void>) | undefined;

	const reload = async (): Promise<T> => {
		const startedAt = generation;
		try {
			const loaded = await load();
			if (startedAt === generation) value = { current: loaded };
			return loaded;
		} finally {
			if (startedAt === generation) loading = undefined;
		}
	};

	const invalidate = (): void => {
		generation++;
		value = undefined;
		loading = undefined;
	};

	return {
		get() {
			if (value) return value.current;
			loading ??= reload();
			return loading;
		},
		invalidate,
		start() {
			unsubscribe ??= subscribe(invalidate);
		},
		async stop() {
			const stop = unsubscribe;
			unsubscribe = undefined;
			await stop?.();
		},
	};
}
