import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

const LOCK_FILE = 'LOCK';

/**
 * An exclusive lock on a data directory: a file created with O_EXCL holding
 * the owner's pid. A lock left by a dead process is taken over; a live
 * owner (another process, or this one opening the directory twice) is refused.
 */
export class DirectoryLock {
	private constructor(private readonly path: string) {}

	static acquire(dir: string): DirectoryLock {
		const path = join(dir, LOCK_FILE);
		for (let attempt = 0; attempt < 3; attempt++) {
			try {
				const fd = openSync(path, 'wx');
				writeSync(fd, String(process.pid));
				closeSync(fd);
				return new DirectoryLock(path);
			} catch (error) {
				if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
			}
			const owner = readOwner(path);
			if (owner !== null && isAlive(owner)) {
				throw new Error(`data directory ${dir} is locked by process ${owner}${owner === process.pid ? ' (this process)' : ''}`);
			}
			try {
				unlinkSync(path);
			} catch (error) {
				if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
			}
		}
		throw new Error(`could not lock data directory ${dir}`);
	}

	release(): void {
		try {
			unlinkSync(this.path);
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
		}
	}
}

function readOwner(path: string): number | null {
	try {
		const pid = Number.parseInt(readFileSync(path, 'utf8'), 10);
		return Number.isInteger(pid) && pid > 0 ? pid : null;
	} catch {
		return null;
	}
}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}
