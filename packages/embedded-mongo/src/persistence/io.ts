import { open } from 'node:fs/promises';

/** The file operations the store's writers use; tests swap them to inject failures (see testing/faultyIo.ts). */
export interface StoreIo {
	open(path: string, flags: string, mode: number): Promise<StoreFile>;
}

export interface StoreFile {
	write(buffer: Buffer, offset: number, length: number, position: number): Promise<{ bytesWritten: number }>;
	datasync(): Promise<void>;
	truncate(length: number): Promise<void>;
	close(): Promise<void>;
}

/** Plain node:fs. */
export const nodeIo: StoreIo = {
	open: (path, flags, mode) => open(path, flags, mode),
};

/** Writes all of `buffer` at `position`. */
export async function writeFully(file: StoreFile, buffer: Buffer, position: number): Promise<void> {
	let offset = 0;
	while (offset < buffer.length) {
		const { bytesWritten } = await file.write(buffer, offset, buffer.length - offset, position + offset);
		offset += bytesWritten;
	}
}
