/** A header Node parsed as one string; repeated or absent headers give `undefined`. */
export function headerValue(value: string | string[] | undefined): string | undefined {
	return typeof value === 'string' ? value : undefined;
}
