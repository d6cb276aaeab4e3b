// Where notebook cells run: never in the server's own DuckDB. Each cell runs in
// a separate process (cell-process.ts) on a read-only snapshot that holds only
// the public tables, so the engine itself cannot see credentials, history, raw
// reject text or a file, whatever the SQL says (the guard is the first wall).
//
// Snapshot: two small DuckDB files in our staging folder (<tmp>/notebooks/),
// copied from the server's database in one read transaction each — the data
// (tickets, imports, datasets, import_rejects without raw) and the RCA tables.
// They are remade after a write (Store.generation); the data file only when a
// fingerprint of the tickets and imports changed, so a case edit copies the
// small RCA tables only.
//
// Bounds, per cell: time (the process is killed at the limit: string functions do
// not answer DuckDB's interrupt), memory (the process's address space is capped
// with `ulimit -v`, DuckDB's own limit is half of it, no spilling to disk), rows
// and result bytes; per notebook: result bytes; per user: one cell at a time;
// overall: a few processes, at lower CPU priority than the server, and a short,
// bounded queue.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { setPriority } from 'node:os';
import { dirname, join } from 'node:path';
import { DuckDBDateValue, type DuckDBValue } from '@duckdb/node-api';
import type { Store } from '../db';
import { Mutex } from '../db/lock';
import { convertTyped, type Row } from '../db/values';
import { tmpDirFor } from '../ingest/importer';
import { CELL_PROCESS_SOURCE } from './cell-process';
import { NotebookSqlError } from './guard';

export interface NotebookLimits {
	/** CAUSEWAY_NOTEBOOK_TIMEOUT_MS: one cell's running time. */
	timeMs: number;
	/** The time one notebook's cells may hold processes (6 × a cell's; waiting does not count): later cells do not start past it. */
	notebookMs: number;
	/** CAUSEWAY_NOTEBOOK_MEMORY_MB: the address space of one cell's process. */
	memoryMb: number;
	/** CAUSEWAY_NOTEBOOK_RESULT_MB: one cell's result, as JSON. */
	resultBytes: number;
	/** All cells of one notebook together. */
	notebookBytes: number;
	rows: number;
	/** CAUSEWAY_NOTEBOOK_WORKERS: cells running at once, all users together. */
	workers: number;
	/** Cells running at once for one user. */
	perUser: number;
	/** Cells waiting for a process: all users, one user. */
	queued: number;
	queuedPerUser: number;
	/** The longest wait for a free process. */
	queueMs: number;
}

const num = (v: string | undefined, fallback: number, min: number) => {
	const n = Number(v);
	return Number.isFinite(n) && n >= min ? n : fallback;
};

/** Read when a notebook runs (tests and operators may change them between runs). */
export function notebookLimits(env: NodeJS.ProcessEnv = process.env): NotebookLimits {
	const resultBytes = Math.round(num(env.CAUSEWAY_NOTEBOOK_RESULT_MB, 5, 0.001) * 1024 * 1024);
	const timeMs = num(env.CAUSEWAY_NOTEBOOK_TIMEOUT_MS, 10_000, 1);
	return {
		timeMs,
		notebookMs: 6 * timeMs,
		memoryMb: Math.round(num(env.CAUSEWAY_NOTEBOOK_MEMORY_MB, 1024, 400)),
		resultBytes,
		notebookBytes: 2 * resultBytes,
		rows: 10_000,
		workers: Math.round(num(env.CAUSEWAY_NOTEBOOK_WORKERS, 2, 1)),
		perUser: 1,
		queued: 32,
		queuedPerUser: 4,
		queueMs: 60_000
	};
}

/** Tables copied into the snapshot, and the columns left out of them. */
const DATA_TABLES = ['tickets', 'imports', 'datasets', 'import_rejects'];
const RCA_TABLES = ['cases', 'causes', 'whys', 'verifications', 'actions', 'pins'];
const LEFT_OUT: Record<string, string[]> = { import_rejects: ['raw'] };

export interface CellOutput {
	columns: string[];
	rows: Row[];
	truncated: false | 'rows' | 'bytes';
	bytes: number;
	ms: number;
	/** The cell process's peak resident memory so far, MB (Linux). */
	peakMb: number | null;
}

interface Snapshot {
	generation: number;
	fingerprint: string;
	data: string;
	rca: string;
	rcaTables: string[];
	refs: number;
}

export interface SnapshotLease {
	readonly snapshot: Snapshot;
	release(): void;
}

type Param = string | number | boolean | null | { date: number } | { bigint: string };

function encodeParam(v: DuckDBValue): Param {
	if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
	if (typeof v === 'bigint') return { bigint: v.toString() };
	if (v instanceof DuckDBDateValue) return { date: v.days };
	throw new NotebookSqlError('A parameter of a type notebooks cannot bind.');
}

interface Pending {
	id: number;
	resolve: (o: CellOutput) => void;
	reject: (e: Error) => void;
	timer: NodeJS.Timeout;
	limits: NotebookLimits;
}

class CellProcess {
	readonly proc: ChildProcess;
	readonly ready: Promise<void>;
	pending: Pending | null = null;
	stderr = '';
	dead = false;
	killedFor: 'time' | null = null;
	idle: NodeJS.Timeout | null = null;
	/** Peak resident memory of the process, MB, as of its last answer. */
	peakMb: number | null = null;
	/** Its address space after the last answer, MB: a process near its cap is replaced. */
	addressMb: number | null = null;
	/** Replace after this cell rather than run another one. */
	worn = false;

	constructor(
		readonly snapshot: Snapshot,
		limits: NotebookLimits,
		onExit: (p: CellProcess) => void
	) {
		const config = JSON.stringify({ data: snapshot.data, rca: snapshot.rca, rcaTables: snapshot.rcaTables, memoryLimit: `${Math.floor(limits.memoryMb / 2)}MB` });
		// ulimit -v caps the address space: an allocation past it fails (DuckDB reports it as
		// out of memory) instead of growing the process. --jitless and one malloc arena keep
		// Node's own reservation small (~250 MB instead of ~1.2 GB), so the cap is real memory.
		this.proc = spawn(
			'/bin/sh',
			['-c', 'ulimit -v "$0" || exit 97; exec "$@"', String(limits.memoryMb * 1024), process.execPath, '--jitless', '--max-old-space-size=256', '-e', CELL_PROCESS_SOURCE, duckdbModule(), config],
			{ stdio: ['ignore', 'ignore', 'pipe', 'ipc'], env: { MALLOC_ARENA_MAX: '1', TZ: 'UTC' } }
		);
		try {
			if (this.proc.pid) setPriority(this.proc.pid, 10); // the dashboard comes first
		} catch {
			/* not permitted here: the worker count still bounds it */
		}
		this.proc.stderr!.on('data', (d) => (this.stderr = (this.stderr + d).slice(-2000)));
		this.hold(false);
		this.ready = new Promise<void>((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error('the cell process did not start in 30 s')), 30_000);
			this.proc.on('message', (m: { ready?: true; fatal?: string; id?: number; error?: string }) => {
				if (m.ready) {
					clearTimeout(timer);
					resolve();
				} else if (m.fatal) {
					clearTimeout(timer);
					reject(new Error(`the cell process could not open the snapshot: ${m.fatal.split('\n')[0]}`));
				} else this.#answer(m);
			});
			this.proc.on('exit', (code, signal) => {
				clearTimeout(timer);
				this.dead = true;
				reject(new Error(`the cell process ended before it was ready (${signal ?? code}): ${this.stderr.trim().split('\n').pop() ?? ''}`));
				this.#ended(code, signal);
				onExit(this);
			});
		});
		this.ready.catch(() => undefined);
	}

	run(id: number, sql: string, params: Record<string, Param>, byteCap: number, limits: NotebookLimits): Promise<CellOutput> {
		this.hold(true);
		return new Promise<CellOutput>((resolve, reject) => {
			const timer = setTimeout(() => this.kill('time'), limits.timeMs);
			this.pending = { id, resolve, reject, timer, limits };
			this.proc.send({ id, sql, params, rowCap: limits.rows, byteCap });
		}).finally(() => this.hold(false));
	}

	/** Keep the server's event loop alive for this process only while it runs a cell (an idle one must not stop a shutdown). */
	hold(on: boolean) {
		const handles = [this.proc, this.proc.channel, this.proc.stderr] as ({ ref?: () => void; unref?: () => void } | null | undefined)[];
		for (const h of handles) (on ? h?.ref : h?.unref)?.call(h);
	}

	kill(why: 'time' | null = null) {
		if (this.dead) return;
		this.killedFor = why;
		this.proc.kill('SIGKILL');
	}

	#answer(m: { id?: number; error?: string; columns?: string[]; types?: { typeId: number; alias: string | null }[]; rows?: unknown[][]; truncated?: false | 'rows' | 'bytes'; bytes?: number; ms?: number; peakMb?: number | null; addressMb?: number | null }) {
		const p = this.pending;
		if (!p || m.id !== p.id) return;
		this.pending = null;
		clearTimeout(p.timer);
		this.peakMb = m.peakMb ?? null;
		this.addressMb = m.addressMb ?? null;
		// memory a big cell took (DuckDB's allocator keeps its address space) is not what the next cell may use
		if ((this.addressMb ?? 0) > 0.6 * p.limits.memoryMb || /Out of Memory/i.test(m.error ?? '')) this.worn = true;
		if (m.error !== undefined) {
			const mb = p.limits.memoryMb;
			p.reject(new NotebookSqlError(/Out of Memory/i.test(m.error) ? `The cell needs more memory than a notebook cell may use (${mb} MB). ${m.error.split('\n')[0]}` : m.error, lineOf(m.error)));
			return;
		}
		const columns = m.columns!;
		const types = m.types!;
		const rows = m.rows!.map((r) => {
			const row: Row = {};
			// an own property whatever the name: a column called __proto__ does not set the row's prototype
			for (let i = 0; i < columns.length; i++) Object.defineProperty(row, columns[i], { value: convertTyped(r[i], types[i].typeId, types[i].alias), enumerable: true, writable: true, configurable: true });
			return row;
		});
		p.resolve({ columns, rows, truncated: m.truncated ?? false, bytes: m.bytes ?? 0, ms: m.ms ?? 0, peakMb: m.peakMb ?? null });
	}

	#ended(code: number | null, signal: NodeJS.Signals | null) {
		const p = this.pending;
		if (!p) return;
		this.pending = null;
		clearTimeout(p.timer);
		const limits = p.limits;
		if (this.killedFor === 'time') p.reject(new NotebookSqlError(`Stopped after ${limits.timeMs / 1000} s (the time limit for a notebook cell).`));
		else if (code === 97) p.reject(new NotebookSqlError('Notebook cells cannot run here: the memory limit of their process could not be set.'));
		else if (/out of memory|Allocation failed|bad_alloc|heap limit/i.test(this.stderr) || signal === 'SIGABRT' || signal === 'SIGSEGV')
			p.reject(new NotebookSqlError(`The cell needs more memory than a notebook cell may use (${limits.memoryMb} MB); its process was stopped.`));
		else p.reject(new NotebookSqlError(`The cell's process ended unexpectedly (${signal ?? `exit ${code}`}).`));
	}
}

const lineOf = (msg: string) => {
	const m = /LINE (\d+):/.exec(msg);
	return m ? Number(m[1]) : undefined;
};

let duckdbPath: string | null = null;
function duckdbModule(): string {
	duckdbPath ??= createRequire(import.meta.url).resolve('@duckdb/node-api');
	return duckdbPath;
}

const sqlText = (s: string) => `'${s.replaceAll("'", "''")}'`;
const quoted = (s: string) => `"${s.replaceAll('"', '""')}"`;

const sandboxes = new WeakMap<Store, CellSandbox>();

export class CellSandbox {
	readonly dir: string;
	#store: Store;
	#build = new Mutex();
	#current: Snapshot | null = null;
	#snapshots = new Set<Snapshot>();
	#seq = 0;
	#idle: CellProcess[] = [];
	#all = new Set<CellProcess>();
	#running = 0;
	#perUser = new Map<string, number>();
	#waiting: { who: string; go: () => void; fail: (e: Error) => void }[] = [];
	#closed = false;
	/** What the tests read: the most cells that ran at once, overall and for one user; processes started. */
	readonly stats = { peakRunning: 0, peakPerUser: 0, started: 0, snapshots: 0, dataCopies: 0, lastSnapshotMs: 0, lastPeakMb: 0 };

	private constructor(store: Store) {
		this.#store = store;
		this.dir = join(tmpDirFor(store), 'notebooks');
		mkdirSync(this.dir, { recursive: true });
		this.#sweep();
		store.onClose(() => this.close());
	}

	static of(store: Store): CellSandbox {
		let s = sandboxes.get(store);
		if (!s) sandboxes.set(store, (s = new CellSandbox(store)));
		return s;
	}

	/** The snapshot as of the last write, made now if it is older; held until release(). */
	async lease(): Promise<SnapshotLease> {
		const snapshot = await this.#build.run(() => this.#fresh());
		snapshot.refs++;
		let released = false;
		return {
			snapshot,
			release: () => {
				if (released) return;
				released = true;
				snapshot.refs--;
				this.#collect();
			}
		};
	}

	/** Run one checked cell for `who`, waiting for a free process if need be; `usage.ms` adds the time it held a process. */
	async run(lease: SnapshotLease, who: string, sql: string, params: Record<string, DuckDBValue>, byteCap: number, limits = notebookLimits(), usage?: { ms: number }): Promise<CellOutput> {
		const encoded = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, encodeParam(v)]));
		const release = await this.#slot(who, limits);
		const t = performance.now();
		try {
			const proc = await this.#process(lease.snapshot, limits);
			try {
				return await proc.run(++this.#seq, sql, encoded, byteCap, limits);
			} finally {
				if (proc.peakMb !== null) this.stats.lastPeakMb = proc.peakMb;
				this.#done(proc, limits);
			}
		} finally {
			if (usage) usage.ms += performance.now() - t;
			release();
		}
	}

	async close(): Promise<void> {
		this.#closed = true;
		for (const w of this.#waiting.splice(0)) w.fail(new NotebookSqlError('The server is stopping.'));
		for (const p of this.#all) p.kill();
		await this.#build.run(async () => {
			const all = [...this.#snapshots];
			this.#snapshots.clear();
			this.#current = null;
			for (const s of all) this.#remove(s);
		});
		sandboxes.delete(this.#store);
	}

	// — the queue: one cell at a time per user, `workers` at a time overall, first come first served —

	#slot(who: string, limits: NotebookLimits): Promise<() => void> {
		if (this.#closed) throw new NotebookSqlError('The server is stopping.');
		if (this.#waiting.length >= limits.queued) throw new NotebookSqlError('Too many notebook cells are waiting to run; try again in a minute.');
		if (this.#waiting.filter((w) => w.who === who).length >= limits.queuedPerUser)
			throw new NotebookSqlError(`${limits.queuedPerUser} of your notebook cells are already waiting (one of yours runs at a time); try again when they are done.`);
		return new Promise((resolve, reject) => {
			let timer: NodeJS.Timeout;
			const entry = {
				who,
				go: () => {
					clearTimeout(timer);
					let released = false;
					resolve(() => {
						if (released) return;
						released = true;
						this.#running--;
						const n = (this.#perUser.get(who) ?? 1) - 1;
						if (n) this.#perUser.set(who, n);
						else this.#perUser.delete(who);
						this.#pump(limits);
					});
				},
				fail: (e: Error) => {
					clearTimeout(timer);
					reject(e);
				}
			};
			timer = setTimeout(() => {
				const i = this.#waiting.indexOf(entry);
				if (i >= 0) this.#waiting.splice(i, 1);
				reject(new NotebookSqlError(`Waited ${limits.queueMs / 1000} s for a free notebook process (other notebooks are running); try again.`));
			}, limits.queueMs);
			this.#waiting.push(entry);
			this.#pump(limits);
		});
	}

	#pump(limits: NotebookLimits) {
		for (let i = 0; i < this.#waiting.length && this.#running < limits.workers; ) {
			const w = this.#waiting[i];
			const mine = this.#perUser.get(w.who) ?? 0;
			if (mine >= limits.perUser) {
				i++;
				continue;
			}
			this.#waiting.splice(i, 1);
			this.#running++;
			this.#perUser.set(w.who, mine + 1);
			this.stats.peakRunning = Math.max(this.stats.peakRunning, this.#running);
			this.stats.peakPerUser = Math.max(this.stats.peakPerUser, mine + 1);
			w.go();
		}
	}

	// — processes: kept warm for the current snapshot, killed when stale, idle for a minute, or over time —

	async #process(snapshot: Snapshot, limits: NotebookLimits): Promise<CellProcess> {
		const i = this.#idle.findIndex((p) => p.snapshot === snapshot && !p.dead);
		if (i >= 0) {
			const [p] = this.#idle.splice(i, 1);
			if (p.idle) clearTimeout(p.idle);
			return p;
		}
		const p = new CellProcess(snapshot, limits, (gone) => {
			this.#all.delete(gone);
			const at = this.#idle.indexOf(gone);
			if (at >= 0) this.#idle.splice(at, 1);
		});
		this.#all.add(p);
		this.stats.started++;
		try {
			await p.ready;
		} catch (e) {
			p.kill();
			// not where our files are: viewers read this
			throw new NotebookSqlError(`Notebook cells cannot run: ${(e as Error).message.replaceAll(this.dir, '<staging>')}`);
		}
		return p;
	}

	#done(p: CellProcess, limits: NotebookLimits) {
		if (p.dead) return;
		if (this.#closed || p.worn || p.snapshot !== this.#current || this.#idle.length >= limits.workers) {
			p.kill();
			return;
		}
		p.idle = setTimeout(() => p.kill(), 60_000);
		p.idle.unref();
		this.#idle.push(p);
	}

	// — snapshots —

	async #fresh(): Promise<Snapshot> {
		if (this.#closed) throw new NotebookSqlError('The server is stopping.');
		const generation = this.#store.generation;
		const current = this.#current;
		if (current && current.generation === generation) return current;
		const t = performance.now();
		const fingerprint = await this.#fingerprint();
		const n = ++this.#seq;
		// a folder per file, so that the cell sees its database as `workspace`, not as our file name
		const name = (kind: 'data' | 'rca') => {
			const folder = join(this.dir, `${kind}-${process.pid}-${n}`);
			mkdirSync(folder, { recursive: true });
			return join(folder, kind === 'data' ? 'workspace.duckdb' : 'rca.duckdb');
		};
		let data = current && fingerprint && current.fingerprint === fingerprint ? current.data : null;
		if (!data) {
			data = name('data');
			await this.#copy(data, DATA_TABLES);
			this.stats.dataCopies++;
		}
		const rca = name('rca');
		const rcaTables = await this.#copy(rca, RCA_TABLES);
		const snapshot: Snapshot = { generation, fingerprint, data, rca, rcaTables, refs: 0 };
		this.#snapshots.add(snapshot);
		this.#current = snapshot;
		this.stats.snapshots++;
		this.stats.lastSnapshotMs = Math.round(performance.now() - t);
		for (const p of [...this.#idle]) if (p.snapshot !== snapshot) p.kill();
		this.#collect();
		return snapshot;
	}

	/** Changes whenever the tickets, imports, datasets or rejects change (cheap: a sum of the rows' own hashes). */
	async #fingerprint(): Promise<string> {
		try {
			const have = await this.#tables();
			const parts = ['(SELECT count(*) FROM tickets)::VARCHAR', "coalesce((SELECT sum(row_hash::HUGEINT) FROM tickets)::VARCHAR, '')", '(SELECT count(*) FROM import_rejects)::VARCHAR'];
			for (const t of ['imports', 'datasets']) if (have.has(t)) parts.push(`coalesce((SELECT sum(hash(x)) FROM ${t} x)::VARCHAR, '')`);
			const r = await this.#store.one<{ f: string }>(`SELECT concat_ws(':', ${parts.join(', ')}) AS f`);
			return r?.f ?? '';
		} catch {
			return ''; // no fingerprint: copy the data every time
		}
	}

	async #tables(): Promise<Set<string>> {
		const rows = await this.#store.all<{ name: string }>("SELECT table_name AS name FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main' AND NOT temporary");
		return new Set(rows.map((r) => r.name));
	}

	/** Copy the tables that exist into a new file, in one read transaction; returns the tables copied. */
	async #copy(path: string, tables: string[]): Promise<string[]> {
		const have = await this.#tables();
		const alias = `nb_snapshot_${process.pid}_${this.#seq}`;
		return this.#store.scratch(async (s) => {
			const db = (await s.one<{ db: string }>('SELECT current_database() AS db'))!.db;
			await s.run(`ATTACH ${sqlText(path)} AS ${alias}`);
			const copied: string[] = [];
			try {
				await s.run('BEGIN TRANSACTION');
				for (const t of tables) {
					if (!have.has(t)) continue;
					const except = LEFT_OUT[t] ? ` EXCLUDE (${LEFT_OUT[t].join(', ')})` : '';
					await s.run(`CREATE TABLE ${alias}.main.${t} AS SELECT *${except} FROM ${quoted(db)}.main.${t}`);
					copied.push(t);
				}
				await s.run('COMMIT');
			} catch (e) {
				await s.run('ROLLBACK').catch(() => undefined);
				throw e;
			} finally {
				await s.run(`DETACH ${alias}`).catch(() => undefined);
			}
			return copied;
		});
	}

	/** Delete the files of snapshots nobody holds and that are not current. */
	#collect() {
		for (const s of [...this.#snapshots]) {
			if (s === this.#current || s.refs > 0) continue;
			this.#snapshots.delete(s);
			this.#remove(s);
		}
	}

	#remove(s: Snapshot) {
		const inUse = new Set([...this.#snapshots].flatMap((x) => [x.data, x.rca]));
		for (const f of [s.data, s.rca]) if (!inUse.has(f)) rmSync(dirname(f), { recursive: true, force: true });
	}

	/** Snapshots left by a server that was killed: ours by name, their process gone. */
	#sweep() {
		if (!existsSync(this.dir)) return;
		for (const f of readdirSync(this.dir)) {
			const m = /^(?:data|rca)-(\d+)-\d+$/.exec(f);
			if (!m || Number(m[1]) === process.pid) continue;
			try {
				process.kill(Number(m[1]), 0);
				continue; // alive: another process's files
			} catch {
				rmSync(join(this.dir, f), { recursive: true, force: true });
			}
		}
	}
}
