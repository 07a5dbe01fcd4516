import type { IDatabase, Models } from '@omni/model-typings';
import type { Logger } from 'pino';

import type { LoginAttempts } from '../../authentication/server/loginAttempts';
import type { Authorization } from '../../authorization/server';
import type { License } from '../../license/server/license';
import type { VisitorCustomFields } from '../../livechat/server/lib/visitorCustomFields';
import type { SettingsCache } from '../../settings/server/SettingsCache';
import type { DomainEvents } from './domainEvents';

/** Where domain code reads the time, so a test can fix it. */
export interface Clock {
	now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * The one shape every domain function receives its dependencies in, built
 * once by the composition root (`server/createServer.ts`). A function takes
 * only what it uses, e.g. `deps: Pick<Deps, 'models' | 'events'>`, so a unit
 * test hands in models over an in-memory store and nothing else.
 *
 * @example await createContact(deps, { name: 'Ann', emails: [], phones: [], unknown: false });
 */
export interface Deps {
	readonly models: Models;
	/** Workspace settings, read from memory. */
	readonly settings: SettingsCache;
	readonly authorization: Authorization;
	/** The workspace's visitor custom fields, read from memory. */
	readonly visitorCustomFields: VisitorCustomFields;
	/** Which Enterprise modules are on (`ENTERPRISE`). */
	readonly license: License;
	/** Domain events such as `contact.created`. */
	readonly events: DomainEvents;
	readonly clock: Clock;
	readonly logger: Logger;
	/** Failed-login lockout and second-factor throttle (`Block_Multiple_Failed_Logins_*`). */
	readonly loginAttempts: LoginAttempts;
	/** Runs writes to several collections atomically (livechat room creation, take, close). */
	readonly withTransaction: IDatabase['withTransaction'];
}
