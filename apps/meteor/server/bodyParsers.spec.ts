import { expect } from 'chai';

import { parseJsonBody } from './bodyParsers';

describe('parseJsonBody', () => {
	it('parses objects and arrays', () => {
		expect(parseJsonBody('{"a":1}')).to.deep.equal({ a: 1 });
		expect(parseJsonBody('[1]')).to.deep.equal([1]);
	});

	it('treats empty, malformed and primitive bodies as {}', () => {
		for (const text of ['', '   ', '{"a":', 'nope', 'null', '42', '"str"', 'true']) {
			expect(parseJsonBody(text), text).to.deep.equal({});
		}
	});

	it('drops __proto__ keys at any depth', () => {
		const parsed = parseJsonBody('{"a":{"__proto__":{"polluted":1}},"__proto__":{"x":1},"b":2}') as Record<string, unknown>;
		expect(Object.keys(parsed)).to.deep.equal(['a', 'b']);
		expect(Object.keys(parsed.a as object)).to.deep.equal([]);
		expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
	});
});
