import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh temporary directory per test, removed by `cleanup`. */
export function makeTempDirs(): { next(): string; cleanup(): void } {
	const made: string[] = [];
	return {
		next() {
			const dir = mkdtempSync(join(tmpdir(), 'embedded-mongo-'));
			made.push(dir);
			return dir;
		},
		cleanup() {
			for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
		},
	};
}
