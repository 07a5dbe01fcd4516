/**
 * A write could not be made durable (the journal's write or fsync failed:
 * ENOSPC, EIO, ...). The write was undone in memory, nobody saw it, and the
 * store retries on the next write. `code` is the errno code of `cause`; an
 * HTTP layer answers it with 503.
 */
export class StoreUnavailableError extends Error {
	override readonly name = 'StoreUnavailableError';
	readonly code: string;

	constructor(cause: unknown) {
		const code = (cause as NodeJS.ErrnoException | undefined)?.code ?? 'EIO';
		super(`storage unavailable: ${(cause as Error | undefined)?.message ?? String(cause)}`, { cause });
		this.code = code;
	}
}
