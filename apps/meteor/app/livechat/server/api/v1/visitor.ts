import { ajv } from '@rocket.chat/rest-typings';

import { ApiError } from '../../../../../lib/errors/MeteorError';
import { API } from '../../../../api/server/api';
import type { ActionContext } from '../../../../api/server/definition';
import { assertVisitorInputLimits } from '../../lib/visitors/assertVisitorInputLimits';
import { registerGuest, type RegisterGuestParams } from '../../lib/visitors/registerGuest';
import { removeGuest } from '../../lib/visitors/removeGuest';
import { livechatDeps } from '../livechatDeps';

const optionalString = { type: 'string', nullable: true };

/**
 * Late 7.x validates `POST livechat/visitor` with ajv: `visitor.token` is
 * required, the other members are optional strings, extra members inside
 * `visitor` are allowed, extra top-level keys are not.
 */
const isPOSTLivechatVisitorParams = ajv.compile({
	type: 'object',
	properties: {
		visitor: {
			type: 'object',
			properties: {
				id: optionalString,
				token: { type: 'string' },
				name: optionalString,
				email: optionalString,
				department: optionalString,
				phone: optionalString,
				username: optionalString,
				customFields: {
					type: 'array',
					nullable: true,
					items: {
						type: 'object',
						properties: { key: { type: 'string' }, value: { type: 'string' }, overwrite: { type: 'boolean' } },
						required: ['key', 'value', 'overwrite'],
						additionalProperties: false,
					},
				},
			},
			required: ['token'],
			additionalProperties: true,
		},
	},
	required: ['visitor'],
	additionalProperties: false,
});

function headerValue(value: string | string[] | undefined): string | undefined {
	return Array.isArray(value) ? value[0] : value;
}

/** What the GDPR setting lets us keep about the visitor's connection. */
function connectionData(ctx: Pick<ActionContext, 'headers' | 'clientIp'>): RegisterGuestParams['connectionData'] {
	return {
		userAgent: headerValue(ctx.headers['user-agent'])?.slice(0, 1024),
		ip: headerValue(ctx.headers['x-real-ip']) || headerValue(ctx.headers['x-forwarded-for']) || ctx.clientIp,
		host: headerValue(ctx.headers.host)?.slice(0, 1024),
	};
}

API.v1.addRoute(
	'livechat/visitor',
	{ validateParams: isPOSTLivechatVisitorParams, rateLimiterOptions: { numRequestsAllowed: 5, intervalTimeInMS: 60000 } },
	{
		async post() {
			const { visitor: input } = this.bodyParams;
			assertVisitorInputLimits(this.deps.settings, input);
			const visitor = await registerGuest(livechatDeps(this), {
				token: input.token,
				name: input.name ?? undefined,
				email: input.email ?? undefined,
				phone: input.phone ?? undefined,
				department: input.department ?? undefined,
				username: input.username ?? undefined,
				id: input.id ?? undefined,
				customFields: input.customFields ?? undefined,
				connectionData: connectionData(this),
			});
			return API.v1.success({ visitor });
		},
	},
);

API.v1.addRoute('livechat/visitor/:token', {
	async get() {
		const visitor = await this.deps.models.LivechatVisitors.getVisitorByToken(this.urlParams.token);
		if (!visitor) {
			throw new ApiError('invalid-token');
		}
		return API.v1.success({ visitor });
	},
	async delete() {
		const visitor = await removeGuest(livechatDeps(this), this.urlParams.token);
		return API.v1.success({ visitor });
	},
});
