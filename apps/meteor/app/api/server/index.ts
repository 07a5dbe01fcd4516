/**
 * `@omni/meteor/api`: the REST framework as the `ee/` workspace sees it — the
 * route registry and its declaration types. Community code imports the files directly.
 */
export { API, type APIClass } from './api';
export type { ActionContext, Actions, RouteOptions, RouteResult } from './definition';
