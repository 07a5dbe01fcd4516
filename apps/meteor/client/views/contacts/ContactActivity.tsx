import { Box, Button, Skeleton, Tag } from '@rocket.chat/fuselage';
import { useState } from 'react';

import { getContactChannels, getContactHistory, setChannelBlocked } from '../../lib/endpoints';
import { describeError } from '../../lib/errors';
import { useAsync } from '../../lib/hooks';
import { PERMISSIONS } from '../../lib/permissions';
import type { ContactChannel } from '../../lib/types';
import { useApp } from '../root/AppContext';
import { InfoSection } from './ContactInfo';
import { formatDateTime } from './format';

const HISTORY_PAGE = 10;

function Loading() {
	return (
		<Box aria-busy='true'>
			<Skeleton />
		</Box>
	);
}

function Hint({ children }: { children: string }) {
	return (
		<Box fontScale='p2' color='hint'>
			{children}
		</Box>
	);
}

/** Block or Unblock, where the (Enterprise) permission exists; an error stays beside the button. */
function BlockButton({ channel, onChanged }: { channel: ContactChannel; onChanged(): void }) {
	const { client, permissions } = useApp();
	const [busy, setBusy] = useState(false);
	const [error, setError] = useState<string>();
	const blocking = !channel.blocked;
	if (!permissions.has(blocking ? PERMISSIONS.blockChannel : PERMISSIONS.unblockChannel)) {
		return null;
	}
	const label = `${blocking ? 'Block' : 'Unblock'} ${channel.details?.label || channel.name}`;
	const toggle = async () => {
		setBusy(true);
		setError(undefined);
		try {
			await setChannelBlocked(client, channel, blocking);
			onChanged();
		} catch (caught) {
			setError(describeError(caught));
		} finally {
			setBusy(false);
		}
	};
	return (
		<>
			<Button small secondary={!blocking} danger={blocking} marginInlineStart='auto' aria-label={label} title={label} loading={busy} onClick={toggle}>
				{blocking ? 'Block' : 'Unblock'}
			</Button>
			{error && (
				<Box fontScale='c1' color='danger' role='alert'>
					{error}
				</Box>
			)}
		</>
	);
}

/** Where the contact has talked to the workspace (`contacts.channels`), once livechat traffic created any. */
export function ContactChannels({ contactId }: { contactId: string }) {
	const { client } = useApp();
	const [version, setVersion] = useState(0);
	const channels = useAsync((signal) => getContactChannels(client, contactId, signal), `${contactId}|${version}`);
	return (
		<InfoSection title='Channels'>
			{channels.phase === 'loading' && !channels.data && <Loading />}
			{channels.phase === 'error' && <Hint>{describeError(channels.error)}</Hint>}
			{channels.data && !channels.data.length && <Hint>No channels yet</Hint>}
			{!!channels.data?.length && (
				<Box is='ul' fontScale='p2' style={{ listStyle: 'none', padding: 0, margin: 0 }}>
					{channels.data.map((channel) => (
						<Box is='li' key={`${channel.name}:${channel.visitor.visitorId}`} marginBlockEnd={8}>
							<Box display='flex' alignItems='center'>
								<Box withTruncatedText>{channel.details?.label || channel.name}</Box>
								{channel.blocked && (
									<Tag marginInlineStart={8} variant='secondary-danger'>
										Blocked
									</Tag>
								)}
								{channel.verified && (
									<Tag marginInlineStart={8} variant='primary'>
										Verified
									</Tag>
								)}
								<BlockButton channel={channel} onChanged={() => setVersion((value) => value + 1)} />
							</Box>
							{channel.lastChat && (
								<Box fontScale='c1' color='hint'>
									Last chat {formatDateTime(channel.lastChat.ts)}
								</Box>
							)}
						</Box>
					))}
				</Box>
			)}
		</InfoSection>
	);
}

/** Closed conversations with the contact (`contacts.history`), newest first, a page at a time. */
export function ContactHistory({ contactId }: { contactId: string }) {
	const { client } = useApp();
	const [count, setCount] = useState(HISTORY_PAGE);
	const history = useAsync((signal) => getContactHistory(client, contactId, 0, count, signal), `${contactId}|${count}`);
	const rooms = history.data?.items ?? [];
	return (
		<InfoSection title='History'>
			{history.phase === 'error' && <Hint>{describeError(history.error)}</Hint>}
			{history.phase === 'loading' && !history.data && <Loading />}
			{history.data && !rooms.length && <Hint>No closed conversations yet</Hint>}
			{!!rooms.length && (
				<Box is='ul' fontScale='p2' style={{ listStyle: 'none', padding: 0, margin: 0 }}>
					{rooms.map((room) => (
						<Box is='li' key={room._id} marginBlockEnd={8}>
							<Box withTruncatedText>
								{room.source?.label || room.source?.type || 'Conversation'}
								{room.servedBy?.username ? ` · ${room.servedBy.username}` : ''}
								{typeof room.msgs === 'number' ? ` · ${room.msgs} message${room.msgs === 1 ? '' : 's'}` : ''}
							</Box>
							<Box fontScale='c1' color='hint'>
								Closed {formatDateTime(room.closedAt)}
							</Box>
						</Box>
					))}
				</Box>
			)}
			{history.data && rooms.length < history.data.total && (
				<Button small secondary onClick={() => setCount(count + HISTORY_PAGE)} loading={history.phase === 'loading'}>
					Show more
				</Button>
			)}
		</InfoSection>
	);
}
