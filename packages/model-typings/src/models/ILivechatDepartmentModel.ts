import type { ILivechatDepartment } from '@rocket.chat/core-typings';
import type { FindOptions, WithId } from 'mongodb';

import type { IBaseModel } from '../IBaseModel';
import type { ICursor } from '../ICollection';

/** The `LivechatDepartment` model (see `@omni/models`). */
export interface ILivechatDepartmentModel extends IBaseModel<ILivechatDepartment> {
	findOneByIdOrName(idOrName: string, options?: FindOptions): Promise<WithId<ILivechatDepartment> | null>;

	findEnabled(options?: FindOptions): ICursor<WithId<ILivechatDepartment>>;
}
