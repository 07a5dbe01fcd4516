import { MeteorError } from '../../../lib/errors/MeteorError';

/** Just what pagination reads from settings. */
export interface SettingsReader {
	get<T>(_id: string): T;
}

function parseNonNegativeInt(raw: unknown): number | undefined {
	const parsed = parseInt(String(raw), 10);
	return Number.isNaN(parsed) || parsed < 0 ? undefined : parsed;
}

/**
 * Rocket.Chat's `getPaginationItems` (`apps/meteor/app/api/server/helpers/getPaginationItems.ts`). `offset` defaults to 0; `count`
 * defaults to `API_Default_Count` (≤ 0 → 50) and is capped by `API_Upper_Count_Limit`
 * (≤ 0 → 100); `count=0` means "no limit" only while `API_Allow_Infinite_Count` is on.
 * A value that is not a non-negative integer falls back to the default.
 *
 * @example getPaginationItems({ offset: '10', count: '500' }, settings) // { offset: 10, count: 100 }
 */
export function getPaginationItems(params: { offset?: unknown; count?: unknown }, settings: SettingsReader): { offset: number; count: number } {
	const upperLimitSetting = settings.get<number>('API_Upper_Count_Limit');
	const defaultCountSetting = settings.get<number>('API_Default_Count');
	const upperLimit = upperLimitSetting > 0 ? upperLimitSetting : 100;
	const defaultCount = defaultCountSetting > 0 ? defaultCountSetting : 50;

	const offset = params.offset ? (parseNonNegativeInt(params.offset) ?? 0) : 0;
	let count = params.count === undefined ? defaultCount : (parseNonNegativeInt(params.count || 0) ?? defaultCount);
	if (count > upperLimit) {
		count = upperLimit;
	}
	if (count === 0 && !settings.get<boolean>('API_Allow_Infinite_Count')) {
		count = defaultCount;
	}
	return { offset, count };
}

/** MongoDB refuses sorts on more keys than this; refusing them here keeps the store from a long multi-key sort. */
export const MAX_SORT_KEYS = 32;

function invalidSort(raw: unknown): MeteorError {
	return new MeteorError('error-invalid-sort', `Invalid sort parameter provided: "${String(raw)}"`, { helperMethod: 'parseJsonQuery' });
}

/**
 * The `sort` part of Rocket.Chat's `parseJsonQuery`: a JSON object whose values are 1 or -1.
 * Anything else (bad JSON, another value, a non-object, an operator key, more than
 * `MAX_SORT_KEYS` keys) → `error-invalid-sort`.
 *
 * @example parseSort('{"name":-1}') // { name: -1 }
 */
export function parseSort(raw: unknown): Record<string, 1 | -1> | undefined {
	if (raw === undefined || raw === '') {
		return undefined;
	}
	if (typeof raw !== 'string') {
		throw invalidSort(raw);
	}
	let sort: unknown;
	try {
		sort = JSON.parse(raw);
	} catch {
		throw invalidSort(raw);
	}
	if (typeof sort !== 'object' || sort === null || Array.isArray(sort)) {
		throw invalidSort(raw);
	}
	const entries = Object.entries(sort);
	if (entries.length > MAX_SORT_KEYS) {
		throw new MeteorError('error-invalid-sort', `Invalid sort parameter provided: more than ${MAX_SORT_KEYS} keys`, {
			helperMethod: 'parseJsonQuery',
			maxKeys: MAX_SORT_KEYS,
		});
	}
	for (const [key, direction] of entries) {
		if ((direction !== 1 && direction !== -1) || key.startsWith('$')) {
			throw invalidSort(raw);
		}
	}
	return sort as Record<string, 1 | -1>;
}
