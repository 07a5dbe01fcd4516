import type { ILivechatInquiryRecord } from '@rocket.chat/core-typings';

import type { LivechatDeps } from '../livechatDeps';
import { ApiError } from '../../../../../lib/errors/MeteorError';

/**
 * `GET livechat/inquiries.queuedForUser`: queued inquiries addressed to the
 * agent, or to nobody in one of its departments (or in none). Agents have no
 * department links here, so naming a department is refused.
 *
 * @throws plain `error-not-authorized` for a department outside the agent's
 */
export async function findQueuedInquiries(
	{ models }: Pick<LivechatDeps, 'models'>,
	{ agentId, department, offset, count, sort }: { agentId: string; department?: string; offset: number; count: number; sort?: Record<string, 1 | -1> },
): Promise<{ inquiries: ILivechatInquiryRecord[]; count: number; offset: number; total: number }> {
	const agentDepartments: string[] = [];
	if (department && !agentDepartments.includes(department)) {
		throw new ApiError('error-not-authorized');
	}
	const { cursor, total } = models.LivechatInquiry.findQueuedForAgent(agentId, agentDepartments, { offset, count, sort: sort ?? { ts: 1 } });
	const [inquiries, totalCount] = await Promise.all([cursor.toArray(), total]);
	return { inquiries, count: inquiries.length, offset, total: totalCount };
}
