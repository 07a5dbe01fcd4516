/** A request header as one string; absent or repeated (an array) counts as not sent. */
export function headerValue(value: string | string[] | undefined): string | undefined {
	return typeof value === 'string' ? value : undefined;
}
