import { closeSync, fsyncSync, openSync } from 'node:fs';
import { join } from 'node:path';

/** fsyncs a directory so a rename or unlink in it is durable. */
export function syncDirectory(...path: string[]): void {
	const fd = openSync(join(...path), 'r');
	try {
		fsyncSync(fd);
	} finally {
		closeSync(fd);
	}
}
