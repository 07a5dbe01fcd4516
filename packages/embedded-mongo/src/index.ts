export { openEmbeddedDatabase, EmbeddedDatabase, type EmbeddedDatabaseOptions } from './database';
export { EmbeddedCollection } from './collection';
export { EmbeddedCursor } from './cursor';
export { EmbeddedChangeStream } from './changeStream';
export type { EmbeddedIndexDescription, IndexDefinition } from './indexes/definition';
