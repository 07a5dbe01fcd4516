import { ajv } from '@rocket.chat/rest-typings';

import { MAX_PATTERN_LENGTH } from './customFieldPattern';
import type { CustomFieldData } from './saveCustomField';

const MAX_ID_LENGTH = 128;
const MAX_TEXT_LENGTH = 256;
const MAX_VALUE_LENGTH = 4096;

const optionalText = (maxLength: number) => ({ type: 'string', nullable: true, maxLength });
const optionalFlag = { type: 'boolean', nullable: true };

/**
 * `POST livechat/custom-fields.save`'s body: rest-typings' schema, with
 * `customFieldData` limited to the keys Rocket.Chat's custom-field document
 * has (anything else — `$`-prefixed, dotted or EJSON-looking keys included —
 * is refused as `must NOT have additional properties`) and every text bounded.
 * Compiled on rest-typings' shared ajv, so messages match Rocket.Chat's.
 */
export const isSaveCustomFieldParams = ajv.compile<{ customFieldId: string | null; customFieldData: CustomFieldData }>({
	type: 'object',
	properties: {
		customFieldId: { type: 'string', nullable: true, maxLength: MAX_ID_LENGTH },
		customFieldData: {
			type: 'object',
			properties: {
				field: { type: 'string', pattern: '^[0-9a-zA-Z_-]+$', maxLength: MAX_ID_LENGTH },
				label: { type: 'string', maxLength: MAX_TEXT_LENGTH },
				scope: { type: 'string', enum: ['visitor', 'room'] },
				visibility: { type: 'string', maxLength: MAX_TEXT_LENGTH },
				type: optionalText(MAX_TEXT_LENGTH),
				regexp: optionalText(MAX_PATTERN_LENGTH),
				required: optionalFlag,
				defaultValue: optionalText(MAX_VALUE_LENGTH),
				options: optionalText(MAX_VALUE_LENGTH),
				public: optionalFlag,
				searchable: optionalFlag,
			},
			required: ['field', 'label', 'scope', 'visibility'],
			additionalProperties: false,
		},
	},
	additionalProperties: false,
});
