import type { ActionContext } from '../../../api/server/definition';
import type { LivechatDeps } from '../lib/livechatDeps';

/** The livechat domain functions' dependencies, taken from a route's context. */
export function livechatDeps(ctx: Pick<ActionContext, 'deps' | 'testMode'>): LivechatDeps {
	return { ...ctx.deps, testMode: ctx.testMode };
}
