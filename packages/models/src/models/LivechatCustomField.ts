import type { ILivechatCustomField } from '@rocket.chat/core-typings';
import type { DeleteResult, Filter, FindOptions, IndexDescription, WithId } from 'mongodb';
import type { ICursor, IDatabase, ILivechatCustomFieldModel } from '@omni/model-typings';
import { escapeRegExp } from '@omni/string-helpers';

import { BaseRaw } from '../BaseRaw';

function labelOrIdFilter(text: string | undefined): Filter<ILivechatCustomField> {
	if (!text) {
		return {};
	}
	const contains = new RegExp(escapeRegExp(text), 'i');
	return { $or: [{ label: contains }, { _id: contains }] };
}

/** `rocketchat_livechat_custom_field`: workspace-defined visitor/room fields. */
export class LivechatCustomFieldRaw extends BaseRaw<ILivechatCustomField> implements ILivechatCustomFieldModel {
	constructor(db: IDatabase) {
		super(db, 'livechat_custom_field');
	}

	/** Fields of one scope in natural (insertion) order; hidden ones only when asked for. */
	findByScope(scope: ILivechatCustomField['scope'], options?: FindOptions, includeHidden = true): ICursor<WithId<ILivechatCustomField>> {
		const filter: Filter<ILivechatCustomField> = includeHidden ? { scope } : { scope, visibility: { $ne: 'hidden' } };
		return this.col.find(filter, options);
	}

	/** Admin listing: a case-insensitive substring of the label or the id narrows it. */
	findByLabelOrId(text: string | undefined, options?: FindOptions): { cursor: ICursor<WithId<ILivechatCustomField>>; total: Promise<number> } {
		const filter = labelOrIdFilter(text);
		return { cursor: this.col.find(filter, options), total: this.col.countDocuments(filter) };
	}

	removeById(_id: string): Promise<DeleteResult> {
		return this.col.deleteOne({ _id });
	}

	protected override modelIndexes(): IndexDescription[] {
		return [{ key: { scope: 1 } }];
	}
}
