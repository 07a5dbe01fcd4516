import type { ISetting, SettingValue } from '@rocket.chat/core-typings';
import type { WithId } from 'mongodb';

import type { IBaseModel } from '../IBaseModel';
import type { ICursor } from '../ICollection';

/** `rocketchat_settings`: workspace settings by `_id`. */
export interface ISettingsModel extends IBaseModel<ISetting> {
	/** Inserts a default only when its id is missing, so an admin's value is never overwritten. */
	insertIfMissing(setting: Omit<ISetting, '_updatedAt'>): Promise<boolean>;
	/** @returns whether a setting with that id exists. */
	updateValueById(_id: string, value: SettingValue): Promise<boolean>;
	/** Atomic `$inc` on a numeric setting; returns the updated document. */
	incrementValueById(_id: string, amount: number): Promise<ISetting | null>;
	findAllValues(): ICursor<WithId<ISetting>>;
}
