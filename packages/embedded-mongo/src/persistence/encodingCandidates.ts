import { BSON, type Document } from 'mongodb';

import { decode as decodeEjson, encode as encodeEjson } from '../ejson';
import { decodeValue, encodeValue } from './codec';

export interface EncodingCandidate {
	name: string;
	encode: (doc: Document) => Buffer;
	decode: (bytes: Buffer) => unknown;
}

/**
 * The record encodings measured against each other by bench/store.ts:
 * relaxed EJSON (format 1), the typed encoding (format 2, in use) and BSON.
 */
export const encodingCandidates: EncodingCandidate[] = [
	{ name: 'ejson', encode: (doc) => Buffer.from(encodeEjson(doc)), decode: (bytes) => decodeEjson(bytes.toString('utf8')) },
	{ name: 'typed', encode: (doc) => Buffer.from(encodeValue(doc)), decode: (bytes) => decodeValue(bytes.toString('utf8')) },
	{ name: 'bson', encode: (doc) => Buffer.from(BSON.serialize(doc)), decode: (bytes) => BSON.deserialize(bytes) },
];
