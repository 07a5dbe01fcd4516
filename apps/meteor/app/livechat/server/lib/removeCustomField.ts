import { ApiError } from '../../../../lib/errors/MeteorError';
import type { Deps } from '../../../lib/server/deps';

export async function removeCustomField(
	{ models: { LivechatCustomField }, visitorCustomFields }: Pick<Deps, 'models' | 'visitorCustomFields'>,
	customFieldId: string,
): Promise<void> {
	if (!(await LivechatCustomField.findOneById(customFieldId, { projection: { _id: 1 } }))) {
		throw new ApiError('error-custom-field-to-remove-not-found');
	}
	await LivechatCustomField.removeById(customFieldId);
	visitorCustomFields.invalidate();
}
