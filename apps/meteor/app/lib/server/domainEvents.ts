import type { ILivechatContact } from '@rocket.chat/core-typings';
import type { Logger } from 'pino';

/**
 * The domain events and their payloads. Domain functions emit them after the
 * write they describe succeeded; consumers (e.g. webhooks) subscribe with `on`.
 */
export interface DomainEventMap {
	'contact.created': { contact: ILivechatContact };
	/** `fields`: the contact fields the update wrote. */
	'contact.updated': { contact: ILivechatContact; fields: string[] };
	'contact.deleted': { contactId: string };
	/** `contacts.merge`: `contact` (the target, as merged) absorbed `mergedContactIds`, now disabled. */
	'contact.merged': { contact: ILivechatContact; mergedContactIds: string[] };
}

export type DomainEventName = keyof DomainEventMap;

export type DomainEventListener<K extends DomainEventName> = (payload: DomainEventMap[K]) => void | Promise<void>;

export interface DomainEvents {
	/** Calls every listener; never throws into the caller and never waits for listeners. */
	emit<K extends DomainEventName>(name: K, payload: DomainEventMap[K]): void;
	/** Subscribes; returns a function that unsubscribes. */
	on<K extends DomainEventName>(name: K, listener: DomainEventListener<K>): () => void;
}

/**
 * A typed, in-process event bus. A failing listener is logged and never
 * fails the request that emitted the event: the write it reports has happened.
 *
 * @example events.on('contact.created', ({ contact }) => logger.info({ contactId: contact._id }, 'new contact'));
 */
export function createDomainEvents(logger: Pick<Logger, 'error'>): DomainEvents {
	const listeners = new Map<DomainEventName, Set<DomainEventListener<never>>>();

	const report = (name: DomainEventName) => (err: unknown) => logger.error({ err, event: name }, 'domain event listener failed');

	return {
		emit(name, payload) {
			const subscribed = listeners.get(name);
			if (subscribed === undefined) return;
			for (const listener of subscribed) {
				try {
					Promise.resolve((listener as DomainEventListener<typeof name>)(payload)).catch(report(name));
				} catch (err) {
					report(name)(err);
				}
			}
		},
		on(name, listener) {
			const set = listeners.get(name) ?? new Set();
			listeners.set(name, set);
			set.add(listener as DomainEventListener<never>);
			return () => {
				set.delete(listener as DomainEventListener<never>);
			};
		},
	};
}
