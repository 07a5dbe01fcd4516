import { expect } from 'chai';

import { pathFromRoute, routeFromPath, type Route } from './router';

describe('client routes', () => {
	it('round-trips every route through its path', () => {
		const routes: Route[] = [
			{ name: 'login' },
			{ name: 'contacts' },
			{ name: 'new-contact' },
			{ name: 'contact-details', id: '674eeb4343725ce31dd9bdae' },
			{ name: 'edit-contact', id: 'a/b' },
		];
		for (const route of routes) {
			expect(routeFromPath(pathFromRoute(route))).to.deep.equal(route);
		}
	});

	it('sends / and unknown paths to the contacts table', () => {
		expect(routeFromPath('/')).to.deep.equal({ name: 'contacts' });
		expect(routeFromPath('/omnichannel/contacts/details/')).to.deep.equal({ name: 'contacts' });
	});
});
