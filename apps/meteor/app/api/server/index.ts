/**
 * `@omni/meteor/api`: the REST framework as the `ee/` workspace sees it — the
 * route registry and its declaration types. Community code imports the files directly.
 */
export { API, type APIClass } from './api';
export type { ActionContext, Actions, RouteOptions, RouteResult } from './definition';
/** The one ajv instance route validators compile on (Rocket.Chat's, from rest-typings), for validators rest-typings lacks. */
export { ajv } from '@rocket.chat/rest-typings';
export type { Deps } from '../../lib/server/deps';
/** Errors from the error table (`lib/errors/errorTable.ts`), rendered by the one error renderer. */
export { ApiError } from '../../../lib/errors/MeteorError';
