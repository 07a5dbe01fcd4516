import type { ISetting } from '@rocket.chat/core-typings';

import { BaseRaw } from '../BaseRaw';
import type { IDatabase } from '../ICollection';

/** `rocketchat_settings`: workspace settings by `_id`. */
export class SettingsRaw extends BaseRaw<ISetting> {
	constructor(db: IDatabase) {
		super(db, 'settings');
	}
}
