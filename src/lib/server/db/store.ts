// One door to DuckDB: one instance per process, writes one at a time behind a
// lock (each in a transaction), reads in parallel on a small pool of connections.
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Mutex } from './lock';
import { migrations } from './migrations';
import { readerRows, type Row } from './values';

export type Params = DuckDBValue[] | Record<string, DuckDBValue>;

/** A connection in use by one caller: run statements, read rows. */
export class Session {
	constructor(readonly conn: DuckDBConnection) {}

	async all<T extends Row = Row>(sql: string, params?: Params): Promise<T[]> {
		const t = trace ? performance.now() : 0;
		const reader = await this.conn.runAndReadAll(sql, used(sql, params));
		if (trace) console.error(`[sql ${(performance.now() - t).toFixed(0)}ms] ${sql.replace(/\s+/g, ' ').slice(0, 100)}`);
		return readerRows(reader) as T[];
	}

	async one<T extends Row = Row>(sql: string, params?: Params): Promise<T | undefined> {
		return (await this.all<T>(sql, params))[0];
	}

	async run(sql: string, params?: Params): Promise<number> {
		const t = trace ? performance.now() : 0;
		if (traceFull && sql.includes(traceFull)) process.stderr.write(`${sql}\n@@PARAMS@@${JSON.stringify(used(sql, params))}\n`);
		const result = await this.conn.run(sql, used(sql, params));
		if (trace) console.error(`[sql ${(performance.now() - t).toFixed(0)}ms] ${sql.replace(/\s+/g, ' ').slice(0, 100)}`);
		return result.rowsChanged;
	}
}

const trace = process.env.CAUSEWAY_TRACE_SQL === "1";
const traceFull = process.env.CAUSEWAY_TRACE_SQL_FULL;

/** Named parameters the statement refers to: DuckDB refuses extra ones, and shared builders pass a superset. */
function used(sql: string, params?: Params): Params | undefined {
	if (!params || Array.isArray(params)) return params;
	const out: Record<string, DuckDBValue> = {};
	for (const [k, v] of Object.entries(params)) if (new RegExp(`\\$${k}\\b`).test(sql)) out[k] = v;
	return out;
}

export interface StoreOptions {
	readers?: number;
	memoryLimit?: string;
	/** false: open the file as it is, without applying pending migrations (a backup copies what is there). */
	migrate?: boolean;
}

export class Store {
	readonly path: string;
	#instance: DuckDBInstance;
	#writer: Session;
	#readers: Session[];
	#idle: Session[];
	#waiting: ((s: Session) => void)[] = [];
	#writeLock = new Mutex();
	#closed = false;

	private constructor(path: string, instance: DuckDBInstance, writer: Session, readers: Session[]) {
		this.path = path;
		this.#instance = instance;
		this.#writer = writer;
		this.#readers = readers;
		this.#idle = [...readers];
	}

	static async open(path: string, options: StoreOptions = {}): Promise<Store> {
		const full = path === ':memory:' ? path : resolve(path);
		if (full !== ':memory:') {
			try {
				mkdirSync(dirname(full), { recursive: true });
			} catch (e) {
				throw new Error(`Cannot create the folder for the database ${full}: ${(e as Error).message}`);
			}
		}
		let instance: DuckDBInstance;
		try {
			instance = await DuckDBInstance.create(full, {
				memory_limit: process.env.CAUSEWAY_MEMORY_LIMIT ?? options.memoryLimit ?? '1GB',
				preserve_insertion_order: 'true'
			});
		} catch (e) {
			throw new Error(`Cannot open the database ${full}: ${firstLine(e)}`);
		}
		const writer = new Session(await instance.connect());
		// Parsing values that carry an offset must not depend on the server's zone; the
		// wall-clock conversion to CAUSEWAY_TZ is explicit (timezone($tz, …)). A global setting.
		await writer.run("SET GLOBAL TimeZone = 'UTC'");
		const readers: Session[] = [];
		for (let i = 0; i < (options.readers ?? 4); i++) readers.push(new Session(await instance.connect()));
		const store = new Store(full, instance, writer, readers);
		if (options.migrate !== false) await store.migrate();
		return store;
	}

	/**
	 * A read on an idle pooled connection, or on the first to come free. Reads run in parallel with
	 * each other and with writes, one statement at a time per connection: DuckDB runs each call on
	 * libuv's threadpool (4 threads, shared with every fs call), and a call queued behind a busy
	 * connection would hold a thread while it waits — under load, uploads and imports stalled.
	 */
	async read<T>(fn: (s: Session) => Promise<T>): Promise<T> {
		this.#assertOpen();
		const session = this.#idle.pop() ?? (await new Promise<Session>((r) => this.#waiting.push(r)));
		try {
			return await fn(session);
		} finally {
			const next = this.#waiting.shift();
			if (next) next(session);
			else this.#idle.push(session);
		}
	}

	all<T extends Row = Row>(sql: string, params?: Params): Promise<T[]> {
		return this.read((s) => s.all<T>(sql, params));
	}

	one<T extends Row = Row>(sql: string, params?: Params): Promise<T | undefined> {
		return this.read((s) => s.one<T>(sql, params));
	}

	/** A write transaction on the shared writer connection, behind the write lock. */
	write<T>(fn: (s: Session) => Promise<T>): Promise<T> {
		return this.transaction(this.#writer, fn);
	}

	/** A write transaction on a caller's own connection (one holding temp staging tables), behind the write lock. */
	transaction<T>(session: Session, fn: (s: Session) => Promise<T>): Promise<T> {
		this.#assertOpen();
		return this.#writeLock.run(async () => {
			await session.run('BEGIN TRANSACTION');
			try {
				const result = await fn(session);
				await session.run('COMMIT');
				return result;
			} catch (e) {
				await session.run('ROLLBACK').catch(() => undefined);
				throw e;
			}
		});
	}

	/** A fresh connection for work that needs its own temp tables (staging an import). Closed after fn. */
	async scratch<T>(fn: (s: Session) => Promise<T>): Promise<T> {
		this.#assertOpen();
		const conn = await this.#instance.connect();
		try {
			return await fn(new Session(conn));
		} finally {
			conn.closeSync();
		}
	}

	async migrate(): Promise<void> {
		await this.#writer.run('CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP DEFAULT current_timestamp)');
		const done = new Set((await this.#writer.all<{ id: number }>('SELECT id FROM schema_migrations')).map((r) => r.id));
		let applied = 0;
		for (const m of migrations) {
			if (done.has(m.id)) continue;
			await this.write(async (s) => {
				await s.run(m.sql);
				await s.run('INSERT INTO schema_migrations (id, name) VALUES ($id, $name)', { id: m.id, name: m.name });
			});
			applied++;
		}
		// Schema changes go into the file now, not only into the WAL: DuckDB 1.5 cannot replay
		// a WAL holding ALTER TABLE … ADD COLUMN on a table whose key defaults to nextval()
		// (a database killed before its first checkpoint would not open again).
		if (applied > 0) await this.#writer.run('CHECKPOINT');
	}

	async close(): Promise<void> {
		if (this.#closed) return;
		await this.#writeLock.run(async () => {
			this.#closed = true;
			for (const r of this.#readers) r.conn.closeSync();
			this.#writer.conn.closeSync();
			this.#instance.closeSync();
		});
	}

	#assertOpen() {
		if (this.#closed) throw new Error('the database is closed');
	}
}

export function firstLine(e: unknown): string {
	const text = e instanceof Error ? e.message : String(e);
	return text.split('\n')[0];
}
