import type { ClientSession } from 'mongodb';

import { randomId } from '../../../../../lib/random';
import type { LivechatDeps } from '../livechatDeps';

/** The system messages livechat writes into its rooms. */
export type SystemMessageType = 'livechat-started' | 'command' | 'uj' | 'livechat-close';

/** Only these become the room's `lastMessage`/`lm`; the others are counted in `msgs` alone. */
const CONVERSATION_MARKERS = new Set<SystemMessageType>(['livechat-started', 'livechat-close']);

export type SystemMessageAuthor = { _id: string; username: string; name?: string };

/**
 * Writes a system message (`groupable: false`) and counts it on the room.
 *
 * @example await saveSystemMessage(deps, 'uj', rid, agent.username, agent, {}, session);
 */
export async function saveSystemMessage(
	{ models }: Pick<LivechatDeps, 'models'>,
	t: SystemMessageType,
	rid: string,
	msg: string,
	u: SystemMessageAuthor,
	extra: Record<string, unknown> = {},
	session?: ClientSession,
): Promise<Record<string, unknown> & { _id: string; ts: Date }> {
	const message = { _id: randomId(), t, rid, msg, u, groupable: false, ts: new Date(), ...extra };
	await models.Messages.insertMessage(message as never, { session });
	await models.LivechatRooms.recordMessage(rid, message, { asLastMessage: CONVERSATION_MARKERS.has(t), visitorMessage: false }, { session });
	return message;
}
