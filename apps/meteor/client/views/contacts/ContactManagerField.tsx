import { Box, Field, FieldError, FieldHint, FieldLabel, FieldRow, InputBox } from '@rocket.chat/fuselage';
import type { ChangeEvent } from 'react';

import { listAgents } from '../../lib/endpoints';
import { useAsync } from '../../lib/hooks';
import { PERMISSIONS } from '../../lib/permissions';
import { useApp } from '../root/AppContext';
import { ManagerName } from './ManagerName';

/** Only livechat agents can manage contacts (the server refuses others); the list shows the first ones by name. */
const AGENTS_LISTED = 100;

/**
 * The contact manager: a list of livechat agents (`livechat/users/agent`) for users allowed to
 * list them, else the current manager read-only. The server cannot unset a manager on update,
 * so "None" is offered only while there is none.
 */
export function ContactManagerField({
	id,
	value,
	initial,
	error,
	onChange,
}: {
	id: string;
	value: string;
	initial: string;
	error?: string;
	onChange(value: string): void;
}) {
	const { client, permissions } = useApp();
	const canList = permissions.has(PERMISSIONS.viewManagers);
	const agents = useAsync((signal) => (canList ? listAgents(client, '', AGENTS_LISTED, signal) : Promise.resolve(undefined)), `agents|${canList}`);
	const errorId = `${id}-error`;

	if (!canList || agents.phase === 'error' || (agents.phase === 'done' && !agents.data)) {
		return (
			<Field>
				<FieldLabel is='span'>Contact manager</FieldLabel>
				<Box fontScale='p2' marginBlockStart={4}>
					{value ? <ManagerName manager={value} /> : 'None'}
				</Box>
				<FieldHint>Changing the manager needs the view-livechat-manager permission.</FieldHint>
				{error && <FieldError id={errorId}>{error}</FieldError>}
			</Field>
		);
	}

	const options = agents.data ?? [];
	const listed = !value || options.some(({ _id }) => _id === value);
	return (
		<Field>
			<FieldLabel htmlFor={id}>Contact manager</FieldLabel>
			<FieldRow>
				<InputBox
					type='select'
					id={id}
					value={value}
					disabled={agents.phase === 'loading'}
					aria-invalid={error ? true : undefined}
					aria-describedby={error ? errorId : undefined}
					onChange={(event: ChangeEvent<HTMLSelectElement>) => onChange(event.currentTarget.value)}
				>
					{!initial && <option value=''>None</option>}
					{!listed && <option value={value}>{value}</option>}
					{options.map((agent) => (
						<option key={agent._id} value={agent._id}>
							{agent.name ? `${agent.name} (@${agent.username})` : agent.username}
						</option>
					))}
				</InputBox>
			</FieldRow>
			{error && <FieldError id={errorId}>{error}</FieldError>}
		</Field>
	);
}
