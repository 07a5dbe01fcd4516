import Module from 'node:module';
import type { Server } from 'node:http';

import { connectDatabase } from '@omni/database';
import express from 'express';

/*
 * Runs the built Meteor server entry (`dist/meteor/server.js`) the way a Meteor 3
 * server would load it, with the two Meteor modules it imports stood in for:
 * `meteor/webapp`'s `WebApp.handlers` is an Express app (as in Meteor 3), and
 * `meteor/mongo`'s default driver hands out an in-memory embedded store in the
 * driver's shape (collections and sessions; transactions are not stood in for).
 * Prints `listening on http://localhost:<port>` like the server does.
 *
 * Usage: node --import tsx runMeteorEntry.ts <entry>
 */
async function main(entry: string): Promise<void> {
	const store = await connectDatabase({});
	const handlers = express();
	const meteor: Record<string, unknown> = {
		'meteor/webapp': { WebApp: { handlers } },
		'meteor/mongo': {
			MongoInternals: {
				defaultRemoteCollectionDriver: () => ({
					mongo: {
						client: { withSession: () => Promise.reject(new Error('no transactions in this stand-in')), close: () => store.close() },
						db: { collection: (name: string) => store.collection(name) },
					},
				}),
			},
		},
	};
	const loader = Module as unknown as { _load(request: string, parent: unknown, isMain: boolean): unknown };
	const load = loader._load;
	loader._load = (request, parent, isMain) => (request in meteor ? meteor[request] : load(request, parent, isMain));

	require(entry);
	const server: Server = handlers.listen(0, '127.0.0.1', () => {
		const { port } = server.address() as { port: number };
		process.stdout.write(`Meteor stand-in listening on http://localhost:${port}\n`);
	});
	process.on('SIGTERM', () => server.close(() => process.exit(0)));
}

main(process.argv[2]).catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
	process.exit(1);
});
