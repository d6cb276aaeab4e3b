// The second wall and the resource bounds of notebook cells (issue 17, items 2
// and 3), on a real DuckDB file holding the sample: the cell process is given SQL
// the guard never saw, so the engine alone must refuse credentials, files and
// settings; a cell that would run for ever or take gigabytes is stopped; results
// are cut at a byte cap; one user's cells run one at a time and only a few run at
// once overall.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SAMPLE_PATH } from '../../scripts/generate-samples';
import { Store } from '../../src/lib/server/db';
import { importFile, tmpDirFor } from '../../src/lib/server/ingest/importer';
import { NOTEBOOK_TABLES } from '../../src/lib/server/notebooks/guard';
import { runNotebook } from '../../src/lib/server/notebooks/run';
import { CellSandbox, notebookLimits, type NotebookLimits } from '../../src/lib/server/notebooks/sandbox';
import { count, tempStore, writeFile } from '../helpers/workspace';

const SECRET = 'SECRET-c41d07';
let store: Store;
let dir: string;
let cleanup: () => Promise<void>;
let files: string;

beforeAll(async () => {
	({ store, dir, cleanup } = await tempStore());
	await importFile(store, SAMPLE_PATH);
	files = join(dir, 'private');
	mkdirSync(files);
	writeFile(files, 'secret.csv', `k,v\n1,${SECRET}\n`);
	process.env.CAUSEWAY_PROBE = SECRET;
	await store.write(async (s) => {
		await s.run(`INSERT INTO users (name, role, password_hash, created_at) VALUES ('admin', 'admin', '${SECRET}', now())`);
		await s.run(`INSERT INTO sessions VALUES ('${SECRET}', 1, now(), now())`);
		await s.run(`INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES (1, 'cron', '${SECRET}', now())`);
		await s.run(`INSERT INTO audit_log (logged_at, action, target) VALUES (now(), 'x', '${SECRET}')`);
		await s.run(`INSERT INTO ticket_history SELECT 1, * REPLACE ('${SECRET}' AS description) FROM tickets LIMIT 1`);
		await s.run(`INSERT INTO import_rejects VALUES (1, 7, 'wrong number of fields', '${SECRET}')`);
	});
});
afterAll(async () => {
	delete process.env.CAUSEWAY_PROBE;
	await cleanup?.();
});

const limitsWith = (env: Record<string, string>): NotebookLimits => notebookLimits({ ...process.env, ...env });

/** One cell straight into the sandbox: no guard in front. */
async function raw(sql: string, opts: { who?: string; limits?: NotebookLimits } = {}) {
	const sandbox = CellSandbox.of(store);
	const lease = await sandbox.lease();
	const limits = opts.limits ?? notebookLimits();
	try {
		return await sandbox.run(lease, opts.who ?? 'tester', sql, {}, limits.resultBytes, limits);
	} finally {
		lease.release();
	}
}
const failure = (p: Promise<unknown>) =>
	p.then(
		(r) => ({ ok: true as const, text: JSON.stringify(r) }),
		(e: Error) => ({ ok: false as const, text: e.message })
	);

describe('the engine wall: what the cell process can reach without the guard', () => {
	it.each([
		'SELECT * FROM users',
		'SELECT * FROM sessions',
		'SELECT * FROM api_tokens',
		'SELECT * FROM audit_log',
		'SELECT * FROM ticket_history',
		'SELECT * FROM schema_migrations',
		'SELECT raw FROM import_rejects',
		'WITH users AS (SELECT * FROM users) SELECT * FROM users',
		"SELECT * FROM read_text('{F}/secret.csv')",
		"SELECT * FROM read_csv('{F}/secret.csv')",
		"SELECT * FROM '{F}/secret.csv'",
		"SELECT * FROM '{F}/*.csv'",
		"SELECT * FROM glob('{F}/*')",
		"SELECT * FROM read_blob('/etc/passwd')",
		"COPY (SELECT 1) TO '{F}/out.csv'",
		"ATTACH '{F}/x.duckdb' AS x",
		'SET enable_external_access = true',
		"SET memory_limit = '8GB'",
		'SET threads = 8',
		"SET allowed_directories = ['/']",
		'RESET lock_configuration',
		'LOAD httpfs',
		'INSTALL httpfs',
		"SELECT getenv('CAUSEWAY_PROBE')",
		"SELECT * FROM read_csv('https://example.com/x.csv')",
		"EXPORT DATABASE '{F}/dump'",
		"SELECT * FROM query('SELECT * FROM users')",
		"SELECT * FROM query_table('api_tokens')"
	])('%s', async (q) => {
		const r = await failure(raw(q.replaceAll('{F}', files)));
		expect(r.text).not.toContain(SECRET);
		expect(r.ok).toBe(false);
	});

	it('holds the public tables only, file access off and the configuration locked', async () => {
		const tables = await raw("SELECT DISTINCT table_name AS t FROM duckdb_tables() UNION SELECT view_name FROM duckdb_views() WHERE NOT internal");
		const names = tables.rows.map((r) => String(r.t));
		expect(names.length).toBeGreaterThan(5);
		for (const n of names) expect(NOTEBOOK_TABLES).toContain(n);
		const settings = await raw("SELECT name, value FROM duckdb_settings() WHERE name IN ('enable_external_access', 'lock_configuration', 'threads', 'access_mode')");
		expect(Object.fromEntries(settings.rows.map((r) => [r.name, r.value]))).toEqual({ enable_external_access: 'false', lock_configuration: 'true', threads: '1', access_mode: 'read_only' });
		const n = await raw('SELECT count(*) AS n FROM tickets');
		expect(n.rows[0].n).toBe(await count(store, 'SELECT count(*) AS n FROM tickets'));
		// nothing in it says where the server keeps its files
		const db = await raw('SELECT current_database() AS d');
		expect(db.rows[0].d).toBe('workspace');
		const rejects = await raw('SELECT * FROM import_rejects');
		expect(rejects.columns).toEqual(['import_id', 'line', 'reason']);
	});

	it('removes the snapshots it no longer needs, and all of them when the store closes', async () => {
		const sandbox = CellSandbox.of(store);
		await raw('SELECT 1');
		const before = readdirSync(sandbox.dir);
		expect(before.length).toBe(2);
		await store.write((s) => s.run("UPDATE tickets SET row_hash = row_hash + 1 WHERE ticket_id = (SELECT max(ticket_id) FROM tickets)"));
		await raw('SELECT 1');
		const after = readdirSync(sandbox.dir);
		expect(after.length).toBe(2);
		expect(after.some((f) => before.includes(f))).toBe(false);
		const { store: other, cleanup: done } = await tempStore();
		const otherDir = CellSandbox.of(other).dir;
		const lease = await CellSandbox.of(other).lease();
		lease.release();
		expect(readdirSync(otherDir).length).toBe(2);
		await other.close();
		expect(readdirSync(otherDir)).toEqual([]);
		await done();
	});

	it('says in each cell when the snapshot cannot be made, and the prose still renders', async () => {
		const { store: other, cleanup: done } = await tempStore();
		try {
			const dir = CellSandbox.of(other).dir;
			rmSync(dir, { recursive: true, force: true });
			writeFileSync(dir, 'not a folder'); // as a full or broken disk would refuse it
			const nb = await runNotebook(other, '# t\n\n```sql name=n\nSELECT 1 AS n\n```\n\nvalue: ${n[0].n}\n');
			const cell = nb.cells[1];
			expect(cell.kind === 'sql' && cell.error).toMatch(/cannot run now/);
			expect(cell.kind === 'sql' && cell.error).not.toContain(dir);
			expect(nb.cells[2].kind).toBe('md');
			rmSync(dir, { force: true });
			const again = await runNotebook(other, '# t\n\n```sql name=n\nSELECT 1 AS n\n```\n');
			expect(again.cells[1].kind === 'sql' && again.cells[1].error).toBeUndefined();
		} finally {
			await done();
		}
	});

	it('keeps a column named __proto__ an ordinary value', async () => {
		const r = await raw(`SELECT {'polluted': 1} AS "__proto__", 2 AS "constructor"`);
		const row = r.rows[0];
		expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
		expect((row as { polluted?: number }).polluted).toBeUndefined();
		expect(Object.keys(row)).toEqual(['__proto__', 'constructor']);
		expect(JSON.parse(JSON.stringify(r.rows))[0].constructor).toBe(2);
	});

	it('sees a write at the next lease; a case edit copies the RCA tables only', async () => {
		const sandbox = CellSandbox.of(store);
		await raw('SELECT 1');
		const copies = sandbox.stats.dataCopies;
		await store.write((s) => s.run("INSERT INTO cases (title, problem, effect, state, bones, version, created_at, updated_at, dataset_id) VALUES ('snapshot probe', 'p', 'subcategory=x', 'new', '[]', 1, now(), now(), 1)"));
		const r = await raw("SELECT count(*) AS n FROM cases WHERE title = 'snapshot probe'");
		expect(r.rows[0].n).toBe(1);
		expect(sandbox.stats.dataCopies).toBe(copies);
		await store.write((s) => s.run("UPDATE tickets SET row_hash = row_hash + 1, subject = 'snapshot probe' WHERE ticket_id = (SELECT min(ticket_id) FROM tickets)"));
		const t = await raw("SELECT count(*) AS n FROM tickets WHERE subject = 'snapshot probe'");
		expect(t.rows[0].n).toBe(1);
		expect(sandbox.stats.dataCopies).toBe(copies + 1);
	});
});

describe('resource bounds of a cell', () => {
	it('stops a string function that ignores DuckDB interrupts at the time limit', async () => {
		// in-process, this runs ~30 s whatever interrupt() says; the process is killed instead
		const limits = limitsWith({ CAUSEWAY_NOTEBOOK_TIMEOUT_MS: '1000' });
		const t = performance.now();
		const r = await failure(raw("SELECT length(regexp_replace(repeat('ab', 100000000), 'a', 'x', 'g')) AS n", { limits }));
		const ms = performance.now() - t;
		expect(r.text).toMatch(/Stopped after 1 s/);
		expect(ms).toBeLessThan(3000);
		// and the next cell runs (on a new process)
		expect((await raw('SELECT 42 AS x')).rows[0].x).toBe(42);
	});

	it('stops length(repeat(chr(120), 1500000000)) before it takes gigabytes, also three at once', async () => {
		const t = performance.now();
		const r = await failure(raw('SELECT length(repeat(chr(120),1500000000)) AS n'));
		expect(r.text).toMatch(/more memory than a notebook cell may use \(1024 MB\)/);
		const three = await Promise.all(['a', 'b', 'c'].map((who) => failure(raw('SELECT length(repeat(chr(120),1500000000)) AS n', { who }))));
		for (const x of three) expect(x.text).toMatch(/more memory/);
		expect(performance.now() - t).toBeLessThan(15_000);
	});

	it('stops a cell that grows its memory step by step, under the cap', async () => {
		const sandbox = CellSandbox.of(store);
		const r = await failure(raw("SELECT length(string_agg(repeat('x', 1000000), '')) AS n FROM range(3000)"));
		expect(r.ok).toBe(false);
		expect(r.text).toMatch(/memory/);
		expect(sandbox.stats.lastPeakMb).toBeGreaterThan(0);
		expect(sandbox.stats.lastPeakMb).toBeLessThanOrEqual(1024);
	});

	it('counts the column names of every row: wide rows of tiny values are cut too', async () => {
		const cols = Array.from({ length: 300 }, (_, i) => `1 AS column_with_a_long_name_${String(i).padStart(4, '0')}_${'n'.repeat(40)}`).join(', ');
		const r = await raw(`SELECT ${cols} FROM range(10000)`);
		expect(r.truncated).toBe('bytes');
		const asPage = Buffer.byteLength(JSON.stringify(r.rows));
		expect(asPage).toBeLessThanOrEqual(5 * 1024 * 1024 + 10_000);
	});

	it('does not start more cells once a notebook has run past its own time limit', async () => {
		process.env.CAUSEWAY_NOTEBOOK_TIMEOUT_MS = '300';
		try {
			const slow = "SELECT length(regexp_replace(repeat('ab', 100000000), 'a', 'x', 'g')) AS n";
			const cells = Array.from({ length: 8 }, (_, i) => `\`\`\`sql name=s${i}\n${slow}\n\`\`\``).join('\n\n');
			const t = performance.now();
			const nb = await runNotebook(store, `# slow\n\n${cells}\n\n\`\`\`sql name=last\nSELECT 1 AS x\n\`\`\`\n`);
			// 6 × 0.3 s for the notebook: the first cells run and are stopped, the rest are not started
			const errors = nb.cells.filter((c) => c.kind === 'sql').map((c) => (c.kind === 'sql' ? (c.error ?? 'ok') : ''));
			expect(errors[0]).toMatch(/Stopped after 0.3 s/);
			expect(errors.at(-1)).toMatch(/Not run: the cells above already ran for over 1.8 s \(the limit for one notebook\)/);
			expect(errors.filter((e) => /Stopped/.test(e)).length).toBeLessThanOrEqual(6);
			expect(performance.now() - t).toBeLessThan(15_000);
		} finally {
			delete process.env.CAUSEWAY_NOTEBOOK_TIMEOUT_MS;
		}
		const limits = notebookLimits({ CAUSEWAY_NOTEBOOK_TIMEOUT_MS: '20000' });
		expect(limits.notebookMs).toBe(120_000);
	});

	it('cuts a result at its byte cap (10,000 rows of 50 KB are not 500 MB of page data)', async () => {
		const r = await raw("SELECT repeat('x', 50000) AS s FROM range(10000)");
		expect(r.truncated).toBe('bytes');
		expect(r.bytes).toBeLessThanOrEqual(5 * 1024 * 1024);
		expect(r.rows.length).toBeGreaterThan(50);
		expect(r.rows.length).toBeLessThan(110);
		// a whole notebook of such cells stays under the notebook's cap
		const cells = Array.from({ length: 8 }, (_, i) => `\`\`\`sql name=c${i}\nSELECT repeat('x', 50000) AS s FROM range(10000)\n\`\`\``).join('\n\n');
		const nb = await runNotebook(store, `# big\n\n${cells}\n`);
		const size = Buffer.byteLength(JSON.stringify(nb));
		expect(size).toBeLessThan(10 * 1024 * 1024 + 100_000);
		const sql = nb.cells.filter((c) => c.kind === 'sql');
		expect(sql.every((c) => c.kind === 'sql' && !c.error && c.truncated)).toBe(true);
		expect(sql.at(-1)!.kind === 'sql' && (sql.at(-1) as { rows: unknown[] }).rows.length).toBe(0);
	});
});

describe('cells of many notebooks at once', () => {
	const slow = 'SELECT count(*) AS n FROM range(400000000)';
	it('runs one cell at a time per user, and at most the worker count overall', async () => {
		const sandbox = CellSandbox.of(store);
		sandbox.stats.peakPerUser = 0;
		sandbox.stats.peakRunning = 0;
		await Promise.all([1, 2, 3].map(() => raw(slow, { who: 'ann' })));
		expect(sandbox.stats.peakPerUser).toBe(1);
		sandbox.stats.peakRunning = 0;
		await Promise.all(['u1', 'u2', 'u3', 'u4'].map((who) => raw(slow, { who })));
		expect(sandbox.stats.peakRunning).toBe(2);
	});

	it('refuses a user who queues more than four cells, and says why', async () => {
		const results = await Promise.all(Array.from({ length: 7 }, () => failure(raw(slow, { who: 'bob' }))));
		expect(results.filter((r) => r.ok).length).toBe(5);
		expect(results.filter((r) => !r.ok)[0].text).toMatch(/already waiting/);
	});
});

describe("the server's own DuckDB", () => {
	it('reads and writes no file outside its own and the staging folder; imports and snapshots still work', async () => {
		const { store: walled, cleanup: done } = await tempStore();
		try {
			await walled.restrictFiles([tmpDirFor(walled)]);
			for (const sql of ["SELECT * FROM read_csv('{F}/secret.csv')", "SELECT * FROM read_text('/etc/passwd')", "COPY (SELECT 1) TO '{F}/out.csv'", "ATTACH '{F}/x.duckdb' AS x", 'SET enable_external_access = true', "SET allowed_directories = ['/']"]) {
				const r = await failure(walled.all(sql.replaceAll('{F}', files)));
				expect(r.ok, sql).toBe(false);
				expect(r.text).not.toContain(SECRET);
			}
			const summary = await importFile(walled, SAMPLE_PATH);
			expect(summary.rowsInserted).toBeGreaterThan(3000);
			const nb = await runNotebook(walled, '# t\n\n```sql name=n\nSELECT count(*) AS n FROM tickets\n```\n');
			const cell = nb.cells[1];
			expect(cell.kind === 'sql' && cell.rows[0].n).toBe(summary.rowsInserted);
		} finally {
			await done();
		}
	});
});
