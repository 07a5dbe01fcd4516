import type { IDatabase, Models } from '@omni/model-typings';

import { BackgroundJobsRaw } from './models/BackgroundJobs';
import { IdempotencyKeysRaw } from './models/IdempotencyKeys';
import { type ContactKeyOptions, LivechatContactsRaw } from './models/LivechatContacts';
import { LivechatCustomFieldRaw } from './models/LivechatCustomField';
import { LivechatDepartmentRaw } from './models/LivechatDepartment';
import { LivechatInquiryRaw } from './models/LivechatInquiry';
import { LivechatRoomsRaw } from './models/LivechatRooms';
import { LivechatVisitorsRaw } from './models/LivechatVisitors';
import { MessagesRaw } from './models/Messages';
import { PermissionsRaw } from './models/Permissions';
import { RateLimitCountersRaw } from './models/RateLimitCounters';
import { RolesRaw } from './models/Roles';
import { RoomsRaw } from './models/Rooms';
import { SettingsRaw } from './models/Settings';
import { SubscriptionsRaw } from './models/Subscriptions';
import { UsersRaw } from './models/Users';

export { BaseRaw } from './BaseRaw';
export { contactMatchKeys, externalIdKey, normalizeEmail, normalizePhone, phoneRegionOf } from './contactMatchKeys';
export type { ContactMatchKeys, PhoneRegion } from './contactMatchKeys';

export interface ModelOptions {
	/** How contacts' normalized keys are computed (the phone region comes from a setting). */
	contactKeys?: ContactKeyOptions;
}

/** Every model over one database. Services receive this (or a slice of it) through their deps, never a global. */
export function createModels(db: IDatabase, options: ModelOptions = {}): Models {
	return {
		Users: new UsersRaw(db),
		LivechatContacts: new LivechatContactsRaw(db, options.contactKeys),
		LivechatCustomField: new LivechatCustomFieldRaw(db),
		Permissions: new PermissionsRaw(db),
		Roles: new RolesRaw(db),
		Rooms: new RoomsRaw(db),
		Settings: new SettingsRaw(db),
		IdempotencyKeys: new IdempotencyKeysRaw(db),
		RateLimitCounters: new RateLimitCountersRaw(db),
		LivechatVisitors: new LivechatVisitorsRaw(db),
		LivechatRooms: new LivechatRoomsRaw(db),
		LivechatInquiry: new LivechatInquiryRaw(db),
		LivechatDepartment: new LivechatDepartmentRaw(db),
		Subscriptions: new SubscriptionsRaw(db),
		Messages: new MessagesRaw(db),
		BackgroundJobs: new BackgroundJobsRaw(db),
	};
}

/** Ensures every model's indexes; called once at startup. */
export async function ensureIndexes(models: Models): Promise<void> {
	for (const model of Object.values(models)) {
		await model.createIndexes();
	}
}
