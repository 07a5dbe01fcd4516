import type { ISetting, SettingValue } from '@rocket.chat/core-typings';

import type { IDatabase, ISettingsModel } from '@omni/model-typings';

import { BaseRaw } from '../BaseRaw';
import { isDuplicateKeyError } from '../isDuplicateKeyError';

/** `rocketchat_settings`: workspace settings by `_id`. */
export class SettingsRaw extends BaseRaw<ISetting> implements ISettingsModel {
	constructor(db: IDatabase) {
		super(db, 'settings');
	}

	/** Inserts a default only when its id is missing, so an admin's value is never overwritten. */
	async insertIfMissing(setting: Omit<ISetting, '_updatedAt'>): Promise<boolean> {
		if (await this.findOneById(setting._id, { projection: { _id: 1 } })) {
			return false;
		}
		try {
			await this.insertOne(setting as ISetting);
			return true;
		} catch (error) {
			// Another instance seeded it between our read and our insert.
			if (isDuplicateKeyError(error)) {
				return false;
			}
			throw error;
		}
	}

	/** @returns whether a setting with that id exists. */
	async updateValueById(_id: string, value: SettingValue): Promise<boolean> {
		const { matchedCount } = await this.updateOne({ _id }, { $set: { value } });
		return matchedCount > 0;
	}

	/** Atomic `$inc` on a numeric setting; returns the updated document. */
	incrementValueById(_id: string, amount: number): Promise<ISetting | null> {
		return this.findOneAndUpdate({ _id }, { $inc: { value: amount } as never });
	}

	findAllValues(): ReturnType<SettingsRaw['find']> {
		return this.find({}, { projection: { _id: 1, value: 1, type: 1 } });
	}
}
