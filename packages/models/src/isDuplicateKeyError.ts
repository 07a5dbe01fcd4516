/** MongoDB's duplicate-key error code (the embedded store raises the same). */
const DUPLICATE_KEY = 11000;

/**
 * Whether a write failed on a unique index; with `keyPath`, only when that
 * path is part of the violated index's key.
 *
 * @example isDuplicateKeyError(error, 'v.token') // the open-room index refused a second room
 */
export function isDuplicateKeyError(error: unknown, keyPath?: string): boolean {
	const { code, keyPattern } = (error ?? {}) as { code?: unknown; keyPattern?: Record<string, unknown> };
	return code === DUPLICATE_KEY && (keyPath === undefined || keyPattern?.[keyPath] !== undefined);
}
