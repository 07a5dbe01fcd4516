import { type FileHandle, open } from 'node:fs/promises';

interface Waiter {
	resolve: () => void;
	reject: (error: unknown) => void;
}

/**
 * An append-only file of EJSON lines with group commit: lines appended while
 * a write+fsync is in flight are batched into the next one, so many
 * concurrent writers share each fsync. When not durable, appends resolve at
 * once and reach the file in the background (no fsync).
 */
export class JournalWriter {
	private pending: string[] = [];
	private waiters: Waiter[] = [];
	private flushing: Promise<void> | null = null;
	private failure: unknown = null;
	bytes = 0;

	private constructor(
		private readonly handle: FileHandle,
		private readonly durable: boolean,
	) {}

	static async open(path: string, durable: boolean): Promise<JournalWriter> {
		return new JournalWriter(await open(path, 'a'), durable);
	}

	append(line: string): Promise<void> {
		if (this.failure) return Promise.reject(this.failure);
		this.pending.push(`${line}\n`);
		this.bytes += line.length + 1;
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
		if (!this.durable) await this.handle.datasync();
		await this.handle.close();
	}

	async drain(): Promise<void> {
		while (this.flushing) await this.flushing;
		if (this.failure) throw this.failure;
	}

	private async writeFully(buffer: Buffer): Promise<void> {
		let offset = 0;
		while (offset < buffer.length) {
			const { bytesWritten } = await this.handle.write(buffer, offset, buffer.length - offset);
			offset += bytesWritten;
		}
	}

	private startFlushing(): void {
		if (this.flushing) return;
		this.flushing = this.flushLoop().finally(() => {
			this.flushing = null;
		});
	}

	private async flushLoop(): Promise<void> {
		while (this.pending.length) {
			const batch = this.pending.join('');
			const waiters = this.waiters;
			this.pending = [];
			this.waiters = [];
			try {
				await this.writeFully(Buffer.from(batch));
				if (this.durable) await this.handle.datasync();
				for (const waiter of waiters) waiter.resolve();
			} catch (error) {
				this.failure = error;
				for (const waiter of waiters) waiter.reject(error);
				for (const waiter of this.waiters.splice(0)) waiter.reject(error);
				return;
			}
		}
	}
}
