import { createHash } from 'node:crypto';

import type { IIdempotencyKeysModel } from '@omni/model-typings';

import { ApiError, MeteorError } from '../../../lib/errors/MeteorError';
import type { RouteResult } from './definition';
import { success } from './responses';

/** How long a key (and its recorded response) is remembered. */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 60 * 60 * 1000;

/** A claim still in flight after this long belonged to a server that died mid-request; a retry may take it over. */
export const ABANDONED_CLAIM_MS = 5 * 60 * 1000;

const MAX_KEY_LENGTH = 255;

/** The request an `Idempotency-Key` is checked against. */
export interface IdempotentRequest {
	/** Keys are scoped per user: the same key from two users names two requests. */
	userId: string;
	key: string;
	/** `"<METHOD> <route path>"`: reusing a key on another route counts as another request. */
	route: string;
	body: unknown;
}

/** JSON with object keys sorted at every depth, so key order never makes two equal bodies differ. */
export function canonicalJson(value: unknown): string {
	if (Array.isArray(value)) {
		return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
	}
	if (typeof value === 'object' && value !== null && !(value instanceof Date)) {
		const entries = Object.keys(value)
			.filter((key) => (value as Record<string, unknown>)[key] !== undefined)
			.sort()
			.map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
		return `{${entries.join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}

function sha256(text: string): string {
	return createHash('sha256').update(text).digest('hex');
}

function assertUsableKey(key: string): void {
	if (key.length === 0 || key.length > MAX_KEY_LENGTH) {
		throw new MeteorError('error-invalid-idempotency-key', `The Idempotency-Key header must be 1 to ${MAX_KEY_LENGTH} characters long`);
	}
}

/**
 * Runs `action` at most once per (user, key): the first request claims the key
 * atomically (a unique `_id`, so racing instances on one database agree) and
 * its 2xx response is recorded; a retry with the same body replays it (header
 * `Idempotent-Replayed: true`). The same key with another body or route throws
 * `error-idempotency-key-reused` (422); while the first is still running,
 * `error-idempotency-key-in-flight` (409). A failed first attempt (non-2xx or thrown)
 * releases the key, so a retry runs again. Keys expire after 24 h.
 *
 * @example await runIdempotently(models.IdempotencyKeys, { userId, key, route: 'POST /api/v1/omnichannel/contacts', body }, () => action())
 */
export async function runIdempotently(
	keys: IIdempotencyKeysModel,
	request: IdempotentRequest,
	action: () => Promise<RouteResult | void> | RouteResult | void,
	now: () => number = Date.now,
): Promise<RouteResult> {
	assertUsableKey(request.key);
	const _id = sha256(`${request.userId}\0${request.key}`);
	const fingerprint = sha256(`${request.route}\n${canonicalJson(request.body)}`);

	for (;;) {
		const claimedAt = new Date(now());
		const claim = { _id, fingerprint, claimedAt, expiresAt: new Date(claimedAt.getTime() + IDEMPOTENCY_KEY_TTL_MS) };
		if ((await keys.claim(claim)) || (await keys.takeOver(claim, claimedAt, new Date(claimedAt.getTime() - ABANDONED_CLAIM_MS)))) {
			return runClaimed(keys, _id, action);
		}
		const existing = await keys.findOneById(_id);
		if (!existing) {
			// Released or expired between our claim and our read: claim again.
			continue;
		}
		if (existing.fingerprint !== fingerprint) {
			throw new ApiError('error-idempotency-key-reused');
		}
		if (existing.state === 'in-flight') {
			throw new ApiError('error-idempotency-key-in-flight');
		}
		return {
			statusCode: existing.statusCode ?? 200,
			body: JSON.parse(existing.responseBody ?? '{}'),
			headers: { 'Idempotent-Replayed': 'true' },
		};
	}
}

async function runClaimed(keys: IIdempotencyKeysModel, _id: string, action: () => Promise<RouteResult | void> | RouteResult | void): Promise<RouteResult> {
	let result: RouteResult;
	try {
		result = (await action()) || success();
	} catch (error) {
		await keys.release(_id);
		throw error;
	}
	if (result.statusCode >= 200 && result.statusCode < 300) {
		await keys.recordResponse(_id, result.statusCode, JSON.stringify(result.body));
	} else {
		await keys.release(_id);
	}
	return result;
}
