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

/** `contacts.duplicates?offset=&count=`: integers (count ≥ 1; capped like every page by `API_Upper_Count_Limit`). */
export const isContactsDuplicatesProps = ajv.compile<{ offset?: number; count?: number }>({
	type: 'object',
	properties: {
		offset: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER },
		count: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER },
	},
	additionalProperties: false,
});
