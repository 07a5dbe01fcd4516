import { hash, timingSafeEqual } from 'node:crypto';

import { randomSecret } from '../../../lib/random';

/** A fresh raw login token; only its hash is ever stored. */
export function generateLoginToken(): string {
	return randomSecret();
}

/** Meteor's `Accounts._hashLoginToken`: base64(SHA-256(token)). */
export function hashLoginToken(token: string): string {
	// One-shot: no Hash object per request (hashed on every authenticated call).
	return hash('sha256', token, 'base64');
}

/** Compares two hashed tokens without leaking, through timing, how much of them matched. */
export function hashedTokensEqual(a: string, b: string): boolean {
	const left = Buffer.from(a);
	const right = Buffer.from(b);
	return left.length === right.length && timingSafeEqual(left, right);
}
