import type { IDatabase } from './ICollection';
import { IdempotencyKeysRaw } from './models/IdempotencyKeys';
import { LivechatContactsRaw } from './models/LivechatContacts';
import { LivechatCustomFieldRaw } from './models/LivechatCustomField';
import { PermissionsRaw } from './models/Permissions';
import { RateLimitCountersRaw } from './models/RateLimitCounters';
import { RolesRaw } from './models/Roles';
import { RoomsRaw } from './models/Rooms';
import { SettingsRaw } from './models/Settings';
import { UsersRaw } from './models/Users';

export * from './ICollection';
export { BaseRaw, collectionNameFor, withUpdatedAt } from './BaseRaw';
export { LivechatContactsRaw, LivechatCustomFieldRaw, PermissionsRaw, RolesRaw, RoomsRaw, SettingsRaw, UsersRaw };
export type { ContactPageOptions, ContactSearchFilter } from './models/LivechatContacts';
export type { ClosedRoomsPageOptions } from './models/Rooms';
export { IdempotencyKeysRaw, RateLimitCountersRaw };
export type { IIdempotencyKey, NewIdempotencyKey } from './models/IdempotencyKeys';
export type { IRateLimitCounter } from './models/RateLimitCounters';

/** Every model over one database. Services receive this (or a slice of it), never a global. */
export interface Models {
	Users: UsersRaw;
	LivechatContacts: LivechatContactsRaw;
	LivechatCustomField: LivechatCustomFieldRaw;
	Permissions: PermissionsRaw;
	Roles: RolesRaw;
	Rooms: RoomsRaw;
	Settings: SettingsRaw;
	IdempotencyKeys: IdempotencyKeysRaw;
	RateLimitCounters: RateLimitCountersRaw;
}

export function createModels(db: IDatabase): Models {
	return {
		Users: new UsersRaw(db),
		LivechatContacts: new LivechatContactsRaw(db),
		LivechatCustomField: new LivechatCustomFieldRaw(db),
		Permissions: new PermissionsRaw(db),
		Roles: new RolesRaw(db),
		Rooms: new RoomsRaw(db),
		Settings: new SettingsRaw(db),
		IdempotencyKeys: new IdempotencyKeysRaw(db),
		RateLimitCounters: new RateLimitCountersRaw(db),
	};
}

/** Ensures every model's indexes; called once at startup. */
export async function ensureIndexes(models: Models): Promise<void> {
	for (const model of Object.values(models)) {
		await model.createIndexes();
	}
}
