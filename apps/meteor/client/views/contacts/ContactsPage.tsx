import { Box, Button, Callout, States, StatesIcon, StatesSubtitle, StatesTitle } from '@rocket.chat/fuselage';
import { useCallback, useState, type ReactNode } from 'react';

import { contactFormFromContact, emptyContactForm } from '../../lib/contactForm';
import { getContact } from '../../lib/endpoints';
import { describeError } from '../../lib/errors';
import { useAsync } from '../../lib/hooks';
import { PERMISSIONS } from '../../lib/permissions';
import { navigate, useRoute, type Route } from '../../lib/router';
import { useApp } from '../root/AppContext';
import { PageFrame } from '../root/PageFrame';
import { ContactContextualBar } from './ContactContextualBar';
import { ContactForm } from './ContactForm';
import { ContactInfo } from './ContactInfo';
import { ContactsTable } from './ContactsTable';

function NotAllowed({ title, permission }: { title: string; permission: string }) {
	return (
		<States>
			<StatesIcon name='lock' />
			<StatesTitle>{title}</StatesTitle>
			<StatesSubtitle>{`Your roles do not include the ${permission} permission. Ask a workspace administrator for access.`}</StatesSubtitle>
		</States>
	);
}

function EditContact({ id, onSaved, onClose }: { id: string; onSaved(id: string): void; onClose(): void }) {
	const { client, customFields } = useApp();
	const contact = useAsync((signal) => getContact(client, id, signal), id);
	if (contact.phase === 'done') {
		return <ContactForm mode='edit' contactId={id} initial={contactFormFromContact(contact.data, customFields)} onSaved={onSaved} onCancel={onClose} />;
	}
	return (
		<ContactContextualBar title='Edit contact' focusKey={`edit-loading:${id}`} onClose={onClose}>
			{contact.phase === 'error' ? (
				<Callout type='danger' marginBlockStart={16} role='alert'>
					{describeError(contact.error)}
				</Callout>
			) : (
				<Box marginBlockStart={16} aria-busy='true'>
					Loading…
				</Box>
			)}
		</ContactContextualBar>
	);
}

/**
 * Rocket.Chat's Contact Center (Omnichannel → Contacts): the table, and the contextual bar for
 * the route (details, new, edit). Each action appears only with its permission; the server
 * checks again and its 403 is shown as a message.
 */
export function ContactsPage() {
	const { me, permissions, customFields, logout } = useApp();
	const route = useRoute();
	const [version, setVersion] = useState(0);
	const reloadTable = useCallback(() => setVersion((value) => value + 1), []);
	const close = useCallback(() => navigate({ name: 'contacts' }), []);
	const saved = useCallback(
		(id: string) => {
			reloadTable();
			navigate({ name: 'contact-details', id });
		},
		[reloadTable],
	);
	const canView = permissions.has(PERMISSIONS.viewContacts);

	const bar = (current: Route): ReactNode => {
		if (!canView) {
			return undefined;
		}
		switch (current.name) {
			case 'new-contact':
				return permissions.has(PERMISSIONS.createContact) ? (
					<ContactForm mode='create' initial={emptyContactForm(customFields)} onSaved={saved} onCancel={close} />
				) : (
					<ContactContextualBar title='New contact' focusKey='new-denied' onClose={close}>
						<NotAllowed title='You are not allowed to create contacts' permission={PERMISSIONS.createContact} />
					</ContactContextualBar>
				);
			case 'edit-contact':
				return permissions.has(PERMISSIONS.updateContact) ? (
					<EditContact id={current.id} onSaved={saved} onClose={close} />
				) : (
					<ContactContextualBar title='Edit contact' focusKey='edit-denied' onClose={close}>
						<NotAllowed title='You are not allowed to edit contacts' permission={PERMISSIONS.updateContact} />
					</ContactContextualBar>
				);
			case 'contact-details':
				return <ContactInfo key={current.id} id={current.id} onClose={close} onChanged={reloadTable} />;
			default:
				return undefined;
		}
	};

	const selectedId = route.name === 'contact-details' || route.name === 'edit-contact' ? route.id : undefined;

	return (
		<PageFrame user={me.name || me.username} onLogout={logout} aside={bar(route)}>
			<Box display='flex' alignItems='center' justifyContent='space-between' paddingInline={24} paddingBlock={16}>
				<Box is='h1' fontScale='h2' margin={0}>
					Contacts
				</Box>
				{canView && permissions.has(PERMISSIONS.createContact) && (
					<Button primary icon='plus' onClick={() => navigate({ name: 'new-contact' })}>
						New contact
					</Button>
				)}
			</Box>
			{canView ? <ContactsTable version={version} selectedId={selectedId} /> : <NotAllowed title='You are not allowed to view contacts' permission={PERMISSIONS.viewContacts} />}
		</PageFrame>
	);
}
