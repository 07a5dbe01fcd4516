import http from 'node:http';

import { isPOSTOmnichannelContactsProps } from '@rocket.chat/rest-typings';
import { createModels, ensureIndexes } from '@omni/models';
import { connectDatabase } from '@omni/database';

import { authenticateRequest } from '../apps/meteor/app/authentication/server/authenticateRequest';
import { ensureAdminUser } from '../apps/meteor/app/authentication/server/ensureAdminUser';
import { login } from '../apps/meteor/app/authentication/server/login';
import { createAuthorization, seedRolesAndPermissions } from '../apps/meteor/app/authorization/server';
import { systemClock } from '../apps/meteor/app/lib/server/deps';
import { createDomainEvents } from '../apps/meteor/app/lib/server/domainEvents';
import { createLicense } from '../apps/meteor/app/license/server/license';
import { createContact, type CreateContactParams } from '../apps/meteor/app/livechat/server/lib/contacts/createContact';
import { createVisitorCustomFields } from '../apps/meteor/app/livechat/server/lib/visitorCustomFields';

/*
 * The two floors for `POST /api/v1/omnichannel/contacts`, bare `node:http`
 * with no framework, logging, rate limiter or routing table:
 *
 * - FLOOR_KIND=http — the HTTP-only floor: parse the JSON body and answer the
 *   same 200 body (`{"contactId":<17 chars>,"success":true}`), nothing else.
 *   What any Node server pays per request before doing any work.
 * - FLOOR_KIND=work (default) — the same-work floor: also the work the
 *   endpoint cannot avoid — hash the token and look the user up through the
 *   same model and store, the same cached permission check, the same
 *   rest-typings ajv validator, the same `createContact` insert on a durable
 *   embedded store.
 *
 * Run by bench/endpoint.ts:
 *   FLOOR_KIND=http node --import tsx bench/floor.ts
 *   FLOOR_KIND=work DATA_DIR=… ADMIN_USERNAME=… ADMIN_PASS=… node --import tsx bench/floor.ts
 * Prints `floor listening on http://localhost:<port>` and, for `work`, `floor auth <userId> <token>`.
 */

const PATH = '/api/v1/omnichannel/contacts';
const PERMISSION = ['create-livechat-contact'];

type Handler = (req: http.IncomingMessage, text: string, res: http.ServerResponse) => Promise<void>;

function reply(res: http.ServerResponse, statusCode: number, body: unknown): void {
	const payload = JSON.stringify(body);
	res.writeHead(statusCode, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) });
	res.end(payload);
}

function header(value: string | string[] | undefined): string | undefined {
	return typeof value === 'string' ? value : undefined;
}

function parse(text: string): Record<string, unknown> {
	try {
		const parsed: unknown = JSON.parse(text);
		return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
	} catch {
		return {};
	}
}

/** Answers like the endpoint with an id of the same length as a real one, after parsing the body. */
function httpOnlyHandler(): Handler {
	let sequence = 0;
	return async (_req, text, res) => {
		parse(text);
		sequence++;
		reply(res, 200, { contactId: String(sequence).padStart(17, '0'), success: true });
	};
}

async function sameWorkHandler(): Promise<{ handle: Handler; printed: string; close(): Promise<void> }> {
	const dataDir = process.env.DATA_DIR;
	const username = process.env.ADMIN_USERNAME;
	const password = process.env.ADMIN_PASS;
	if (!dataDir || !username || !password) {
		throw new Error('DATA_DIR, ADMIN_USERNAME and ADMIN_PASS are required');
	}
	const db = await connectDatabase({ dataDir, durable: true });
	const models = createModels(db);
	await ensureIndexes(models);
	await seedRolesAndPermissions({ models, license: createLicense([]) });
	await ensureAdminUser(models, { testMode: false, adminUsername: username, adminPassword: password, adminEmail: `${username}@example.com` }, () => undefined);
	const session = await login({ models }, { user: username, password });
	if (!session) {
		throw new Error('floor: admin login failed');
	}
	const authorization = createAuthorization(models);
	await authorization.start();
	const visitorCustomFields = createVisitorCustomFields(models);
	visitorCustomFields.start();
	// The same domain deps the server hands createContact (no listener subscribes to the events).
	const contactDeps = { models, events: createDomainEvents(console), clock: systemClock, visitorCustomFields };

	const handle: Handler = async (req, text, res) => {
		const user = await authenticateRequest(models, header(req.headers['x-user-id']), header(req.headers['x-auth-token']));
		if (!user) {
			reply(res, 401, { success: false, error: 'You must be logged in to do this.' });
			return;
		}
		const params = parse(text);
		if (!isPOSTOmnichannelContactsProps(params)) {
			reply(res, 400, { success: false, error: 'invalid-params' });
			return;
		}
		if (!(await authorization.hasAllPermission(user, PERMISSION))) {
			reply(res, 403, { success: false, error: 'unauthorized' });
			return;
		}
		const contactId = await createContact(contactDeps, { ...(params as CreateContactParams), unknown: false });
		reply(res, 200, { contactId, success: true });
	};
	return {
		handle,
		printed: `floor auth ${session.user._id} ${session.authToken}\n`,
		close: () => Promise.all([authorization.stop(), visitorCustomFields.stop()]).then(() => db.close()),
	};
}

async function main(): Promise<void> {
	const kind = process.env.FLOOR_KIND ?? 'work';
	if (kind !== 'http' && kind !== 'work') {
		throw new Error(`FLOOR_KIND must be http or work, not ${kind}`);
	}
	const floor = kind === 'http' ? { handle: httpOnlyHandler(), printed: '', close: async () => undefined } : await sameWorkHandler();

	const server = http.createServer((req, res) => {
		if (req.method !== 'POST' || req.url !== PATH) {
			reply(res, 404, { success: false, error: 'Not found' });
			return;
		}
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			floor.handle(req, Buffer.concat(chunks).toString('utf8'), res).catch((error: unknown) => {
				reply(res, 500, { success: false, error: String(error) });
			});
		});
	});
	server.keepAliveTimeout = 60_000;
	server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
		const { port } = server.address() as { port: number };
		process.stdout.write(`floor listening on http://localhost:${port}\n${floor.printed}`);
	});

	const shutdown = () => {
		server.close();
		server.closeAllConnections();
		void floor.close().then(() => process.exit(0));
	};
	process.once('SIGTERM', shutdown);
	process.once('SIGINT', shutdown);
}

main().catch((error: unknown) => {
	process.stderr.write(`floor failed: ${error instanceof Error ? error.stack : String(error)}\n`);
	process.exit(1);
});
