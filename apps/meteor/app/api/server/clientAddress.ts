/** The caller's address as Rocket.Chat's limiter keys it: `X-Real-IP` when a proxy sets it, else the socket peer. */
export function clientAddress(headers: Record<string, string | string[] | undefined>, socketAddress: string | undefined): string {
	const realIp = headers['x-real-ip'];
	if (typeof realIp === 'string' && realIp !== '') {
		return realIp;
	}
	return socketAddress ?? '';
}
