/**
 * The Enterprise modules this server implements, by Rocket.Chat's licence module names.
 * `livechat-enterprise` gates Enterprise omnichannel routes and behaviour;
 * `contact-id-verification` gates contact blocking and verification.
 */
export const ENTERPRISE_MODULES = ['livechat-enterprise', 'contact-id-verification'] as const;

export type EnterpriseModule = (typeof ENTERPRISE_MODULES)[number];

/**
 * Which Enterprise modules are on. There is no licence server: the `ENTERPRISE`
 * variable decides (see `server/config.ts`), every module by default.
 */
export interface License {
	hasModule(module: EnterpriseModule): boolean;
	/** True when at least one module is on (community mode otherwise). */
	readonly enterprise: boolean;
}

/** @example createLicense(['livechat-enterprise']).hasModule('contact-id-verification') // false */
export function createLicense(modules: readonly EnterpriseModule[]): License {
	const enabled = new Set<EnterpriseModule>(modules);
	return {
		hasModule: (module) => enabled.has(module),
		enterprise: enabled.size > 0,
	};
}
