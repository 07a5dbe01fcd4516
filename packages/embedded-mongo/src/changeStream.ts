import { EventEmitter } from 'node:events';

import { Timestamp } from 'mongodb';
import type { ChangeStreamDocument, ChangeStreamOptions, Document } from 'mongodb';

import type { IChangeStream } from '@omni/model-typings';

import type { Change } from './changes';
import { deepClone } from './clone';
import { Aggregator } from './queryEngine';

/**
 * Change events for one collection, shaped like the driver's. Events are
 * emitted on a microtask after the write is applied in memory (before it is
 * durable); transaction writes are emitted when the transaction commits.
 */
export class EmbeddedChangeStream<T extends Document = Document> extends EventEmitter implements IChangeStream<T> {
	private readonly filter?: Aggregator;
	private closed = false;

	constructor(
		private readonly database: string,
		pipeline: Document[],
		private readonly options: ChangeStreamOptions,
		private readonly onClose: (stream: EmbeddedChangeStream<T>) => void,
	) {
		super();
		if (pipeline.length) this.filter = new Aggregator(pipeline);
	}

	deliver(change: Change, sequence: number): void {
		if (this.closed) return;
		let event: Document = toEvent(this.database, change, sequence, this.options);
		if (this.filter) {
			const [filtered] = this.filter.run([event]) as Document[];
			if (!filtered) return;
			event = filtered;
		}
		queueMicrotask(() => {
			if (!this.closed) this.emit('change', event as ChangeStreamDocument<T>);
		});
	}

	async close(): Promise<void> {
		if (this.closed) return;
		this.closed = true;
		this.onClose(this);
		this.emit('close');
		this.removeAllListeners();
	}
}

function toEvent(db: string, change: Change, sequence: number, options: ChangeStreamOptions): Document {
	const now = new Date();
	const source = change.after ?? change.before;
	const event: Document = {
		_id: { _data: sequence.toString(16).padStart(16, '0') },
		operationType: change.operationType,
		clusterTime: new Timestamp({ t: Math.floor(now.getTime() / 1000), i: sequence % 2 ** 31 }),
		wallTime: now,
		ns: { db, coll: change.collection },
		documentKey: { _id: source?._id },
	};
	const wantsLookup = options.fullDocument === 'updateLookup' || options.fullDocument === 'whenAvailable' || options.fullDocument === 'required';
	if (change.operationType === 'insert' || change.operationType === 'replace' || (change.operationType === 'update' && wantsLookup)) {
		event.fullDocument = deepClone(change.after);
	}
	if (change.operationType === 'update') {
		event.updateDescription = {
			updatedFields: deepClone(change.updateDescription?.updatedFields ?? {}),
			removedFields: [...(change.updateDescription?.removedFields ?? [])],
			truncatedArrays: [],
		};
	}
	return event;
}
