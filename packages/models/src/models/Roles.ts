import type { IRole } from '@rocket.chat/core-typings';
import type { WithId } from 'mongodb';
import type { IDatabase, IRolesModel } from '@omni/model-typings';

import { BaseRaw } from '../BaseRaw';

/** `rocketchat_roles`. */
export class RolesRaw extends BaseRaw<IRole> implements IRolesModel {
	constructor(db: IDatabase) {
		super(db, 'roles');
	}

	findAll(): Promise<WithId<IRole>[]> {
		return this.col.find({}).toArray();
	}

	findByIds(ids: string[]): Promise<WithId<IRole>[]> {
		return this.col.find({ _id: { $in: ids } }).toArray();
	}
}
