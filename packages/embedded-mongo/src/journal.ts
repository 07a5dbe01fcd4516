import { type FileHandle, open } from 'node:fs/promises';

interface Waiter {
	resolve: () => void;
	reject: (error: unknown) => void;
}

const FIRST_EXTENT = 1024 * 1024;
const MAX_EXTENT = 64 * 1024 * 1024;

/**
 * An append-only file of EJSON lines with group commit: lines appended while
 * a write+fsync is in flight are batched into the next one, so concurrent
 * writers share each fsync. When not durable, appends resolve at once and
 * reach the file in the background (no fsync until close).
 *
 * A durable journal is zero-filled ahead of the write position: overwriting
 * allocated blocks lets fdatasync skip the file-size metadata update, which
 * roughly halves its latency on ext4. Readers treat the first NUL byte as the
 * end of the journal (JSON never contains a raw NUL).
 */
export class JournalWriter {
	private pending: string[] = [];
	private waiters: Waiter[] = [];
	private flushing: Promise<void> | null = null;
	private extending: Promise<void> | null = null;
	private failure: unknown = null;
	private position = 0;
	private pendingBytes = 0;
	private allocated = 0;
	private extent = FIRST_EXTENT;

	private constructor(
		private readonly handle: FileHandle,
		private readonly durable: boolean,
	) {}

	static async open(path: string, durable: boolean): Promise<JournalWriter> {
		const journal = new JournalWriter(await open(path, 'w'), durable);
		if (durable) await journal.extend();
		return journal;
	}

	/** Bytes of journal content written or queued. */
	get bytes(): number {
		return this.position + this.pendingBytes;
	}

	append(line: string): Promise<void> {
		if (this.failure) return Promise.reject(this.failure);
		this.pending.push(`${line}\n`);
		this.pendingBytes += line.length + 1;
		if (!this.durable) {
			this.startFlushing();
			return Promise.resolve();
		}
		return new Promise((resolve, reject) => {
			this.waiters.push({ resolve, reject });
			this.startFlushing();
		});
	}

	/** Waits for everything appended so far to reach the file (and disk), then closes it. */
	async close(): Promise<void> {
		await this.drain();
		while (this.extending) await this.extending;
		await this.handle.truncate(this.position);
		await this.handle.datasync();
		await this.handle.close();
	}

	async drain(): Promise<void> {
		while (this.flushing) await this.flushing;
		if (this.failure) throw this.failure;
	}

	private startFlushing(): void {
		if (this.flushing) return;
		this.flushing = this.flushLoop().finally(() => {
			this.flushing = null;
		});
	}

	private async flushLoop(): Promise<void> {
		while (this.pending.length) {
			const batch = Buffer.from(this.pending.join(''));
			const waiters = this.waiters;
			this.pending = [];
			this.pendingBytes = 0;
			this.waiters = [];
			try {
				while (this.durable && this.position + batch.length > this.allocated) await this.extend();
				await this.writeAt(batch, this.position);
				this.position += batch.length;
				if (this.durable) {
					await this.handle.datasync();
					this.extendAhead();
				}
				for (const waiter of waiters) waiter.resolve();
			} catch (error) {
				this.failure = error;
				for (const waiter of [...waiters, ...this.waiters.splice(0)]) waiter.reject(error);
				return;
			}
		}
	}

	/** Starts zero-filling the next extent in the background once half of the current slack is used. */
	private extendAhead(): void {
		if (!this.extending && this.allocated - this.position < this.extent / 2) {
			this.extend().catch((error) => {
				this.failure = error;
			});
		}
	}

	private extend(): Promise<void> {
		if (!this.extending) {
			this.extending = (async () => {
				const size = this.extent;
				await this.writeAt(Buffer.alloc(size), this.allocated);
				await this.handle.datasync();
				this.allocated += size;
				this.extent = Math.min(this.extent * 2, MAX_EXTENT);
			})().finally(() => {
				this.extending = null;
			});
		}
		return this.extending;
	}

	private async writeAt(buffer: Buffer, position: number): Promise<void> {
		let offset = 0;
		while (offset < buffer.length) {
			const { bytesWritten } = await this.handle.write(buffer, offset, buffer.length - offset, position + offset);
			offset += bytesWritten;
		}
	}
}
