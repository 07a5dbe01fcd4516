import { ajv, API } from '@omni/meteor/api';

import { changeContactBlockStatus } from '../../lib/contacts/changeContactBlockStatus';
import { closeBlockedRoom } from '../../lib/contacts/closeBlockedRoom';
import type { ContactChannelAssociation } from '../../lib/contacts/contactChannelAssociation';

/*
 * Enterprise contact blocking (Rocket.Chat EE `omnichannel/contacts.block` /
 * `.unblock`). Without livechat-enterprise the routes answer 404 before
 * authentication; without contact-id-verification the action refuses.
 */

/** Rocket.Chat's `isBlockContactProps`: extra keys are refused at the top level only. */
const isBlockContactProps = ajv.compile<{ visitor: ContactChannelAssociation }>({
	type: 'object',
	properties: {
		visitor: {
			type: 'object',
			properties: {
				source: {
					type: 'object',
					properties: {
						type: { type: 'string' },
						id: { type: 'string' },
					},
					required: ['type'],
				},
				visitorId: { type: 'string' },
			},
			required: ['source', 'visitorId'],
		},
	},
	required: ['visitor'],
	additionalProperties: false,
});

/** Only the association's keys reach the query, whatever else the client sent inside `visitor`. */
function associationOf({ visitorId, source }: ContactChannelAssociation): ContactChannelAssociation {
	return { visitorId, source: { type: source.type, ...(source.id !== undefined && { id: source.id }) } };
}

API.v1.addRoute(
	'omnichannel/contacts.block',
	{ authRequired: true, permissionsRequired: ['block-livechat-contact'], validateParams: isBlockContactProps, license: ['livechat-enterprise'] },
	{
		async post() {
			const visitor = associationOf(this.bodyParams.visitor);
			const { user } = this;
			await changeContactBlockStatus(this.deps, { visitor, block: true });
			this.deps.logger.info({ visitorId: visitor.visitorId, userId: user._id }, 'contact channel blocked');
			await closeBlockedRoom(this.deps, visitor, { _id: user._id, username: user.username ?? '' });
			return API.v1.success();
		},
	},
);

API.v1.addRoute(
	'omnichannel/contacts.unblock',
	{ authRequired: true, permissionsRequired: ['unblock-livechat-contact'], validateParams: isBlockContactProps, license: ['livechat-enterprise'] },
	{
		async post() {
			const visitor = associationOf(this.bodyParams.visitor);
			await changeContactBlockStatus(this.deps, { visitor, block: false });
			this.deps.logger.info({ visitorId: visitor.visitorId, userId: this.userId }, 'contact channel unblocked');
			return API.v1.success();
		},
	},
);
