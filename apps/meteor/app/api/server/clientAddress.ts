import { BlockList, isIP } from 'node:net';

/** The longest textual IPv6 address with a zone id is well under this; anything longer is not an address. */
const MAX_ADDRESS_LENGTH = 64;

/** `X-Forwarded-For` hops looked at, right to left; a chain of trusted proxies is never longer in practice. */
const MAX_FORWARDED_HOPS = 16;

/** Shorthands accepted in `TRUSTED_PROXIES` besides addresses and CIDR ranges. */
const NAMED_RANGES: Record<string, string[]> = { loopback: ['127.0.0.0/8', '::1/128'] };

/** The caller's address from the socket and, only when the socket is a trusted proxy, its forwarding headers. */
export type ClientAddressResolver = (headers: Record<string, string | string[] | undefined>, socketAddress: string | undefined) => string;

/**
 * A syntactically valid IP address, IPv4-mapped IPv6 (`::ffff:1.2.3.4`)
 * written as plain IPv4; `undefined` for anything else.
 *
 * @example normalizeAddress(' ::ffff:10.0.0.1 ') // '10.0.0.1'
 */
export function normalizeAddress(raw: string | undefined): string | undefined {
	if (raw === undefined || raw.length > MAX_ADDRESS_LENGTH) {
		return undefined;
	}
	const address = raw.trim();
	const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
	if (mapped && isIP(mapped[1]) === 4) {
		return mapped[1];
	}
	return isIP(address) ? address : undefined;
}

function familyOf(address: string): 'ipv4' | 'ipv6' {
	return isIP(address) === 4 ? 'ipv4' : 'ipv6';
}

function addEntry(list: BlockList, entry: string): void {
	const [rawAddress, rawPrefix, ...rest] = entry.split('/');
	const address = normalizeAddress(rawAddress);
	if (!address || rest.length > 0) {
		throw new Error(`TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR range`);
	}
	const family = familyOf(address);
	if (rawPrefix === undefined) {
		list.addAddress(address, family);
		return;
	}
	const prefix = Number(rawPrefix);
	if (!/^\d+$/.test(rawPrefix) || prefix > (family === 'ipv4' ? 32 : 128)) {
		throw new Error(`TRUSTED_PROXIES: "${entry}" has an invalid prefix length`);
	}
	list.addSubnet(address, prefix, family);
}

/**
 * The set of proxies whose `X-Real-IP`/`X-Forwarded-For` are believed: IPs,
 * CIDR ranges and `loopback`, separated by commas or spaces. Throws on an invalid entry.
 *
 * @example parseTrustedProxies('10.0.0.0/8, 192.168.1.5, loopback')
 */
export function parseTrustedProxies(text: string): BlockList | undefined {
	const entries = text.split(/[\s,]+/).filter(Boolean);
	if (entries.length === 0) {
		return undefined;
	}
	const list = new BlockList();
	for (const entry of entries) {
		for (const expanded of NAMED_RANGES[entry.toLowerCase()] ?? [entry]) {
			addEntry(list, expanded);
		}
	}
	return list;
}

/** Whether `address` (normalized) is one of the trusted proxies. */
export function isTrusted(trusted: BlockList | undefined, address: string): boolean {
	return trusted !== undefined && isIP(address) !== 0 && trusted.check(address, familyOf(address));
}

/** The last address before the trusted proxies in `X-Forwarded-For: client, proxy1, proxy2`. */
function forwardedFor(header: string, trusted: BlockList | undefined): string | undefined {
	const hops = header.split(',').slice(-MAX_FORWARDED_HOPS).reverse();
	let client: string | undefined;
	for (const hop of hops) {
		const address = normalizeAddress(hop);
		if (!address) {
			break;
		}
		client = address;
		if (!isTrusted(trusted, address)) {
			break;
		}
	}
	return client;
}

/**
 * Rocket.Chat keys its limiter by `X-Real-IP` from anyone (and by
 * `X-Forwarded-For` per `HTTP_FORWARDED_COUNT`), so any client can pick its
 * own key. Here the headers count only when the socket peer is a trusted
 * proxy; then `X-Real-IP` wins (as in Rocket.Chat), else the right-most
 * untrusted `X-Forwarded-For` hop. Header values that are not IP addresses are ignored.
 *
 * @example createClientAddressResolver(parseTrustedProxies('127.0.0.1'))({ 'x-real-ip': '203.0.113.9' }, '127.0.0.1') // '203.0.113.9'
 */
export function createClientAddressResolver(trusted: BlockList | undefined): ClientAddressResolver {
	return (headers, socketAddress) => {
		const peer = normalizeAddress(socketAddress) ?? socketAddress ?? '';
		if (!isTrusted(trusted, peer)) {
			return peer;
		}
		const realIp = headers['x-real-ip'];
		const fromRealIp = typeof realIp === 'string' ? normalizeAddress(realIp) : undefined;
		if (fromRealIp) {
			return fromRealIp;
		}
		const forwarded = headers['x-forwarded-for'];
		return (typeof forwarded === 'string' && forwardedFor(forwarded, trusted)) || peer;
	};
}
