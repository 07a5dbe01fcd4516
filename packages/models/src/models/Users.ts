import type { IUser } from '@rocket.chat/core-typings';
import type { ClientSession, DeleteResult, Filter, FindOptions, IndexDescription, UpdateFilter, UpdateResult, WithId } from 'mongodb';
import type { ICursor, IDatabase, ILoginTokenEntry, IUsersModel, UsersInRoleFilter } from '@omni/model-typings';
import { escapeRegExp } from '@omni/string-helpers';

import { BaseRaw } from '../BaseRaw';

/**
 * Lower-cased copies of `username` and of every email address, each under a
 * unique index: usernames and emails are unique regardless of case, enforced
 * by the database itself (so two concurrent creates cannot both win) on
 * MongoDB and the embedded store alike, without a collation. Rocket.Chat only
 * checks with a case-insensitive query before inserting, which races. Never
 * shown to clients.
 */
type IdentityKeys = { usernameLowerCase?: string; emailsLowerCase?: string[] };

function identityKeys({ username, emails }: Pick<IUser, 'username' | 'emails'>): IdentityKeys {
	return {
		...(typeof username === 'string' && { usernameLowerCase: username.toLowerCase() }),
		...(Array.isArray(emails) && emails.length > 0 && { emailsLowerCase: [...new Set(emails.map(({ address }) => address.toLowerCase()))] }),
	};
}

function usersInRoleQuery(role: string, { text, onlyAvailable, excludeId }: UsersInRoleFilter) {
	const contains = text ? new RegExp(escapeRegExp(text), 'i') : undefined;
	return {
		roles: role,
		...(contains && { $or: [{ name: contains }, { username: contains }, { 'emails.address': contains }] }),
		...(onlyAvailable && { statusLivechat: 'available' as const }),
		...(excludeId && { _id: { $ne: excludeId } }),
	};
}

/** `users` (the one unprefixed collection). */
export class UsersRaw extends BaseRaw<IUser> implements IUsersModel {
	constructor(db: IDatabase) {
		super(db, 'users');
	}

	/** One round trip for many users (e.g. expanding the contact managers of a page). */
	findByIds(ids: string[], options?: FindOptions): ICursor<WithId<IUser>> {
		return this.col.find({ _id: { $in: ids } }, options);
	}

	/** `{resume}` login: served by the `services.resume.loginTokens.hashedToken` index. */
	findOneByLoginToken(hashedToken: string, options?: FindOptions): Promise<WithId<IUser> | null> {
		return this.col.findOne({ 'services.resume.loginTokens.hashedToken': hashedToken }, options);
	}

	/** Every insert carries the lower-cased identity keys, whoever inserts. */
	override insertOne(doc: Parameters<BaseRaw<IUser>['insertOne']>[0], options?: { session?: ClientSession }): Promise<{ acknowledged: boolean; insertedId: string }> {
		return super.insertOne({ ...doc, ...identityKeys(doc as Pick<IUser, 'username' | 'emails'>) } as typeof doc, options);
	}

	/** Usernames are matched case-insensitively, as Meteor's accounts do at login (served by the unique lower-cased key). */
	findOneByUsernameIgnoringCase(username: string, options?: FindOptions): Promise<WithId<IUser> | null> {
		return this.col.findOne({ usernameLowerCase: username.toLowerCase() } as Filter<IUser>, options);
	}

	/** Email addresses are matched case-insensitively (served by the unique lower-cased key). */
	findOneByEmailAddress(address: string, options?: FindOptions): Promise<WithId<IUser> | null> {
		return this.col.findOne({ emailsLowerCase: address.toLowerCase() } as Filter<IUser>, options);
	}

	/**
	 * Gives users stored before the identity keys existed their keys (at
	 * startup). A user whose name or email differs only in case from another's
	 * keeps no key for it and is reported, so an operator can rename one.
	 */
	async backfillIdentityKeys(): Promise<{ updated: number; conflicts: string[] }> {
		const missing = this.col.find(
			{ $or: [{ username: { $exists: true }, usernameLowerCase: { $exists: false } }, { 'emails.0': { $exists: true }, emailsLowerCase: { $exists: false } }] } as Filter<IUser>,
			{ projection: { _id: 1, username: 1, emails: 1 } },
		);
		let updated = 0;
		const conflicts: string[] = [];
		for await (const user of missing) {
			// Each key on its own: a username that collides does not cost the user its email login.
			let collided = false;
			for (const [key, value] of Object.entries(identityKeys(user))) {
				try {
					await this.col.updateOne({ _id: user._id } as Filter<IUser>, { $set: { [key]: value } } as UpdateFilter<IUser>);
				} catch (error) {
					if ((error as { code?: unknown }).code !== 11000) {
						throw error;
					}
					collided = true;
				}
			}
			if (collided) {
				conflicts.push(user._id);
			} else {
				updated++;
			}
		}
		return { updated, conflicts };
	}

	findOneByUsername(username: string, options?: FindOptions): Promise<WithId<IUser> | null> {
		return this.col.findOne({ username }, options);
	}

	findOneAdmin(options?: FindOptions): Promise<WithId<IUser> | null> {
		return this.col.findOne({ roles: 'admin', type: 'user' }, options);
	}

	countActiveUsersInRoleExcept(role: string, exceptUserId: string): Promise<number> {
		return this.col.countDocuments({ roles: role, active: true, _id: { $ne: exceptUserId } });
	}

	countUsersInRoleExcept(role: string, exceptUserId: string): Promise<number> {
		return this.col.countDocuments({ roles: role, _id: { $ne: exceptUserId } });
	}

	/** A contact manager must be an omnichannel agent. */
	findOneAgentById(_id: string, options?: FindOptions): Promise<WithId<IUser> | null> {
		return this.col.findOne({ _id, roles: 'livechat-agent' }, options);
	}

	findOneByIdInRole(_id: string, role: string, options?: FindOptions): Promise<WithId<IUser> | null> {
		return this.col.findOne({ _id, roles: role }, options);
	}

	/** Users holding `role`, optionally narrowed by a case-insensitive substring of name, username or email. */
	findUsersInRole(role: string, filter: UsersInRoleFilter, options?: FindOptions): ICursor<WithId<IUser>> {
		return this.col.find(usersInRoleQuery(role, filter), options);
	}

	countUsersInRole(role: string, filter: UsersInRoleFilter): Promise<number> {
		return this.col.countDocuments(usersInRoleQuery(role, filter));
	}

	addRoles(_id: string, roles: string[]): Promise<UpdateResult<IUser>> {
		return this.updateOne({ _id }, { $addToSet: { roles: { $each: roles } } });
	}

	removeRoles(_id: string, roles: string[]): Promise<UpdateResult<IUser>> {
		return this.updateOne({ _id }, { $pull: { roles: { $in: roles } } } as UpdateFilter<IUser>);
	}

	setLivechatStatus(_id: string, statusLivechat: 'available' | 'not-available'): Promise<UpdateResult<IUser>> {
		return this.updateOne({ _id }, { $set: { statusLivechat } });
	}

	setOperator(_id: string, operator: boolean): Promise<UpdateResult<IUser>> {
		return this.updateOne({ _id }, { $set: { operator } });
	}

	addLoginToken(_id: string, token: ILoginTokenEntry): Promise<UpdateResult<IUser>> {
		return this.updateOne({ _id }, { $push: { 'services.resume.loginTokens': token } } as UpdateFilter<IUser>);
	}

	removeLoginToken(_id: string, hashedToken: string): Promise<UpdateResult<IUser>> {
		return this.updateOne({ _id }, { $pull: { 'services.resume.loginTokens': { hashedToken } } } as UpdateFilter<IUser>);
	}

	/** Meteor's `_expireTokens`: pulls session tokens issued before `cutoff`; personal access tokens have no `when` and stay. */
	removeExpiredLoginTokens(cutoff: Date): Promise<UpdateResult<IUser>> {
		return this.col.updateMany(
			{ 'services.resume.loginTokens.when': { $lt: cutoff } } as Filter<IUser>,
			{ $pull: { 'services.resume.loginTokens': { when: { $lt: cutoff } } } } as UpdateFilter<IUser>,
		);
	}

	/** Deactivation logs the user out everywhere, personal access tokens included. */
	unsetLoginTokens(_id: string): Promise<UpdateResult<IUser>> {
		return this.updateOne({ _id }, { $set: { 'services.resume.loginTokens': [] } } as UpdateFilter<IUser>);
	}

	findPersonalAccessTokenByTokenNameAndUserId(_id: string, tokenName: string): Promise<WithId<IUser> | null> {
		return this.col.findOne(
			{ _id, 'services.resume.loginTokens': { $elemMatch: { type: 'personalAccessToken', name: tokenName } } },
			{ projection: { _id: 1 } },
		);
	}

	removePersonalAccessToken(_id: string, tokenName: string): Promise<UpdateResult<IUser>> {
		return this.updateOne(
			{ _id },
			{ $pull: { 'services.resume.loginTokens': { type: 'personalAccessToken', name: tokenName } } } as UpdateFilter<IUser>,
		);
	}

	setActive(_id: string, active: boolean): Promise<UpdateResult<IUser>> {
		return this.updateOne({ _id }, { $set: { active } });
	}

	deleteOneById(_id: string): Promise<DeleteResult> {
		return this.col.deleteOne({ _id });
	}

	/**
	 * Rocket.Chat's online-agent rule: an active, available agent that is not
	 * offline (bots count whatever their status); when agents may not take
	 * chats while idle, also not `away` by connection.
	 */
	onlineAgentsFilter(acceptIdleAgents: boolean, extra: Filter<IUser> = {}): Filter<IUser> {
		return {
			...extra,
			roles: 'livechat-agent',
			statusLivechat: 'available',
			active: true,
			$or: [{ status: { $exists: true, $ne: 'offline' } }, { roles: 'bot' }],
			...(!acceptIdleAgents && { statusConnection: { $ne: 'away' } }),
		} as Filter<IUser>;
	}

	findOneOnlineAgentById(_id: string, acceptIdleAgents: boolean, options?: FindOptions): Promise<WithId<IUser> | null> {
		return this.col.findOne(this.onlineAgentsFilter(acceptIdleAgents, { _id }), options);
	}

	async hasOnlineAgents(acceptIdleAgents: boolean): Promise<boolean> {
		return (await this.col.findOne(this.onlineAgentsFilter(acceptIdleAgents), { projection: { _id: 1 } })) !== null;
	}

	/** The least busy online agent (fewest auto-assigned chats, then username), counted as one chat busier. */
	async takeLeastBusyOnlineAgent(acceptIdleAgents: boolean): Promise<Pick<IUser, '_id' | 'username'> | null> {
		const [agent] = await this.col
			.find(this.onlineAgentsFilter(acceptIdleAgents), { projection: { _id: 1, username: 1 }, sort: { livechatCount: 1, username: 1 }, limit: 1 })
			.toArray();
		if (!agent) {
			return null;
		}
		await this.updateOne({ _id: agent._id }, { $inc: { livechatCount: 1 } } as UpdateFilter<IUser>);
		return { _id: agent._id, username: agent.username };
	}

	findOneBotAgent(options?: FindOptions): Promise<WithId<IUser> | null> {
		return this.col.findOne({ roles: { $all: ['bot', 'livechat-agent'] } } as Filter<IUser>, options);
	}

	/** `users.setStatus`: the chosen status is also the default one (never recomputed from connections here). */
	setStatus(_id: string, { status, statusText }: { status?: IUser['status']; statusText?: string }): Promise<UpdateResult<IUser>> {
		return this.updateOne({ _id }, { $set: { ...(status && { status, statusDefault: status }), ...(statusText !== undefined && { statusText }) } });
	}

	protected override modelIndexes(): IndexDescription[] {
		return [
			{ key: { username: 1 }, unique: true, sparse: true },
			{ key: { 'emails.address': 1 }, unique: true, sparse: true },
			{ key: { usernameLowerCase: 1 }, unique: true, sparse: true },
			{ key: { emailsLowerCase: 1 }, unique: true, sparse: true },
			{ key: { 'services.resume.loginTokens.hashedToken': 1 } },
			{ key: { roles: 1 }, sparse: true },
			{ key: { active: 1 }, sparse: true },
			{ key: { statusLivechat: 1 }, sparse: true },
			{ key: { type: 1 } },
		];
	}
}
