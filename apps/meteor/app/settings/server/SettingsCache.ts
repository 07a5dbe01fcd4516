import type { ISetting, SettingValue } from '@rocket.chat/core-typings';
import type { ChangeStreamDocument } from 'mongodb';
import type { Models } from '@omni/model-typings';

import { MeteorError } from '../../../lib/errors/MeteorError';

type CachedSetting = { value: SettingValue; type: ISetting['type'] };

function matchesType(type: ISetting['type'], value: unknown): boolean {
	switch (type) {
		case 'boolean':
			return typeof value === 'boolean';
		case 'int':
			return typeof value === 'number' && Number.isFinite(value);
		case 'string':
			return typeof value === 'string';
		default:
			return true;
	}
}

/**
 * Workspace settings held in memory, so the request path never waits on the
 * store. Our own writes update the cache before they return; change events
 * bring in writes made by another instance sharing the database.
 *
 * @example settings.get<number>('API_Default_Count') // 50
 */
export class SettingsCache {
	private readonly settings = new Map<string, CachedSetting>();

	private stopWatching: (() => Promise<void>) | undefined;

	private readonly listeners = new Map<string, Set<(value: SettingValue) => void>>();

	constructor(private readonly models: Pick<Models, 'Settings'>) {}

	get<T = SettingValue>(_id: string): T {
		return this.settings.get(_id)?.value as T;
	}

	has(_id: string): boolean {
		return this.settings.has(_id);
	}

	async load(): Promise<void> {
		for await (const setting of this.models.Settings.findAllValues()) {
			this.remember(setting);
		}
	}

	/**
	 * Calls `listener` after the setting's value may have changed (our own
	 * writes and other instances' alike; a listener may hear one change twice).
	 * Returns a function that unsubscribes.
	 */
	onChange(_id: string, listener: (value: SettingValue) => void): () => void {
		const set = this.listeners.get(_id) ?? new Set();
		this.listeners.set(_id, set);
		set.add(listener);
		return () => {
			set.delete(listener);
		};
	}

	/** Subscribes to the store's change events. */
	start(): void {
		this.stopWatching ??= this.models.Settings.watch((change) => this.applyChange(change));
	}

	async stop(): Promise<void> {
		const stop = this.stopWatching;
		this.stopWatching = undefined;
		await stop?.();
	}

	/**
	 * Sets a setting's value. Returns false for an unknown id; throws
	 * `error-invalid-setting-value` when the value's type does not fit the setting.
	 */
	async updateValue(_id: string, value: SettingValue): Promise<boolean> {
		const current = this.settings.get(_id);
		if (current && !matchesType(current.type, value)) {
			throw new MeteorError('error-invalid-setting-value', `Invalid value for setting ${_id}`);
		}
		if (!(await this.models.Settings.updateValueById(_id, value))) {
			return false;
		}
		this.settings.set(_id, { value, type: current?.type ?? 'string' });
		this.notify(_id);
		return true;
	}

	/** Atomically adds `amount` to a numeric setting (e.g. `Resolved_Conflicts_Count`); returns the new value. */
	async incrementValue(_id: string, amount = 1): Promise<number> {
		const updated = await this.models.Settings.incrementValueById(_id, amount);
		if (!updated) {
			throw new MeteorError('error-setting-not-found', `Setting ${_id} not found`);
		}
		this.remember(updated);
		return updated.value as number;
	}

	private remember(setting: Pick<ISetting, '_id' | 'value' | 'type'>): void {
		this.settings.set(setting._id, { value: setting.value, type: setting.type });
	}

	private notify(_id: string): void {
		for (const listener of this.listeners.get(_id) ?? []) {
			listener(this.get(_id));
		}
	}

	private applyChange(change: ChangeStreamDocument<ISetting>): void {
		if (change.operationType === 'delete') {
			this.settings.delete(String(change.documentKey._id));
			return;
		}
		if ('fullDocument' in change && change.fullDocument) {
			this.remember(change.fullDocument);
			this.notify(change.fullDocument._id);
		}
	}
}
