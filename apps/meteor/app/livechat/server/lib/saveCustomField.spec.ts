import { createModels } from '@omni/models';
import type { IDatabase, Models } from '@omni/model-typings';
import { connectDatabase } from '@omni/database';
import { expect } from 'chai';

import type { Deps } from '../../../lib/server/deps';
import { removeCustomField } from './removeCustomField';
import { saveCustomField } from './saveCustomField';
import { createVisitorCustomFields } from './visitorCustomFields';

async function errorOf(fn: () => Promise<unknown>): Promise<string | undefined> {
	try {
		await fn();
	} catch (err) {
		return (err as Error).message;
	}
	return undefined;
}

describe('saveCustomField and removeCustomField', () => {
	let db: IDatabase;
	let models: Models;
	let deps: Pick<Deps, 'models' | 'visitorCustomFields'>;
	const data = { field: 'cpf', label: 'CPF', scope: 'visitor' as const, visibility: 'visible' };

	beforeEach(async () => {
		db = await connectDatabase({});
		models = createModels(db);
		// Not subscribed to change events: the writes themselves must invalidate it.
		deps = { models, visitorCustomFields: createVisitorCustomFields(models) };
	});

	afterEach(() => db.close());

	it('creates a field under its `field` name, without storing `field` itself', async () => {
		const saved = await saveCustomField(deps, null, { ...data, required: true, regexp: '^[0-9]+$' });
		expect(saved).to.have.all.keys('_id', 'label', 'scope', 'visibility', 'required', 'regexp', '_updatedAt');
		expect(saved).to.deep.include({ _id: 'cpf', label: 'CPF', required: true, regexp: '^[0-9]+$' });
	});

	it('updates an existing field and refuses to re-create it', async () => {
		await saveCustomField(deps, null, data);
		expect(await saveCustomField(deps, 'cpf', { ...data, label: 'Tax id' })).to.deep.include({ _id: 'cpf', label: 'Tax id' });
		expect(await errorOf(() => saveCustomField(deps, null, data))).to.equal('Custom Field already exists');
	});

	it('refuses to update an unknown field and an invalid field name', async () => {
		expect(await errorOf(() => saveCustomField(deps, 'nope', data))).to.equal('Custom Field Not found');
		expect(await errorOf(() => saveCustomField(deps, null, { ...data, field: 'a b' }))).to.equal(
			'Invalid custom field name. Use only letters, numbers, hyphens and underscores.',
		);
	});

	it('removes a field, and refuses to remove an unknown one', async () => {
		await saveCustomField(deps, null, data);
		await removeCustomField(deps, 'cpf');
		expect(await models.LivechatCustomField.findOneById('cpf')).to.equal(null);
		expect(await errorOf(() => removeCustomField(deps, 'cpf'))).to.equal('Custom field not found');
	});

	it('shows every save and remove on the next read of the visitor custom fields, without change events', async () => {
		const ids = async () => (await deps.visitorCustomFields.get()).map(({ _id }) => _id);
		expect(await ids()).to.deep.equal([]);
		await saveCustomField(deps, null, data);
		expect(await ids()).to.deep.equal(['cpf']);
		await saveCustomField(deps, 'cpf', { ...data, visibility: 'hidden' });
		expect(await ids()).to.deep.equal([]);
		await saveCustomField(deps, 'cpf', data);
		await saveCustomField(deps, null, { ...data, field: 'tax', scope: 'room' });
		expect(await ids()).to.deep.equal(['cpf']);
		await removeCustomField(deps, 'cpf');
		expect(await ids()).to.deep.equal([]);
	});
});
