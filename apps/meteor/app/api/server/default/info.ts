import { API } from '../api';

/** The Rocket.Chat release whose REST behaviour this server reproduces. */
const SERVER_VERSION = '7.10.0';

API.default.addRoute('info', { authRequired: false }, {
	get() {
		return API.v1.success({ version: SERVER_VERSION });
	},
});
