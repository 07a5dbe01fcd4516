export { escapeRegExp } from './escapeRegExp';
