import type { IBaseReadModel } from '../IBaseModel';

/**
 * The saved progress of a resumable background job (e.g. the contact key
 * backfill): `fingerprint` names what the job computes, so a run for another
 * fingerprint starts over.
 */
export interface IBackgroundJobState {
	_id: string;
	fingerprint: string;
	/** The last item done, in the job's order; absent before the first. */
	lastId?: string;
	processed: number;
	done: boolean;
	startedAt: Date;
	finishedAt?: Date;
	_updatedAt: Date;
}

/** `rocketchat_background_job`: one state document per job. */
export interface IBackgroundJobsModel extends IBaseReadModel<IBackgroundJobState> {
	/** Replaces the job's state (creating it). */
	saveState(state: Omit<IBackgroundJobState, '_updatedAt'>): Promise<void>;
}
