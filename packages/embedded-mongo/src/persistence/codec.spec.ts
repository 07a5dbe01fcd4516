import { expect } from 'chai';
import fc from 'fast-check';
import { Binary, Decimal128, Long, ObjectId, Timestamp } from 'mongodb';

import { decodeValue, encodeValue } from './codec';

const roundTrip = (value: unknown) => decodeValue(encodeValue(value));

/** Keys a user could send, including ones that look like encoding tags or EJSON wrappers. */
const hostileKey = fc.oneof(
	fc.string(),
	fc.constantFrom('$d', '$o', '$u', '$e', '$$d', '$date', '$oid', '$numberLong', '$', '$$', '__proto__', 'a.b', ''),
	fc.string().map((key) => `$${key}`),
);

const leaf = fc.oneof(
	fc.string(),
	fc.double(),
	fc.integer(),
	fc.boolean(),
	fc.constant(null),
	fc.constant(undefined),
	fc.date({ noInvalidDate: false }),
	fc.uint8Array({ maxLength: 8 }).map((bytes) => new ObjectId(Buffer.concat([Buffer.from(bytes), Buffer.alloc(12)]).subarray(0, 12))),
	fc.bigInt(),
	fc.constantFrom({ $numberLong: 'not-a-number' }, { $oid: 'zz' }, { $date: 'yesterday' }, { $d: 1 }, { $regularExpression: 1 }),
);

const documentArb = fc.letrec((tie) => ({
	value: fc.oneof({ depthSize: 'small' }, leaf, tie('array'), tie('object')),
	array: fc.array(tie('value'), { maxLength: 4 }),
	object: fc.dictionary(hostileKey, tie('value'), { maxKeys: 5 }),
})).object;

describe('persistence codec (typed encoding)', () => {
	it('round-trips any document, including keys and values that look like type tags or EJSON', () => {
		fc.assert(
			fc.property(documentArb, (doc) => {
				const back = roundTrip(doc) as Record<string, unknown>;
				expect(back).to.deep.equal(doc);
				expect(Object.keys(back)).to.deep.equal(Object.keys(doc));
			}),
			{ numRuns: 500 },
		);
	});

	it('keeps BSON and JS types: Date, ObjectId, -0, NaN, Infinity, BigInt, bytes, RegExp, Long, Decimal128, Timestamp', () => {
		const id = new ObjectId();
		const doc = {
			at: new Date(42),
			invalid: new Date(Number.NaN),
			id,
			negativeZero: -0,
			nan: Number.NaN,
			inf: [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY],
			big: 12345678901234567890n,
			bytes: Buffer.from('hi'),
			pattern: /a.b/gi,
			long: Long.fromString('9007199254740993'),
			decimal: Decimal128.fromString('1.10'),
			ts: new Timestamp({ t: 1, i: 2 }),
			binary: new Binary(Buffer.from([1, 2, 3]), 0x80),
			nested: [[{ deep: [new Date(7)] }]],
			hole: [1, undefined, 3],
		};
		const back = roundTrip(doc) as typeof doc;
		expect(back).to.deep.equal(doc);
		expect(back.id).to.be.instanceOf(ObjectId);
		expect(Object.is(back.negativeZero, -0)).to.equal(true);
		expect(back.long).to.be.instanceOf(Long);
		expect(back.decimal.toString()).to.equal('1.10');
		expect(Number.isNaN(back.invalid.getTime())).to.equal(true);
	});

	it('stores a __proto__ key as data, never as the prototype', () => {
		const doc = JSON.parse('{"__proto__": {"polluted": true}, "$x": {"__proto__": 1}}');
		const back = roundTrip(doc) as Record<string, unknown>;
		expect(Object.getPrototypeOf(back)).to.equal(Object.prototype);
		expect(Object.keys(back)).to.deep.equal(['__proto__', '$x']);
		expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
	});
});
