/** The credentials every REST call sends as `X-User-Id` / `X-Auth-Token`. */
export interface Session {
	userId: string;
	authToken: string;
}

/** The keys Rocket.Chat's web client (Meteor's accounts) keeps its login in. */
export const SESSION_KEYS = { userId: 'Meteor.userId', authToken: 'Meteor.loginToken' } as const;

type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** @example readSession(localStorage) // { userId: 'abc', authToken: '…' } or undefined */
export function readSession(storage: KeyValueStorage): Session | undefined {
	const userId = storage.getItem(SESSION_KEYS.userId);
	const authToken = storage.getItem(SESSION_KEYS.authToken);
	return userId && authToken ? { userId, authToken } : undefined;
}

export function saveSession(storage: KeyValueStorage, session: Session): void {
	storage.setItem(SESSION_KEYS.userId, session.userId);
	storage.setItem(SESSION_KEYS.authToken, session.authToken);
}

export function clearSession(storage: KeyValueStorage): void {
	storage.removeItem(SESSION_KEYS.userId);
	storage.removeItem(SESSION_KEYS.authToken);
}
