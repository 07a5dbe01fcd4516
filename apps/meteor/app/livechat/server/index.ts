/**
 * `@omni/meteor/livechat`: the livechat domain functions the `ee/` workspace
 * patches or reuses. Community code imports the files directly.
 */
export { findContactHistory, getContactHistory, type ContactHistory, type ContactHistoryParams } from './lib/contacts/getContactHistory';
export { closeRoom, type Closer, type CloseRoomParams } from './lib/rooms/closeRoom';
export type { LivechatDeps } from './lib/livechatDeps';
