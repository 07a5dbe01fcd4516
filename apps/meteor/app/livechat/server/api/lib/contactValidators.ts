import type { ContactExternalId } from '@omni/model-typings';
import {
	ajv,
	isGETOmnichannelContactsCheckExistenceProps,
	isGETOmnichannelContactsSearchProps,
	isPOSTOmnichannelContactsProps,
	isPOSTUpdateOmnichannelContactsProps,
} from '@rocket.chat/rest-typings';

import { withOptionalProperties } from '../../../../api/server/withOptionalProperties';
import type { ContactMatchMode } from '../../lib/contacts/contactMatchMode';
import type { MergeContactsParams } from '../../lib/contacts/mergeContacts';
import type { UpsertMatchKind } from '../../lib/contacts/upsertContact';

/**
 * Rocket.Chat's contact validators plus this server's optional parameters
 * (README "Beyond Rocket.Chat"). A request without them is validated exactly
 * as Rocket.Chat validates it.
 */

const MATCH = { match: { type: 'string', enum: ['exact', 'normalized'] } };

/** `contacts.checkExistence` + `match=exact|normalized`. */
export const isContactsCheckExistenceProps = withOptionalProperties(isGETOmnichannelContactsCheckExistenceProps).as<{ match?: ContactMatchMode }>(MATCH);

/** `contacts.search` + `match=exact|normalized`. */
export const isContactsSearchProps = withOptionalProperties(isGETOmnichannelContactsSearchProps).as<{ match?: ContactMatchMode }>(MATCH);

const EXTERNAL_IDS = {
	externalIds: {
		type: 'array',
		uniqueItems: true,
		items: {
			type: 'object',
			properties: { source: { type: 'string', isNotEmpty: true }, id: { type: 'string', isNotEmpty: true } },
			required: ['source', 'id'],
			additionalProperties: false,
		},
	},
};

type WithExternalIds = { externalIds?: ContactExternalId[] };

/** `POST omnichannel/contacts` + `externalIds`. */
export const isContactsCreateProps = withOptionalProperties(isPOSTOmnichannelContactsProps).as<WithExternalIds>(EXTERNAL_IDS);

/** `contacts.update` + `externalIds` (replaces the contact's). */
export const isContactsUpdateProps = withOptionalProperties(isPOSTUpdateOmnichannelContactsProps).as<WithExternalIds>(EXTERNAL_IDS);

/** `contacts.upsert`: the create body + `externalIds` + `matchBy`. */
export const isContactsUpsertProps = withOptionalProperties(isPOSTOmnichannelContactsProps).as<WithExternalIds & { matchBy?: UpsertMatchKind[] }>({
	...EXTERNAL_IDS,
	matchBy: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', enum: ['externalId', 'email', 'phone'] } },
});

/** `contacts.getByExternalId?source=&id=`. */
export const isContactsGetByExternalIdProps = ajv.compile<ContactExternalId>({
	type: 'object',
	properties: { source: { type: 'string', isNotEmpty: true }, id: { type: 'string', isNotEmpty: true } },
	required: ['source', 'id'],
	additionalProperties: false,
});

/** Most contacts one `contacts.merge` folds into its target (one transaction writes them all). */
export const MAX_MERGE_SOURCES = 100;

/** Contact ids are 17–24 characters; anything far longer is not one. */
const CONTACT_ID = { type: 'string', isNotEmpty: true, maxLength: 64 };

/** `contacts.merge`: `{ contactId, sourceIds, prefer? }` (README "Beyond Rocket.Chat"). */
export const isContactsMergeProps = ajv.compile<MergeContactsParams>({
	type: 'object',
	properties: {
		contactId: CONTACT_ID,
		sourceIds: { type: 'array', minItems: 1, maxItems: MAX_MERGE_SOURCES, uniqueItems: true, items: CONTACT_ID },
		prefer: {
			type: 'object',
			properties: {
				name: CONTACT_ID,
				contactManager: CONTACT_ID,
				customFields: { type: 'object', maxProperties: 100, additionalProperties: CONTACT_ID },
			},
			additionalProperties: false,
		},
	},
	required: ['contactId', 'sourceIds'],
	additionalProperties: false,
});
