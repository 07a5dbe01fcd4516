import type { ISetting } from '@rocket.chat/core-typings';
import type { Models } from '@omni/model-typings';

import { settingDefinitions, type SettingDefinition } from './defaults';

function toSettingDocument({ range: _range, ...definition }: SettingDefinition, sorter: number, now: Date): Omit<ISetting, '_updatedAt'> {
	return {
		...definition,
		value: definition.packageValue,
		valueSource: 'packageValue',
		i18nLabel: definition._id,
		i18nDescription: `${definition._id}_Description`,
		public: false,
		env: false,
		hidden: false,
		blocked: false,
		secret: false,
		autocomplete: true,
		sorter,
		ts: now,
		createdAt: now,
	};
}

/** Inserts every default setting that is missing; existing values are left alone. */
export async function seedSettings(models: Pick<Models, 'Settings'>, definitions = settingDefinitions): Promise<void> {
	const now = new Date();
	for (const [sorter, definition] of definitions.entries()) {
		await models.Settings.insertIfMissing(toSettingDocument(definition, sorter, now));
	}
}
