/**
 * Headers Rocket.Chat's API sends on every response. Built once per process: the
 * instance id must stay the same for the lifetime of the server.
 */
export function buildStandardHeaders(instanceId: string): Readonly<Record<string, string>> {
	return Object.freeze({
		'Content-Type': 'application/json',
		'Cache-Control': 'no-store',
		Pragma: 'no-cache',
		'X-Instance-ID': instanceId,
	});
}
