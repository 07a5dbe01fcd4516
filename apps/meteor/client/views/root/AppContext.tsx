import { createContext, useContext } from 'react';

import type { Permissions } from '../../lib/permissions';
import type { RestClient } from '../../lib/restClient';
import type { CustomFieldDefinition, Me } from '../../lib/types';

/** What every screen behind the login needs: the API, who is signed in, what they may do. */
export interface AppContextValue {
	client: RestClient;
	me: Me;
	permissions: Permissions;
	/** The workspace's custom fields that contacts may carry (empty without `view-l-room`). */
	customFields: readonly CustomFieldDefinition[];
	logout(): void;
}

export const AppContext = createContext<AppContextValue | undefined>(undefined);

export function useApp(): AppContextValue {
	const value = useContext(AppContext);
	if (!value) {
		throw new Error('useApp() outside <AppContext.Provider>');
	}
	return value;
}
