import { getUserSummary } from '../../lib/endpoints';
import { useAsync } from '../../lib/hooks';
import type { Contact } from '../../lib/types';
import { useApp } from '../root/AppContext';
import { managerName } from './format';

/** `contacts.get` holds only the manager's id: its name comes from `users.info`. */
export function ManagerName({ manager }: { manager: NonNullable<Contact['contactManager']> }) {
	const { client } = useApp();
	const id = typeof manager === 'string' ? manager : manager._id;
	const user = useAsync((signal) => (typeof manager === 'string' ? getUserSummary(client, id, signal) : Promise.resolve(manager)), id);
	return <>{user.phase === 'done' ? managerName(user.data) : id}</>;
}
