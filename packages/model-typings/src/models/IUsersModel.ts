import type { IUser } from '@rocket.chat/core-typings';
import type { DeleteResult, Filter, FindOptions, UpdateResult, WithId } from 'mongodb';

import type { IBaseModel } from '../IBaseModel';
import type { ICursor } from '../ICollection';

/** A login token or personal access token as stored in `services.resume.loginTokens`. */
export type ILoginTokenEntry = NonNullable<NonNullable<NonNullable<IUser['services']>['resume']>['loginTokens']>[number];

/** Narrows a role listing: a case-insensitive substring of name, username or email; available agents only; one id left out. */
export type UsersInRoleFilter = { text?: string; onlyAvailable?: boolean; excludeId?: string };

/** `users` (the one unprefixed collection). */
export interface IUsersModel extends IBaseModel<IUser> {
	findByIds(ids: string[], options?: FindOptions): ICursor<WithId<IUser>>;
	findOneByLoginToken(hashedToken: string, options?: FindOptions): Promise<WithId<IUser> | null>;
	findOneByUsernameIgnoringCase(username: string, options?: FindOptions): Promise<WithId<IUser> | null>;
	findOneByEmailAddress(address: string, options?: FindOptions): Promise<WithId<IUser> | null>;
	/** Adds the lower-cased identity keys to users stored without them; reports the ids that collide with another user. */
	backfillIdentityKeys(): Promise<{ updated: number; conflicts: string[] }>;
	findOneByUsername(username: string, options?: FindOptions): Promise<WithId<IUser> | null>;
	findOneAdmin(options?: FindOptions): Promise<WithId<IUser> | null>;
	countActiveUsersInRoleExcept(role: string, exceptUserId: string): Promise<number>;
	countUsersInRoleExcept(role: string, exceptUserId: string): Promise<number>;
	/** A contact manager must be an omnichannel agent. */
	findOneAgentById(_id: string, options?: FindOptions): Promise<WithId<IUser> | null>;
	findOneByIdInRole(_id: string, role: string, options?: FindOptions): Promise<WithId<IUser> | null>;
	findUsersInRole(role: string, filter: UsersInRoleFilter, options?: FindOptions): ICursor<WithId<IUser>>;
	countUsersInRole(role: string, filter: UsersInRoleFilter): Promise<number>;
	addRoles(_id: string, roles: string[]): Promise<UpdateResult<IUser>>;
	removeRoles(_id: string, roles: string[]): Promise<UpdateResult<IUser>>;
	setLivechatStatus(_id: string, statusLivechat: 'available' | 'not-available'): Promise<UpdateResult<IUser>>;
	setOperator(_id: string, operator: boolean): Promise<UpdateResult<IUser>>;
	addLoginToken(_id: string, token: ILoginTokenEntry): Promise<UpdateResult<IUser>>;
	removeLoginToken(_id: string, hashedToken: string): Promise<UpdateResult<IUser>>;
	/** Pulls session tokens issued before `cutoff` (personal access tokens stay). */
	removeExpiredLoginTokens(cutoff: Date): Promise<UpdateResult<IUser>>;
	/** Deactivation logs the user out everywhere, personal access tokens included. */
	unsetLoginTokens(_id: string): Promise<UpdateResult<IUser>>;
	findPersonalAccessTokenByTokenNameAndUserId(_id: string, tokenName: string): Promise<WithId<IUser> | null>;
	removePersonalAccessToken(_id: string, tokenName: string): Promise<UpdateResult<IUser>>;
	setActive(_id: string, active: boolean): Promise<UpdateResult<IUser>>;
	deleteOneById(_id: string): Promise<DeleteResult>;

	// Livechat routing.
	onlineAgentsFilter(acceptIdleAgents: boolean, extra?: Filter<IUser>): Filter<IUser>;
	findOneOnlineAgentById(_id: string, acceptIdleAgents: boolean, options?: FindOptions): Promise<WithId<IUser> | null>;
	hasOnlineAgents(acceptIdleAgents: boolean): Promise<boolean>;
	takeLeastBusyOnlineAgent(acceptIdleAgents: boolean): Promise<Pick<IUser, '_id' | 'username'> | null>;
	findOneBotAgent(options?: FindOptions): Promise<WithId<IUser> | null>;
	setStatus(_id: string, { status, statusText }: { status?: IUser['status']; statusText?: string }): Promise<UpdateResult<IUser>>;
}
