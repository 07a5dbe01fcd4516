import type { ISettingBase } from '@rocket.chat/core-typings';

/** The part of a setting this server declares; the rest of Rocket.Chat's shape is filled in when seeding. */
export interface SettingDefinition {
	_id: string;
	type: Extract<ISettingBase['type'], 'boolean' | 'int' | 'string'>;
	packageValue: boolean | number | string;
	group: string;
	section?: string;
}

/** The settings this server reads (spec §1.5, §1.6, §3.4), with Rocket.Chat's ids, types and defaults. */
export const settingDefinitions: readonly SettingDefinition[] = [
	{ _id: 'Livechat_enabled', type: 'boolean', packageValue: true, group: 'Omnichannel' },
	{ _id: 'Resolved_Conflicts_Count', type: 'int', packageValue: 0, group: 'Omnichannel' },
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
	{ _id: 'Livechat_message_character_limit', type: 'int', packageValue: 0, group: 'Omnichannel' },
	{ _id: 'Livechat_guest_count', type: 'int', packageValue: 1, group: 'Omnichannel' },
	{ _id: 'Livechat_title', type: 'string', packageValue: 'Rocket.Chat', group: 'Omnichannel', section: 'Livechat' },
	{ _id: 'Livechat_title_color', type: 'string', packageValue: '#C1272D', group: 'Omnichannel', section: 'Livechat' },
	{ _id: 'Livechat_registration_form', type: 'boolean', packageValue: true, group: 'Omnichannel', section: 'Livechat' },
	{ _id: 'Livechat_display_offline_form', type: 'boolean', packageValue: true, group: 'Omnichannel', section: 'Livechat' },
	{ _id: 'Livechat_offline_message', type: 'string', packageValue: '', group: 'Omnichannel', section: 'Livechat' },
	{ _id: 'Message_MaxAllowedSize', type: 'int', packageValue: 5000, group: 'Message' },
	{ _id: 'Accounts_AllowUserStatusMessageChange', type: 'boolean', packageValue: true, group: 'Accounts' },
	{ _id: 'Accounts_AllowInvisibleStatusOption', type: 'boolean', packageValue: true, group: 'Accounts' },
	{ _id: 'API_Enable_Rate_Limiter', type: 'boolean', packageValue: true, group: 'Rate Limiter', section: 'API_Rate_Limiter' },
	{ _id: 'API_Enable_Rate_Limiter_Dev', type: 'boolean', packageValue: true, group: 'Rate Limiter', section: 'API_Rate_Limiter' },
	{ _id: 'API_Enable_Rate_Limiter_Limit_Calls_Default', type: 'int', packageValue: 10, group: 'Rate Limiter', section: 'API_Rate_Limiter' },
	{ _id: 'API_Enable_Rate_Limiter_Limit_Time_Default', type: 'int', packageValue: 60000, group: 'Rate Limiter', section: 'API_Rate_Limiter' },
	{ _id: 'API_Default_Count', type: 'int', packageValue: 50, group: 'General', section: 'REST API' },
	{ _id: 'API_Upper_Count_Limit', type: 'int', packageValue: 100, group: 'General', section: 'REST API' },
	{ _id: 'API_Allow_Infinite_Count', type: 'boolean', packageValue: true, group: 'General', section: 'REST API' },
	// Input limits for contact writes (not in Rocket.Chat, which has none): generous, so no legitimate integration hits them.
	{ _id: 'Omnichannel_Contact_Name_Max_Length', type: 'int', packageValue: 512, group: 'Omnichannel', section: 'Input limits' },
	{ _id: 'Omnichannel_Contact_Max_Emails', type: 'int', packageValue: 100, group: 'Omnichannel', section: 'Input limits' },
	{ _id: 'Omnichannel_Contact_Email_Max_Length', type: 'int', packageValue: 320, group: 'Omnichannel', section: 'Input limits' },
	{ _id: 'Omnichannel_Contact_Max_Phones', type: 'int', packageValue: 100, group: 'Omnichannel', section: 'Input limits' },
	{ _id: 'Omnichannel_Contact_Phone_Max_Length', type: 'int', packageValue: 64, group: 'Omnichannel', section: 'Input limits' },
	{ _id: 'Omnichannel_Contact_Max_Custom_Fields', type: 'int', packageValue: 100, group: 'Omnichannel', section: 'Input limits' },
	{ _id: 'Omnichannel_Contact_Custom_Field_Key_Max_Length', type: 'int', packageValue: 128, group: 'Omnichannel', section: 'Input limits' },
	{ _id: 'Omnichannel_Contact_Custom_Field_Value_Max_Length', type: 'int', packageValue: 4096, group: 'Omnichannel', section: 'Input limits' },
	{ _id: 'Omnichannel_Contact_Max_External_Ids', type: 'int', packageValue: 100, group: 'Omnichannel', section: 'Input limits' },
	{ _id: 'Omnichannel_Contact_External_Id_Max_Length', type: 'int', packageValue: 256, group: 'Omnichannel', section: 'Input limits' },
	// Contact data quality (not in Rocket.Chat; README "Beyond Rocket.Chat").
	{ _id: 'Omnichannel_Contact_Match_Normalized', type: 'boolean', packageValue: true, group: 'Omnichannel', section: 'Contact data quality' },
	{ _id: 'Omnichannel_Contact_Default_Phone_Region', type: 'string', packageValue: '', group: 'Omnichannel', section: 'Contact data quality' },
];
