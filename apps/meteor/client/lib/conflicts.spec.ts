import { expect } from 'chai';

import { conflictChoices, conflictResolution } from './conflicts';

describe('conflict resolution', () => {
	it('groups conflicting values by field, the current value first', () => {
		const choices = conflictChoices({
			_id: 'c',
			name: 'Jane',
			contactManager: 'u1',
			customFields: { plan: 'gold' },
			conflictingFields: [
				{ field: 'name', value: 'Janet' },
				{ field: 'customFields.plan', value: 'silver' },
				{ field: 'name', value: 'J.' },
				{ field: 'manager', value: 'u2' },
			],
		});
		expect(choices).to.deep.equal([
			{ field: 'name', current: 'Jane', options: ['Jane', 'Janet', 'J.'] },
			{ field: 'customFields.plan', current: 'gold', options: ['gold', 'silver'] },
			{ field: 'manager', current: 'u1', options: ['u1', 'u2'] },
		]);
	});

	it('sends the chosen values and wipes the conflicts', () => {
		expect(conflictResolution({ 'name': 'Janet', 'manager': 'u2', 'customFields.plan': 'silver' })).to.deep.equal({
			wipeConflicts: true,
			name: 'Janet',
			contactManager: 'u2',
			customFields: { plan: 'silver' },
		});
	});
});
