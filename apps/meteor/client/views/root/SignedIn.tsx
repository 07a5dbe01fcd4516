import { Box, States, StatesAction, StatesActions, StatesIcon, StatesSubtitle, StatesTitle, Throbber } from '@rocket.chat/fuselage';
import { useCallback, useMemo } from 'react';

import { getMe, listCustomFields, listPermissions, logout } from '../../lib/endpoints';
import { describeError, isForbidden } from '../../lib/errors';
import { useAsync } from '../../lib/hooks';
import { PERMISSIONS, permissionsOf } from '../../lib/permissions';
import type { RestClient } from '../../lib/restClient';
import { contactCustomFields } from '../../lib/contactForm';
import { ContactsPage } from '../contacts/ContactsPage';
import { AppContext, type AppContextValue } from './AppContext';
import { PageFrame } from './PageFrame';

/** Who is signed in and what they may do, read as Rocket.Chat's client reads it: `me` + `permissions.listAll`. */
async function loadWorkspace(client: RestClient, signal: AbortSignal) {
	const [me, rolesByPermission] = await Promise.all([getMe(client, signal), listPermissions(client, signal)]);
	const permissions = permissionsOf(me.roles ?? [], rolesByPermission);
	// Labels only: without `view-l-room` custom fields show under their keys.
	const customFields = permissions.has(PERMISSIONS.viewCustomFields)
		? await listCustomFields(client, signal).catch((error: unknown) => {
				if (isForbidden(error)) {
					return [];
				}
				throw error;
			})
		: [];
	return { me, permissions, customFields: contactCustomFields(customFields) };
}

export function SignedIn({ client, onLoggedOut }: { client: RestClient; onLoggedOut(): void }) {
	const workspace = useAsync((signal) => loadWorkspace(client, signal), 'workspace');

	const signOut = useCallback(() => {
		// The local session ends even when the server cannot be told.
		logout(client).catch(() => undefined).finally(onLoggedOut);
	}, [client, onLoggedOut]);

	const context = useMemo<AppContextValue | undefined>(
		() => workspace.data && { client, ...workspace.data, logout: signOut },
		[client, workspace.data, signOut],
	);

	if (context) {
		return (
			<AppContext.Provider value={context}>
				<ContactsPage />
			</AppContext.Provider>
		);
	}
	if (workspace.phase === 'error') {
		return (
			<PageFrame onLogout={signOut}>
				<States>
					<StatesIcon name='warning' variation='danger' />
					<StatesTitle>The Contact Center could not load</StatesTitle>
					<StatesSubtitle>{describeError(workspace.error)}</StatesSubtitle>
					<StatesActions>
						<StatesAction onClick={workspace.reload}>Try again</StatesAction>
					</StatesActions>
				</States>
			</PageFrame>
		);
	}
	return (
		<PageFrame onLogout={signOut}>
			<Box display='flex' justifyContent='center' padding={40} role='status' aria-label='Loading'>
				<Throbber />
			</Box>
		</PageFrame>
	);
}
