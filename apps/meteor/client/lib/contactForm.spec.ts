import { expect } from 'chai';

import { contactCustomFields, contactFormFromContact, contactPayload, emptyContactForm, validateContactForm } from './contactForm';
import { permissionsOf } from './permissions';
import type { CustomFieldDefinition } from './types';

const fields: CustomFieldDefinition[] = [
	{ _id: 'cpf', label: 'CPF', scope: 'visitor', visibility: 'visible', required: true, regexp: '^\\d{11}$' },
	{ _id: 'nickname', label: 'Nickname', scope: 'visitor', visibility: 'visible' },
];

describe('contact form', () => {
	it('offers only visible visitor-scope custom fields, as the server allows', () => {
		const all: CustomFieldDefinition[] = [...fields, { _id: 'room', scope: 'room' }, { _id: 'secret', scope: 'visitor', visibility: 'hidden' }];
		expect(contactCustomFields(all).map(({ _id }) => _id)).to.deep.equal(['cpf', 'nickname']);
	});

	it('checks required custom fields and their regexp on the trimmed value', () => {
		const values = { ...emptyContactForm(fields), name: 'Jane' };
		expect(validateContactForm(values, fields)).to.deep.equal({ 'customFields.cpf': 'CPF is required' });
		values.customFields.cpf = ' 123 ';
		expect(validateContactForm(values, fields)).to.deep.equal({ 'customFields.cpf': 'CPF must match ^\\d{11}$' });
		values.customFields.cpf = ' 12345678901 ';
		expect(validateContactForm(values, fields)).to.deep.equal({});
	});

	it('checks the name, duplicates within a list, email shape and lengths', () => {
		const values = { ...emptyContactForm([]), name: ' ', emails: ['a@b.c', 'a@b.c', 'nope'], phones: ['1'.repeat(65)] };
		expect(validateContactForm(values, [])).to.deep.equal({
			'name': 'Enter a name',
			'emails.1': 'This email is already in the list',
			'emails.2': 'Enter an address like name@example.com',
			'phones.0': 'This phone is longer than 64 characters',
		});
	});

	it('sends trimmed values without blank rows or empty optional fields', () => {
		const values = { name: ' Jane ', emails: [' j@x.io ', ''], phones: [''], customFields: { cpf: '12345678901', nickname: ' ' }, contactManager: '' };
		expect(contactPayload(values, fields)).to.deep.equal({ name: 'Jane', emails: ['j@x.io'], phones: [], customFields: { cpf: '12345678901' } });
	});

	it('fills the form from a contact, with its manager id whatever its shape', () => {
		const form = contactFormFromContact({ _id: 'c1', name: 'J', phones: [{ phoneNumber: '+1 555' }], contactManager: { _id: 'u1' }, customFields: { cpf: '1' } }, fields);
		expect(form).to.deep.equal({ name: 'J', emails: [''], phones: ['+1 555'], customFields: { cpf: '1', nickname: '' }, contactManager: 'u1' });
	});
});

describe('permissionsOf', () => {
	it('grants a permission when one of its roles is a global role of the user', () => {
		const roles = new Map([
			['create-livechat-contact', ['admin', 'livechat-agent']],
			['delete-livechat-contact', ['admin']],
		]);
		const agent = permissionsOf(['user', 'livechat-agent'], roles);
		expect(agent.has('create-livechat-contact')).to.equal(true);
		expect(agent.has('delete-livechat-contact')).to.equal(false);
		expect(permissionsOf(['user'], roles).has('create-livechat-contact')).to.equal(false);
	});
});
