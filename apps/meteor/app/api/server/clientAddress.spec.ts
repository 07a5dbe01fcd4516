import { expect } from 'chai';

import { createClientAddressResolver, normalizeAddress, parseTrustedProxies } from './clientAddress';

describe('client address', () => {
	describe('normalizeAddress', () => {
		it('accepts IPv4 and IPv6, writes IPv4-mapped IPv6 as IPv4', () => {
			expect(normalizeAddress('203.0.113.9')).to.equal('203.0.113.9');
			expect(normalizeAddress(' 2001:db8::1 ')).to.equal('2001:db8::1');
			expect(normalizeAddress('::ffff:127.0.0.1')).to.equal('127.0.0.1');
		});

		it('refuses anything that is not an address, and over-long text without scanning it', () => {
			for (const text of ['', 'localhost', '1.2.3.4.5', '999.1.1.1', '1.2.3.4, 5.6.7.8', 'x'.repeat(15_000), undefined]) {
				expect(normalizeAddress(text), String(text).slice(0, 20)).to.equal(undefined);
			}
		});
	});

	describe('parseTrustedProxies', () => {
		it('reads addresses, CIDR ranges and "loopback", separated by commas or spaces', () => {
			const list = parseTrustedProxies('10.0.0.0/8, 192.168.1.5 loopback,2001:db8::/32')!;
			expect(list.check('10.20.30.40', 'ipv4')).to.equal(true);
			expect(list.check('192.168.1.5', 'ipv4')).to.equal(true);
			expect(list.check('192.168.1.6', 'ipv4')).to.equal(false);
			expect(list.check('127.0.0.1', 'ipv4')).to.equal(true);
			expect(list.check('::1', 'ipv6')).to.equal(true);
			expect(list.check('2001:db8:ffff::1', 'ipv6')).to.equal(true);
		});

		it('is undefined when empty, and refuses invalid entries', () => {
			expect(parseTrustedProxies(' ,')).to.equal(undefined);
			expect(() => parseTrustedProxies('proxy.example.com')).to.throw('TRUSTED_PROXIES: "proxy.example.com" is not an IP address or CIDR range');
			expect(() => parseTrustedProxies('10.0.0.0/33')).to.throw('invalid prefix length');
			expect(() => parseTrustedProxies('10.0.0.0/8/1')).to.throw('not an IP address');
		});
	});

	describe('createClientAddressResolver', () => {
		it('without trusted proxies, is the socket address whatever the headers say', () => {
			const resolve = createClientAddressResolver(undefined);
			expect(resolve({ 'x-real-ip': '203.0.113.9', 'x-forwarded-for': '198.51.100.1' }, '::ffff:127.0.0.1')).to.equal('127.0.0.1');
		});

		it('ignores forwarding headers from an untrusted peer', () => {
			const resolve = createClientAddressResolver(parseTrustedProxies('10.0.0.1'));
			expect(resolve({ 'x-real-ip': '203.0.113.9' }, '10.0.0.2')).to.equal('10.0.0.2');
		});

		it('from a trusted proxy, prefers a valid X-Real-IP, then the right-most untrusted X-Forwarded-For hop', () => {
			const resolve = createClientAddressResolver(parseTrustedProxies('10.0.0.0/8'));
			expect(resolve({ 'x-real-ip': '203.0.113.9', 'x-forwarded-for': '198.51.100.1' }, '10.0.0.1')).to.equal('203.0.113.9');
			expect(resolve({ 'x-forwarded-for': '6.6.6.6, 198.51.100.1, 10.0.0.7' }, '10.0.0.1')).to.equal('198.51.100.1');
			expect(resolve({ 'x-forwarded-for': '10.0.0.9, 10.0.0.7' }, '10.0.0.1')).to.equal('10.0.0.9');
		});

		it('falls back to the proxy itself when the headers hold no valid address', () => {
			const resolve = createClientAddressResolver(parseTrustedProxies('10.0.0.0/8'));
			expect(resolve({ 'x-real-ip': 'x'.repeat(15_000) }, '10.0.0.1')).to.equal('10.0.0.1');
			expect(resolve({ 'x-forwarded-for': 'garbage' }, '10.0.0.1')).to.equal('10.0.0.1');
			expect(resolve({ 'x-forwarded-for': '198.51.100.1, garbage' }, '10.0.0.1')).to.equal('10.0.0.1');
			expect(resolve({}, '10.0.0.1')).to.equal('10.0.0.1');
		});
	});
});
