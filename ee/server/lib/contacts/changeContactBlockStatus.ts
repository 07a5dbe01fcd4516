import { ApiError, type Deps } from '@omni/meteor/api';

import type { ContactChannelAssociation } from './contactChannelAssociation';

/**
 * Sets the `blocked` flag of one contact channel (Rocket.Chat EE's
 * `changeContactBlockStatus`). Not idempotent, as in Rocket.Chat: blocking a
 * blocked channel modifies nothing and fails like an unknown channel.
 *
 * @throws plain `error-action-not-allowed` without the `contact-id-verification` module,
 *   plain `error-contact-not-found` when no channel changed
 * @example await changeContactBlockStatus(deps, { visitor: { visitorId, source: { type: 'api' } }, block: true });
 */
export async function changeContactBlockStatus(
	{ models, license }: Pick<Deps, 'models' | 'license'>,
	{ visitor, block }: { visitor: ContactChannelAssociation; block: boolean },
): Promise<void> {
	if (!license.hasModule('contact-id-verification')) {
		throw new ApiError('error-contact-verification-not-licensed');
	}
	if (!(await models.LivechatContacts.setChannelBlockStatus(visitor, block))) {
		throw new ApiError('error-contact-not-found');
	}
}
