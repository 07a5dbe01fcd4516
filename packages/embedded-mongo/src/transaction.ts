import type { Change } from './changes';

/**
 * The session handed to a `withTransaction` callback. Writes that pass it are
 * applied to memory at once (so later reads in the callback see them) and
 * remembered here; commit journals them as one line, abort undoes them.
 * There is no snapshot isolation: other callers see these writes before the
 * commit, and reads inside the transaction see other callers' writes.
 */
export class EmbeddedSession {
	readonly changes: Change[] = [];
	private active = true;

	get inTransaction(): boolean {
		return this.active;
	}

	end(): void {
		this.active = false;
	}
}

export function activeSession(options: { session?: unknown } | undefined): EmbeddedSession | undefined {
	const session = options?.session;
	return session instanceof EmbeddedSession && session.inTransaction ? session : undefined;
}
