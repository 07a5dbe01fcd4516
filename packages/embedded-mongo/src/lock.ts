import { spawnSync } from 'node:child_process';
import { closeSync, constants, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

const LOCK_FILE = 'LOCK';
/** How long a busy lock is retried: a process killed a moment ago may still be exiting. */
const BUSY_RETRY_MS = 1_000;
/** macOS open(2) flags: take an exclusive flock(2) atomically with the open, without blocking. */
const DARWIN_O_EXLOCK = 0x20;
const DARWIN_O_NONBLOCK = 0x4;

/**
 * An exclusive lock on a data directory: an flock(2) lock on the open file
 * `LOCK`, held for as long as this process keeps the file open. The kernel
 * drops it when the process dies however it dies, so no stale lock survives
 * a crash, PID reuse or a new PID namespace (the pid written into the file
 * is only information for the error message).
 *
 * Node has no flock binding. On Linux, flock(1) from util-linux (or
 * BusyBox) locks the descriptor this process passes it; the lock belongs to
 * the shared open file description, so it stays with this process after
 * flock(1) exits. On macOS, open(2) takes the lock itself (O_EXLOCK).
 */
export class DirectoryLock {
	private constructor(private fd: number | null) {}

	static acquire(dir: string): DirectoryLock {
		const path = join(dir, LOCK_FILE);
		const deadline = Date.now() + BUSY_RETRY_MS;
		for (;;) {
			const fd = tryLock(path);
			if (fd !== null) {
				ftruncateSync(fd, 0);
				writeSync(fd, String(process.pid), 0);
				return new DirectoryLock(fd);
			}
			if (Date.now() >= deadline) {
				const owner = readOwner(path);
				const who = owner === null ? 'another process' : `process ${owner}${owner === process.pid ? ' (this process)' : ''}`;
				throw new Error(`data directory ${dir} is locked by ${who}`);
			}
			Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
		}
	}

	/** Drops the lock. The file stays: removing it would let two processes lock two different files. */
	release(): void {
		if (this.fd === null) return;
		closeSync(this.fd);
		this.fd = null;
	}
}

/** The open, locked descriptor of `path`, or null if another open file description holds the lock. */
function tryLock(path: string): number | null {
	if (process.platform === 'darwin') {
		try {
			return openSync(path, constants.O_RDWR | constants.O_CREAT | DARWIN_O_EXLOCK | DARWIN_O_NONBLOCK, 0o600);
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'EAGAIN' || (error as NodeJS.ErrnoException).code === 'EWOULDBLOCK') return null;
			throw error;
		}
	}
	const fd = openSync(path, constants.O_RDWR | constants.O_CREAT, 0o600);
	const result = spawnSync('flock', ['--exclusive', '--nonblock', '3'], { stdio: ['ignore', 'ignore', 'pipe', fd] });
	if (result.status === 0) return fd;
	closeSync(fd);
	if (result.error) {
		throw new Error(`cannot lock ${path}: flock(1) is needed (util-linux or BusyBox): ${result.error.message}`);
	}
	if (result.status === 1) return null;
	throw new Error(`cannot lock ${path}: flock(1) exited with ${result.status}: ${result.stderr.toString().trim()}`);
}

function readOwner(path: string): number | null {
	try {
		const pid = Number.parseInt(readFileSync(path, 'utf8'), 10);
		return Number.isInteger(pid) && pid > 0 ? pid : null;
	} catch {
		return null;
	}
}
