import type { IPermission } from '@rocket.chat/core-typings';
import type { UpdateResult, WithId } from 'mongodb';

import type { IBaseModel } from '../IBaseModel';

/** `rocketchat_permissions`: permission id → roles granted it. */
export interface IPermissionsModel extends IBaseModel<IPermission> {
	findAll(): Promise<WithId<IPermission>[]>;
	findUpdatedSince(date: Date): Promise<WithId<IPermission>[]>;
	findByIds(ids: string[]): Promise<WithId<IPermission>[]>;
	setRoles(_id: string, roles: string[]): Promise<UpdateResult<IPermission>>;
	/** Watches every write, so a cache can drop what another instance changed. */
	onChange(listener: () => void): () => Promise<void>;
}
