import type { ILivechatCustomField } from '@rocket.chat/core-typings';
import type { IndexDescription } from 'mongodb';

import { BaseRaw } from '../BaseRaw';
import type { IDatabase } from '../ICollection';

/** `rocketchat_livechat_custom_field`: workspace-defined visitor/room fields. */
export class LivechatCustomFieldRaw extends BaseRaw<ILivechatCustomField> {
	constructor(db: IDatabase) {
		super(db, 'livechat_custom_field');
	}

	protected override modelIndexes(): IndexDescription[] {
		return [{ key: { scope: 1 } }];
	}
}
