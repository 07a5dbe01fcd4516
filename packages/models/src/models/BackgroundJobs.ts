import type { IBackgroundJobState, IBackgroundJobsModel, IDatabase } from '@omni/model-typings';

import { BaseRaw } from '../BaseRaw';

/** `rocketchat_background_job`: the saved progress of resumable background jobs. */
export class BackgroundJobsRaw extends BaseRaw<IBackgroundJobState> implements IBackgroundJobsModel {
	constructor(db: IDatabase) {
		super(db, 'background_job');
	}

	async saveState({ _id, ...state }: Omit<IBackgroundJobState, '_updatedAt'>): Promise<void> {
		await this.col.replaceOne({ _id }, { ...state, _updatedAt: new Date() }, { upsert: true });
	}
}
