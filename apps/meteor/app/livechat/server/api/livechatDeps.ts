import type { ActionContext } from '../../../api/server/definition';
import type { LivechatDeps } from '../lib/livechatDeps';

/** The livechat domain functions' dependencies, taken from a route's context. */
export function livechatDeps(ctx: ActionContext): LivechatDeps {
	return { models: ctx.models, settings: ctx.settings, withTransaction: ctx.withTransaction, testMode: ctx.testMode };
}
