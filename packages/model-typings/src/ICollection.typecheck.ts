// Compile-time proof that the official driver satisfies the narrow interfaces.
import type { Collection, Document, FindCursor } from 'mongodb';

import type { ICollection, ICursor } from './ICollection';

export type DriverCollectionFits = Collection<Document> extends ICollection<Document> ? true : never;
export type DriverCursorFits = FindCursor<Document> extends ICursor<Document> ? true : never;
export const driverCollectionFits: DriverCollectionFits = true;
export const driverCursorFits: DriverCursorFits = true;
