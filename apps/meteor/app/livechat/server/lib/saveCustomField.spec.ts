import { createModels } from '@omni/models';
import type { IDatabase, Models } from '@omni/model-typings';
import { connectDatabase } from '@omni/database';
import { expect } from 'chai';

import { removeCustomField } from './removeCustomField';
import { saveCustomField } from './saveCustomField';

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
	const data = { field: 'cpf', label: 'CPF', scope: 'visitor' as const, visibility: 'visible' };

	beforeEach(async () => {
		db = await connectDatabase({});
		models = createModels(db);
	});

	afterEach(() => db.close());

	it('creates a field under its `field` name, without storing `field` itself', async () => {
		const saved = await saveCustomField({ models }, null, { ...data, required: true, regexp: '^[0-9]+$' });
		expect(saved).to.have.all.keys('_id', 'label', 'scope', 'visibility', 'required', 'regexp', '_updatedAt');
		expect(saved).to.deep.include({ _id: 'cpf', label: 'CPF', required: true, regexp: '^[0-9]+$' });
	});

	it('updates an existing field and refuses to re-create it', async () => {
		await saveCustomField({ models }, null, data);
		expect(await saveCustomField({ models }, 'cpf', { ...data, label: 'Tax id' })).to.deep.include({ _id: 'cpf', label: 'Tax id' });
		expect(await errorOf(() => saveCustomField({ models }, null, data))).to.equal('Custom Field already exists');
	});

	it('refuses to update an unknown field and an invalid field name', async () => {
		expect(await errorOf(() => saveCustomField({ models }, 'nope', data))).to.equal('Custom Field Not found');
		expect(await errorOf(() => saveCustomField({ models }, null, { ...data, field: 'a b' }))).to.equal(
			'Invalid custom field name. Use only letters, numbers, hyphens and underscores.',
		);
	});

	it('removes a field, and refuses to remove an unknown one', async () => {
		await saveCustomField({ models }, null, data);
		await removeCustomField({ models }, 'cpf');
		expect(await models.LivechatCustomField.findOneById('cpf')).to.equal(null);
		expect(await errorOf(() => removeCustomField({ models }, 'cpf'))).to.equal('Custom field not found');
	});
});
