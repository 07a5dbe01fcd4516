import { randomBytes, randomInt } from 'node:crypto';

/** Meteor's `Random.id()` alphabet: no look-alike characters. */
const UNMISTAKABLE_CHARS = '23456789ABCDEFGHJKLMNPQRSTWXYZabcdefghijkmnopqrstuvwxyz';

/**
 * A 17-character id as Meteor's `Random.id()` makes for users.
 * @example randomId() // 'kX3vQ9mPzR2bT7nWc'
 */
export function randomId(length = 17): string {
	let id = '';
	for (let i = 0; i < length; i++) {
		id += UNMISTAKABLE_CHARS[randomInt(UNMISTAKABLE_CHARS.length)];
	}
	return id;
}

/** A 43-character URL-safe secret (256 bits), the size of Meteor's `Random.secret()`. */
export function randomSecret(): string {
	return randomBytes(32).toString('base64url');
}
