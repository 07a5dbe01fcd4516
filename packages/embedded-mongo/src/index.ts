export { openEmbeddedDatabase, EmbeddedDatabase, type EmbeddedDatabaseOptions } from './database';
export { EmbeddedCollection } from './collection/embeddedCollection';
export { EmbeddedCursor } from './cursor';
export { EmbeddedChangeStream } from './changeStream';
/** The clone every read and write applies (exported so the bench's `Map` baseline pays the same cost). */
export { deepClone } from './clone';
export type { EmbeddedIndexDescription, IndexDefinition } from './indexes/definition';
/** The on-disk encodings compared by the bench. */
export { encodingCandidates, type EncodingCandidate } from './persistence/encodingCandidates';
/** Journal write failures reject with this (`code` = errno code); an HTTP layer answers 503. */
export { StoreUnavailableError } from './storeUnavailable';
export { DataDirectoryDamagedError } from './persistence/damage';
export type { StoreIo, StoreFile } from './persistence/io';
/** Test helper: the store's file I/O with switchable ENOSPC/EIO failures (pass as `openEmbeddedDatabase({ dir, io })`). */
export { faultyIo, type FaultyIo } from './testing/faultyIo';
