/**
 * `@omni/model-typings`: the data layer's contract, types only (Rocket.Chat's
 * `@rocket.chat/model-typings`). The store implements `IDatabase`/`ICollection`;
 * `@omni/models` implements the per-model interfaces; domain code depends on
 * these interfaces alone.
 */
export type { ICollection, ICursor, IChangeStream, IDatabase } from './ICollection';
export type { IBaseModel, IBaseReadModel, InsertionModel } from './IBaseModel';
export type { Models } from './IModels';
export type { IBackgroundJobState, IBackgroundJobsModel } from './models/IBackgroundJobsModel';
export type { IIdempotencyKey, IIdempotencyKeysModel, NewIdempotencyKey } from './models/IIdempotencyKeysModel';
export type { ContactAdditions, ContactExistenceOptions, ContactExternalId, ContactPageOptions, ContactSearchFilter, ILivechatContactsModel, MatchKeyLookup, VersionCondition, VersionedContact } from './models/ILivechatContactsModel';
export type { ILivechatCustomFieldModel } from './models/ILivechatCustomFieldModel';
export type { IPermissionsModel } from './models/IPermissionsModel';
export type { IRateLimitCounter, IRateLimitCountersModel } from './models/IRateLimitCountersModel';
export type { IRolesModel } from './models/IRolesModel';
export type { ClosedRoomsPageOptions, IRoomsModel } from './models/IRoomsModel';
export type { ISettingsModel } from './models/ISettingsModel';
export type { ILoginTokenEntry, IUsersModel, UsersInRoleFilter } from './models/IUsersModel';
export type { ILivechatVisitorsModel } from './models/ILivechatVisitorsModel';
export type { ILivechatRoomsModel } from './models/ILivechatRoomsModel';
export type { ILivechatInquiryModel } from './models/ILivechatInquiryModel';
export type { ILivechatDepartmentModel } from './models/ILivechatDepartmentModel';
export type { ISubscriptionsModel } from './models/ISubscriptionsModel';
export type { IMessagesModel } from './models/IMessagesModel';
export type { LivechatSession, MessageHistoryQuery, QueuedInquiriesPage, RoomClosing, VisitorAssociation } from './livechat';
export type { ContactVisitorAssociation } from './models/ILivechatContactsModel';
