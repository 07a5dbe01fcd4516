import { constants } from 'node:os';

import { nodeIo, type StoreFile, type StoreIo } from '../persistence/io';

type Operation = 'write' | 'datasync';

const MESSAGES: Record<string, string> = {
	ENOSPC: 'no space left on device',
	EIO: 'i/o error',
	EDQUOT: 'disk quota exceeded',
	EROFS: 'read-only file system',
};

/** The store's file I/O with switchable failures, so tests can fill the disk or break it without root. */
export interface FaultyIo extends StoreIo {
	/** From now on, the given operations (default: writes and fsyncs) fail with this errno code. */
	failWith(code: string, operations?: Operation[]): void;
	/** Operations succeed again. */
	heal(): void;
	/** How many operations failed so far. */
	readonly failures: number;
}

export function faultyIo(base: StoreIo = nodeIo): FaultyIo {
	let failing: { code: string; operations: Operation[] } | null = null;
	let failures = 0;
	const check = (operation: Operation) => {
		if (!failing || !failing.operations.includes(operation)) return;
		failures++;
		const { code } = failing;
		const syscall = operation === 'datasync' ? 'fdatasync' : 'write';
		throw Object.assign(new Error(`${code}: ${MESSAGES[code] ?? 'injected failure'}, ${syscall}`), {
			code,
			errno: -((constants.errno as Record<string, number>)[code] ?? 5),
			syscall,
		});
	};
	return {
		async open(path, flags, mode) {
			const file = await base.open(path, flags, mode);
			const wrapped: StoreFile = {
				write: async (buffer, offset, length, position) => {
					check('write');
					return file.write(buffer, offset, length, position);
				},
				datasync: async () => {
					check('datasync');
					return file.datasync();
				},
				truncate: (length) => file.truncate(length),
				close: () => file.close(),
			};
			return wrapped;
		},
		failWith(code, operations = ['write', 'datasync']) {
			failing = { code, operations };
		},
		heal() {
			failing = null;
		},
		get failures() {
			return failures;
		},
	};
}
