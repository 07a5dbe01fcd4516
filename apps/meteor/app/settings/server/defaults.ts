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
const MINUTES_PER_DAY = 1440;

/** The settings this server reads (rate limiter, REST pagination, omnichannel), with Rocket.Chat's ids, types and defaults. */
export const settingDefinitions: readonly SettingDefinition[] = [
	{ _id: 'Livechat_enabled', type: 'boolean', packageValue: true, group: 'Omnichannel' },
	{ _id: 'Resolved_Conflicts_Count', type: 'int', packageValue: 0, group: 'Omnichannel', range: [0, Number.MAX_SAFE_INTEGER] },
	// Livechat routing and conversations (Rocket.Chat's ids and defaults; see the README's routing section).
	{ _id: 'Livechat_Routing_Method', type: 'string', packageValue: 'Auto_Selection', group: 'Omnichannel', section: 'Routing' },
	{ _id: 'Livechat_accept_chats_with_no_agents', type: 'boolean', packageValue: false, group: 'Omnichannel', section: 'Routing' },
	{ _id: 'Livechat_enabled_when_agent_idle', type: 'boolean', packageValue: true, group: 'Omnichannel', section: 'Routing' },
	{ _id: 'Livechat_waiting_queue', type: 'boolean', packageValue: false, group: 'Omnichannel', section: 'Queue_management' },
	{ _id: 'Livechat_assign_new_conversation_to_bot', type: 'boolean', packageValue: false, group: 'Omnichannel', section: 'Routing' },
	{ _id: 'Livechat_request_comment_when_closing_conversation', type: 'boolean', packageValue: true, group: 'Omnichannel' },
	{ _id: 'Omnichannel_allow_visitors_to_close_conversation', type: 'boolean', packageValue: true, group: 'Omnichannel' },
	{ _id: 'Omnichannel_allow_force_close_conversations', type: 'boolean', packageValue: false, group: 'Omnichannel' },
	{ _id: 'Livechat_Allow_collect_and_store_HTTP_header_informations', type: 'boolean', packageValue: false, group: 'Omnichannel', section: 'GDPR' },
	{ _id: 'Livechat_enable_message_character_limit', type: 'boolean', packageValue: false, group: 'Omnichannel' },
	{ _id: 'Livechat_message_character_limit', type: 'int', packageValue: 0, group: 'Omnichannel', range: [0, MAX_LENGTH] },
	{ _id: 'Livechat_guest_count', type: 'int', packageValue: 1, group: 'Omnichannel', range: [0, Number.MAX_SAFE_INTEGER] },
	{ _id: 'Livechat_title', type: 'string', packageValue: 'Rocket.Chat', group: 'Omnichannel', section: 'Livechat' },
	{ _id: 'Livechat_title_color', type: 'string', packageValue: '#C1272D', group: 'Omnichannel', section: 'Livechat' },
	{ _id: 'Livechat_registration_form', type: 'boolean', packageValue: true, group: 'Omnichannel', section: 'Livechat' },
	{ _id: 'Livechat_display_offline_form', type: 'boolean', packageValue: true, group: 'Omnichannel', section: 'Livechat' },
	{ _id: 'Livechat_offline_message', type: 'string', packageValue: '', group: 'Omnichannel', section: 'Livechat' },
	{ _id: 'Message_MaxAllowedSize', type: 'int', packageValue: 5000, group: 'Message', range: [1, MAX_LENGTH] },
	{ _id: 'Accounts_AllowUserStatusMessageChange', type: 'boolean', packageValue: true, group: 'Accounts' },
	{ _id: 'Accounts_AllowInvisibleStatusOption', type: 'boolean', packageValue: true, group: 'Accounts' },
	{ _id: 'API_Enable_Rate_Limiter', type: 'boolean', packageValue: true, group: 'Rate Limiter', section: 'API_Rate_Limiter' },
	{ _id: 'API_Enable_Rate_Limiter_Dev', type: 'boolean', packageValue: true, group: 'Rate Limiter', section: 'API_Rate_Limiter' },
	{ _id: 'API_Enable_Rate_Limiter_Limit_Calls_Default', type: 'int', packageValue: 10, group: 'Rate Limiter', section: 'API_Rate_Limiter', range: [1, 1_000_000] },
	{ _id: 'API_Enable_Rate_Limiter_Limit_Time_Default', type: 'int', packageValue: 60000, group: 'Rate Limiter', section: 'API_Rate_Limiter', range: [1, 86_400_000] },
	{ _id: 'API_Default_Count', type: 'int', packageValue: 50, group: 'General', section: 'REST API', range: [0, MAX_COUNT] },
	{ _id: 'API_Upper_Count_Limit', type: 'int', packageValue: 100, group: 'General', section: 'REST API', range: [0, MAX_COUNT] },
	{ _id: 'API_Allow_Infinite_Count', type: 'boolean', packageValue: true, group: 'General', section: 'REST API' },
	// Failed-login lockout (Rocket.Chat's ids; off under TEST_MODE like the rate limiter).
	{ _id: 'Block_Multiple_Failed_Logins_Enabled', type: 'boolean', packageValue: true, group: 'Accounts', section: 'Login_Attempts' },
	{ _id: 'Block_Multiple_Failed_Logins_By_User', type: 'boolean', packageValue: true, group: 'Accounts', section: 'Login_Attempts' },
	{ _id: 'Block_Multiple_Failed_Logins_Attempts_Until_Block_by_User', type: 'int', packageValue: 10, group: 'Accounts', section: 'Login_Attempts', range: [1, MAX_COUNT] },
	{ _id: 'Block_Multiple_Failed_Logins_Time_To_Unblock_By_User_In_Minutes', type: 'int', packageValue: 5, group: 'Accounts', section: 'Login_Attempts', range: [1, MINUTES_PER_DAY] },
	{ _id: 'Block_Multiple_Failed_Logins_By_Ip', type: 'boolean', packageValue: true, group: 'Accounts', section: 'Login_Attempts' },
	{ _id: 'Block_Multiple_Failed_Logins_Attempts_Until_Block_By_Ip', type: 'int', packageValue: 10, group: 'Accounts', section: 'Login_Attempts', range: [1, MAX_COUNT] },
	{ _id: 'Block_Multiple_Failed_Logins_Time_To_Unblock_By_Ip_In_Minutes', type: 'int', packageValue: 5, group: 'Accounts', section: 'Login_Attempts', range: [1, MINUTES_PER_DAY] },
	{ _id: 'Block_Multiple_Failed_Logins_Ip_Whitelist', type: 'string', packageValue: '', group: 'Accounts', section: 'Login_Attempts' },
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
	{ _id: 'Omnichannel_Contact_Max_External_Ids', type: 'int', packageValue: 100, group: 'Omnichannel', section: 'Input limits', range: [1, MAX_COUNT] },
	{ _id: 'Omnichannel_Contact_External_Id_Max_Length', type: 'int', packageValue: 256, group: 'Omnichannel', section: 'Input limits', range: [1, MAX_LENGTH] },
	// Contact data quality (not in Rocket.Chat; README "Beyond Rocket.Chat").
	{ _id: 'Omnichannel_Contact_Match_Normalized', type: 'boolean', packageValue: true, group: 'Omnichannel', section: 'Contact data quality' },
	{ _id: 'Omnichannel_Contact_Default_Phone_Region', type: 'string', packageValue: '', group: 'Omnichannel', section: 'Contact data quality' },
];
