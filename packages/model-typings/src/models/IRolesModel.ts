import type { IRole } from '@rocket.chat/core-typings';
import type { WithId } from 'mongodb';

import type { IBaseModel } from '../IBaseModel';

/** `rocketchat_roles`. */
export interface IRolesModel extends IBaseModel<IRole> {
	findAll(): Promise<WithId<IRole>[]>;
	findByIds(ids: string[]): Promise<WithId<IRole>[]>;
}
