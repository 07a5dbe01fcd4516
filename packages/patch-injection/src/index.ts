export { makeFunction, type PatchableFunction, type PatchFunction } from './makeFunction';
