import { Worker } from 'node:worker_threads';

/**
 * The worker's whole program: bcryptjs (pure JavaScript, no install-time
 * binary) run synchronously on the worker's own thread. Kept as plain
 * JavaScript so it runs the same under tsx, a bundle or plain node.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const bcrypt = require(workerData.bcryptPath);
parentPort.on('message', ({ id, op, text, arg }) => {
	try {
		const result = op === 'hash' ? bcrypt.hashSync(text, arg) : bcrypt.compareSync(text, arg);
		parentPort.postMessage({ id, result });
	} catch (error) {
		parentPort.postMessage({ id, error: String((error && error.message) || error) });
	}
});
`;

interface Job {
	id: number;
	op: 'hash' | 'compare';
	text: string;
	arg: string | number;
	resolve(result: string | boolean): void;
	reject(error: Error): void;
}

interface Slot {
	worker: Worker;
	job: Job | undefined;
}

/**
 * bcrypt on worker threads, so hashing (~80 ms of CPU per login at cost 10)
 * never blocks the event loop that serves every other request. Jobs queue
 * in arrival order and each idle worker takes the next; a worker that dies
 * fails its job and is replaced. Idle workers do not keep the process alive.
 *
 * @example const pool = new BcryptPool(1); await pool.compare(digest, storedHash);
 */
export class BcryptPool {
	private readonly slots: Slot[] = [];

	private readonly queue: Job[] = [];

	private nextId = 0;

	private closed = false;

	constructor(private readonly size: number) {}

	hash(text: string, rounds: number): Promise<string> {
		return this.run('hash', text, rounds) as Promise<string>;
	}

	compare(text: string, hash: string): Promise<boolean> {
		return this.run('compare', text, hash) as Promise<boolean>;
	}

	/** Jobs waiting for a worker (not counting those running). */
	get pending(): number {
		return this.queue.length;
	}

	async close(): Promise<void> {
		this.closed = true;
		for (const job of this.queue.splice(0)) {
			job.reject(new Error('the password hashing pool is closed'));
		}
		await Promise.all(this.slots.splice(0).map(({ worker }) => worker.terminate()));
	}

	private run(op: Job['op'], text: string, arg: string | number): Promise<string | boolean> {
		if (this.closed) {
			return Promise.reject(new Error('the password hashing pool is closed'));
		}
		return new Promise((resolve, reject) => {
			this.queue.push({ id: this.nextId++, op, text, arg, resolve, reject });
			this.dispatch();
		});
	}

	private dispatch(): void {
		while (this.queue.length > 0) {
			const slot = this.slots.find((candidate) => !candidate.job) ?? (this.slots.length < this.size ? this.spawn() : undefined);
			if (!slot) {
				return;
			}
			const job = this.queue.shift()!;
			slot.job = job;
			slot.worker.ref();
			slot.worker.postMessage({ id: job.id, op: job.op, text: job.text, arg: job.arg });
		}
	}

	private spawn(): Slot {
		const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { bcryptPath: require.resolve('bcryptjs') }, execArgv: [] });
		const slot: Slot = { worker, job: undefined };
		worker.unref();
		worker.on('message', (message: { id: number; result?: string | boolean; error?: string }) => {
			const { job } = slot;
			if (!job || job.id !== message.id) {
				return;
			}
			slot.job = undefined;
			worker.unref();
			if (message.error === undefined) {
				job.resolve(message.result!);
			} else {
				job.reject(new Error(message.error));
			}
			this.dispatch();
		});
		const retire = (error: Error) => {
			const index = this.slots.indexOf(slot);
			if (index === -1) {
				return;
			}
			this.slots.splice(index, 1);
			slot.job?.reject(error);
			slot.job = undefined;
			if (!this.closed) {
				this.dispatch();
			}
		};
		worker.on('error', retire);
		worker.on('exit', (code) => retire(new Error(`password hashing worker exited with code ${code}`)));
		this.slots.push(slot);
		return slot;
	}
}
