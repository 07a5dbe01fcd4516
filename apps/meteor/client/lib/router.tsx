import { useEffect, useState, type AnchorHTMLAttributes, type MouseEvent } from 'react';

/** The page's own routes, with Rocket.Chat's Contact Center paths. */
export type Route =
	| { name: 'login' }
	| { name: 'contacts' }
	| { name: 'new-contact' }
	| { name: 'contact-details'; id: string }
	| { name: 'edit-contact'; id: string };

export const CONTACTS_PATH = '/omnichannel/contacts';

/** @example routeFromPath('/omnichannel/contacts/details/abc') // { name: 'contact-details', id: 'abc' } */
export function routeFromPath(pathname: string): Route {
	if (pathname === '/login') {
		return { name: 'login' };
	}
	const rest = pathname.startsWith(`${CONTACTS_PATH}/`) ? pathname.slice(CONTACTS_PATH.length + 1).split('/') : [];
	if (rest[0] === 'new') {
		return { name: 'new-contact' };
	}
	if ((rest[0] === 'details' || rest[0] === 'edit') && rest[1]) {
		const id = decodeURIComponent(rest[1]);
		return rest[0] === 'details' ? { name: 'contact-details', id } : { name: 'edit-contact', id };
	}
	return { name: 'contacts' };
}

export function pathFromRoute(route: Route): string {
	switch (route.name) {
		case 'login':
			return '/login';
		case 'contacts':
			return CONTACTS_PATH;
		case 'new-contact':
			return `${CONTACTS_PATH}/new`;
		case 'contact-details':
			return `${CONTACTS_PATH}/details/${encodeURIComponent(route.id)}`;
		case 'edit-contact':
			return `${CONTACTS_PATH}/edit/${encodeURIComponent(route.id)}`;
	}
}

const NAVIGATED = 'app:navigated';

export function navigate(route: Route, { replace = false } = {}): void {
	const path = pathFromRoute(route);
	if (path !== window.location.pathname) {
		window.history[replace ? 'replaceState' : 'pushState'](null, '', path);
		window.dispatchEvent(new Event(NAVIGATED));
	}
}

export function useRoute(): Route {
	const [route, setRoute] = useState(() => routeFromPath(window.location.pathname));
	useEffect(() => {
		const update = () => setRoute(routeFromPath(window.location.pathname));
		window.addEventListener('popstate', update);
		window.addEventListener(NAVIGATED, update);
		return () => {
			window.removeEventListener('popstate', update);
			window.removeEventListener(NAVIGATED, update);
		};
	}, []);
	return route;
}

/** A real link (open in a new tab works) that navigates in place on a plain click. */
export function RouteLink({ to, ...props }: { to: Route } & AnchorHTMLAttributes<HTMLAnchorElement>) {
	const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
		if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
			return;
		}
		event.preventDefault();
		navigate(to);
	};
	return <a {...props} href={pathFromRoute(to)} onClick={onClick} />;
}
