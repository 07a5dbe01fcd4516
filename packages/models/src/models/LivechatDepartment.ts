import type { ILivechatDepartment } from '@rocket.chat/core-typings';
import type { FindOptions, IndexDescription, WithId } from 'mongodb';

import type { IDatabase, ILivechatDepartmentModel } from '@omni/model-typings';

import { BaseRaw } from '../BaseRaw';


/** `rocketchat_livechat_department`: read only here (no department endpoints yet). */
export class LivechatDepartmentRaw extends BaseRaw<ILivechatDepartment> implements ILivechatDepartmentModel {
	constructor(db: IDatabase) {
		super(db, 'livechat_department');
	}

	/** A visitor may name its department by `_id` or by name. */
	findOneByIdOrName(idOrName: string, options?: FindOptions): Promise<WithId<ILivechatDepartment> | null> {
		return this.col.findOne({ $or: [{ _id: idOrName }, { name: idOrName }] }, options);
	}

	findEnabled(options?: FindOptions) {
		return this.col.find({ enabled: true }, options);
	}

	protected override modelIndexes(): IndexDescription[] {
		return [{ key: { name: 1 } }];
	}
}
