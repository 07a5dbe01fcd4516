import { readFile } from 'node:fs/promises';
import net from 'node:net';

/**
 * Raw HTTP/1.1 over a TCP socket, for tests that must control exactly what
 * reaches the server and when: half-sent bodies, slow headers, idle
 * connections, oversized header blocks.
 *
 * @example
 * const socket = await connect(server.url);
 * socket.write('GET /api/info HTTP/1.1\r\nHost: x\r\n\r\n');
 * const res = await readResponse(socket);
 */

export interface RawResponse {
	status: number;
	headers: Record<string, string>;
	body: string;
}

export function connect(url: string): Promise<net.Socket> {
	const { hostname, port } = new URL(url);
	return new Promise((resolve, reject) => {
		const socket = net.connect({ host: hostname, port: Number(port) }, () => resolve(socket));
		socket.once('error', reject);
	});
}

/** The head of a request; `headers` are added as given. */
export function requestHead(method: string, path: string, headers: Record<string, string> = {}): string {
	const lines = Object.entries({ Host: 'localhost', ...headers }).map(([name, value]) => `${name}: ${value}`);
	return `${method} ${path} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`;
}

function parse(text: string): RawResponse | undefined {
	const end = text.indexOf('\r\n\r\n');
	if (end === -1) {
		return undefined;
	}
	const [statusLine, ...headerLines] = text.slice(0, end).split('\r\n');
	const headers: Record<string, string> = {};
	for (const line of headerLines) {
		const colon = line.indexOf(':');
		headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
	}
	const body = text.slice(end + 4);
	const length = Number(headers['content-length'] ?? NaN);
	if (Number.isFinite(length) && Buffer.byteLength(body) < length) {
		return undefined;
	}
	return { status: Number(statusLine.split(' ')[1]), headers, body };
}

/** Resolves with the first complete response on the socket; rejects if none arrives within `timeoutMs`. */
export function readResponse(socket: net.Socket, timeoutMs = 10_000): Promise<RawResponse> {
	return new Promise((resolve, reject) => {
		let text = '';
		const finish = (outcome: () => void) => {
			clearTimeout(timer);
			socket.off('data', onData);
			socket.off('close', onClose);
			outcome();
		};
		const onData = (chunk: Buffer) => {
			text += chunk.toString('latin1');
			const response = parse(text);
			if (response) {
				finish(() => resolve(response));
			}
		};
		const onClose = () => finish(() => reject(new Error(`connection closed before a complete response: ${JSON.stringify(text)}`)));
		const timer = setTimeout(() => finish(() => reject(new Error(`no response within ${timeoutMs} ms: ${JSON.stringify(text)}`))), timeoutMs);
		socket.on('data', onData);
		socket.once('close', onClose);
	});
}

/** Resolves once the server has closed the connection; rejects after `timeoutMs`. */
export function waitForClose(socket: net.Socket, timeoutMs = 10_000): Promise<void> {
	if (socket.destroyed || socket.readableEnded) {
		return Promise.resolve();
	}
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`connection still open after ${timeoutMs} ms`)), timeoutMs);
		const done = () => {
			clearTimeout(timer);
			resolve();
		};
		socket.once('end', done);
		socket.once('close', done);
		socket.resume();
	});
}

/** Resident memory of a local process in MiB (Linux `/proc`), or `undefined` where that is not readable. */
export async function residentMiB(pid: number | undefined): Promise<number | undefined> {
	try {
		const status = await readFile(`/proc/${pid}/status`, 'utf8');
		const kib = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
		return kib === undefined ? undefined : Number(kib) / 1024;
	} catch {
		return undefined;
	}
}
