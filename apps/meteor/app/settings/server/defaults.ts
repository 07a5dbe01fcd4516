import type { ISettingBase } from '@rocket.chat/core-typings';

/** The part of a setting this server declares; the rest of Rocket.Chat's shape is filled in when seeding. */
export interface SettingDefinition {
	_id: string;
	type: Extract<ISettingBase['type'], 'boolean' | 'int' | 'string'>;
	packageValue: boolean | number | string;
	group: string;
	section?: string;
	/** Inclusive bounds an `int` setting's value must stay within (not stored with the setting). */
	range?: readonly [min: number, max: number];
}

const MAX_COUNT = 10_000;
const MAX_LENGTH = 1_000_000;

/** The settings this server reads (spec §1.5, §1.6, §3.4), with Rocket.Chat's ids, types and defaults. */
export const settingDefinitions: readonly SettingDefinition[] = [
	{ _id: 'Livechat_enabled', type: 'boolean', packageValue: true, group: 'Omnichannel' },
	{ _id: 'Resolved_Conflicts_Count', type: 'int', packageValue: 0, group: 'Omnichannel', range: [0, Number.MAX_SAFE_INTEGER] },
	{ _id: 'API_Enable_Rate_Limiter', type: 'boolean', packageValue: true, group: 'Rate Limiter', section: 'API_Rate_Limiter' },
	{ _id: 'API_Enable_Rate_Limiter_Dev', type: 'boolean', packageValue: true, group: 'Rate Limiter', section: 'API_Rate_Limiter' },
	{ _id: 'API_Enable_Rate_Limiter_Limit_Calls_Default', type: 'int', packageValue: 10, group: 'Rate Limiter', section: 'API_Rate_Limiter', range: [1, 1_000_000] },
	{ _id: 'API_Enable_Rate_Limiter_Limit_Time_Default', type: 'int', packageValue: 60000, group: 'Rate Limiter', section: 'API_Rate_Limiter', range: [1, 86_400_000] },
	{ _id: 'API_Default_Count', type: 'int', packageValue: 50, group: 'General', section: 'REST API', range: [0, MAX_COUNT] },
	{ _id: 'API_Upper_Count_Limit', type: 'int', packageValue: 100, group: 'General', section: 'REST API', range: [0, MAX_COUNT] },
	{ _id: 'API_Allow_Infinite_Count', type: 'boolean', packageValue: true, group: 'General', section: 'REST API' },
	// Days a login token stays valid, for `login {resume}` and every authenticated request (personal access tokens never expire).
	{ _id: 'Accounts_LoginExpiration', type: 'int', packageValue: 90, group: 'Accounts', range: [1, 36_500] },
	// Input limits for contact writes (not in Rocket.Chat, which has none): generous, so no legitimate integration hits them.
	{ _id: 'Omnichannel_Contact_Name_Max_Length', type: 'int', packageValue: 512, group: 'Omnichannel', section: 'Input limits', range: [1, MAX_LENGTH] },
	{ _id: 'Omnichannel_Contact_Max_Emails', type: 'int', packageValue: 100, group: 'Omnichannel', section: 'Input limits', range: [1, MAX_COUNT] },
	{ _id: 'Omnichannel_Contact_Email_Max_Length', type: 'int', packageValue: 320, group: 'Omnichannel', section: 'Input limits', range: [1, MAX_LENGTH] },
	{ _id: 'Omnichannel_Contact_Max_Phones', type: 'int', packageValue: 100, group: 'Omnichannel', section: 'Input limits', range: [1, MAX_COUNT] },
	{ _id: 'Omnichannel_Contact_Phone_Max_Length', type: 'int', packageValue: 64, group: 'Omnichannel', section: 'Input limits', range: [1, MAX_LENGTH] },
	{ _id: 'Omnichannel_Contact_Max_Custom_Fields', type: 'int', packageValue: 100, group: 'Omnichannel', section: 'Input limits', range: [1, MAX_COUNT] },
	{ _id: 'Omnichannel_Contact_Custom_Field_Key_Max_Length', type: 'int', packageValue: 128, group: 'Omnichannel', section: 'Input limits', range: [1, MAX_LENGTH] },
	{ _id: 'Omnichannel_Contact_Custom_Field_Value_Max_Length', type: 'int', packageValue: 4096, group: 'Omnichannel', section: 'Input limits', range: [1, MAX_LENGTH] },
];
