import type { IPermission } from '@rocket.chat/core-typings';
import type { IndexDescription } from 'mongodb';

import { BaseRaw } from '../BaseRaw';
import type { IDatabase } from '../ICollection';

/** `rocketchat_permissions`: permission id → roles granted it. */
export class PermissionsRaw extends BaseRaw<IPermission> {
	constructor(db: IDatabase) {
		super(db, 'permissions');
	}

	protected override modelIndexes(): IndexDescription[] {
		return [{ key: { level: 1, settingId: 1 } }];
	}
}
