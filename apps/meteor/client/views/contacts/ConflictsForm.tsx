import { Box, Button, FieldError, RadioButton } from '@rocket.chat/fuselage';
import { useId, useState, type FormEvent } from 'react';

import { conflictChoices, conflictResolution } from '../../lib/conflicts';
import { fieldLabel } from '../../lib/contactForm';
import { resolveConflicts } from '../../lib/endpoints';
import { describeError } from '../../lib/errors';
import type { Contact } from '../../lib/types';
import { useApp } from '../root/AppContext';

function ConflictField({ field, options, value, onChange }: { field: string; options: string[]; value: string; onChange(value: string): void }) {
	const { customFields } = useApp();
	const groupId = useId();
	const custom = field.startsWith('customFields.') ? customFields.find(({ _id }) => `customFields.${_id}` === field) : undefined;
	const label = field === 'name' ? 'Name' : field === 'manager' ? 'Contact manager' : custom ? fieldLabel(custom) : field.replace(/^customFields\./, '');
	return (
		<Box is='fieldset' borderWidth='none' padding={0} margin={0} marginBlockEnd={16}>
			<Box is='legend' fontScale='p2m' marginBlockEnd={4}>
				{label}
			</Box>
			{options.map((option, index) => (
				<Box key={option} display='flex' alignItems='center' marginBlockEnd={4}>
					<RadioButton id={`${groupId}-${index}`} name={groupId} checked={value === option} onChange={() => onChange(option)} />
					<Box is='label' htmlFor={`${groupId}-${index}`} fontScale='p2' marginInlineStart={8}>
						{option || '(empty)'}
						{index === 0 ? ' (current)' : ''}
					</Box>
				</Box>
			))}
		</Box>
	);
}

/** Rocket.Chat's conflict review: pick a value per conflicting field, then `contacts.conflicts` with `wipeConflicts`. */
export function ConflictsForm({ contact, onResolved }: { contact: Contact; onResolved(): void }) {
	const { client } = useApp();
	const choices = conflictChoices(contact);
	const [chosen, setChosen] = useState<Record<string, string>>(() => Object.fromEntries(choices.map(({ field, current }) => [field, current])));
	const [busy, setBusy] = useState(false);
	const [error, setError] = useState<string>();

	const onSubmit = async (event: FormEvent) => {
		event.preventDefault();
		setBusy(true);
		setError(undefined);
		try {
			await resolveConflicts(client, contact._id, conflictResolution(chosen));
			onResolved();
		} catch (caught) {
			setError(describeError(caught));
			setBusy(false);
		}
	};

	return (
		<form onSubmit={onSubmit} aria-label='Resolve conflicts'>
			{choices.map(({ field, options }) => (
				<ConflictField key={field} field={field} options={options} value={chosen[field] ?? ''} onChange={(value) => setChosen({ ...chosen, [field]: value })} />
			))}
			{error && <FieldError role='alert'>{error}</FieldError>}
			<Button type='submit' small primary loading={busy}>
				Resolve conflicts
			</Button>
		</form>
	);
}
