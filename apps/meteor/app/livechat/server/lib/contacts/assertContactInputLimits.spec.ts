import { expect } from 'chai';

import { MeteorError } from '../../../../../lib/errors/MeteorError';
import { settingDefinitions } from '../../../../settings/server/defaults';
import { assertContactInputLimits, contactInputLimits, type ContactInput } from './assertContactInputLimits';

const defaults = contactInputLimits({
	get: <T>(id: string) => settingDefinitions.find((setting) => setting._id === id)?.packageValue as T,
});

function errorOf(input: ContactInput): MeteorError | undefined {
	try {
		assertContactInputLimits(defaults, input);
		return undefined;
	} catch (error) {
		return error as MeteorError;
	}
}

describe('assertContactInputLimits', () => {
	it('reads generous defaults from the settings', () => {
		expect(defaults).to.deep.equal({
			nameMaxLength: 512,
			maxEmails: 100,
			emailMaxLength: 320,
			maxPhones: 100,
			phoneMaxLength: 64,
			maxCustomFields: 100,
			customFieldKeyMaxLength: 128,
			customFieldValueMaxLength: 4096,
			maxExternalIds: 100,
			externalIdMaxLength: 256,
		});
	});

	it('accepts a body exactly at every limit', () => {
		expect(
			errorOf({
				name: 'n'.repeat(512),
				emails: Array.from({ length: 100 }, (_, i) => `${i}@${'e'.repeat(300)}`.slice(0, 320)),
				phones: Array.from({ length: 100 }, (_, i) => `${i}`.padEnd(64, '5')),
				customFields: Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`.padEnd(128, 'k'), 'v'.repeat(4096)])),
			}),
		).to.equal(undefined);
	});

	it('refuses a name one character too long, naming the field', () => {
		const error = errorOf({ name: 'n'.repeat(513) });
		expect(error?.message).to.equal('The field name is longer than 512 characters [error-input-too-long]');
		expect(error?.details).to.deep.equal({ field: 'name', max: 512 });
	});

	it('refuses too many emails or phones', () => {
		expect(errorOf({ emails: Array.from({ length: 101 }, (_, i) => `${i}@x`) })?.message).to.equal(
			'The field emails has more than 100 entries [error-too-many-items]',
		);
		expect(errorOf({ phones: Array.from({ length: 101 }, (_, i) => `${i}`) })?.error).to.equal('error-too-many-items');
	});

	it('refuses one over-long email or phone by its index', () => {
		expect(errorOf({ emails: ['a@b', 'x'.repeat(321)] })?.message).to.equal(
			'The field emails[1] is longer than 320 characters [error-input-too-long]',
		);
		expect(errorOf({ phones: ['5'.repeat(65)] })?.message).to.equal('The field phones[0] is longer than 64 characters [error-input-too-long]');
	});

	it('refuses too many custom fields, an over-long key or value', () => {
		const many = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`k${i}`, 'v']));
		expect(errorOf({ customFields: many })?.error).to.equal('error-too-many-items');
		expect(errorOf({ customFields: { ['k'.repeat(129)]: 'v' } })?.error).to.equal('error-input-too-long');
		expect(errorOf({ customFields: { cpf: 'v'.repeat(4097) } })?.message).to.equal(
			'The field customFields.cpf is longer than 4096 characters [error-input-too-long]',
		);
		expect(errorOf({ customFields: { cpf: { nested: 'v'.repeat(4097) } } })?.error).to.equal('error-input-too-long');
	});

	for (const key of ['$where', '$set', 'a.b', 'nul\0byte', '__proto__', 'constructor', 'prototype']) {
		it(`refuses the custom-field key ${JSON.stringify(key)}, also when nested`, () => {
			const top = errorOf({ customFields: JSON.parse(`{${JSON.stringify(key)}: "x"}`) });
			expect(top?.error).to.equal('error-invalid-custom-field-key');
			expect(top?.message).to.match(/^The field customFields has a key that starts with "\$", contains "\." or a NUL character, or is reserved/);
			const nested = errorOf({ customFields: JSON.parse(`{"ok": {"deeper": {${JSON.stringify(key)}: 1}}}`) });
			expect(nested?.error).to.equal('error-invalid-custom-field-key');
			expect(nested?.details).to.deep.equal({ field: 'customFields.ok' });
		});
	}

	it('accepts ordinary keys with "$" or NUL-free punctuation inside', () => {
		expect(errorOf({ customFields: { price$: '1', 'a-b_c d': 'x', ünïcode: 'y' } })).to.equal(undefined);
	});

	it('refuses values nested deeper than 8 levels', () => {
		let deep: unknown = 'leaf';
		for (let i = 0; i < 9; i++) {
			deep = { d: deep };
		}
		expect(errorOf({ customFields: { cpf: deep } })?.error).to.equal('error-input-too-deep');
	});

	it('ignores fields of other types: validation answers for those', () => {
		expect(errorOf({ name: 42, emails: 'not-a-list', customFields: 'x' })).to.equal(undefined);
	});
});
