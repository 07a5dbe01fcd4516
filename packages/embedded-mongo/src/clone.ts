/**
 * Deep copy for stored documents. Plain objects, arrays and Dates are copied;
 * BSON values (ObjectId, Long, Decimal128, Binary, ...) are immutable in
 * practice and shared, which keeps copies cheap and preserves their classes
 * (structuredClone would turn an ObjectId into a plain object).
 */
export function deepClone<T>(value: T): T {
	return cloneValue(value) as T;
}

function cloneValue(value: unknown): unknown {
	if (value === null || typeof value !== 'object') {
		return value;
	}
	if (Array.isArray(value)) {
		const copy = new Array(value.length);
		for (let i = 0; i < value.length; i++) {
			copy[i] = cloneValue(value[i]);
		}
		return copy;
	}
	if (value instanceof Date) {
		return new Date(value.getTime());
	}
	if (value instanceof Uint8Array) {
		return value.slice();
	}
	const proto = Object.getPrototypeOf(value);
	if (proto !== Object.prototype && proto !== null) {
		return value;
	}
	const copy: Record<string, unknown> = {};
	for (const key in value as Record<string, unknown>) {
		copy[key] = cloneValue((value as Record<string, unknown>)[key]);
	}
	return copy;
}
