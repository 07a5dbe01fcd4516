import {
	isGETOmnichannelContactHistoryProps,
	isGETOmnichannelContactsChannelsProps,
	isGETOmnichannelContactsCheckExistenceProps,
	isGETOmnichannelContactsProps,
	isGETOmnichannelContactsSearchProps,
	isPOSTOmnichannelContactDeleteProps,
	isPOSTOmnichannelContactsConflictsProps,
	isPOSTOmnichannelContactsProps,
	isPOSTUpdateOmnichannelContactsProps,
} from '@rocket.chat/rest-typings';

import { API } from '../../../../api/server/api';
import { assertContactInputLimits, contactInputLimits } from '../../lib/contacts/assertContactInputLimits';
import { createContact } from '../../lib/contacts/createContact';
import { checkContactExistence } from '../../lib/contacts/checkContactExistence';
import { deleteContact } from '../../lib/contacts/deleteContact';
import { getContact } from '../../lib/contacts/getContact';
import { getContactChannels } from '../../lib/contacts/getContactChannels';
import { getContactHistory } from '../../lib/contacts/getContactHistory';
import { resolveContactConflicts, type ResolveContactConflictsParams } from '../../lib/contacts/resolveContactConflicts';
import { searchContacts } from '../../lib/contacts/searchContacts';
import { updateContact, type UpdateContactParams } from '../../lib/contacts/updateContact';

/*
 * The omnichannel contacts family. Each route is a declaration plus a thin
 * action that delegates to one domain function in `lib/contacts/`.
 */

API.v1.addRoute(
	'omnichannel/contacts',
	{ authRequired: true, permissionsRequired: ['create-livechat-contact'], validateParams: isPOSTOmnichannelContactsProps, idempotent: true },
	{
		async post() {
			assertContactInputLimits(contactInputLimits(this.settings), this.bodyParams);
			const contactId = await createContact(this.deps, { ...this.bodyParams, unknown: false } as Parameters<typeof createContact>[1]);
			return API.v1.success({ contactId });
		},
	},
);

API.v1.addRoute(
	'omnichannel/contacts.update',
	{ authRequired: true, permissionsRequired: ['update-livechat-contact'], validateParams: isPOSTUpdateOmnichannelContactsProps, idempotent: true },
	{
		async post() {
			assertContactInputLimits(contactInputLimits(this.settings), this.bodyParams);
			const contact = await updateContact(this.deps, this.bodyParams as UpdateContactParams);
			return API.v1.success({ contact });
		},
	},
);

API.v1.addRoute(
	'omnichannel/contacts.get',
	{ authRequired: true, permissionsRequired: ['view-livechat-contact'], validateParams: isGETOmnichannelContactsProps },
	{
		async get() {
			const contact = await getContact(this.deps, this.queryParams.contactId);
			return contact ? API.v1.success({ contact }) : API.v1.notFound();
		},
	},
);

API.v1.addRoute(
	'omnichannel/contacts.search',
	{ authRequired: true, permissionsRequired: ['view-livechat-contact'], validateParams: isGETOmnichannelContactsSearchProps },
	{
		async get() {
			const { searchText, unknown } = this.queryParams;
			const { offset, count } = this.getPaginationItems();
			const { sort } = this.parseJsonQuery();
			return API.v1.success(await searchContacts(this.deps, { searchText, unknown }, { offset, count, sort }));
		},
	},
);

API.v1.addRoute(
	'omnichannel/contacts.checkExistence',
	{ authRequired: true, permissionsRequired: ['view-livechat-contact'], validateParams: isGETOmnichannelContactsCheckExistenceProps },
	{
		async get() {
			const exists = await checkContactExistence(this.deps, this.queryParams);
			return API.v1.success({ exists });
		},
	},
);

API.v1.addRoute(
	'omnichannel/contacts.delete',
	{ authRequired: true, permissionsRequired: ['delete-livechat-contact'], validateParams: isPOSTOmnichannelContactDeleteProps, typed: true },
	{
		async post() {
			try {
				await deleteContact(this.deps, this.bodyParams.contactId);
				return API.v1.success();
			} catch (error) {
				// Rocket.Chat's typed route answers with its own status codes rather than the generic mapping.
				if ((error as Error).message === 'error-contact-not-found') {
					return API.v1.notFound('error-contact-not-found');
				}
				return API.v1.failure('error-invalid-contact');
			}
		},
	},
);

API.v1.addRoute(
	'omnichannel/contacts.channels',
	{ authRequired: true, permissionsRequired: ['view-livechat-contact'], validateParams: isGETOmnichannelContactsChannelsProps },
	{
		async get() {
			const channels = await getContactChannels(this.deps, this.queryParams.contactId);
			return API.v1.success({ channels });
		},
	},
);

API.v1.addRoute(
	'omnichannel/contacts.history',
	{ authRequired: true, permissionsRequired: ['view-livechat-contact-history'], validateParams: isGETOmnichannelContactHistoryProps },
	{
		async get() {
			const { contactId, source } = this.queryParams;
			const { offset, count } = this.getPaginationItems();
			const { sort } = this.parseJsonQuery();
			return API.v1.success(await getContactHistory(this.deps, { contactId, source, offset, count, sort }));
		},
	},
);

API.v1.addRoute(
	'omnichannel/contacts.conflicts',
	{ authRequired: true, permissionsRequired: ['update-livechat-contact'], validateParams: isPOSTOmnichannelContactsConflictsProps },
	{
		async post() {
			assertContactInputLimits(contactInputLimits(this.settings), this.bodyParams);
			const result = await resolveContactConflicts(this.deps, this.bodyParams as ResolveContactConflictsParams);
			return API.v1.success({ result });
		},
	},
);
