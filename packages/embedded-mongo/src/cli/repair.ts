// npm run store:repair -- --data-dir <dir>: salvages a damaged data directory (see persistence/repair.ts).
import { formatRepairReport, repairDirectory } from '../persistence/repair';

async function main(): Promise<void> {
	const index = process.argv.indexOf('--data-dir');
	const dir = index === -1 ? undefined : process.argv[index + 1];
	if (!dir) {
		console.error('usage: npm run store:repair -- --data-dir <dir>');
		process.exit(2);
	}
	const report = await repairDirectory(dir);
	console.log(formatRepairReport(dir, report));
}

main().catch((error) => {
	console.error(`repair failed: ${(error as Error).message}`);
	process.exit(1);
});
