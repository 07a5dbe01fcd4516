const METACHARACTERS = new Set(['.', '*', '+', '?', '(', ')', '[', ']', '{', '}', '|', '^', '$']);

/**
 * The plain text a regex matches when it is an escaped literal (as produced
 * by escaping user input), or null when it uses any regex feature. With the
 * `x` flag whitespace is not literal, so such patterns are never literals.
 */
export function regexLiteral(pattern: string, flags: string): string | null {
	if (flags.includes('x')) return null;
	let literal = '';
	for (let i = 0; i < pattern.length; i++) {
		const char = pattern[i];
		if (char === '\\') {
			const next = pattern[i + 1];
			if (next === undefined || /[A-Za-z0-9]/.test(next)) return null;
			literal += next;
			i++;
		} else if (METACHARACTERS.has(char)) {
			return null;
		} else {
			literal += char;
		}
	}
	return literal;
}
