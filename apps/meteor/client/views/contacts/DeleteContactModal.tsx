import { Box, Button, Modal, ModalBackdrop, ModalClose, ModalContent, ModalFooter, ModalFooterControllers, ModalHeader, ModalTitle } from '@rocket.chat/fuselage';
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';

import { deleteContact } from '../../lib/endpoints';
import { describeError } from '../../lib/errors';
import type { Contact } from '../../lib/types';
import { useApp } from '../root/AppContext';

/** Delete with confirmation (`contacts.delete`). Focus starts on Cancel; Escape cancels. */
export function DeleteContactModal({ contact, onCancel, onDeleted }: { contact: Contact; onCancel(): void; onDeleted(): void }) {
	const { client } = useApp();
	const [busy, setBusy] = useState(false);
	const [error, setError] = useState<string>();
	const cancelRef = useRef<HTMLButtonElement>(null);
	const ids = { title: useId(), text: useId() };

	useEffect(() => cancelRef.current?.focus(), []);

	const confirm = async () => {
		setBusy(true);
		setError(undefined);
		try {
			await deleteContact(client, contact._id);
			onDeleted();
		} catch (caught) {
			setError(describeError(caught));
			setBusy(false);
		}
	};

	const onKeyDown = (event: KeyboardEvent) => {
		if (event.key === 'Escape') {
			event.preventDefault();
			event.stopPropagation();
			onCancel();
		}
	};

	return (
		<ModalBackdrop onKeyDown={onKeyDown}>
			<Modal role='alertdialog' aria-modal='true' aria-labelledby={ids.title} aria-describedby={ids.text}>
				<ModalHeader>
					<ModalTitle id={ids.title}>Delete contact</ModalTitle>
					<ModalClose aria-label='Cancel' onClick={onCancel} />
				</ModalHeader>
				<ModalContent>
					<Box id={ids.text} fontScale='p2'>
						Delete “{contact.name || '(no name)'}”? Their emails, phones and custom fields are removed. This cannot be undone.
					</Box>
					{error && (
						<Box color='danger' fontScale='p2' marginBlockStart={12} role='alert'>
							{error}
						</Box>
					)}
				</ModalContent>
				<ModalFooter>
					<ModalFooterControllers>
						<Button ref={cancelRef} secondary onClick={onCancel} disabled={busy}>
							Cancel
						</Button>
						<Button danger onClick={confirm} loading={busy}>
							Delete
						</Button>
					</ModalFooterControllers>
				</ModalFooter>
			</Modal>
		</ModalBackdrop>
	);
}
