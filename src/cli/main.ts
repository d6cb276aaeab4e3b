// npm run causeway -- notebook render … (see notebook.ts), or
// npm run causeway -- import FILE… [--db PATH] [--encoding auto|utf-8|gbk|utf-16le]
//   [--delimiter auto|,|;|tab|'|'] [--map field=Header]… [--date-order dmy|mdy|ymd] [--dataset NAME] [--sheet NAME] [--split-category]
// The last line of stdout is the JSON summary (one line per file imported).
// A refused file: exit 1 with one line on stderr; nothing of it is in the database.
// npm run causeway -- backup DIR [--db PATH] | restore DIR [--db PATH] [--force]
// (see backupCommand below): one JSON line on stdout; exit 1 with one line on stderr, 2 on usage.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { backup, BackupError, IN_USE, isLockConflict, restore } from '../lib/server/db/backup';
import { Store } from '../lib/server/db';
import { cleanTempAtStart, importFile, RefusedError } from '../lib/server/ingest/importer';
import { parseOverrides } from '../lib/ingest/mapping';
import { delimiterAlias, encodingAlias } from '../lib/ingest/sniff';
import { notebookCommand, NOTEBOOK_USAGE } from './notebook';
import { evaluateAll } from '../lib/server/alerts/evaluate';

const USAGE = `usage: causeway import FILE… [--db PATH] [--encoding auto|utf-8|gbk|utf-16le] [--delimiter auto|,|;|tab|'|'] [--map field=Header]… [--date-order dmy|mdy|ymd] [--dataset NAME] [--sheet NAME] [--split-category|--no-split-category] [--progress]`;

interface Args {
	command: string;
	files: string[];
	db: string;
	encoding: string;
	delimiter: string;
	map: string[];
	dateOrder?: 'dmy' | 'mdy' | 'ymd';
	/** The dataset to import into (name or id; created when missing). */
	dataset?: string;
	sheet?: string;
	splitCategory?: boolean;
	/** Print each phase as a JSON line on stderr. */
	progress: boolean;
}

export function parseArgs(argv: string[]): Args {
	const args: Args = { command: argv[0] ?? '', files: [], db: process.env.CAUSEWAY_DB || 'data/causeway.duckdb', encoding: 'auto', delimiter: 'auto', map: [], progress: false };
	for (let i = 1; i < argv.length; i++) {
		const a = argv[i];
		const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
		const value = () => {
			if (inline !== undefined) return inline;
			const v = argv[++i];
			if (v === undefined) throw new UsageError(`${flag} needs a value`);
			return v;
		};
		if (flag === '--db') args.db = value();
		else if (flag === '--encoding') args.encoding = value();
		else if (flag === '--delimiter') args.delimiter = value();
		else if (flag === '--map') args.map.push(value());
		else if (flag === '--progress') args.progress = true;
		else if (flag === '--dataset') {
			args.dataset = value().trim();
			if (!args.dataset) throw new UsageError('--dataset needs a name (or an id)');
		}
		else if (flag === '--sheet') args.sheet = value();
		else if (flag === '--split-category' && inline === undefined) args.splitCategory = true;
		else if (flag === '--no-split-category' && inline === undefined) args.splitCategory = false;
		else if (flag === '--date-order') {
			const v = value();
			if (v !== 'dmy' && v !== 'mdy' && v !== 'ymd') throw new UsageError('--date-order is dmy, mdy or ymd');
			args.dateOrder = v;
		} else if (a.startsWith('--')) throw new UsageError(`unknown option ${a}`);
		else args.files.push(a);
	}
	return args;
}

class UsageError extends Error {}

const BACKUP_USAGE = 'usage: causeway backup DIR [--db PATH]\n       causeway restore DIR [--db PATH] [--force]';

/** backup DIR: a consistent snapshot of the database into a new directory; restore DIR: into a new database file. */
async function backupCommand(argv: string[]): Promise<number> {
	const [command, ...rest] = argv;
	let dir: string | undefined;
	let db = process.env.CAUSEWAY_DB || 'data/causeway.duckdb';
	let force = false;
	const usage = (message: string) => {
		if (message) process.stderr.write(`${message}\n`);
		process.stderr.write(`${BACKUP_USAGE}\n`);
		return 2;
	};
	for (let i = 0; i < rest.length; i++) {
		const a = rest[i];
		const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
		if (flag === '--db') {
			const v = inline ?? rest[++i];
			if (!v) return usage('--db needs a value');
			db = v;
		} else if (flag === '--force' && command === 'restore' && inline === undefined) force = true;
		else if (a.startsWith('--')) return usage(`unknown option ${a}`);
		else if (dir !== undefined) return usage(`one directory, not ${dir} and ${a}`);
		else dir = a;
	}
	if (!dir) return usage(`${command} needs the backup directory`);
	const fail = (message: string) => {
		process.stderr.write(`${command}: ${message.split('\n')[0]}\n`);
		return 1;
	};
	try {
		if (command === 'restore') {
			process.stdout.write(JSON.stringify(await restore(db, dir, { force })) + '\n');
			return 0;
		}
		if (/[\0\n\r]/.test(db)) return fail(`the database path contains a NUL or a line break`);
		if (!existsSync(db)) return fail(`there is no database at ${resolve(db)}`);
		let store: Store;
		try {
			// as it is: a backup applies no migration to the file it copies
			store = await Store.open(db, { memoryLimit: '512MB', readers: 1, migrate: false });
		} catch (e) {
			return fail(isLockConflict(e) ? `${resolve(db)}: ${IN_USE}, or back up a copy of the file (--db COPY) made while nothing was writing to it` : (e as Error).message);
		}
		try {
			process.stdout.write(JSON.stringify(await backup(store, dir)) + '\n');
			return 0;
		} finally {
			await store.close();
		}
	} catch (e) {
		return fail(e instanceof BackupError ? e.message : `${command} failed: ${(e as Error).message}`);
	}
}

async function main(argv: string[]): Promise<number> {
	let args: Args;
	try {
		args = parseArgs(argv);
		if (args.command !== 'import' || args.files.length === 0) throw new UsageError('');
	} catch (e) {
		if (e instanceof UsageError && e.message) process.stderr.write(`${e.message}\n`);
		process.stderr.write(`${USAGE}\n${NOTEBOOK_USAGE}\n${BACKUP_USAGE}\n`);
		return 2;
	}
	let store: Store;
	try {
		// a batch import stays lean: DuckDB spills its staging tables to disk past this
		store = await Store.open(args.db, { memoryLimit: '512MB' });
	} catch (e) {
		process.stderr.write(`${(e as Error).message.split('\n')[0]}\n`);
		return 1;
	}
	// the database is ours now (DuckDB's lock): temp files of a killed import are left-overs
	cleanTempAtStart(store);
	let failed = false;
	try {
		for (const file of args.files) {
			// a read that never settles (a reader waiting on a stream that ended) must not look like success
			const stalled = () => {
				process.stderr.write(`${file}: import failed: the file's reader stopped without finishing\n`);
				process.exit(1);
			};
			process.once('beforeExit', stalled);
			try {
				const summary = await importFile(store, file, {
					encoding: encodingAlias(args.encoding),
					delimiter: delimiterAlias(args.delimiter),
					map: parseOverrides(args.map),
					dateOrder: args.dateOrder,
					dataset: args.dataset,
					sheet: args.sheet,
					splitCategory: args.splitCategory,
					onProgress: (p) => {
						if (args.progress) process.stderr.write(JSON.stringify({ file, ...p }) + '\n');
						else if (process.stderr.isTTY && p.phase === 'decoding' && p.totalBytes)
							process.stderr.write(`\r${file}: ${Math.round((100 * (p.bytes ?? 0)) / p.totalBytes)}% read, ${p.rows ?? 0} rows`);
					}
				});
				if (process.stderr.isTTY) process.stderr.write('\n');
				process.stdout.write(JSON.stringify(summary) + '\n');
				// the dataset's alert rules see the new data now, as after an upload to the server
				if (summary.rowsInserted + summary.rowsUpdated > 0)
					await evaluateAll(store, { datasetId: summary.dataset?.id }).catch((e: Error) => process.stderr.write(`${file}: alerts not evaluated: ${e.message.split('\n')[0]}\n`));
			} catch (e) {
				failed = true;
				if (e instanceof RefusedError) process.stderr.write(`${file}: refused: ${e.message}\n`);
				else process.stderr.write(`${file}: import failed: ${(e as Error).message.split('\n')[0]}\n`);
			} finally {
				process.off('beforeExit', stalled);
			}
		}
	} finally {
		await store.close();
	}
	return failed ? 1 : 0;
}

const argv = process.argv.slice(2);
(argv[0] === 'notebook' ? notebookCommand(argv.slice(1)) : argv[0] === 'backup' || argv[0] === 'restore' ? backupCommand(argv) : main(argv)).then((code) => process.exit(code));
