import { API } from '../api';

API.v1.addRoute(
	'roles.list',
	{ authRequired: true },
	{
		async get() {
			return API.v1.success({ roles: await this.deps.models.Roles.findAll() });
		},
	},
);
