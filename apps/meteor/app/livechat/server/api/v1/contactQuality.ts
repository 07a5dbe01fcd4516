import { API } from '../../../../api/server/api';
import { assertContactInputLimits, contactInputLimits } from '../../lib/contacts/assertContactInputLimits';
import { getContactByExternalId } from '../../lib/contacts/getContactByExternalId';
import { mergeContacts } from '../../lib/contacts/mergeContacts';
import { upsertContact } from '../../lib/contacts/upsertContact';
import { headerValue } from '../../../../../lib/utils/headerValue';
import { contactETag } from '../../lib/contacts/contactETag';
import { contactResponse } from '../lib/contactResponse';
import { isContactsGetByExternalIdProps, isContactsMergeProps, isContactsUpsertProps } from '../lib/contactValidators';

/*
 * Contact routes beyond Rocket.Chat (README "Beyond Rocket.Chat"): upsert by
 * external id / email / phone, lookup by external id, duplicates, merge.
 * Same pipeline, envelope and error rendering as the Rocket.Chat family.
 */

API.v1.addRoute(
	'omnichannel/contacts.upsert',
	{
		authRequired: true,
		permissionsRequired: ['create-livechat-contact', 'update-livechat-contact'],
		validateParams: isContactsUpsertProps,
		idempotent: true,
	},
	{
		async post() {
			assertContactInputLimits(contactInputLimits(this.deps.settings), this.bodyParams);
			const { contactId, created } = await upsertContact(this.deps, this.bodyParams);
			return API.v1.success({ contactId, created });
		},
	},
);

API.v1.addRoute(
	'omnichannel/contacts.getByExternalId',
	{ authRequired: true, permissionsRequired: ['view-livechat-contact'], validateParams: isContactsGetByExternalIdProps },
	{
		async get() {
			const contact = await getContactByExternalId(this.deps, this.queryParams);
			return contact ? contactResponse(this.headers, contact) : API.v1.notFound();
		},
	},
);

API.v1.addRoute(
	'omnichannel/contacts.merge',
	{ authRequired: true, permissionsRequired: ['merge-livechat-contacts'], validateParams: isContactsMergeProps },
	{
		async post() {
			const contact = await mergeContacts(this.deps, this.bodyParams, { ifMatch: headerValue(this.headers['if-match']) });
			return { ...API.v1.success({ contact }), headers: { ETag: contactETag(contact) } };
		},
	},
);
