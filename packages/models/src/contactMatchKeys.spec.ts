import { expect } from 'chai';

import { contactMatchKeys, externalIdKey, normalizeEmail, normalizePhone, phoneRegionOf } from './contactMatchKeys';

describe('contact match keys', () => {
	describe('normalizeEmail', () => {
		it('trims and lower-cases', () => {
			expect(normalizeEmail('  Jane@Example.COM ')).to.equal('jane@example.com');
		});

		it('writes an IDN domain in punycode, so both spellings meet', () => {
			expect(normalizeEmail('Ann@Bücher.DE')).to.equal('ann@xn--bcher-kva.de');
			expect(normalizeEmail('ann@xn--bcher-kva.de')).to.equal('ann@xn--bcher-kva.de');
		});

		it('keeps a text that is no email (no @, or a domain that cannot be one) lower-cased', () => {
			expect(normalizeEmail('Not An Email')).to.equal('not an email');
			expect(normalizeEmail('a@b c')).to.equal('a@b c');
			expect(normalizeEmail('A@')).to.equal('a@');
		});
	});

	describe('normalizePhone', () => {
		it('writes a number with a + country code in E.164 whatever its punctuation', () => {
			expect(normalizePhone('+1 (555) 123-4567', '')).to.equal('+15551234567');
			expect(normalizePhone('+15551234567', '')).to.equal('+15551234567');
			expect(normalizePhone('+44 20 7946 0958', '')).to.equal('+442079460958');
		});

		it('keeps only the digits of a national number when no region is set', () => {
			expect(normalizePhone('(555) 123-4567', '')).to.equal('5551234567');
		});

		it('reads a national number in the default region', () => {
			expect(normalizePhone('(555) 123-4567', 'US')).to.equal('+15551234567');
			expect(normalizePhone('020 7946 0958', 'GB')).to.equal('+442079460958');
		});

		it('keeps an extension apart', () => {
			expect(normalizePhone('+1 555 123 4567 ext 12', '')).to.equal('+15551234567;ext=12');
		});

		it('answers no key for a text without digits, digits only for an impossible number', () => {
			expect(normalizePhone('call me', '')).to.equal('');
			expect(normalizePhone('+1', '')).to.equal('1');
			expect(normalizePhone('555', 'US')).to.equal('555');
		});
	});

	it('reads a region setting case-insensitively and ignores one libphonenumber does not know', () => {
		expect(phoneRegionOf(' us ')).to.equal('US');
		expect(phoneRegionOf('XX')).to.equal(undefined);
		expect(phoneRegionOf('')).to.equal(undefined);
		expect(phoneRegionOf(42)).to.equal(undefined);
		expect(normalizePhone('(555) 123-4567', 'XX')).to.equal('5551234567');
	});

	it('encodes an external id so no two (source, id) pairs share a key', () => {
		expect(externalIdKey('a:b', 'c')).to.not.equal(externalIdKey('a', 'b:c'));
		expect(externalIdKey('crm', '42')).to.equal('["crm","42"]');
	});

	it('de-duplicates the keys of a contact and drops empty ones', () => {
		expect(
			contactMatchKeys(
				{
					emails: [{ address: 'A@x.com' }, { address: 'a@X.com ' }, { address: '' }],
					phones: [{ phoneNumber: '+1 555 123 4567' }, { phoneNumber: '+15551234567' }, { phoneNumber: 'n/a' }],
					externalIds: [{ source: 'crm', id: '1' }],
				},
				'',
			),
		).to.deep.equal({ emails: ['a@x.com'], phones: ['+15551234567'], externalIds: ['["crm","1"]'] });
	});
});
