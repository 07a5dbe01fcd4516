// Child process for crash.spec.ts: opens a store and inserts until killed,
// printing each _id once its insert is acknowledged (i.e. durable).
import { openEmbeddedDatabase } from '../database';
import { hostileExtra } from './hostileData';

const WRITERS = 20;

async function main(): Promise<void> {
	const [dir, mode] = process.argv.slice(2);
	let db;
	try {
		db = await openEmbeddedDatabase({ dir, compactAfterBytes: 256 * 1024 });
	} catch (error) {
		process.stdout.write(`OPEN FAILED: ${(error as Error).message}\n`);
		process.exit(3);
	}
	if (mode === 'hold') {
		// Holds the directory open (and the database referenced) until killed.
		const open = db;
		process.stdout.write('READY\n');
		setInterval(() => open.collection('crash'), 1000);
		return;
	}
	if (mode === 'transactions') {
		// Each transaction writes the same id to two collections and bumps a counter in a third.
		const [a, b, counter] = [db.collection<{ _id: string }>('a'), db.collection<{ _id: string }>('b'), db.collection<{ _id: string; n: number }>('counter')];
		await counter.insertOne({ _id: 'n', n: 0 });
		process.stdout.write('READY\n');
		await Promise.all(
			Array.from({ length: WRITERS }, async (_, writer) => {
				for (let n = 0; ; n++) {
					const _id = `t${writer}-${n}`;
					await db.withTransaction(async (session) => {
						await a.insertOne({ _id }, { session });
						await b.insertOne({ _id }, { session });
						await counter.updateOne({ _id: 'n' }, { $inc: { n: 1 } }, { session });
					});
					process.stdout.write(`${_id}\n`);
				}
			}),
		);
		return;
	}
	const col = db.collection<{ _id: string; writer: number; n: number; payload: string; at: Date; extra: object }>('crash');
	process.stdout.write('READY\n');
	await Promise.all(
		Array.from({ length: WRITERS }, async (_, writer) => {
			for (let n = 0; ; n++) {
				const _id = `w${writer}-${n}`;
				await col.insertOne({ _id, writer, n, payload: `payload-${_id}`.repeat(4), at: new Date(n), extra: hostileExtra(n) });
				process.stdout.write(`${_id}\n`);
			}
		}),
	);
}

void main();
