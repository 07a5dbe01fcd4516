import type { ILivechatContactChannel, ILivechatVisitor, IOmnichannelSource } from '@rocket.chat/core-typings';
import type { ClientSession } from 'mongodb';

import type { LivechatDeps } from '../livechatDeps';
import { mergeIntoContact, visitorFields } from './ContactMerger';
import { allowedCustomFieldsOf } from './filterCustomFields';
import { ApiError } from '../../../../../lib/errors/MeteorError';

export type RoomVisitor = Pick<ILivechatVisitor, '_id' | 'username' | 'name' | 'visitorEmails' | 'phone' | 'contactManager' | 'livechatData' | 'activity' | 'lastChat'>;

export type ResolvedContact = { _id: string; name: string; verified: boolean };

/** The association a room of this visitor on this source belongs to. */
export function associationOf(visitorId: string, source: Pick<IOmnichannelSource, 'type' | 'id'>) {
	return { visitorId, source: { type: source.type, ...(source.id && { id: source.id }) } };
}

/** A contact channel as Rocket.Chat builds it for a new association. */
function buildChannel(visitorId: string, source: IOmnichannelSource): ILivechatContactChannel {
	return {
		name: source.label || source.type,
		visitor: associationOf(visitorId, source) as ILivechatContactChannel['visitor'],
		blocked: false,
		verified: false,
		details: source,
	};
}

async function contactManagerIdOf({ models }: Pick<LivechatDeps, 'models'>, visitor: RoomVisitor): Promise<string | undefined> {
	const username = visitor.contactManager?.username;
	if (!username) {
		return undefined;
	}
	const agent = await models.Users.findOneByUsername(username, { projection: { _id: 1, roles: 1 } });
	if (!agent?.roles?.includes('livechat-agent')) {
		throw new ApiError('error-contact-manager-not-found');
	}
	return agent._id;
}

/** Case 3: a new contact from the visitor, unknown until someone edits it. */
async function createContactFromVisitor(deps: Pick<LivechatDeps, 'models' | 'visitorCustomFields'>, visitor: RoomVisitor, channel: ILivechatContactChannel, session?: ClientSession): Promise<ResolvedContact> {
	const contactManager = await contactManagerIdOf(deps, visitor);
	const name = visitor.name || visitor.username;
	const emails = visitor.visitorEmails?.map(({ address }) => ({ address }));
	const phones = visitor.phone?.map(({ phoneNumber }) => ({ phoneNumber }));
	const _id = await deps.models.LivechatContacts.insertContact(
		{
			name,
			...(emails && { emails }),
			...(phones && { phones }),
			...(contactManager && { contactManager }),
			unknown: !visitor.activity?.length,
			channels: [channel],
			customFields: visitor.livechatData ? await allowedCustomFieldsOf(deps, visitor.livechatData) : {},
			...(visitor.lastChat && { lastChat: visitor.lastChat }),
			createdAt: new Date(),
			preRegistration: false,
		},
		{ session },
	);
	return { _id, name, verified: false };
}

/**
 * Room creation's contact, in Rocket.Chat 7's three steps: the contact that
 * already has this visitor+source channel; else a pre-registered contact
 * with one of the visitor's exact emails or phones, which the visitor is
 * merged into; else a new, unknown contact. In the last two cases the
 * association's existing rooms are linked to it too.
 */
export async function resolveContactForRoom(
	deps: Pick<LivechatDeps, 'models' | 'visitorCustomFields'>,
	visitor: RoomVisitor,
	source: IOmnichannelSource,
	session?: ClientSession,
): Promise<ResolvedContact> {
	const { models } = deps;
	const association = associationOf(visitor._id, source);
	const linked = await models.LivechatContacts.findOneByVisitor(association, { projection: { _id: 1, name: 1, channels: 1 }, session });
	if (linked) {
		const channel = linked.channels?.find(
			({ visitor: { visitorId, source: channelSource } }) => visitorId === visitor._id && channelSource.type === source.type && channelSource.id === association.source.id,
		);
		return { _id: linked._id, name: linked.name ?? '', verified: channel?.verified === true };
	}

	const channel = buildChannel(visitor._id, source);
	const emails = (visitor.visitorEmails ?? []).map(({ address }) => address);
	const phones = (visitor.phone ?? []).map(({ phoneNumber }) => phoneNumber);
	const preRegistered = await models.LivechatContacts.findPreRegisteredByEmailsOrPhones(emails, phones, { session });

	let contact: ResolvedContact;
	if (preRegistered) {
		const fields = await visitorFields(deps, visitor, channel);
		const name = await mergeIntoContact(deps, preRegistered, fields, preRegistered.unknown ? 'overwrite' : 'conflict', session);
		contact = { _id: preRegistered._id, name: name ?? '', verified: false };
	} else {
		contact = await createContactFromVisitor(deps, visitor, channel, session);
	}
	await models.LivechatRooms.setContactByAssociation(association, contact, { session });
	return contact;
}
