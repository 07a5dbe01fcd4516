import type { Change } from './changes';
import { type CollectionParts, collectionParts } from './collection/embeddedCollection';
import { TransactionView } from './collection/transactionView';
import type { DocumentStore } from './store';

/**
 * The session handed to a `withTransaction` callback. Writes that pass it go
 * to per-collection views (`TransactionView`): reads that pass it see them,
 * everybody else sees nothing until the commit applies them all at once.
 */
export class EmbeddedSession {
	/** Every write's change, in order: the change events delivered at commit. */
	readonly changes: Change[] = [];
	readonly views = new Map<string, { view: TransactionView; parts: CollectionParts }>();
	private active = true;

	get inTransaction(): boolean {
		return this.active;
	}

	end(): void {
		this.active = false;
	}

	/** The collection as this transaction sees it. */
	partsFor(collection: string, store: DocumentStore): CollectionParts {
		let entry = this.views.get(collection);
		if (!entry) {
			const view = new TransactionView(collection, store);
			entry = { view, parts: collectionParts(collection, view) };
			this.views.set(collection, entry);
		}
		return entry.parts;
	}
}

export function activeSession(options: { session?: unknown } | undefined): EmbeddedSession | undefined {
	const session = options?.session;
	return session instanceof EmbeddedSession && session.inTransaction ? session : undefined;
}
