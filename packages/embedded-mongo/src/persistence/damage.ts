/** The command that salvages a damaged data directory (see repair.ts). */
export function repairCommand(dir: string): string {
	return `npm run store:repair -- --data-dir ${dir}`;
}

/**
 * A data directory holds damaged data that recovery must not silently drop:
 * opening stops, naming the file, the byte offset and the repair command.
 */
export class DataDirectoryDamagedError extends Error {
	override readonly name = 'DataDirectoryDamagedError';

	constructor(
		readonly dir: string,
		readonly file: string,
		readonly offset: number,
		readonly reason: string,
	) {
		super(`data directory ${dir} is damaged: ${file} at byte ${offset}: ${reason}. Acknowledged data may be missing, so the store does not open. To salvage every intact record (damaged files are kept as a backup), stop the server and run: ${repairCommand(dir)}`);
	}
}
