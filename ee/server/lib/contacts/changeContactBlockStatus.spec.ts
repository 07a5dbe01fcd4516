import { expect } from 'chai';

import { insertContact, useTestDeps } from '@omni/meteor/testing';

import { changeContactBlockStatus } from './changeContactBlockStatus';

describe('EE changeContactBlockStatus', () => {
	const openDeps = useTestDeps();
	const association = { visitorId: 'visitor-1', source: { type: 'api' } };
	const channel = { name: 'api', visitor: association, blocked: false, verified: false, details: { type: 'api' } };

	const open = (enterprise: boolean) => openDeps({ enterprise });

	it('sets and clears the flag of the matching channel only', async () => {
		const deps = await open(true);
		const other = { ...channel, name: 'widget', visitor: { visitorId: 'visitor-1', source: { type: 'widget' } } };
		const contactId = await insertContact(deps.models, { channels: [channel, other] as never });
		await changeContactBlockStatus(deps, { visitor: association, block: true });
		expect((await deps.models.LivechatContacts.findOneById(contactId))?.channels.map(({ blocked }) => blocked)).to.deep.equal([true, false]);
		await changeContactBlockStatus(deps, { visitor: association, block: false });
		expect((await deps.models.LivechatContacts.findOneById(contactId))?.channels.map(({ blocked }) => blocked)).to.deep.equal([false, false]);
	});

	it('fails with error-contact-not-found when the channel is unknown or already in that state', async () => {
		const deps = await open(true);
		await insertContact(deps.models, { channels: [channel] as never });
		await changeContactBlockStatus(deps, { visitor: association, block: false }).then(
			() => expect.fail('unblocking an unblocked channel must fail'),
			(err: Error) => expect(err.message).to.equal('error-contact-not-found'),
		);
		await changeContactBlockStatus(deps, { visitor: { ...association, source: { type: 'api', id: 'x' } }, block: true }).then(
			() => expect.fail('another source id is another channel'),
			(err: Error) => expect(err.message).to.equal('error-contact-not-found'),
		);
	});

	it('refuses with error-action-not-allowed without the contact-id-verification module', async () => {
		const deps = await open(false);
		const contactId = await insertContact(deps.models, { channels: [channel] as never });
		await changeContactBlockStatus(deps, { visitor: association, block: true }).then(
			() => expect.fail('community mode must refuse'),
			(err: Error) => expect(err.message).to.equal('error-action-not-allowed'),
		);
		expect((await deps.models.LivechatContacts.findOneById(contactId))?.channels[0].blocked).to.equal(false);
	});
});
