/**
 * Makes text match itself literally inside a regular expression.
 *
 * @example new RegExp(escapeRegExp('a.b(1)')).test('xa.b(1)y') // true
 */
export function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
