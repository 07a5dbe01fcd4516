import { domainToASCII } from 'node:url';

import { type CountryCode, isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js';

/**
 * Normalized matching keys of a contact. Rocket.Chat stores emails and phones
 * verbatim and matches them exactly; these keys let `+1 (555) 123-4567` meet
 * `+15551234567` and `Jane@Example.COM` meet `jane@example.com`. They are
 * stored beside the contact's data for indexing and never shown by the API.
 */
export interface ContactMatchKeys {
	emails: string[];
	phones: string[];
	/** `externalIdKey(source, id)` of each external id. */
	externalIds: string[];
}

/** What keys are computed from; a contact document fits. */
export interface KeyedFields {
	emails?: { address: string }[];
	phones?: { phoneNumber: string }[];
	externalIds?: { source: string; id: string }[];
}

/** The ISO country a phone without `+` is read in; '' = such phones keep a digits-only key. */
export type PhoneRegion = string;

/** A setting value as a region libphonenumber knows, else none. */
export function phoneRegionOf(setting: unknown): CountryCode | undefined {
	const region = typeof setting === 'string' ? setting.trim().toUpperCase() : '';
	return region && isSupportedCountry(region) ? region : undefined;
}

/**
 * An email's key: trimmed, lower-cased, its domain in punycode (IDN).
 *
 * @example normalizeEmail('  Jane@Bücher.DE ') // 'jane@xn--bcher-kva.de'
 */
export function normalizeEmail(email: string): string {
	const trimmed = email.trim().toLowerCase();
	const at = trimmed.lastIndexOf('@');
	if (at === -1) {
		return trimmed;
	}
	const domain = trimmed.slice(at + 1);
	// domainToASCII answers '' for what cannot be a domain; such a text keeps its lower-cased form.
	const ascii = domain && domainToASCII(domain);
	return `${trimmed.slice(0, at)}@${ascii || domain}`;
}

/**
 * A phone's key: E.164 (plus `;ext=` when an extension is given) when the
 * number is possible — with a `+` country code, or read in `region` — else
 * its digits only. A text without digits has no key ('').
 *
 * @example normalizePhone('+1 (555) 123-4567', '') // '+15551234567'
 * @example normalizePhone('(555) 123-4567', '')   // '5551234567'
 * @example normalizePhone('(555) 123-4567', 'US') // '+15551234567'
 */
export function normalizePhone(phone: string, region: PhoneRegion): string {
	const parsed = parsePhoneNumberFromString(phone, { defaultCountry: phoneRegionOf(region), extract: false });
	if (parsed?.isPossible()) {
		return parsed.ext ? `${parsed.number};ext=${parsed.ext}` : parsed.number;
	}
	return phone.replace(/\D+/g, '');
}

/** One string per `(source, id)`, unambiguous whatever the two contain. */
export function externalIdKey(source: string, id: string): string {
	return JSON.stringify([source, id]);
}

function distinctNonEmpty(values: string[]): string[] {
	return [...new Set(values.filter(Boolean))];
}

/**
 * The keys of a contact's emails, phones and external ids, each list
 * de-duplicated.
 *
 * @example contactMatchKeys({ emails: [{ address: 'A@x.com' }, { address: 'a@X.com' }] }, '') // { emails: ['a@x.com'], phones: [], externalIds: [] }
 */
export function contactMatchKeys(fields: KeyedFields, region: PhoneRegion): ContactMatchKeys {
	return {
		emails: distinctNonEmpty((fields.emails ?? []).map(({ address }) => normalizeEmail(String(address ?? '')))),
		phones: distinctNonEmpty((fields.phones ?? []).map(({ phoneNumber }) => normalizePhone(String(phoneNumber ?? ''), region))),
		externalIds: distinctNonEmpty((fields.externalIds ?? []).map(({ source, id }) => externalIdKey(source, id))),
	};
}
