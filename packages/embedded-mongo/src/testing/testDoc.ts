import type { ObjectId } from 'mongodb';

/** Tests use numeric, string and ObjectId `_id`s freely. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- arbitrary test documents
export type TestDoc = { _id?: number | string | ObjectId; [key: string]: any };
