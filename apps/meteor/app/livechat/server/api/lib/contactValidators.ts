import { isGETOmnichannelContactsCheckExistenceProps, isGETOmnichannelContactsSearchProps } from '@rocket.chat/rest-typings';

import { withOptionalProperties } from '../../../../api/server/withOptionalProperties';
import type { ContactMatchMode } from '../../lib/contacts/contactMatchMode';

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
