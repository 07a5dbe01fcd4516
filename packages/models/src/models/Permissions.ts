import type { IPermission } from '@rocket.chat/core-typings';
import type { IndexDescription, UpdateResult, WithId } from 'mongodb';
import type { IDatabase, IPermissionsModel } from '@omni/model-typings';

import { BaseRaw } from '../BaseRaw';

/** `rocketchat_permissions`: permission id → roles granted it. */
export class PermissionsRaw extends BaseRaw<IPermission> implements IPermissionsModel {
	constructor(db: IDatabase) {
		super(db, 'permissions');
	}

	findAll(): Promise<WithId<IPermission>[]> {
		return this.col.find({}).toArray();
	}

	findUpdatedSince(date: Date): Promise<WithId<IPermission>[]> {
		return this.col.find({ _updatedAt: { $gt: date } }).toArray();
	}

	findByIds(ids: string[]): Promise<WithId<IPermission>[]> {
		return this.col.find({ _id: { $in: ids } }).toArray();
	}

	setRoles(_id: string, roles: string[]): Promise<UpdateResult<IPermission>> {
		return this.updateOne({ _id }, { $set: { roles } });
	}

	/** Watches every write, so a cache can drop what another instance changed. */
	onChange(listener: () => void): () => Promise<void> {
		return this.watch(() => listener());
	}

	protected override modelIndexes(): IndexDescription[] {
		return [{ key: { level: 1, settingId: 1 } }];
	}
}
