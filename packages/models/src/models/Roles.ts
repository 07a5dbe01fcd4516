import type { IRole } from '@rocket.chat/core-typings';

import { BaseRaw } from '../BaseRaw';
import type { IDatabase } from '../ICollection';

/** `rocketchat_roles`. */
export class RolesRaw extends BaseRaw<IRole> {
	constructor(db: IDatabase) {
		super(db, 'roles');
	}
}
