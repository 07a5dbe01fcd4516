import { chmodSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Data files hold password and token hashes and personal data: the
 * directory tree is 0700 and every file 0600. New files are created so;
 * this tightens what an older version (or a umask) left more open.
 */
export function makePrivate(dir: string): void {
	chmodSync(dir, 0o700);
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) makePrivate(path);
		else if (entry.isFile()) chmodSync(path, 0o600);
	}
}
