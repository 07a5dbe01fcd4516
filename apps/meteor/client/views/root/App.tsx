import { useCallback, useMemo, useState } from 'react';

import { createRestClient } from '../../lib/restClient';
import { navigate, useRoute } from '../../lib/router';
import { clearSession, readSession, saveSession, type Session } from '../../lib/session';
import { LoginPage } from '../login/LoginPage';
import { SignedIn } from './SignedIn';

/** Signed out → the login form (at whatever path was opened); signed in → the Contact Center. */
export function App() {
	const [session, setSession] = useState<Session | undefined>(() => readSession(window.localStorage));
	const [notice, setNotice] = useState<string>();
	const route = useRoute();

	const client = useMemo(
		() =>
			createRestClient({
				getSession: () => readSession(window.localStorage),
				onUnauthorized: () => {
					clearSession(window.localStorage);
					setSession(undefined);
					setNotice('Your session has ended. Log in again to continue.');
				},
			}),
		[],
	);

	const onLoggedIn = useCallback((next: Session) => {
		saveSession(window.localStorage, next);
		setSession(next);
		setNotice(undefined);
		navigate({ name: 'contacts' }, { replace: window.location.pathname === '/login' || window.location.pathname === '/' });
	}, []);

	const onLoggedOut = useCallback(() => {
		clearSession(window.localStorage);
		setSession(undefined);
		setNotice('You have been logged out.');
		navigate({ name: 'login' });
	}, []);

	if (!session) {
		return <LoginPage client={client} notice={notice} onLoggedIn={onLoggedIn} />;
	}
	if (route.name === 'login') {
		navigate({ name: 'contacts' }, { replace: true });
	}
	return <SignedIn key={session.userId} client={client} onLoggedOut={onLoggedOut} />;
}
