import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';

import { BcryptPool } from './bcryptPool';

/** Meteor's bcrypt cost factor. */
const BCRYPT_ROUNDS = 10;

/** One core stays with the event loop; the rest hash. */
export const DEFAULT_PASSWORD_HASH_WORKERS = Math.max(1, availableParallelism() - 1);

/**
 * A cost-10 hash of a random secret nobody knows. A login for an unknown user
 * (or one without a password) is compared against it, so it costs what a
 * wrong password costs and the two cannot be told apart by timing.
 */
const NOBODYS_HASH = '$2b$10$CGrQ2XYemOy9xkxbZT/dYePmsxuatY/QG9i254AEKu57WlYvCO0Oi';

/** Hashing is a process-wide CPU resource: one pool of worker threads serves every caller. */
let pool: BcryptPool | undefined;
let poolSize = DEFAULT_PASSWORD_HASH_WORKERS;

function hasher(): BcryptPool {
	pool ??= new BcryptPool(poolSize);
	return pool;
}

/** Sets the number of hashing threads (`PASSWORD_HASH_WORKERS`); called once at startup. */
export function configurePasswordHashing(workers: number): void {
	poolSize = workers;
}

/** Ends the hashing threads (they are recreated on the next hash). */
export async function stopPasswordHashing(): Promise<void> {
	const running = pool;
	pool = undefined;
	await running?.close();
}

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

/** Meteor's bcrypt of the digest, computed off the event loop. */
export function hashPassword(password: PasswordInput): Promise<string> {
	return hasher().hash(passwordDigest(password), BCRYPT_ROUNDS);
}

/**
 * Compares off the event loop. Without a stored hash (unknown user, no
 * password) it compares against nobody's hash and answers false after the
 * same work.
 */
export async function checkPassword(password: PasswordInput, bcryptHash: string | undefined): Promise<boolean> {
	const matches = await hasher().compare(passwordDigest(password), bcryptHash ?? NOBODYS_HASH);
	return bcryptHash !== undefined && matches;
}
