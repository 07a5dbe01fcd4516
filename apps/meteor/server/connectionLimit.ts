import type { Server } from 'node:http';
import type { Socket } from 'node:net';

import { normalizeAddress } from '../app/api/server/clientAddress';

/**
 * Counts open connections per client address. A connection beyond `max` for
 * its address is marked: its first request is answered 429 and the
 * connection closed (an idle one is closed by the headers timeout). The table
 * only holds addresses with open connections, so it is bounded by them.
 *
 * @returns whether a socket is over its address's cap; always false when `max` is 0
 */
export function trackConnectionsPerAddress(server: Server, max: number, isExempt: (address: string) => boolean): (socket: Socket) => boolean {
	const overLimit = new WeakSet<Socket>();
	if (max <= 0) {
		return () => false;
	}
	const open = new Map<string, number>();
	server.on('connection', (socket: Socket) => {
		const address = normalizeAddress(socket.remoteAddress) ?? socket.remoteAddress ?? '';
		if (isExempt(address)) {
			return;
		}
		const count = (open.get(address) ?? 0) + 1;
		if (count > max) {
			overLimit.add(socket);
			return;
		}
		open.set(address, count);
		socket.once('close', () => {
			const left = (open.get(address) ?? 1) - 1;
			if (left > 0) {
				open.set(address, left);
			} else {
				open.delete(address);
			}
		});
	});
	return (socket) => overLimit.has(socket);
}
