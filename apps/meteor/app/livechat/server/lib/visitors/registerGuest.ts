import type { ILivechatVisitor } from '@rocket.chat/core-typings';
import { ObjectId } from 'mongodb';

import { ApiError, MeteorError } from '../../../../../lib/errors/MeteorError';
import { KeyedMutex } from '../../../../../lib/utils/KeyedMutex';
import { mergeIntoContact, visitorFields } from '../contacts/ContactMerger';
import type { LivechatDeps } from '../livechatDeps';
import { findOnlineAgent } from '../routing/onlineAgents';
import { setVisitorCustomFields, type VisitorCustomFieldInput } from './setVisitorCustomFields';

export type RegisterGuestParams = {
	token: string;
	name?: string;
	email?: string;
	phone?: string;
	department?: string;
	username?: string;
	id?: string;
	customFields?: VisitorCustomFieldInput[];
	/** Stored only when the workspace collects HTTP header information. */
	connectionData?: { userAgent?: string; ip?: string; host?: string };
};

const registrations = new KeyedMutex();

/** Rocket.Chat's `validateEmail`. */
const EMAIL = /^(([^<>()[\]\\.,;:\s@"]+(\.[^<>()[\]\\.,;:\s@"]+)*)|(".+"))@((\[[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}])|(([a-zA-Z\-0-9]+\.)+[a-zA-Z]{2,}))$/;

function normalizedEmail(email: string): string {
	const address = email.trim().toLowerCase();
	if (!EMAIL.test(address)) {
		throw new MeteorError('error-invalid-email', `Invalid email ${address}`);
	}
	return address;
}

/** A contact with this email whose manager is an online agent makes that agent the visitor's contact manager. */
async function contactManagerFor(deps: LivechatDeps, address: string): Promise<ILivechatVisitor['contactManager'] | undefined> {
	const contact = await deps.models.LivechatContacts.findOne({ 'emails.address': address, 'contactManager': { $exists: true } } as never, {
		projection: { contactManager: 1 },
	});
	const agent = contact?.contactManager ? await findOnlineAgent(deps, contact.contactManager) : null;
	const full = agent && (await deps.models.Users.findOneById(agent._id, { projection: { _id: 1, username: 1, name: 1, emails: 1 } }));
	return full?.username ? { _id: full._id, username: full.username, name: full.name, emails: full.emails?.map(({ address: a }) => ({ address: a })) } : undefined;
}

/** Which stored visitor this registration updates: by token, else by phone (keeping its token), else by email. */
async function existingVisitor(deps: LivechatDeps, token: string, phone: string | undefined, email: string | undefined) {
	const { LivechatVisitors } = deps.models;
	const byToken = await LivechatVisitors.getVisitorByToken(token, { projection: { _id: 1, token: 1, department: 1 } });
	if (byToken) {
		return byToken;
	}
	const byPhone = phone ? await LivechatVisitors.findOneGuestByPhone(phone, { projection: { _id: 1, token: 1, department: 1 } }) : null;
	if (byPhone) {
		return byPhone;
	}
	const byEmail = email ? await LivechatVisitors.findOneGuestByEmailAddress(email, { projection: { _id: 1, department: 1 } }) : null;
	return byEmail && { ...byEmail, token };
}

/**
 * `POST livechat/visitor`: creates or updates a visitor, then merges it into
 * the contacts it is already linked to (overwrite into unknown contacts,
 * conflicts for known ones) and applies the sent custom fields. Registering
 * never creates a contact: that happens when a room opens.
 *
 * @throws `Token cannot be empty [error-invalid-token]`, `Invalid email x [error-invalid-email]`,
 *   `The provided department is invalid [error-invalid-department]`, `Error registering visitor [error-livechat-visitor-registration]`
 */
export function registerGuest(deps: LivechatDeps, params: RegisterGuestParams): Promise<ILivechatVisitor> {
	// One registration per token at a time in this process, so concurrent first registrations cannot create two visitors.
	return registrations.run(params.token, () => register(deps, params));
}

async function register(deps: LivechatDeps, params: RegisterGuestParams): Promise<ILivechatVisitor> {
	const { models, settings } = deps;
	const { token, name, phone, username, id, department } = params;
	if (!token.trim()) {
		throw new ApiError('error-invalid-token');
	}
	const email = params.email ? normalizedEmail(params.email) : undefined;
	const existing = await existingVisitor(deps, token, phone, email);

	const fields: Partial<ILivechatVisitor> = { token: existing?.token ?? token, status: 'online' as ILivechatVisitor['status'] };
	if (name) {
		fields.name = name;
	}
	if (phone) {
		fields.phone = [{ phoneNumber: phone }];
	}
	if (email) {
		fields.visitorEmails = [{ address: email }];
		const contactManager = await contactManagerFor(deps, email);
		if (contactManager) {
			fields.contactManager = contactManager;
		}
	}
	if (department && department !== existing?.department) {
		const found = await models.LivechatDepartment.findOneByIdOrName(department, { projection: { _id: 1 } });
		if (!found) {
			throw new ApiError('error-invalid-department');
		}
		fields.department = found._id;
	}

	let visitor: ILivechatVisitor | null;
	try {
		if (existing) {
			visitor = await models.LivechatVisitors.updateVisitor(existing._id, fields);
		} else {
			const gdpr = settings.get<boolean>('Livechat_Allow_collect_and_store_HTTP_header_informations');
			const guestNumber = username ? undefined : await settings.incrementValue('Livechat_guest_count');
			visitor = await models.LivechatVisitors.insertVisitor({
				_id: id || new ObjectId().toHexString(),
				username: username || `guest-${guestNumber}`,
				ts: new Date(),
				...(gdpr && params.connectionData),
				...fields,
			} as ILivechatVisitor);
		}
	} catch (error) {
		// e.g. `id` names a visitor that another token owns: never hand it over.
		throw new MeteorError('error-livechat-visitor-registration', undefined, { cause: (error as Error).message });
	}
	if (!visitor) {
		throw new ApiError('error-livechat-visitor-registration');
	}

	await mergeIntoLinkedContacts(deps, visitor);
	if (params.customFields?.length) {
		await setVisitorCustomFields(deps, visitor, params.customFields, { requireAll: true });
		return (await models.LivechatVisitors.findOneById(visitor._id)) ?? visitor;
	}
	return visitor;
}

/** Re-registration: the visitor's data reaches every contact it already has a channel on. */
async function mergeIntoLinkedContacts(deps: LivechatDeps, visitor: ILivechatVisitor): Promise<void> {
	const contacts = await deps.models.LivechatContacts.findAllByVisitorId(visitor._id).toArray();
	if (!contacts.length) {
		return;
	}
	const fields = await visitorFields(deps, { ...visitor, livechatData: undefined });
	for (const contact of contacts) {
		await mergeIntoContact(deps, contact, fields, contact.unknown ? 'overwrite' : 'conflict');
	}
}
