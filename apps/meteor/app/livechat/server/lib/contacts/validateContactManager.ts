import { ApiError } from '../../../../../lib/errors/MeteorError';
import type { Deps } from '../../../../lib/server/deps';

/**
 * A contact manager is referenced by user `_id` and must be an omnichannel
 * agent. An unknown id and a non-agent fail alike; activity and livechat
 * status are not considered.
 */
export async function validateContactManager({ models }: Pick<Deps, 'models'>, contactManagerUserId: string): Promise<void> {
	const agent = await models.Users.findOneAgentById(contactManagerUserId, { projection: { _id: 1 } });
	if (!agent) {
		throw new ApiError('error-contact-manager-not-found');
	}
}
