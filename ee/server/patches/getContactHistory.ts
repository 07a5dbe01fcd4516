import { findContactHistory, getContactHistory } from '@omni/meteor/livechat';

// Rocket.Chat EE filters a contact's history by room source type (`source.type`); CE ignores `source`.
getContactHistory.patch(
	(next, deps, { source, ...page }) => (source ? findContactHistory(deps, { ...page, sourceType: source }) : next(deps, page)),
	(deps) => deps.license.hasModule('livechat-enterprise'),
);
