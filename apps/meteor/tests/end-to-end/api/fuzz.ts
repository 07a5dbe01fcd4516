import { expect } from 'chai';
import fc from 'fast-check';

import { API, type RegisteredRoute } from '../../../app/api/server/api';
import '../../../server/routes';
import { api, createUser, login, startServer, TEST_ADMIN, type Credentials, type StartedServer, type TestUser } from '../../data/api-data';

/*
 * Property-based fuzzing of every registered endpoint with arbitrary bodies,
 * headers and query strings. `FUZZ_RUNS` bounds the number of requests (CI
 * default below; `npm run fuzz` runs many more). The server is a dedicated one
 * so that whatever the fuzzer changes (settings, permissions, a logout) never
 * leaks into other test files.
 */
const RUNS = Number(process.env.FUZZ_RUNS || 250);
const REQUEST_TIMEOUT_MS = 10_000;
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;

const ROUTES: RegisteredRoute[] = [...API.default.routes, ...API.v1.routes];

const INTERESTING_KEYS = [
	'name', 'emails', 'phones', 'customFields', 'contactManager', 'contactId', 'searchText', 'email', 'phone', 'unknown', 'wipeConflicts',
	'count', 'offset', 'sort', 'query', 'fields', 'text', 'userId', 'username', 'user', 'password', 'value', 'permissions', 'roles',
	'customFieldId', 'customFieldData', 'source', 'updatedSince', 'activeStatus', 'tokenName', 'resume',
	'__proto__', 'constructor', 'prototype', '$where', '$ne', '$gt', '$regex', 'a.b', '', 'toString', 'hasOwnProperty', 'nul\u0000',
];

const CONTENT_TYPES = [
	'application/json', 'application/json; charset=utf-8', 'application/json; charset=latin1', 'text/plain', 'application/x-www-form-urlencoded',
	'multipart/form-data; boundary=xyz', 'application/octet-stream', 'application/JSON', 'garbage/!!', undefined,
];

/** Values that have broken servers before: huge/odd numbers, long strings, deep nesting, operator objects. */
function edgeValues(ids: string[]): fc.Arbitrary<unknown> {
	return fc.oneof(
		fc.constantFrom<unknown>(
			1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, -0, 0, -1, 2 ** 31, 0.5, '', ' ', 'null', 'true', '{}', '[]', 'x'.repeat(70_000),
			{ $ne: null }, { $gt: '' }, { $where: 'sleep(1000)' }, { $regex: '.*' }, ['$ne'], [[[[[]]]]], '\u0000', '\uD800', '😀'.repeat(100),
			'(555)', 'a.b', '.*', '^', '\\', '%', { __proto__: { polluted: true } }, { constructor: { prototype: { polluted: true } } },
			JSON.parse('{"__proto__":{"polluted":true}}'),
		),
		fc.constantFrom(...ids),
		fc.integer().map((depth) => nest(Math.abs(depth % 200))),
	);
}

function nest(depth: number): unknown {
	let value: unknown = 'leaf';
	for (let i = 0; i < depth; i++) {
		value = i % 2 ? [value] : { d: value };
	}
	return value;
}

function jsonish(ids: string[]): fc.Arbitrary<unknown> {
	const key = fc.oneof(fc.constantFrom(...INTERESTING_KEYS), fc.string({ maxLength: 8 }));
	const leaf = fc.oneof(fc.jsonValue({ maxDepth: 2 }), edgeValues(ids));
	const value = fc.oneof(leaf, fc.array(leaf, { maxLength: 4 }), fc.dictionary(key, leaf, { maxKeys: 4 }));
	return fc.dictionary(key, value, { maxKeys: 6 });
}

/** Nearly valid contact bodies with odd values, so create/update/conflicts reach the store and not only validation. */
function contactish(ids: string[]): fc.Arbitrary<unknown> {
	const text = fc.oneof(fc.string({ maxLength: 20 }), fc.string({ unit: 'binary', maxLength: 10 }), edgeValues(ids));
	const customFields = fc.oneof(fc.dictionary(fc.oneof(fc.constantFrom(...INTERESTING_KEYS), fc.string({ maxLength: 6 })), text, { maxKeys: 3 }), fc.constant(null));
	return fc.record(
		{
			contactId: fc.oneof(fc.constantFrom(...ids), text),
			name: text,
			emails: fc.oneof(fc.uniqueArray(fc.string({ maxLength: 30 }), { maxLength: 3 }), fc.array(text, { maxLength: 3 }), fc.constant(null)),
			phones: fc.oneof(fc.uniqueArray(fc.string({ maxLength: 20 }), { maxLength: 3 }), fc.array(text, { maxLength: 3 }), fc.constant(null)),
			customFields,
			contactManager: fc.oneof(fc.constantFrom(...ids), text, fc.constant(null)),
			wipeConflicts: fc.oneof(fc.boolean(), text),
		},
		{ requiredKeys: [] },
	);
}

type Body = { kind: 'json'; value: unknown } | { kind: 'raw'; bytes: Uint8Array };

function bodies(ids: string[]): fc.Arbitrary<Body> {
	const rawTexts = fc.constantFrom(
		'{', '[]', 'null', '"x"', '1e999', '{"name": 1e999, "emails": [], "phones": []}', `${'['.repeat(20_000)}${']'.repeat(20_000)}`,
		`{"a":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`, '{"__proto__":{"polluted":true},"name":"x","emails":[],"phones":[]}', 'name=x&emails[]=a&phones[]=b',
		'name[$ne]=1', '%E0%A4%A', '\u0000\u0000', '{"name":"\uD800","emails":[],"phones":[]}',
	);
	return fc.oneof(
		{ weight: 4, arbitrary: jsonish(ids).map((value): Body => ({ kind: 'json', value })) },
		{ weight: 4, arbitrary: contactish(ids).map((value): Body => ({ kind: 'json', value })) },
		{ weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((value): Body => ({ kind: 'json', value })) },
		{ weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((bytes): Body => ({ kind: 'raw', bytes })) },
		{ weight: 2, arbitrary: rawTexts.map((text): Body => ({ kind: 'raw', bytes: new TextEncoder().encode(text) })) },
	);
}

function queryStrings(ids: string[]): fc.Arbitrary<string> {
	const key = fc.oneof(
		fc.constantFrom(...INTERESTING_KEYS).map(encodeURIComponent),
		fc.constantFrom(...INTERESTING_KEYS).map((k) => `${encodeURIComponent(k)}[$ne]`),
		fc.constantFrom(...INTERESTING_KEYS).map((k) => `${encodeURIComponent(k)}[]`),
		fc.constantFrom('a[b][c][d][e][f][g]', '__proto__[polluted]', 'constructor[prototype][polluted]', '%', '%E0%A4%A', '[]', 'a[', 'a]'),
		fc.string({ maxLength: 8 }).map(encodeURIComponent),
	);
	const value = fc.oneof(
		fc.string({ maxLength: 12 }).map(encodeURIComponent),
		fc.constantFrom('%', '%E0%A4%A', '%00', '1e308', '-1', '99999999999999999999', '{"name":1}', '{"name":2}', '{"$where":1}', 'true').map((v) => (v.startsWith('%') ? v : encodeURIComponent(v))),
		fc.constantFrom(...ids),
	);
	return fc.array(fc.tuple(key, value), { maxLength: 5 }).map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('&'));
}

const headerValue = fc.string({ maxLength: 40 });
const extraHeaders = fc.dictionary(
	fc.constantFrom('Idempotency-Key', 'X-Real-IP', 'X-Forwarded-For', 'Accept', 'Accept-Encoding', 'X-Auth-Token', 'X-User-Id', 'Content-Language', 'Origin'),
	headerValue,
	{ maxKeys: 3 },
);

interface FuzzCase {
	route: RegisteredRoute;
	method: string;
	pathParams: string[];
	query: string;
	body: Body;
	contentType: string | undefined;
	auth: 'admin' | 'agent' | 'bogus' | 'none';
	headers: Record<string, string>;
}

function cases(ids: string[]): fc.Arbitrary<FuzzCase> {
	return fc.record({
		route: fc.constantFrom(...ROUTES),
		method: fc.oneof({ weight: 9, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS') }),
		pathParams: fc.array(fc.oneof(fc.constantFrom('agent', 'manager', 'API_Default_Count', 'Omnichannel_Contact_Max_Emails', ...ids), fc.string({ maxLength: 10 })), {
			minLength: 2,
			maxLength: 2,
		}),
		query: queryStrings(ids),
		body: bodies(ids),
		contentType: fc.oneof({ weight: 3, arbitrary: fc.constant('application/json') }, { weight: 1, arbitrary: fc.constantFrom(...CONTENT_TYPES) }),
		auth: fc.constantFrom('admin', 'admin', 'agent', 'bogus', 'none'),
		headers: extraHeaders,
	});
}

function urlOf(base: string, fuzz: FuzzCase): string {
	let i = 0;
	const path = fuzz.route.path.replace(/:[A-Za-z_]+/g, () => encodeURIComponent(fuzz.pathParams[i++] || 'x'));
	return `${base}${path}${fuzz.query ? `?${fuzz.query}` : ''}`;
}

function bodyBytes(body: Body): Uint8Array | string {
	return body.kind === 'raw' ? body.bytes : JSON.stringify(body.value) ?? 'null';
}

/**
 * A stored contact as Rocket.Chat writes it (`ILivechatContact`): never `null`
 * optionals, known shapes only. `contacts.search` expands the manager to
 * `{_id, name, username}`; `contacts.get` returns the stored id.
 */
function expectStoredContactShape(contact: Record<string, any>, managerExpanded: boolean): void {
	const context = JSON.stringify(contact).slice(0, 300);
	expect(contact._id, context).to.match(/^[0-9a-f]{24}$/);
	expect(contact.name, context).to.be.a('string');
	expect(contact.createdAt, context).to.be.a('string');
	expect(Number.isNaN(Date.parse(contact.createdAt)), context).to.equal(false);
	expect(contact._updatedAt, context).to.be.a('string');
	expect(contact.unknown, context).to.be.a('boolean');
	expect(contact.channels, context).to.be.an('array');
	for (const email of contact.emails ?? []) {
		expect(Object.keys(email), context).to.deep.equal(['address']);
		expect(email.address, context).to.be.a('string');
	}
	for (const phone of contact.phones ?? []) {
		expect(Object.keys(phone), context).to.deep.equal(['phoneNumber']);
		expect(phone.phoneNumber, context).to.be.a('string');
	}
	expect(contact.customFields, context).to.be.an('object');
	for (const key of Object.keys(contact.customFields)) {
		expect(key.startsWith('$') || key.includes('.') || key.includes('\u0000'), context).to.equal(false);
	}
	if ('contactManager' in contact) {
		expect(managerExpanded ? contact.contactManager._id : contact.contactManager, context).to.be.a('string');
	}
	for (const [key, value] of Object.entries(contact)) {
		expect(value, `${key} in ${context}`).not.to.equal(null);
	}
}

describe('[Fuzz] every endpoint with arbitrary bodies, headers and query strings', function () {
	this.timeout(Math.max(120_000, RUNS * 400));

	let server: StartedServer;
	let admin: Credentials;
	/** The caller with an agent's rights; never named in request values, so the fuzzer cannot delete or deactivate it. */
	let agent: TestUser;
	/** An agent whose id the fuzzer uses as a value (contactManager, userId, path params). */
	let manager: TestUser;
	let contactIds: string[];

	before(async () => {
		server = await startServer();
		admin = await login(TEST_ADMIN, TEST_ADMIN, server);
		agent = await createUser({ roles: ['user', 'livechat-agent'] }, server, admin);
		manager = await createUser({ roles: ['user', 'livechat-agent'] }, server, admin);
		contactIds = [];
		for (const name of ['Fuzz One', 'Fuzz Two']) {
			const res = await fetch(`${server.url}${api('omnichannel/contacts')}`, {
				method: 'POST',
				headers: { ...admin, 'Content-Type': 'application/json' },
				body: JSON.stringify({ name, emails: [`${name.replace(' ', '.')}@example.com`], phones: ['+1 555 0100'], contactManager: manager._id }),
			});
			contactIds.push(((await res.json()) as { contactId: string }).contactId);
		}
	});

	after(() => server?.stop());

	it(`answers ${RUNS} arbitrary requests with non-5xx Rocket.Chat-format JSON, in time`, async function () {
		const statuses = new Map<number, number>();
		const ids = [...contactIds, manager._id];
		const credentialsFor = (auth: FuzzCase['auth']): Record<string, string> => {
			switch (auth) {
				case 'admin':
					return admin;
				case 'agent':
					return agent.credentials;
				case 'bogus':
					return { 'X-User-Id': manager._id, 'X-Auth-Token': 'not-a-token' };
				default:
					return {};
			}
		};

		await fc.assert(
			fc.asyncProperty(cases(ids), async (fuzz) => {
				const method = fuzz.method || fuzz.route.method;
				const headers: Record<string, string> = { ...fuzz.headers, ...credentialsFor(fuzz.auth) };
				if (fuzz.contentType) {
					headers['Content-Type'] = fuzz.contentType;
				}
				const sendsBody = method !== 'GET' && method !== 'OPTIONS';
				const res = await fetch(urlOf(server.url, fuzz), {
					method,
					headers,
					body: sendsBody ? bodyBytes(fuzz.body) : undefined,
					signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
				});
				const text = await res.text();
				statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
				const where = `${method} ${urlOf('', fuzz)} → ${res.status} ${text.slice(0, 300)}`;

				expect(res.status, where).to.be.below(500);
				expect(res.headers.get('content-type'), where).to.match(/^application\/json/);
				const body = JSON.parse(text);
				expect(body, where).to.be.an('object');
				// login/logout keep Rocket.Chat's older envelope: `status: 'success' | 'error'` instead of `success`.
				const legacyEnvelope = /\/(login|logout)$/.test(fuzz.route.path) && 'status' in body;
				if (res.status >= 400) {
					expect(legacyEnvelope ? body.status : body.success, where).to.equal(legacyEnvelope ? 'error' : false);
					// Rocket.Chat's bare `API.v1.failure()` (e.g. removing a user who is not an agent) answers `{success:false}` alone.
					if (Object.keys(body).length > 1) {
						expect(body.error, where).to.be.a('string');
					}
				} else {
					expect(legacyEnvelope ? body.status : body.success, where).to.equal(legacyEnvelope ? 'success' : true);
				}

				// The fuzzer may log the admin out or deactivate the agent: get fresh sessions so later cases still reach deep paths.
				if (/\/(logout|users\.delete|users\.setActiveStatus|users\.removePersonalAccessToken)$/.test(fuzz.route.path) && res.status === 200) {
					admin = await login(TEST_ADMIN, TEST_ADMIN, server);
					agent.credentials = await login(agent.username, agent.password, server);
				}
			}),
			{ numRuns: RUNS, seed: SEED, endOnFailure: true },
		);
		const histogram = [...statuses].sort(([a], [b]) => a - b).map(([status, count]) => `${status}×${count}`);
		this.test!.title += ` (${histogram.join(', ')})`;
	});

	it('leaves every stored contact in the stored-document shape', async () => {
		admin = await login(TEST_ADMIN, TEST_ADMIN, server);
		let seen = 0;
		for (const unknown of [false, true]) {
			for (let offset = 0; ; offset += 100) {
				const res = await fetch(`${server.url}${api('omnichannel/contacts.search')}?count=100&offset=${offset}&unknown=${unknown}`, { headers: admin });
				expect(res.status).to.equal(200);
				const { contacts, total } = (await res.json()) as { contacts: Array<Record<string, any>>; total: number };
				for (const contact of contacts) {
					expectStoredContactShape(contact, true);
					const one = await fetch(`${server.url}${api('omnichannel/contacts.get')}?contactId=${contact._id}`, { headers: admin });
					expect(one.status).to.equal(200);
					expectStoredContactShape(((await one.json()) as { contact: Record<string, any> }).contact, false);
				}
				seen += contacts.length;
				if (offset + 100 >= total) {
					break;
				}
			}
		}
		expect(seen).to.be.at.least(contactIds.length);
	});
});
