import { BSON, MongoServerError } from 'mongodb';

/** MongoDB's DuplicateKey code. */
export const DUPLICATE_KEY = 11000;

/** The driver's own duplicate-key error, shaped like the server's reply. */
export function duplicateKeyError(namespace: string, indexName: string, keyPattern: Record<string, unknown>, keyValue: Record<string, unknown>): MongoServerError {
	const shownKey = `{ ${Object.entries(keyValue)
		.map(([field, value]) => `${field}: ${BSON.EJSON.stringify({ value }, { relaxed: true }).slice('{"value":'.length, -1)}`)
		.join(', ')} }`;
	const message = `E11000 duplicate key error collection: ${namespace} index: ${indexName} dup key: ${shownKey}`;
	return new MongoServerError({ message, errmsg: message, code: DUPLICATE_KEY, keyPattern, keyValue });
}

/** A server-style error with a numeric code (bad updates, index conflicts, ...). */
export function serverError(code: number, codeName: string, message: string): MongoServerError {
	return new MongoServerError({ message, errmsg: message, code, codeName });
}
