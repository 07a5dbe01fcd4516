import type { Models } from '@omni/model-typings';

export async function removeCustomField(LivechatCustomField: Models['LivechatCustomField'], customFieldId: string): Promise<void> {
	if (!(await LivechatCustomField.findOneById(customFieldId, { projection: { _id: 1 } }))) {
		throw new Error('Custom field not found');
	}
	await LivechatCustomField.removeById(customFieldId);
}
