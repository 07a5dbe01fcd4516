import { Box, Button, ButtonGroup, Callout, Field, FieldError, FieldGroup, FieldHint, FieldLabel, FieldRow, IconButton, TextInput } from '@rocket.chat/fuselage';
import { useId, useRef, useState, type FormEvent } from 'react';

import { contactPayload, fieldLabel, validateContactForm, type ContactFormValues, type FormErrors } from '../../lib/contactForm';
import { createContact, updateContact } from '../../lib/endpoints';
import { describeError, errorField, withoutErrorCode } from '../../lib/errors';
import { ApiError } from '../../lib/restClient';
import { useApp } from '../root/AppContext';
import { ContactContextualBar } from './ContactContextualBar';
import { ContactManagerField } from './ContactManagerField';

type ListKey = 'emails' | 'phones';

/** Form rows that are sent (non-blank), so a server error about `phones[1]` finds its row. */
function sentRows(list: string[]): number[] {
	return list.flatMap((value, index) => (value.trim() ? [index] : []));
}

function serverErrorKey(key: string, values: ContactFormValues): string {
	const match = /^(emails|phones)\.(\d+)$/.exec(key);
	if (!match) {
		return key;
	}
	const row = sentRows(values[match[1] as ListKey])[Number(match[2])];
	return row === undefined ? match[1] : `${match[1]}.${row}`;
}

function inputProps(domId: string, error: string | undefined) {
	return { 'id': domId, 'aria-invalid': error ? true : undefined, 'aria-describedby': error ? `${domId}-error` : undefined, 'error': error };
}

function ErrorText({ domId, error }: { domId: string; error?: string }) {
	return error ? <FieldError id={`${domId}-error`}>{error}</FieldError> : null;
}

function ListField({
	baseId,
	listKey,
	label,
	itemLabel,
	inputMode,
	values,
	errors,
	onChange,
}: {
	baseId: string;
	listKey: ListKey;
	label: string;
	itemLabel: string;
	inputMode: 'email' | 'tel';
	values: string[];
	errors: FormErrors;
	onChange(values: string[]): void;
}) {
	const set = (index: number, value: string) => onChange(values.map((item, i) => (i === index ? value : item)));
	return (
		<Box is='fieldset' borderWidth='none' padding={0} margin={0} marginBlockEnd={8}>
			<Box is='legend' fontScale='p2m' marginBlockEnd={8}>
				{label}
			</Box>
			{values.map((value, index) => {
				const domId = `${baseId}-${listKey}-${index}`;
				const error = errors[`${listKey}.${index}`];
				return (
					<Field key={index} marginBlockEnd={8}>
						<FieldRow>
							<TextInput
								{...inputProps(domId, error)}
								aria-label={`${itemLabel} ${index + 1}`}
								name={`${listKey}.${index}`}
								inputMode={inputMode}
								autoComplete={inputMode === 'email' ? 'email' : 'tel'}
								value={value}
								onChange={(event) => set(index, (event.target as HTMLInputElement).value)}
							/>
							{values.length > 1 && (
								<IconButton marginInlineStart={4} small icon='trash' title={`Remove ${itemLabel.toLowerCase()} ${index + 1}`} aria-label={`Remove ${itemLabel.toLowerCase()} ${index + 1}`} onClick={() => onChange(values.filter((_, i) => i !== index))} />
							)}
						</FieldRow>
						<ErrorText domId={domId} error={error} />
					</Field>
				);
			})}
			{errors[listKey] && <FieldError>{errors[listKey]}</FieldError>}
			<Button small secondary icon='plus' onClick={() => onChange([...values, ''])}>
				{`Add ${itemLabel.toLowerCase()}`}
			</Button>
		</Box>
	);
}

/**
 * Create or edit a contact: name, emails, phones, contact manager and the workspace's custom
 * fields (required marks, regexp hints). The form checks what the server checks before sending;
 * an error the server still returns is shown next to the field it names, and focus goes there.
 */
export function ContactForm({
	mode,
	contactId,
	initial,
	onSaved,
	onCancel,
}: {
	mode: 'create' | 'edit';
	contactId?: string;
	initial: ContactFormValues;
	onSaved(contactId: string): void;
	onCancel(): void;
}) {
	const { client, customFields } = useApp();
	const baseId = useId().replace(/:/g, '');
	const formRef = useRef<HTMLFormElement>(null);
	const [values, setValues] = useState(initial);
	const [errors, setErrors] = useState<FormErrors>({});
	const [formError, setFormError] = useState<string>();
	const [busy, setBusy] = useState(false);
	const domId = (key: string) => `${baseId}-${key.replace(/\./g, '-')}`;

	const focusFirstError = (found: FormErrors) => {
		const first = Object.keys(found)[0];
		if (first) {
			// After React has rendered the error, so the description is read with the field.
			requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>(`#${CSS.escape(domId(first))}`)?.focus());
		}
	};

	const onSubmit = async (event: FormEvent) => {
		event.preventDefault();
		const found = validateContactForm(values, customFields);
		setErrors(found);
		setFormError(undefined);
		if (Object.keys(found).length) {
			focusFirstError(found);
			return;
		}
		const payload = contactPayload(values, customFields);
		if (mode === 'edit' && values.contactManager === initial.contactManager) {
			// Unchanged: re-sending would fail if the manager has since lost the agent role.
			delete payload.contactManager;
		}
		setBusy(true);
		try {
			const savedId = mode === 'create' ? await createContact(client, payload) : (await updateContact(client, contactId ?? '', payload))._id;
			onSaved(savedId);
		} catch (caught) {
			setBusy(false);
			const key = errorField(caught, customFields);
			if (key) {
				const fieldErrors = { [serverErrorKey(key, values)]: withoutErrorCode((caught as ApiError).error) };
				setErrors(fieldErrors);
				focusFirstError(fieldErrors);
			} else {
				setFormError(describeError(caught));
			}
		}
	};

	const title = mode === 'create' ? 'New contact' : 'Edit contact';
	const footer = (
		<ButtonGroup stretch>
			<Button secondary onClick={onCancel}>
				Cancel
			</Button>
			<Button primary type='submit' form={`${baseId}-form`} loading={busy}>
				Save
			</Button>
		</ButtonGroup>
	);

	return (
		<ContactContextualBar title={title} focusKey={`${mode}:${contactId ?? ''}`} onClose={onCancel} footer={footer}>
			<form id={`${baseId}-form`} ref={formRef} onSubmit={onSubmit} noValidate aria-label={title}>
				{formError && (
					<Callout type='danger' marginBlockStart={16} role='alert'>
						{formError}
					</Callout>
				)}
				<FieldGroup marginBlockStart={16}>
					<Field>
						<FieldLabel htmlFor={domId('name')} required>
							Name
						</FieldLabel>
						<FieldRow>
							<TextInput {...inputProps(domId('name'), errors.name)} name='name' value={values.name} onChange={(event) => setValues({ ...values, name: (event.target as HTMLInputElement).value })} />
						</FieldRow>
						<ErrorText domId={domId('name')} error={errors.name} />
					</Field>
					<ListField baseId={baseId} listKey='emails' label='Emails' itemLabel='Email' inputMode='email' values={values.emails} errors={errors} onChange={(emails) => setValues({ ...values, emails })} />
					<ListField baseId={baseId} listKey='phones' label='Phones' itemLabel='Phone' inputMode='tel' values={values.phones} errors={errors} onChange={(phones) => setValues({ ...values, phones })} />
					<ContactManagerField
						id={domId('contactManager')}
						value={values.contactManager}
						initial={initial.contactManager}
						error={errors.contactManager}
						onChange={(contactManager) => setValues({ ...values, contactManager })}
					/>
					{customFields.map((field) => {
						const key = `customFields.${field._id}`;
						return (
							<Field key={field._id}>
								<FieldLabel htmlFor={domId(key)} required={field.required}>
									{fieldLabel(field)}
								</FieldLabel>
								<FieldRow>
									<TextInput
										{...inputProps(domId(key), errors[key])}
										name={key}
										value={values.customFields[field._id] ?? ''}
										onChange={(event) => setValues({ ...values, customFields: { ...values.customFields, [field._id]: (event.target as HTMLInputElement).value } })}
									/>
								</FieldRow>
								{field.regexp && <FieldHint>{`Format: ${field.regexp}`}</FieldHint>}
								<ErrorText domId={domId(key)} error={errors[key]} />
							</Field>
						);
					})}
					{errors.customFields && <FieldError>{errors.customFields}</FieldError>}
				</FieldGroup>
			</form>
		</ContactContextualBar>
	);
}
