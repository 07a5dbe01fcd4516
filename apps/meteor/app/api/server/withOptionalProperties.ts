import { ajv } from '@rocket.chat/rest-typings';
import type { ValidateFunction } from 'ajv';

import type { ParamsValidator, Validated } from './definition';

type Schema = Record<string, unknown>;

function extend(schema: Schema, properties: Schema): Schema {
	const branches = (['oneOf', 'anyOf'] as const).find((key) => Array.isArray(schema[key]));
	if (branches) {
		return { ...schema, [branches]: (schema[branches] as Schema[]).map((branch) => extend(branch, properties)) };
	}
	return { ...schema, properties: { ...(schema.properties as Schema), ...properties } };
}

/**
 * A Rocket.Chat validator whose object schema (each `oneOf`/`anyOf` branch of
 * it) also admits these optional properties, compiled on the shared ajv. The
 * new properties come last, so a request Rocket.Chat knows is checked in the
 * same order and answered with the same messages; only requests using them differ.
 *
 * `E` is the type the new properties add.
 *
 * @example withOptionalProperties(isGETOmnichannelContactsSearchProps).as<{ match?: string }>({ match: { type: 'string', enum: ['exact', 'normalized'] } })
 */
export function withOptionalProperties<V extends ParamsValidator>(validator: V): { as<E>(properties: Schema): ValidateFunction<Validated<V> & E> } {
	const { schema } = validator as { schema?: unknown };
	if (typeof schema !== 'object' || schema === null) {
		throw new Error('withOptionalProperties needs a validator compiled from a schema');
	}
	return { as: <E>(properties: Schema) => ajv.compile<Validated<V> & E>(extend(schema as Schema, properties)) };
}
