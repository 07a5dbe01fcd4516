import { connectDatabase } from '@omni/database';
import { createModels } from '@omni/models';
import type { IDatabase, Models } from '@omni/model-typings';
import { expect } from 'chai';

import { MeteorError } from '../../../lib/errors/MeteorError';
import { settingDefinitions } from './defaults';
import { seedSettings } from './seedSettings';
import { SettingsCache } from './SettingsCache';

describe('settings', () => {
	let db: IDatabase;
	let models: Models;
	let settings: SettingsCache;

	beforeEach(async () => {
		db = await connectDatabase({});
		models = createModels(db);
		await seedSettings(models);
		settings = new SettingsCache(models);
		await settings.load();
	});

	afterEach(async () => {
		await settings.stop();
		await db.close();
	});

	describe('seedSettings', () => {
		it('stores every default in Rocket.Chat’s setting shape', async () => {
			const stored = await models.Settings.findOneById('API_Default_Count');
			expect(stored).to.include({
				_id: 'API_Default_Count',
				type: 'int',
				value: 50,
				packageValue: 50,
				valueSource: 'packageValue',
				i18nLabel: 'API_Default_Count',
				public: false,
				hidden: false,
				blocked: false,
			});
			expect(stored?._updatedAt).to.be.instanceOf(Date);
			expect(await models.Settings.countDocuments()).to.equal(settingDefinitions.length);
		});

		it('never overwrites a value an admin changed', async () => {
			await models.Settings.updateValueById('API_Default_Count', 7);
			await seedSettings(models);
			expect((await models.Settings.findOneById('API_Default_Count'))?.value).to.equal(7);
		});
	});

	describe('SettingsCache', () => {
		it('serves the loaded values from memory', () => {
			expect(settings.get('API_Enable_Rate_Limiter_Limit_Calls_Default')).to.equal(10);
			expect(settings.get('Livechat_enabled')).to.equal(true);
			expect(settings.has('Nope')).to.equal(false);
			expect(settings.get('Nope')).to.equal(undefined);
		});

		it('updateValue writes through and is visible at once', async () => {
			expect(await settings.updateValue('API_Upper_Count_Limit', 250)).to.equal(true);
			expect(settings.get('API_Upper_Count_Limit')).to.equal(250);
			expect((await models.Settings.findOneById('API_Upper_Count_Limit'))?.value).to.equal(250);
		});

		it('updateValue reports an unknown id', async () => {
			expect(await settings.updateValue('Nope', 1)).to.equal(false);
			expect(settings.has('Nope')).to.equal(false);
		});

		it('updateValue refuses a value of the wrong type', async () => {
			let thrown: unknown;
			try {
				await settings.updateValue('API_Allow_Infinite_Count', 'yes');
			} catch (error) {
				thrown = error;
			}
			expect(thrown).to.be.instanceOf(MeteorError).with.property('error', 'error-invalid-setting-value');
			expect(settings.get('API_Allow_Infinite_Count')).to.equal(true);
		});

		it('updateValue refuses an int setting outside its range or not an integer, naming the range', async () => {
			for (const value of [0, -5, 1.5, 1e300, 1_000_001]) {
				let thrown: unknown;
				try {
					await settings.updateValue('API_Enable_Rate_Limiter_Limit_Calls_Default', value);
				} catch (error) {
					thrown = error;
				}
				expect(thrown, String(value)).to.be.instanceOf(MeteorError).with.property('error', 'error-invalid-setting-value');
				expect((thrown as MeteorError).details).to.deep.equal({ min: 1, max: 1_000_000 });
			}
			expect(settings.get('API_Enable_Rate_Limiter_Limit_Calls_Default')).to.equal(10);
			expect(await settings.updateValue('API_Enable_Rate_Limiter_Limit_Calls_Default', 1_000_000)).to.equal(true);
		});

		it('declares a range for every int setting, and does not store it with the setting', async () => {
			for (const definition of settingDefinitions.filter(({ type }) => type === 'int')) {
				expect(definition.range, definition._id).to.be.an('array').with.lengthOf(2);
				expect(definition.range![0]).to.be.at.most(definition.packageValue as number);
				expect(definition.range![1]).to.be.at.least(definition.packageValue as number);
			}
			expect(await models.Settings.findOneById('API_Default_Count')).not.to.have.property('range');
		});

		it('incrementValue adds atomically and returns the new value', async () => {
			expect(await settings.incrementValue('Resolved_Conflicts_Count', 3)).to.equal(3);
			expect(await settings.incrementValue('Resolved_Conflicts_Count')).to.equal(4);
			expect(settings.get('Resolved_Conflicts_Count')).to.equal(4);
			const concurrent = await Promise.all(Array.from({ length: 10 }, () => settings.incrementValue('Resolved_Conflicts_Count')));
			expect(new Set(concurrent).size).to.equal(10);
			expect((await models.Settings.findOneById('Resolved_Conflicts_Count'))?.value).to.equal(14);
		});

		it('incrementValue on an unknown id throws', async () => {
			let thrown: unknown;
			try {
				await settings.incrementValue('Nope');
			} catch (error) {
				thrown = error;
			}
			expect(thrown).to.be.instanceOf(MeteorError).with.property('error', 'error-setting-not-found');
		});

		it('picks up writes made by someone else through change events', async () => {
			settings.start();
			const other = createModels(db);
			await other.Settings.updateValueById('API_Default_Count', 20);
			await new Promise((resolve) => setTimeout(resolve, 20));
			expect(settings.get('API_Default_Count')).to.equal(20);
		});
	});
});
