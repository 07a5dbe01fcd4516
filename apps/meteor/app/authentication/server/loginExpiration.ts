import type { IUser } from '@rocket.chat/core-typings';

type LoginTokenEntry = NonNullable<NonNullable<NonNullable<IUser['services']>['resume']>['loginTokens']>[number];

/** Meteor's and Rocket.Chat's default `Accounts_LoginExpiration`, in days. */
export const DEFAULT_LOGIN_EXPIRATION_DAYS = 90;

/** Meteor sweeps expired login tokens every 10 minutes. */
export const EXPIRED_TOKEN_SWEEP_MS = 10 * 60 * 1000;

const MS_PER_DAY = 24 * 60 * 60 * 1000;

export function daysToMs(days: number): number {
	return days * MS_PER_DAY;
}

/** `Accounts_LoginExpiration` (days) as milliseconds, read on every request so a change applies at once. */
export function loginExpirationMs(settings: { get<T>(_id: string): T }): number {
	return daysToMs(settings.get<number | undefined>('Accounts_LoginExpiration') ?? DEFAULT_LOGIN_EXPIRATION_DAYS);
}

/**
 * A session token (`{when, hashedToken}`) older than `maxAgeMs` is expired;
 * personal access tokens carry no `when` and never expire, as in Meteor.
 *
 * @example isLoginTokenExpired({ when: new Date(0), hashedToken: 'h' }, daysToMs(90), Date.now()) // true
 */
export function isLoginTokenExpired(entry: LoginTokenEntry, maxAgeMs: number, now: number): boolean {
	const issuedAt = 'when' in entry ? entry.when : undefined;
	return issuedAt !== undefined && now - new Date(issuedAt).getTime() > maxAgeMs;
}
