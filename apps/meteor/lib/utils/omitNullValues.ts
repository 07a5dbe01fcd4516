export type WithoutNulls<T> = { [K in keyof T]?: Exclude<T[K], null> };

/**
 * Drops keys whose value is `null` or `undefined`, keeping `""`, `0`, `false`
 * and `[]`: nullable request fields mean "not sent".
 *
 * @example omitNullValues({ a: null, b: '', c: 1 }) // { b: '', c: 1 }
 */
export function omitNullValues<T extends object>(input: T): WithoutNulls<T> {
	return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== null && value !== undefined)) as WithoutNulls<T>;
}
