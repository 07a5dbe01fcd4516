import {
	Box,
	Icon,
	Pagination,
	Skeleton,
	States,
	StatesAction,
	StatesActions,
	StatesIcon,
	StatesSubtitle,
	StatesTitle,
	Table,
	TableBody,
	TableCell,
	TableHead,
	TableRow,
	Tag,
	SearchInput,
	Throbber,
	ToggleSwitch,
} from '@rocket.chat/fuselage';
import { useId, useState, type KeyboardEvent, type SetStateAction } from 'react';

import { searchContacts, type ContactSort } from '../../lib/endpoints';
import { describeError, isForbidden, retryAfterSeconds } from '../../lib/errors';
import { useAsync, useDebouncedValue } from '../../lib/hooks';
import { navigate } from '../../lib/router';
import type { Contact } from '../../lib/types';
import { useApp } from '../root/AppContext';
import { VisuallyHidden, VisuallyHiddenLabel } from '../root/VisuallyHidden';
import { formatDateTime, managerName } from './format';
import { SEARCH_DEBOUNCE_MS } from './searchDebounce';

type ItemsPerPage = 25 | 50 | 100;

function resolve<T>(action: SetStateAction<T>, previous: T): T {
	return typeof action === 'function' ? (action as (value: T) => T)(previous) : action;
}

/** Arrow keys move between rows, Enter or Space opens one: the table works without a mouse. */
function onRowKeyDown(event: KeyboardEvent<HTMLElement>, open: () => void): void {
	const row = event.currentTarget;
	const sibling = event.key === 'ArrowDown' ? row.nextElementSibling : event.key === 'ArrowUp' ? row.previousElementSibling : null;
	if (sibling instanceof HTMLElement) {
		event.preventDefault();
		sibling.focus();
	} else if (event.key === 'Enter' || event.key === ' ') {
		event.preventDefault();
		open();
	}
}

function SortableHeader({ label, field, sort, onSort }: { label: string; field: ContactSort['field']; sort: ContactSort; onSort(sort: ContactSort): void }) {
	const active = sort.field === field;
	const direction = active && sort.direction === -1 ? 'descending' : 'ascending';
	return (
		<TableCell is='th' scope='col' aria-sort={active ? direction : 'none'}>
			<Box
				is='button'
				type='button'
				display='flex'
				alignItems='center'
				fontScale='p2b'
				color='default'
				backgroundColor='transparent'
				borderWidth='none'
				padding={0}
				style={{ cursor: 'pointer' }}
				onClick={() => onSort({ field, direction: active ? (sort.direction === 1 ? -1 : 1) : field === 'lastChat.ts' ? -1 : 1 })}
			>
				{label}
				<Icon name={active ? (sort.direction === 1 ? 'arrow-up' : 'arrow-down') : 'sort'} size='x16' marginInlineStart={4} aria-hidden />
			</Box>
		</TableCell>
	);
}

function ContactRow({ contact, selected }: { contact: Contact; selected: boolean }) {
	const open = () => navigate({ name: 'contact-details', id: contact._id });
	const name = contact.name || '(no name)';
	return (
		<TableRow
			action
			tabIndex={0}
			aria-label={`${name}: open details`}
			aria-selected={selected}
			selected={selected}
			onClick={open}
			onKeyDown={(event: KeyboardEvent<HTMLElement>) => onRowKeyDown(event, open)}
			data-contact-id={contact._id}
		>
			<TableCell>
				<Box display='flex' alignItems='center'>
					<Box withTruncatedText>{name}</Box>
					{contact.unknown && (
						<Box flexShrink={0} marginInlineStart={8}>
							<Tag variant='secondary-warning'>Unknown</Tag>
						</Box>
					)}
				</Box>
			</TableCell>
			<TableCell withTruncatedText>{contact.emails?.[0]?.address ?? ''}</TableCell>
			<TableCell withTruncatedText>{contact.phones?.[0]?.phoneNumber ?? ''}</TableCell>
			<TableCell withTruncatedText>{managerName(contact.contactManager)}</TableCell>
			<TableCell withTruncatedText>{contact.lastChat ? formatDateTime(contact.lastChat.ts) : ''}</TableCell>
		</TableRow>
	);
}

function SkeletonRows() {
	return (
		<>
			{Array.from({ length: 5 }, (_, row) => (
				<TableRow key={row} aria-hidden>
					{Array.from({ length: 5 }, (_, cell) => (
						<TableCell key={cell}>
							<Skeleton />
						</TableCell>
					))}
				</TableRow>
			))}
		</>
	);
}

/**
 * The contacts table: one page at a time from `contacts.search` (so it behaves the same with
 * ten contacts or a million), a debounced search box, sort by name or last chat, paging, and the
 * "unknown contacts" filter. `version` changes after a write elsewhere on the page to reload.
 */
export function ContactsTable({ version, selectedId }: { version: number; selectedId?: string }) {
	const { client } = useApp();
	const [text, setText] = useState('');
	const [unknown, setUnknown] = useState(false);
	const [sort, setSort] = useState<ContactSort>({ field: 'name', direction: 1 });
	const [count, setCount] = useState<ItemsPerPage>(25);
	const searchText = useDebouncedValue(text.trim(), SEARCH_DEBOUNCE_MS);
	const ids = { search: useId(), unknown: useId(), status: useId() };

	// The page offset belongs to one filter: a new search, sort, filter or page size starts at 0
	// in the same render, so it costs one request, not two.
	const filterKey = JSON.stringify({ searchText, unknown, sort, count });
	const [page, setPage] = useState({ filterKey, offset: 0 });
	const offset = page.filterKey === filterKey ? page.offset : 0;
	const setOffset = (action: SetStateAction<number>) => setPage({ filterKey, offset: resolve(action, offset) });

	const result = useAsync(
		(signal) => searchContacts(client, { searchText, unknown, offset, count, sort }, signal),
		`${filterKey}|${offset}|${version}`,
	);
	const forbidden = result.phase === 'error' && isForbidden(result.error);
	// Rows the user may no longer see are not kept on screen after a 403.
	const contacts = forbidden ? undefined : result.data?.items;
	const total = result.data?.total ?? 0;

	let body;
	if (result.phase === 'error' && !contacts) {
		const wait = retryAfterSeconds(result.error);
		body = (
			<States>
				<StatesIcon name={forbidden ? 'lock' : 'warning'} variation='danger' />
				<StatesTitle>{forbidden ? 'You are not allowed to view contacts' : 'Contacts could not be loaded'}</StatesTitle>
				<StatesSubtitle>{describeError(result.error)}</StatesSubtitle>
				{!forbidden && (
					<StatesActions>
						<StatesAction onClick={result.reload}>{wait ? `Try again (after ${wait} s)` : 'Try again'}</StatesAction>
					</StatesActions>
				)}
			</States>
		);
	} else if (contacts && contacts.length === 0 && result.phase === 'done') {
		body = (
			<States>
				<StatesIcon name={searchText || unknown ? 'magnifier' : 'user'} />
				<StatesTitle>{searchText || unknown ? 'No contacts found' : 'No contacts yet'}</StatesTitle>
				<StatesSubtitle>
					{searchText ? `Nothing matches “${searchText}” in names, emails or phones.` : unknown ? 'No unknown contacts.' : 'Contacts you create appear here.'}
				</StatesSubtitle>
			</States>
		);
	} else {
		body = (
			<Box flexGrow={1} overflow='auto' marginInline={24}>
				<Table fixed sticky aria-label='Contacts' aria-busy={result.phase === 'loading'} aria-describedby={ids.status}>
					<TableHead>
						<TableRow>
							<SortableHeader label='Name' field='name' sort={sort} onSort={setSort} />
							<TableCell is='th' scope='col'>
								Email
							</TableCell>
							<TableCell is='th' scope='col'>
								Phone
							</TableCell>
							<TableCell is='th' scope='col'>
								Contact manager
							</TableCell>
							<SortableHeader label='Last chat' field='lastChat.ts' sort={sort} onSort={setSort} />
						</TableRow>
					</TableHead>
					<TableBody>
						{contacts ? contacts.map((contact) => <ContactRow key={contact._id} contact={contact} selected={contact._id === selectedId} />) : <SkeletonRows />}
					</TableBody>
				</Table>
			</Box>
		);
	}

	return (
		<Box display='flex' flexDirection='column' flexGrow={1} minHeight={0}>
			<Box display='flex' alignItems='center' flexWrap='wrap' paddingInline={24} paddingBlockEnd={16}>
				<VisuallyHiddenLabel htmlFor={ids.search}>Search contacts by name, email or phone</VisuallyHiddenLabel>
				<Box flexGrow={1} minWidth={200} marginInlineEnd={16}>
					<SearchInput
						id={ids.search}
						placeholder='Search by name, email or phone'
						value={text}
						onChange={(event) => setText((event.target as HTMLInputElement).value)}
						endAddon={result.phase === 'loading' ? <Throbber size='x12' /> : <Icon name='magnifier' size='x20' />}
					/>
				</Box>
				<Box display='flex' alignItems='center'>
					<ToggleSwitch id={ids.unknown} checked={unknown} onChange={() => setUnknown(!unknown)} />
					<Box is='label' htmlFor={ids.unknown} fontScale='p2' marginInlineStart={8}>
						Unknown contacts only
					</Box>
				</Box>
			</Box>
			<VisuallyHidden id={ids.status} role='status' aria-live='polite'>
				{result.phase === 'loading' ? 'Loading contacts' : `${total} contact${total === 1 ? '' : 's'}`}
			</VisuallyHidden>
			{result.phase === 'error' && contacts && (
				<Box paddingInline={24} paddingBlockEnd={8} color='danger' role='alert'>
					{describeError(result.error)}
				</Box>
			)}
			{body}
			{contacts && total > 0 && (
				<Pagination
					divider
					count={total}
					current={offset}
					itemsPerPage={count}
					onSetCurrent={setOffset}
					onSetItemsPerPage={(action) => setCount(resolve(action, count))}
					itemsPerPageLabel={() => 'Items per page:'}
					showingResultsLabel={({ count: all, current, itemsPerPage }) => `Showing results ${current + 1} - ${Math.min(current + itemsPerPage, all)} of ${all}`}
				/>
			)}
		</Box>
	);
}
