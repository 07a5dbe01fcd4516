import { expect } from 'chai';

import { MeteorError } from '../../../lib/errors/MeteorError';
import { renderError } from './errors/renderError';
import { getPaginationItems, parseSort } from './pagination';

function settingsOf(values: Record<string, unknown>) {
	const all: Record<string, unknown> = { API_Default_Count: 50, API_Upper_Count_Limit: 100, API_Allow_Infinite_Count: true, ...values };
	return { get: <T>(id: string) => all[id] as T };
}

describe('getPaginationItems', () => {
	const defaults = settingsOf({});

	it('defaults to offset 0 and API_Default_Count', () => {
		expect(getPaginationItems({}, defaults)).to.deep.equal({ offset: 0, count: 50 });
	});

	it('parses strings and numbers', () => {
		expect(getPaginationItems({ offset: '10', count: '20' }, defaults)).to.deep.equal({ offset: 10, count: 20 });
		expect(getPaginationItems({ offset: 5, count: 7 }, defaults)).to.deep.equal({ offset: 5, count: 7 });
	});

	it('caps count at API_Upper_Count_Limit', () => {
		expect(getPaginationItems({ count: '500' }, defaults).count).to.equal(100);
		expect(getPaginationItems({ count: '500' }, settingsOf({ API_Upper_Count_Limit: 200 })).count).to.equal(200);
	});

	it('treats non-positive settings as 50 and 100', () => {
		const broken = settingsOf({ API_Default_Count: 0, API_Upper_Count_Limit: -1 });
		expect(getPaginationItems({}, broken).count).to.equal(50);
		expect(getPaginationItems({ count: 1000 }, broken).count).to.equal(100);
	});

	it('lets count=0 mean unlimited only while API_Allow_Infinite_Count is on', () => {
		expect(getPaginationItems({ count: '0' }, defaults).count).to.equal(0);
		expect(getPaginationItems({ count: '0' }, settingsOf({ API_Allow_Infinite_Count: false })).count).to.equal(50);
	});

	it('falls back to the defaults for values that are not non-negative integers', () => {
		expect(getPaginationItems({ offset: 'abc', count: 'xyz' }, defaults)).to.deep.equal({ offset: 0, count: 50 });
		expect(getPaginationItems({ offset: '-3', count: '-1' }, defaults)).to.deep.equal({ offset: 0, count: 50 });
	});
});

describe('parseSort', () => {
	it('returns undefined when no sort is given', () => {
		expect(parseSort(undefined)).to.equal(undefined);
		expect(parseSort('')).to.equal(undefined);
	});

	it('parses a JSON object of 1/-1', () => {
		expect(parseSort('{"name":1,"createdAt":-1}')).to.deep.equal({ name: 1, createdAt: -1 });
	});

	for (const raw of ['{"name":2}', '{name:1}', '5', '[1]', 'null', '{"$where":1}', '{"name":"1"}']) {
		it(`rejects ${raw} with error-invalid-sort`, () => {
			let thrown: unknown;
			try {
				parseSort(raw);
			} catch (error) {
				thrown = error;
			}
			expect(thrown).to.be.instanceOf(MeteorError);
			expect(JSON.stringify(renderError(thrown, { testMode: false }).body)).to.equal(
				JSON.stringify({
					success: false,
					error: `Invalid sort parameter provided: "${raw}" [error-invalid-sort]`,
					errorType: 'error-invalid-sort',
					details: { helperMethod: 'parseJsonQuery' },
				}),
			);
		});
	}

	it('accepts 32 keys and refuses 33 (MongoDB\'s limit) without echoing them', () => {
		const keys = (n: number) => JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 1])));
		expect(Object.keys(parseSort(keys(32))!)).to.have.lengthOf(32);
		let thrown: unknown;
		try {
			parseSort(keys(33));
		} catch (error) {
			thrown = error;
		}
		expect(renderError(thrown, { testMode: false }).body).to.deep.include({
			error: 'Invalid sort parameter provided: more than 32 keys [error-invalid-sort]',
			errorType: 'error-invalid-sort',
			details: { helperMethod: 'parseJsonQuery', maxKeys: 32 },
		});
	});

	it('rejects a sort that arrived as an object', () => {
		expect(() => parseSort({ name: '1' })).to.throw(MeteorError, 'Invalid sort parameter provided');
	});
});
