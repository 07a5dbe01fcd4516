import type { ILivechatCustomField, ILivechatVisitor } from '@rocket.chat/core-typings';

import { matchesPattern } from '../customFieldPattern';
import type { LivechatDeps } from '../livechatDeps';
import { ApiError } from '../../../../../lib/errors/MeteorError';

export type VisitorCustomFieldInput = { key: string; value: string; overwrite: boolean };

type Visitor = Pick<ILivechatVisitor, '_id' | 'token' | 'livechatData'>;

/**
 * One custom field sent by a visitor (Rocket.Chat's `setCustomFields`):
 * room-scoped values go to the visitor's open rooms, visitor-scoped ones to
 * the visitor and to every contact linked to it. Without `overwrite`, a value
 * already present wins; on a contact the sent value is then recorded as a
 * `customFields.<key>` conflict. Contacts stay `unknown` (newest 7.x).
 *
 * @throws plain `Invalid value for <key> field` when the field's regexp fails
 */
export async function setVisitorCustomField(deps: LivechatDeps, visitor: Visitor, field: ILivechatCustomField, { key, value, overwrite }: VisitorCustomFieldInput): Promise<void> {
	const { models } = deps;
	if (field.regexp && !matchesPattern(field.regexp, value)) {
		// This route names the field by its key where contact validation uses the label.
			throw new ApiError('error-invalid-custom-field-value', { label: key });
	}
	if (field.scope === 'room') {
		const rooms = await models.LivechatRooms.findOpenByVisitorToken(visitor.token, { projection: { _id: 1, livechatData: 1 } }).toArray();
		for (const room of rooms) {
			if (overwrite || !room.livechatData?.[key]) {
				await models.LivechatRooms.setLivechatData(room._id, key, value);
			}
		}
		return;
	}
	if (overwrite || !visitor.livechatData?.[key]) {
		await models.LivechatVisitors.setLivechatData(visitor._id, { [key]: value });
	}
	const contacts = await models.LivechatContacts.findAllByVisitorId(visitor._id, { projection: { _id: 1, customFields: 1 } }).toArray();
	for (const contact of contacts) {
		if (overwrite || !contact.customFields?.[key]) {
			await models.LivechatContacts.updateCustomFieldsAndConflicts(contact._id, { [key]: value }, []);
		} else {
			await models.LivechatContacts.updateCustomFieldsAndConflicts(contact._id, {}, [{ field: `customFields.${key}` as never, value }]);
		}
	}
}

/**
 * The `customFields` of a visitor registration: every required visitor field
 * must be among the sent keys; unknown keys are ignored.
 *
 * @throws plain `Missing required custom fields: a, b`, and `setVisitorCustomField`'s errors
 */
export async function setVisitorCustomFields(deps: LivechatDeps, visitor: Visitor, inputs: VisitorCustomFieldInput[], { requireAll }: { requireAll: boolean }): Promise<void> {
	const fields = await deps.visitorCustomFields.get();
	if (requireAll) {
		const sent = new Set(inputs.map(({ key }) => key));
		const missing = fields.filter((field) => field.required && !sent.has(field._id)).map(({ _id }) => _id);
		if (missing.length) {
			throw new ApiError('error-missing-required-custom-fields', { fields: missing.join(', ') });
		}
	}
	for (const input of inputs) {
		const field = fields.find(({ _id }) => _id === input.key);
		if (field) {
			await setVisitorCustomField(deps, visitor, field, input);
		}
	}
}
