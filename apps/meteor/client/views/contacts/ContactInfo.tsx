import { Box, Button, ButtonGroup, Callout, Skeleton, Tag } from '@rocket.chat/fuselage';
import { useState, type ReactNode } from 'react';

import { fieldLabel } from '../../lib/contactForm';
import { getContact } from '../../lib/endpoints';
import { describeError } from '../../lib/errors';
import { useAsync } from '../../lib/hooks';
import { PERMISSIONS } from '../../lib/permissions';
import { ApiError } from '../../lib/restClient';
import { navigate } from '../../lib/router';
import type { Contact } from '../../lib/types';
import { useApp } from '../root/AppContext';
import { ConflictsForm } from './ConflictsForm';
import { ContactChannels, ContactHistory } from './ContactActivity';
import { ContactContextualBar } from './ContactContextualBar';
import { DeleteContactModal } from './DeleteContactModal';
import { ManagerName } from './ManagerName';

export function InfoSection({ title, children }: { title: string; children: ReactNode }) {
	return (
		<Box is='section' marginBlockStart={24} aria-label={title}>
			<Box is='h3' fontScale='p2b' marginBlockEnd={8}>
				{title}
			</Box>
			{children}
		</Box>
	);
}

function ValueList({ values, empty }: { values: string[]; empty: string }) {
	if (!values.length) {
		return (
			<Box fontScale='p2' color='hint'>
				{empty}
			</Box>
		);
	}
	return (
		<Box is='ul' fontScale='p2' style={{ listStyle: 'none', padding: 0, margin: 0 }}>
			{values.map((value, index) => (
				<Box is='li' key={index} marginBlockEnd={4} withTruncatedText title={value}>
					{value}
				</Box>
			))}
		</Box>
	);
}

function CustomFieldValues({ contact }: { contact: Contact }) {
	const { customFields } = useApp();
	const entries = Object.entries(contact.customFields ?? {});
	if (!entries.length) {
		return (
			<Box fontScale='p2' color='hint'>
				No custom fields
			</Box>
		);
	}
	return (
		<Box is='dl' fontScale='p2' margin={0}>
			{entries.map(([key, value]) => {
				const field = customFields.find(({ _id }) => _id === key);
				return (
					<Box key={key} marginBlockEnd={8}>
						<Box is='dt' color='hint' fontScale='c1'>
							{field ? fieldLabel(field) : key}
						</Box>
						<Box is='dd' margin={0} withTruncatedText>
							{typeof value === 'string' ? value : JSON.stringify(value)}
						</Box>
					</Box>
				);
			})}
		</Box>
	);
}

function ContactDetails({ contact, onChanged }: { contact: Contact; onChanged(): void }) {
	const { permissions } = useApp();
	return (
		<>
			<Box display='flex' alignItems='center' flexWrap='wrap' marginBlockStart={16}>
				<Box is='p' fontScale='h4' margin={0} withTruncatedText>
					{contact.name || '(no name)'}
				</Box>
				{contact.unknown && (
					<Tag marginInlineStart={8} variant='secondary-warning'>
						Unknown
					</Tag>
				)}
			</Box>
			{!!contact.conflictingFields?.length && (
				<InfoSection title='Conflicts'>
					<Callout type='warning' marginBlockEnd={12}>
						Visitor data disagrees with this contact in {contact.conflictingFields.length} place{contact.conflictingFields.length === 1 ? '' : 's'}. Choose the values
						to keep.
					</Callout>
					{permissions.has(PERMISSIONS.updateContact) ? (
						<ConflictsForm contact={contact} onResolved={onChanged} />
					) : (
						<Box fontScale='p2' color='hint'>
							You need the update-livechat-contact permission to resolve conflicts.
						</Box>
					)}
				</InfoSection>
			)}
			<InfoSection title='Emails'>
				<ValueList values={contact.emails?.map(({ address }) => address) ?? []} empty='No emails' />
			</InfoSection>
			<InfoSection title='Phones'>
				<ValueList values={contact.phones?.map(({ phoneNumber }) => phoneNumber) ?? []} empty='No phones' />
			</InfoSection>
			<InfoSection title='Contact manager'>
				<Box fontScale='p2'>{contact.contactManager ? <ManagerName manager={contact.contactManager} /> : <Box color='hint'>None</Box>}</Box>
			</InfoSection>
			<InfoSection title='Custom fields'>
				<CustomFieldValues contact={contact} />
			</InfoSection>
			<ContactChannels contactId={contact._id} />
			{permissions.has(PERMISSIONS.viewHistory) && <ContactHistory contactId={contact._id} />}
		</>
	);
}

/** The contact details bar (`contacts.get`) with Edit and Delete where permitted. */
export function ContactInfo({ id, onClose, onChanged }: { id: string; onClose(): void; onChanged(): void }) {
	const { client, permissions } = useApp();
	const [version, setVersion] = useState(0);
	const [confirmingDelete, setConfirmingDelete] = useState(false);
	const contact = useAsync((signal) => getContact(client, id, signal), `${id}|${version}`);
	const loaded = contact.phase !== 'error' ? contact.data : undefined;
	const changed = () => {
		setVersion((value) => value + 1);
		onChanged();
	};

	let content: ReactNode;
	if (contact.phase === 'error') {
		const missing = contact.error instanceof ApiError && contact.error.status === 404;
		content = (
			<Callout type={missing ? 'info' : 'danger'} marginBlockStart={16} role='alert'>
				{missing ? 'This contact does not exist or was deleted.' : describeError(contact.error)}
			</Callout>
		);
	} else if (loaded && loaded._id === id) {
		content = <ContactDetails contact={loaded} onChanged={changed} />;
	} else {
		content = (
			<Box marginBlockStart={16} aria-busy='true' aria-label='Loading contact'>
				<Skeleton width='60%' />
				<Skeleton />
				<Skeleton />
			</Box>
		);
	}

	const footer = loaded && (permissions.has(PERMISSIONS.updateContact) || permissions.has(PERMISSIONS.deleteContact)) && (
		<ButtonGroup stretch>
			{permissions.has(PERMISSIONS.deleteContact) && (
				<Button danger secondary onClick={() => setConfirmingDelete(true)}>
					Delete
				</Button>
			)}
			{permissions.has(PERMISSIONS.updateContact) && <Button onClick={() => navigate({ name: 'edit-contact', id })}>Edit</Button>}
		</ButtonGroup>
	);

	return (
		<ContactContextualBar title='Contact details' focusKey={`details:${id}`} onClose={onClose} footer={footer || undefined}>
			{content}
			{confirmingDelete && loaded && (
				<DeleteContactModal
					contact={loaded}
					onCancel={() => setConfirmingDelete(false)}
					onDeleted={() => {
						setConfirmingDelete(false);
						onChanged();
						onClose();
					}}
				/>
			)}
		</ContactContextualBar>
	);
}
