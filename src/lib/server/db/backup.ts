// Backups: a consistent snapshot of the whole database as Parquet files (DuckDB's
// EXPORT DATABASE) plus our manifest, and a restore into a new database file.
//
// - backup(store, dir): counts every table and exports it in ONE transaction on the
//   writer, behind the write lock, so no import or case edit is half in it. The
//   export goes to a hidden sibling directory first and is renamed to `dir` when
//   the manifest is written: a directory with causeway-backup.json is complete.
// - restore(dbPath, dir): checks the manifest and the files' hashes, IMPORT DATABASE
//   into a temp file next to dbPath, checks the row counts and the schema version,
//   makes every sequence continue after the highest id that uses it, then renames
//   the temp file into place (the old file, with --force, is moved aside, never
//   deleted). A failure leaves nothing at dbPath.
//
// Tables are discovered from the database, never listed here. The directory comes
// from an admin on the command line, but it still goes into SQL only as a quoted
// literal (EXPORT/IMPORT DATABASE take no bound parameters).
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { migrations } from './migrations';
import { firstLine, Session, type Store } from './store';

export const MANIFEST = 'causeway-backup.json';
const FORMAT = 'causeway-backup';
const FORMAT_VERSION = 1;

/** A backup or restore refused or failed for a reason the user can act on: one sentence. */
export class BackupError extends Error {}

export interface Manifest {
	format: typeof FORMAT;
	formatVersion: number;
	created_at: string;
	schema_version: number;
	duckdb_version: string;
	database: string;
	/** row count per table ("schema.table" outside main) */
	tables: Record<string, number>;
	/** every file of the export but the manifest: bytes and SHA-256 */
	files: Record<string, { bytes: number; sha256: string }>;
}

export interface BackupSummary {
	backup: string;
	created_at: string;
	schemaVersion: number;
	tables: Record<string, number>;
	rows: number;
	bytes: number;
	seconds: number;
}

export interface RestoreSummary {
	restored: string;
	from: string;
	schemaVersion: number;
	tables: Record<string, number>;
	rows: number;
	/** where the database that was at dbPath went (--force) */
	movedAside: string | null;
	/** sequences whose next value had to be moved past the highest id using them */
	sequencesFixed: Record<string, number>;
	seconds: number;
}

/** A path as a SQL string literal. Refuses what a path on the command line should never hold. */
export function pathLiteral(path: string): string {
	checkPath(path, 'path');
	return `'${path.replaceAll("'", "''")}'`;
}

function checkPath(path: string, what: string): void {
	if (!path) throw new BackupError(`The ${what} is empty.`);
	if (/[\0\n\r]/.test(path)) throw new BackupError(`The ${what} contains a NUL or a line break: ${JSON.stringify(path)}.`);
}

/** An identifier for SQL, whatever its name (names here come from the database's own catalog). */
function quoteIdent(name: string): string {
	return `"${name.replaceAll('"', '""')}"`;
}

interface TableRef {
	schema: string;
	name: string;
	key: string;
}

async function tablesOf(s: Session): Promise<TableRef[]> {
	const rows = await s.all<{ schema_name: string; table_name: string }>(
		`SELECT schema_name, table_name FROM duckdb_tables()
		 WHERE database_name = current_database() AND NOT temporary AND NOT internal
		 ORDER BY schema_name, table_name`
	);
	return rows.map((r) => ({ schema: r.schema_name, name: r.table_name, key: r.schema_name === 'main' ? r.table_name : `${r.schema_name}.${r.table_name}` }));
}

async function rowCounts(s: Session): Promise<Record<string, number>> {
	const counts: Record<string, number> = {};
	for (const t of await tablesOf(s)) {
		const r = await s.one<{ n: number }>(`SELECT count(*) AS n FROM ${quoteIdent(t.schema)}.${quoteIdent(t.name)}`);
		counts[t.key] = Number(r!.n);
	}
	return counts;
}

async function schemaVersion(s: Session): Promise<number> {
	const has = await s.one(`SELECT 1 AS x FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main' AND table_name = 'schema_migrations'`);
	if (!has) return 0;
	const r = await s.one<{ v: number | null }>('SELECT max(id) AS v FROM schema_migrations');
	return Number(r?.v ?? 0);
}

function sha256(path: string): Promise<string> {
	return new Promise((ok, fail) => {
		const h = createHash('sha256');
		createReadStream(path)
			.on('data', (d) => h.update(d))
			.on('error', fail)
			.on('end', () => ok(h.digest('hex')));
	});
}

async function fileList(dir: string): Promise<Manifest['files']> {
	const files: Manifest['files'] = {};
	for (const name of readdirSync(dir).sort()) {
		if (name === MANIFEST) continue;
		const p = join(dir, name);
		files[name] = { bytes: statSync(p).size, sha256: await sha256(p) };
	}
	return files;
}

function stamp(d = new Date()): string {
	return d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

// --- backup ----------------------------------------------------------------------------

export async function backup(store: Store, dir: string): Promise<BackupSummary> {
	const started = performance.now();
	checkPath(dir, 'backup directory');
	const target = resolve(dir);
	if (existsSync(target)) {
		if (!statSync(target).isDirectory()) throw new BackupError(`${target} exists and is not a directory: a backup goes into a new directory.`);
		if (readdirSync(target).length > 0) throw new BackupError(`${target} exists and is not empty: a backup goes into a new (or empty) directory.`);
	}
	const parent = dirname(target);
	try {
		mkdirSync(parent, { recursive: true });
	} catch (e) {
		throw new BackupError(`Cannot create the folder ${parent}: ${(e as Error).message}`);
	}
	// DuckDB creates the export directory itself; ours is a hidden sibling until it is complete
	const partial = join(parent, `.${basename(target)}.partial-${process.pid}-${stamp()}`);
	try {
		const snapshot = await store.write(async (s) => {
			// one transaction: the counts and every table's export see the same snapshot
			const tables = await rowCounts(s);
			const version = await schemaVersion(s);
			const duckdb = String((await s.one<{ v: string }>('SELECT version() AS v'))!.v);
			await s.run(`EXPORT DATABASE ${pathLiteral(partial)} (FORMAT parquet)`);
			return { tables, version, duckdb };
		});
		// load.sql names the files by the directory they were written to; name the final one
		// (IMPORT DATABASE reads the files next to it whatever it says, this is for a human reading it)
		const load = join(partial, 'load.sql');
		if (existsSync(load)) writeFileSync(load, readFileSync(load, 'utf8').replaceAll(pathLiteral(partial).slice(1, -1), pathLiteral(target).slice(1, -1)));
		const manifest: Manifest = {
			format: FORMAT,
			formatVersion: FORMAT_VERSION,
			created_at: new Date().toISOString(),
			schema_version: snapshot.version,
			duckdb_version: snapshot.duckdb,
			database: store.path,
			tables: snapshot.tables,
			files: await fileList(partial)
		};
		writeFileSync(join(partial, MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
		if (existsSync(target)) rmdirSync(target); // empty, checked above
		renameSync(partial, target);
		const bytes = Object.values(manifest.files).reduce((a, f) => a + f.bytes, 0);
		return {
			backup: target,
			created_at: manifest.created_at,
			schemaVersion: manifest.schema_version,
			tables: manifest.tables,
			rows: Object.values(manifest.tables).reduce((a, n) => a + n, 0),
			bytes,
			seconds: Math.round(performance.now() - started) / 1000
		};
	} catch (e) {
		rmSync(partial, { recursive: true, force: true });
		if (e instanceof BackupError) throw e;
		throw new BackupError(`The backup failed: ${firstLine(e)}`);
	}
}

// --- restore ---------------------------------------------------------------------------

export function readManifest(dir: string): Manifest {
	const path = join(dir, MANIFEST);
	if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new BackupError(`${dir} is not a directory.`);
	if (!existsSync(path)) throw new BackupError(`${dir} has no ${MANIFEST}: it is not a complete Causeway backup.`);
	let m: Manifest;
	try {
		m = JSON.parse(readFileSync(path, 'utf8'));
	} catch (e) {
		throw new BackupError(`${path} is not valid JSON (${firstLine(e)}): the backup is damaged.`);
	}
	const bad = (what: string) => new BackupError(`${path} is damaged: ${what}.`);
	if (!m || typeof m !== 'object' || m.format !== FORMAT) throw bad(`it is not a ${FORMAT} manifest`);
	if (m.formatVersion !== FORMAT_VERSION) throw new BackupError(`${path} is backup format ${m.formatVersion}; this Causeway reads format ${FORMAT_VERSION}.`);
	if (!Number.isInteger(m.schema_version) || m.schema_version < 0) throw bad('schema_version is not a number');
	if (!m.tables || typeof m.tables !== 'object' || !Object.values(m.tables).every((n) => Number.isInteger(n) && n >= 0)) throw bad('tables is not a list of row counts');
	if (!m.files || typeof m.files !== 'object' || !m.files['schema.sql'] || !m.files['load.sql']) throw bad('files does not list schema.sql and load.sql');
	for (const [name, f] of Object.entries(m.files)) {
		if (name !== basename(name) || name.startsWith('.')) throw bad(`a file name ${JSON.stringify(name)} is not a plain name`);
		if (!f || !Number.isInteger(f.bytes) || typeof f.sha256 !== 'string') throw bad(`the entry for ${name} has no bytes/sha256`);
	}
	return m;
}

async function checkFiles(dir: string, m: Manifest): Promise<void> {
	for (const [name, f] of Object.entries(m.files)) {
		const p = join(dir, name);
		if (!existsSync(p)) throw new BackupError(`The backup is incomplete: ${name} is missing from ${dir}.`);
		const size = statSync(p).size;
		if (size !== f.bytes || (await sha256(p)) !== f.sha256) throw new BackupError(`The backup is damaged: ${name} is not the file the backup wrote (size or SHA-256 differs).`);
	}
}

/** "Could not set lock on file … Conflicting lock is held in …" */
export function isLockConflict(e: unknown): boolean {
	return /Could not set lock on file|Conflicting lock/i.test(e instanceof Error ? e.message : String(e));
}

export const IN_USE = 'the database is in use by a running server (DuckDB lets one process open it); stop the server and try again';

function removeDbFiles(path: string): void {
	for (const p of [path, `${path}.wal`, `${path}.tmp`]) rmSync(p, { recursive: true, force: true });
}

/** Move sequences past the highest value of every column whose default draws from them. */
async function fixSequences(conn: DuckDBConnection): Promise<Record<string, number>> {
	const rows = async (sql: string) => (await conn.runAndReadAll(sql)).getRowObjectsJson();
	const seqs = await rows(
		`SELECT schema_name, sequence_name, start_value, increment_by, last_value FROM duckdb_sequences() WHERE database_name = current_database() AND NOT temporary`
	);
	const cols = await rows(
		`SELECT schema_name, table_name, column_name, column_default FROM duckdb_columns()
		 WHERE database_name = current_database() AND NOT internal AND column_default LIKE '%nextval(%'`
	);
	const fixed: Record<string, number> = {};
	for (const seq of seqs) {
		if (Number(seq.increment_by) <= 0) continue;
		const name = String(seq.sequence_name);
		let highest: number | null = null;
		for (const c of cols) {
			const used = [...String(c.column_default).matchAll(/nextval\('((?:[^']|'')+)'/g)].map((m) => m[1].replaceAll("''", "'").split('.').pop());
			if (!used.includes(name)) continue;
			const r = await rows(`SELECT max(${quoteIdent(String(c.column_name))})::BIGINT AS m FROM ${quoteIdent(String(c.schema_name))}.${quoteIdent(String(c.table_name))}`);
			const m = r[0].m === null ? null : Number(r[0].m);
			if (m !== null && (highest === null || m > highest)) highest = m;
		}
		if (highest === null) continue;
		const next = seq.last_value === null ? Number(seq.start_value) : Number(seq.last_value) + Number(seq.increment_by);
		if (next > highest) continue;
		// DuckDB has no setval, and a sequence a column default uses cannot be dropped: draw past it
		const steps = Math.ceil((highest - next + 1) / Number(seq.increment_by));
		const qualified = `${quoteIdent(String(seq.schema_name))}.${quoteIdent(name)}`.replaceAll("'", "''");
		await conn.run(`SELECT max(nextval('${qualified}')) FROM range(${steps})`);
		fixed[name] = next + steps * Number(seq.increment_by);
	}
	return fixed;
}

export async function restore(dbPath: string, dir: string, options: { force?: boolean; memoryLimit?: string } = {}): Promise<RestoreSummary> {
	const started = performance.now();
	checkPath(dbPath, 'database path');
	checkPath(dir, 'backup directory');
	const db = resolve(dbPath);
	const source = resolve(dir);
	const manifest = readManifest(source);
	const latest = Math.max(...migrations.map((m) => m.id));
	if (manifest.schema_version > latest)
		throw new BackupError(`The backup is of schema version ${manifest.schema_version}, newer than this Causeway knows (${latest}): restore it with the version that made it.`);
	const present = existsSync(db) || existsSync(`${db}.wal`);
	if (present && !options.force) throw new BackupError(`${db} exists: restore into a new file (--db PATH), or add --force to move the existing one aside.`);
	if (present && existsSync(db)) {
		// a server holding it would keep writing to a file we move away
		try {
			const probe = await DuckDBInstance.create(db, { memory_limit: '128MB' });
			probe.closeSync();
		} catch (e) {
			if (isLockConflict(e)) throw new BackupError(`${db}: ${IN_USE}.`);
			// a damaged database can still be moved aside: that is what a restore is for
		}
	}
	await checkFiles(source, manifest);

	const folder = dirname(db);
	try {
		mkdirSync(folder, { recursive: true });
	} catch (e) {
		throw new BackupError(`Cannot create the folder ${folder}: ${(e as Error).message}`);
	}
	const temp = join(folder, `.${basename(db)}.restore-${process.pid}-${stamp()}`);
	let restored: { tables: Record<string, number>; version: number; fixed: Record<string, number> };
	try {
		const instance = await DuckDBInstance.create(temp, { memory_limit: process.env.CAUSEWAY_MEMORY_LIMIT ?? options.memoryLimit ?? '512MB', preserve_insertion_order: 'true' });
		try {
			const conn = await instance.connect();
			try {
				const s = new Session(conn);
				await s.run(`IMPORT DATABASE ${pathLiteral(source)}`);
				const tables = await rowCounts(s);
				const version = await schemaVersion(s);
				const fixed = await fixSequences(conn);
				await s.run('CHECKPOINT');
				restored = { tables, version, fixed };
			} finally {
				conn.closeSync();
			}
		} finally {
			instance.closeSync();
		}
		const expected = Object.keys(manifest.tables).sort();
		const got = Object.keys(restored.tables).sort();
		const missing = expected.filter((t) => !(t in restored.tables));
		const extra = got.filter((t) => !(t in manifest.tables));
		if (missing.length || extra.length)
			throw new BackupError(`The restored database does not have the backup's tables (${[missing.length ? `missing ${missing.join(', ')}` : '', extra.length ? `unexpected ${extra.join(', ')}` : ''].filter(Boolean).join('; ')}).`);
		const wrong = expected.filter((t) => restored.tables[t] !== manifest.tables[t]);
		if (wrong.length)
			throw new BackupError(`The restored row counts differ from the backup's manifest: ${wrong.map((t) => `${t} ${restored.tables[t]} ≠ ${manifest.tables[t]}`).join(', ')}.`);
		if (restored.version !== manifest.schema_version)
			throw new BackupError(`The restored schema version is ${restored.version}, the manifest says ${manifest.schema_version}.`);
	} catch (e) {
		removeDbFiles(temp);
		if (e instanceof BackupError) throw e;
		throw new BackupError(`The restore failed, ${db} is unchanged: ${firstLine(e)}`);
	}

	let movedAside: string | null = null;
	try {
		if (present) {
			let aside = `${db}.before-restore-${stamp()}`;
			for (let i = 1; existsSync(aside) || existsSync(`${aside}.wal`); i++) aside = `${db}.before-restore-${stamp()}-${i}`;
			if (existsSync(db)) renameSync(db, aside);
			// a stale write-ahead log next to the new file would be replayed into it
			if (existsSync(`${db}.wal`)) renameSync(`${db}.wal`, `${aside}.wal`);
			movedAside = aside;
		}
		renameSync(temp, db);
	} catch (e) {
		if (movedAside && !existsSync(db)) {
			if (existsSync(movedAside)) renameSync(movedAside, db);
			if (existsSync(`${movedAside}.wal`)) renameSync(`${movedAside}.wal`, `${db}.wal`);
		}
		removeDbFiles(temp);
		throw new BackupError(`The restore could not put the new database in place (${(e as Error).message}); ${db} is as it was.`);
	}
	removeDbFiles(temp); // the .tmp spill folder, if DuckDB made one
	return {
		restored: db,
		from: source,
		schemaVersion: restored.version,
		tables: restored.tables,
		rows: Object.values(restored.tables).reduce((a, n) => a + n, 0),
		movedAside,
		sequencesFixed: restored.fixed,
		seconds: Math.round(performance.now() - started) / 1000
	};
}
