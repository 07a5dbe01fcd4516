/**
 * Runs tasks one at a time per key, in arrival order; different keys run
 * concurrently. In-process only: across instances, unique indexes are the
 * guard (see `LivechatRooms`).
 *
 * @example await roomCreation.run(token, () => findOrCreateRoom(token));
 */
export class KeyedMutex {
	private readonly tails = new Map<string, Promise<unknown>>();

	async run<T>(key: string, task: () => Promise<T>): Promise<T> {
		const previous = this.tails.get(key) ?? Promise.resolve();
		const current = previous.then(task, task);
		const tail = current.catch(() => undefined);
		this.tails.set(key, tail);
		try {
			return await current;
		} finally {
			// The map only holds keys with queued work, so it cannot grow with every key ever seen.
			if (this.tails.get(key) === tail) {
				this.tails.delete(key);
			}
		}
	}
}
