import type { IUser } from '@rocket.chat/core-typings';
import type { FindOptions, IndexDescription, WithId } from 'mongodb';

import { BaseRaw } from '../BaseRaw';
import type { ICursor, IDatabase } from '../ICollection';

/** `users` (the one unprefixed collection). */
export class UsersRaw extends BaseRaw<IUser> {
	constructor(db: IDatabase) {
		super(db, 'users');
	}

	/** One round trip for many users (e.g. expanding the contact managers of a page). */
	findByIds(ids: string[], options?: FindOptions): ICursor<WithId<IUser>> {
		return this.col.find({ _id: { $in: ids } }, options);
	}

	protected override modelIndexes(): IndexDescription[] {
		return [
			{ key: { username: 1 }, unique: true, sparse: true },
			{ key: { 'emails.address': 1 }, unique: true, sparse: true },
			{ key: { 'services.resume.loginTokens.hashedToken': 1 } },
			{ key: { roles: 1 }, sparse: true },
			{ key: { active: 1 }, sparse: true },
			{ key: { statusLivechat: 1 }, sparse: true },
			{ key: { type: 1 } },
		];
	}
}
