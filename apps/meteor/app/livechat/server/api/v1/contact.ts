import {
	POSTOmnichannelContactDeleteSuccessSchema,
	isGETOmnichannelContactHistoryProps,
	isGETOmnichannelContactsChannelsProps,
	isGETOmnichannelContactsProps,
	isPOSTOmnichannelContactDeleteProps,
	isPOSTOmnichannelContactsConflictsProps,
	validateBadRequestErrorResponse,
	validateForbiddenErrorResponse,
	validateNotFoundErrorResponse,
	validateUnauthorizedErrorResponse,
} from '@rocket.chat/rest-typings';

import { API } from '../../../../api/server/api';
import { headerValue } from '../../../../../lib/utils/headerValue';
import { assertContactInputLimits, contactInputLimits } from '../../lib/contacts/assertContactInputLimits';
import { createContact } from '../../lib/contacts/createContact';
import { checkContactExistence } from '../../lib/contacts/checkContactExistence';
import { deleteContact } from '../../lib/contacts/deleteContact';
import { findMergedInto, getContact } from '../../lib/contacts/getContact';
import { getContactChannels } from '../../lib/contacts/getContactChannels';
import { getContactHistory } from '../../lib/contacts/getContactHistory';
import { resolveContactConflicts } from '../../lib/contacts/resolveContactConflicts';
import { searchContacts } from '../../lib/contacts/searchContacts';
import { updateContact } from '../../lib/contacts/updateContact';
import { isContactsCheckExistenceProps, isContactsCreateProps, isContactsSearchProps, isContactsUpdateProps } from '../lib/contactValidators';
import { contactNotFound, contactResponse } from '../lib/contactResponse';
import { livechatDeps } from '../livechatDeps';

/*
 * The omnichannel contacts family. Each route is a declaration plus a thin
 * action that delegates to one domain function in `lib/contacts/`.
 */

API.v1.addRoute(
	'omnichannel/contacts',
	{ authRequired: true, permissionsRequired: ['create-livechat-contact'], validateParams: isContactsCreateProps, idempotent: true },
	{
		async post() {
			assertContactInputLimits(contactInputLimits(this.deps.settings), this.bodyParams);
			const contactId = await createContact(this.deps, { ...this.bodyParams, unknown: false });
			return API.v1.success({ contactId });
		},
	},
);

API.v1.addRoute(
	'omnichannel/contacts.update',
	{ authRequired: true, permissionsRequired: ['update-livechat-contact'], validateParams: isContactsUpdateProps, idempotent: true },
	{
		async post() {
			assertContactInputLimits(contactInputLimits(this.deps.settings), this.bodyParams);
			const contact = await updateContact(this.deps, this.bodyParams, { ifMatch: headerValue(this.headers['if-match']) });
			return API.v1.success({ contact });
		},
	},
);

API.v1.addRoute(
	'omnichannel/contacts.get',
	{ authRequired: true, permissionsRequired: ['view-livechat-contact'], validateParams: isGETOmnichannelContactsProps },
	{
		async get() {
			// The validator requires contactId (isNotEmpty); rest-typings' type still marks it optional.
			const { contactId } = this.queryParams;
			const contact = contactId ? await getContact(this.deps, contactId) : null;
			if (contact) {
				return contactResponse(this.headers, contact);
			}
			return contactNotFound(contactId ? await findMergedInto(this.deps, contactId) : undefined);
		},
	},
);

API.v1.addRoute(
	'omnichannel/contacts.search',
	{ authRequired: true, permissionsRequired: ['view-livechat-contact'], validateParams: isContactsSearchProps },
	{
		async get() {
			const { searchText, unknown, match } = this.queryParams;
			const { offset, count } = this.getPaginationItems();
			const { sort } = this.parseJsonQuery();
			return API.v1.success(await searchContacts(this.deps, { searchText, unknown, match }, { offset, count, sort }));
		},
	},
);

API.v1.addRoute(
	'omnichannel/contacts.checkExistence',
	{ authRequired: true, permissionsRequired: ['view-livechat-contact'], validateParams: isContactsCheckExistenceProps },
	{
		async get() {
			const exists = await checkContactExistence(this.deps, this.queryParams);
			return API.v1.success({ exists });
		},
	},
);

// Rocket.Chat 7.x declares this one route of the family in the typed style.
API.v1.post(
	'omnichannel/contacts.delete',
	{
		authRequired: true,
		permissionsRequired: ['delete-livechat-contact'],
		body: isPOSTOmnichannelContactDeleteProps,
		response: {
			200: POSTOmnichannelContactDeleteSuccessSchema,
			400: validateBadRequestErrorResponse,
			401: validateUnauthorizedErrorResponse,
			403: validateForbiddenErrorResponse,
			404: validateNotFoundErrorResponse,
			412: validateBadRequestErrorResponse,
		},
		// Its action answers a missing contact with 404 and any other failure with error-invalid-contact.
		actionErrors: { statuses: { 'error-contact-not-found': 404, 'error-precondition-failed': 412 }, otherwise: 'error-invalid-contact' },
	},
	async function action() {
		await deleteContact(this.deps, this.bodyParams.contactId, livechatDeps(this), { ifMatch: headerValue(this.headers['if-match']) });
		return API.v1.success();
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
			assertContactInputLimits(contactInputLimits(this.deps.settings), this.bodyParams);
			const result = await resolveContactConflicts(this.deps, this.bodyParams, { ifMatch: headerValue(this.headers['if-match']) });
			return API.v1.success({ result });
		},
	},
);
