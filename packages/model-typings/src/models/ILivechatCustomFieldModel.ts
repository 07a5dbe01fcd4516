import type { ILivechatCustomField } from '@rocket.chat/core-typings';
import type { DeleteResult, FindOptions, WithId } from 'mongodb';

import type { IBaseModel } from '../IBaseModel';
import type { ICursor } from '../ICollection';

/** `rocketchat_livechat_custom_field`: workspace-defined visitor/room fields. */
export interface ILivechatCustomFieldModel extends IBaseModel<ILivechatCustomField> {
	/** Fields of one scope in natural (insertion) order; hidden ones only when asked for. */
	findByScope(scope: ILivechatCustomField['scope'], options?: FindOptions, includeHidden?: boolean): ICursor<WithId<ILivechatCustomField>>;
	/** Admin listing: a case-insensitive substring of the label or the id narrows it. */
	findByLabelOrId(text: string | undefined, options?: FindOptions): { cursor: ICursor<WithId<ILivechatCustomField>>; total: Promise<number> };
	removeById(_id: string): Promise<DeleteResult>;
}
