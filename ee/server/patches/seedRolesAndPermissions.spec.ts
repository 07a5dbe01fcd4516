import { expect } from 'chai';

import { useTestDeps } from '@omni/meteor/testing';

import './seedRolesAndPermissions';

describe('EE seedRolesAndPermissions patch', () => {
	const openDeps = useTestDeps();

	const open = (enterprise: boolean) => openDeps({ enterprise });

	it('seeds the livechat-monitor role and the EE permissions while livechat-enterprise is licensed', async () => {
		const { models } = await open(true);
		expect(await models.Roles.findOneById('livechat-monitor')).to.deep.include({ name: 'livechat-monitor', scope: 'Users', protected: true });
		expect((await models.Permissions.findOneById('block-livechat-contact'))?.roles).to.have.members(['admin', 'livechat-manager', 'livechat-monitor', 'livechat-agent']);
		expect((await models.Permissions.findOneById('unblock-livechat-contact'))?.roles).to.have.members(['admin', 'livechat-manager', 'livechat-monitor', 'livechat-agent']);
		// Community grants are still seeded underneath.
		expect(await models.Permissions.findOneById('view-l-room')).not.to.equal(null);
	});

	it('seeds only the community roles and permissions in community mode', async () => {
		const { models } = await open(false);
		expect(await models.Roles.findOneById('livechat-monitor')).to.equal(null);
		expect(await models.Permissions.findOneById('block-livechat-contact')).to.equal(null);
		expect(await models.Permissions.findOneById('view-l-room')).not.to.equal(null);
	});
});
