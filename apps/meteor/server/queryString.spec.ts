import { expect } from 'chai';

import { parseQueryString } from './queryString';

describe('parseQueryString', () => {
	it('parses plain pairs and decodes them', () => {
		expect(parseQueryString('a=1&b=hello%20world&c=x+y&d=')).to.deep.equal({ a: '1', b: 'hello world', c: 'x y', d: '' });
	});

	it('returns {} for an empty string', () => {
		expect(parseQueryString('')).to.deep.equal({});
	});

	it('turns repeated keys into arrays', () => {
		expect(parseQueryString('a=1&a=2&a=3')).to.deep.equal({ a: ['1', '2', '3'] });
	});

	it('turns bracket keys into objects and arrays, so validators see them as such', () => {
		expect(parseQueryString('contactId[$ne]=x')).to.deep.equal({ contactId: { $ne: 'x' } });
		expect(parseQueryString('a[]=1&a[]=2')).to.deep.equal({ a: ['1', '2'] });
		expect(parseQueryString('a[b][c]=1')).to.deep.equal({ a: { b: { c: '1' } } });
		expect(parseQueryString('a%5Bb%5D=1')).to.deep.equal({ a: { b: '1' } });
	});

	it('turns bracket indices into arrays in index order, as qs does, up to the array limit', () => {
		expect(parseQueryString('emails[1]=b&emails[0]=a')).to.deep.equal({ emails: ['a', 'b'] });
		expect(parseQueryString('a[0][b]=1&a[3][b]=2')).to.deep.equal({ a: [{ b: '1' }, { b: '2' }] });
		expect(parseQueryString('a[b][0]=1')).to.deep.equal({ a: { b: ['1'] } });
		expect(parseQueryString('a[0]=x&a[b]=y')).to.deep.equal({ a: { 0: 'x', b: 'y' } });
		expect(parseQueryString('a[21]=x')).to.deep.equal({ a: { 21: 'x' } });
		expect(parseQueryString('a[21]=x', 100)).to.deep.equal({ a: ['x'] });
		expect(parseQueryString('0=x&1=y')).to.deep.equal({ 0: 'x', 1: 'y' });
	});

	it('never assigns prototype keys', () => {
		const parsed = parseQueryString('__proto__[polluted]=1&a[__proto__][x]=1&constructor[prototype][y]=1');
		expect(parsed).to.deep.equal({});
		expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
	});

	it('keeps malformed percent-encoding as text', () => {
		expect(parseQueryString('a=%E0%A4%A')).to.deep.equal({ a: '%E0%A4%A' });
	});

	it('keeps the first value when a key is used both plain and with brackets', () => {
		expect(parseQueryString('a=1&a[b]=2')).to.deep.equal({ a: '1' });
	});

	it('treats keys with unbalanced brackets as plain keys', () => {
		expect(parseQueryString('a[b=1&[x]=2')).to.deep.equal({ 'a[b': '1', '[x]': '2' });
	});
});
