export { openEmbeddedDatabase, EmbeddedDatabase, type EmbeddedDatabaseOptions } from './database';
export { EmbeddedCollection } from './collection/embeddedCollection';
export { EmbeddedCursor } from './cursor';
export { EmbeddedChangeStream } from './changeStream';
export type { EmbeddedIndexDescription, IndexDefinition } from './indexes/definition';
