import type { IBackgroundJobsModel } from './models/IBackgroundJobsModel';
import type { IIdempotencyKeysModel } from './models/IIdempotencyKeysModel';
import type { ILivechatContactsModel } from './models/ILivechatContactsModel';
import type { ILivechatCustomFieldModel } from './models/ILivechatCustomFieldModel';
import type { IPermissionsModel } from './models/IPermissionsModel';
import type { IRateLimitCountersModel } from './models/IRateLimitCountersModel';
import type { IRolesModel } from './models/IRolesModel';
import type { IRoomsModel } from './models/IRoomsModel';
import type { ISettingsModel } from './models/ISettingsModel';
import type { ILivechatVisitorsModel } from './models/ILivechatVisitorsModel';
import type { ILivechatRoomsModel } from './models/ILivechatRoomsModel';
import type { ILivechatInquiryModel } from './models/ILivechatInquiryModel';
import type { ILivechatDepartmentModel } from './models/ILivechatDepartmentModel';
import type { ISubscriptionsModel } from './models/ISubscriptionsModel';
import type { IMessagesModel } from './models/IMessagesModel';
import type { IUsersModel } from './models/IUsersModel';

/**
 * Every model over one database, by Rocket.Chat's model name. Domain code
 * receives this (or a `Pick` of it) through its deps, never a global, so a
 * unit test hands in models over an in-memory store.
 */
export interface Models {
	Users: IUsersModel;
	LivechatContacts: ILivechatContactsModel;
	LivechatCustomField: ILivechatCustomFieldModel;
	Permissions: IPermissionsModel;
	Roles: IRolesModel;
	Rooms: IRoomsModel;
	Settings: ISettingsModel;
	IdempotencyKeys: IIdempotencyKeysModel;
	RateLimitCounters: IRateLimitCountersModel;
	LivechatVisitors: ILivechatVisitorsModel;
	LivechatRooms: ILivechatRoomsModel;
	LivechatInquiry: ILivechatInquiryModel;
	LivechatDepartment: ILivechatDepartmentModel;
	Subscriptions: ISubscriptionsModel;
	Messages: IMessagesModel;
	BackgroundJobs: IBackgroundJobsModel;
}
