import { createHash } from 'node:crypto';

import bcrypt from 'bcryptjs';

/** Meteor's bcrypt cost factor. */
const BCRYPT_ROUNDS = 10;

/** What clients may send: the plain password or its SHA-256 hex digest. */
export type PasswordInput = string | { digest: string; algorithm: 'sha-256' };

/**
 * The lower-case hex SHA-256 digest Meteor bcrypts instead of the raw password,
 * so a client that pre-hashes and one that does not produce the same hash.
 */
export function passwordDigest(password: PasswordInput): string {
	if (typeof password === 'string') {
		return createHash('sha256').update(password).digest('hex');
	}
	return password.digest.toLowerCase();
}

export function isPasswordInput(value: unknown): value is PasswordInput {
	if (typeof value === 'string') {
		return true;
	}
	if (!value || typeof value !== 'object') {
		return false;
	}
	const { digest, algorithm } = value as Record<string, unknown>;
	return typeof digest === 'string' && algorithm === 'sha-256';
}

export function hashPassword(password: PasswordInput): Promise<string> {
	return bcrypt.hash(passwordDigest(password), BCRYPT_ROUNDS);
}

export function checkPassword(password: PasswordInput, bcryptHash: string): Promise<boolean> {
	return bcrypt.compare(passwordDigest(password), bcryptHash);
}
