// Notebooks on a real DuckDB file holding the bundled sample: the shipped
// weekly review rendered by the CLI to one HTML file whose numbers match direct
// SQL counts; the safety cases refused with a sentence and nothing changed; the
// time limit, the row cap and bound (never spliced) parameters.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SAMPLE_PATH } from '../../scripts/generate-samples';
import { importFile } from '../../src/lib/server/ingest/importer';
import { Store } from '../../src/lib/server/db';
import { runNotebook } from '../../src/lib/server/notebooks/run';
import { markdownHtml } from '../../src/lib/notebooks/markdown';
import { count, ROOT, tempDir, writeFile } from '../helpers/workspace';

let store: Store;
let dir: string;
let cleanup: () => void;
let db: string;
beforeAll(async () => {
	({ dir, cleanup } = tempDir());
	db = join(dir, 'nb.duckdb');
	store = await Store.open(db);
	await importFile(store, SAMPLE_PATH);
	await store.close();
});
afterAll(async () => {
	await store?.close();
	cleanup?.();
});

const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'notebook', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CAUSEWAY_TZ: 'Asia/Shanghai' } });
const cellError = (nb: Awaited<ReturnType<typeof runNotebook>>, i = 0) => {
	const c = nb.cells.filter((c) => c.kind === 'sql')[i];
	return c && c.kind === 'sql' ? c.error : undefined;
};
const oneCell = (sql: string) => `# t\n\n\`\`\`sql name=r\n${sql}\n\`\`\`\n`;

describe('notebook render (CLI) on the sample data', () => {
	it('writes one self-contained HTML file whose numbers match direct SQL', async () => {
		const out = join(dir, 'report.html');
		const r = cli('render', 'notebooks/weekly-review.md', '--out', out, '--db', db, '--param', 'week=2024-W15');
		expect(r.stderr).toBe('');
		expect(r.status).toBe(0);
		expect(JSON.parse(r.stdout.trim().split('\n').pop()!)).toMatchObject({ errors: 0, params: { week: '2024-W15', window: '2024-04-08 – 2024-04-14' } });
		const html = readFileSync(out, 'utf8');
		expect(html).not.toMatch(/<script/i);
		expect(html).toMatch(/<svg[^>]*>/);
		expect(html.match(/<svg/g)!.length).toBeGreaterThanOrEqual(2);

		store = await Store.open(db);
		const thisWeek = await count(store, "SELECT count(*) AS n FROM tickets WHERE created_at >= '2024-04-08' AND created_at < '2024-04-15'");
		const lastWeek = await count(store, "SELECT count(*) AS n FROM tickets WHERE created_at >= '2024-04-01' AND created_at < '2024-04-08'");
		const pay = await count(store, "SELECT count(*) AS n FROM tickets WHERE subcategory = '支付失败' AND created_at >= '2024-04-08' AND created_at < '2024-04-15'");
		const top = (await store.one<{ s: string; n: number }>("SELECT subcategory AS s, count(*) AS n FROM tickets WHERE created_at >= '2024-04-08' AND created_at < '2024-04-15' GROUP BY 1 ORDER BY n DESC, s LIMIT 1"))!;
		await store.close();
		const text = html.replace(/<[^>]+>/g, '');
		expect(text).toContain(`共 ${thisWeek} 张工单，上周 ${lastWeek} 张`);
		expect(text).toContain(`最多的是 ${top.s}（${top.n} 张）`);
		expect(top.s).toBe('支付失败');
		expect(top.n).toBe(pay);
		expect(html).toContain(`<td>支付失败</td><td class="num">${pay}</td>`);
	});

	it('renders the spike investigation for a chosen effect and week', () => {
		const out = join(dir, 'spike.html');
		const r = cli('render', 'notebooks/spike-investigation.md', '--out', out, '--db', db, '--param', 'week=2024-W15', '--param', 'subcategory=支付失败');
		expect(r.status).toBe(0);
		const html = readFileSync(out, 'utf8');
		expect(html.replace(/<[^>]+>/g, '')).toContain('突增调查：支付失败');
		expect(html).toContain('E2001');
	});

	it('answers a usage error with the usage line', () => {
		const r = cli('render', 'notebooks/weekly-review.md');
		expect(r.status).toBe(2);
		expect(r.stderr).toContain('usage: causeway notebook render');
	});
});

describe('notebook SQL safety', () => {
	beforeAll(async () => {
		store = await Store.open(db);
	});
	const run = (sql: string, overrides: Record<string, string> = {}) => runNotebook(store, oneCell(sql), { overrides });

	it.each([
		["SELECT * FROM read_csv('/etc/passwd')", /read_csv\(\) is refused: notebook SQL cannot read files/],
		["SELECT * FROM '/etc/passwd'", /Reading "\/etc\/passwd" is refused/],
		["SELECT * FROM read_text('/etc/passwd')", /read_text\(\) is refused/],
		["COPY tickets TO '/tmp/out.csv'", /only reads: one SELECT/],
		["ATTACH '/tmp/other.duckdb' AS other", /only reads/],
		['INSTALL httpfs', /only reads/],
		['CREATE TABLE x AS SELECT 1', /only reads/],
		["INSERT INTO imports (id) VALUES (999)", /only reads/],
		['DELETE FROM tickets', /only reads/],
		["SET enable_external_access = true", /only reads/],
		['PRAGMA database_list', /only reads/],
		['SELECT * FROM duckdb_settings()', /duckdb_settings\(\) is refused/],
		["SELECT getenv('HOME')", /getenv\(\) is refused/],
		['SELECT * FROM information_schema.tables', /no table information_schema\.tables/],
		['SELECT * FROM schema_migrations', /no table schema_migrations/],
		["SELECT * FROM read_parquet('https://example.com/x.parquet')", /read_parquet\(\) is refused/],
		['SELECT 1; DROP TABLE tickets', /only reads|One statement/],
		['SELEC 1', /Parser error/]
	])('refuses %s', async (sql, message) => {
		const before = await count(store, 'SELECT count(*) AS n FROM tickets');
		const nb = await run(sql);
		expect(cellError(nb)).toMatch(message);
		expect(await count(store, 'SELECT count(*) AS n FROM tickets')).toBe(before);
	});

	it('reads the tables, CTEs and generated series it is allowed to', async () => {
		const nb = await run("WITH t AS (SELECT count(*) AS n FROM tickets) SELECT t.n, (SELECT count(*) FROM range(3)) AS r FROM t");
		const c = nb.cells[1];
		expect(c.kind === 'sql' && c.error).toBeFalsy();
		expect(c.kind === 'sql' && c.rows[0].r).toBe(3);
	});

	it('binds parameters, never splices them', async () => {
		const nb = await run("SELECT count(*) AS n FROM tickets WHERE subcategory = $subcategory", { subcategory: "'; DROP TABLE tickets; --" });
		const c = nb.cells[1];
		expect(c.kind === 'sql' && c.rows[0].n).toBe(0);
		expect(await count(store, 'SELECT count(*) AS n FROM tickets')).toBeGreaterThan(3000);
		const unknown = await run('SELECT $nope AS x');
		expect(cellError(unknown)).toMatch(/\$nope is not a parameter here/);
	});

	it('caps the rows and stops a query past the time limit; other cells still render', async () => {
		const capped = await run('SELECT * FROM range(25000)');
		const c = capped.cells[1];
		expect(c.kind === 'sql' && c.rows.length).toBe(10_000);
		expect(c.kind === 'sql' && c.truncated).toBe(true);

		process.env.CAUSEWAY_NOTEBOOK_TIMEOUT_MS = '300';
		try {
			const t = performance.now();
			const slow = await runNotebook(store, '# slow\n\n```sql name=slow\nSELECT count(*) FROM range(100000000000) a\n```\n\n```sql name=ok\nSELECT 42 AS answer\n```\n\nanswer: ${ok[0].answer}\n');
			expect(performance.now() - t).toBeLessThan(20_000);
			expect(cellError(slow)).toMatch(/^line 4: Stopped after 0.3 s/);
			const prose = slow.cells.at(-1)!;
			expect(prose.kind === 'md' && markdownHtml(prose.blocks)).toContain('answer: <span class="nb-value">42</span>');
		} finally {
			delete process.env.CAUSEWAY_NOTEBOOK_TIMEOUT_MS;
		}
	});

	it('puts the error of a failing cell on its line of the notebook, and the rest still renders', async () => {
		const nb = await runNotebook(store, '# t\n\n```sql name=a\nSELECT 1 AS one\n```\n\n```sql name=b\nSELECT\n  nonsense_column\nFROM tickets\n```\n\nOne is ${a[0].one}, b is ${b[0].x}.\n', {});
		const b = nb.cells.find((c) => c.kind === 'sql' && c.name === 'b');
		expect(b && b.kind === 'sql' && b.error).toMatch(/^line 9: .*nonsense_column/);
		const prose = nb.cells.at(-1)!;
		expect(prose.kind === 'md' && markdownHtml(prose.blocks)).toContain('One is <span class="nb-value">1</span>');
		expect(prose.kind === 'md' && markdownHtml(prose.blocks)).toContain('nb-inline-error');
	});
});

// Issue 17, item 2: every way we know to read credentials, the database's
// internals or a server file from a notebook cell. Each must come back as that
// cell's error, and no secret may appear anywhere in what the page would get.
describe('notebook SQL cannot reach credentials, internals or server files', () => {
	const SECRET = 'SECRET-7f3a9c';
	let files: string;
	beforeAll(async () => {
		files = join(dir, 'private');
		mkdirSync(files, { recursive: true });
		writeFile(files, 'secret.csv', `k,v\n1,${SECRET}\n`);
		writeFile(files, 'secret.json', JSON.stringify([{ v: SECRET }]));
		writeFile(files, 'secret.txt', SECRET);
		process.env.CAUSEWAY_PROBE = SECRET;
		await store.write(async (s) => {
			await s.run(`INSERT INTO users (name, role, password_hash, created_at) VALUES ('admin', 'admin', '$2a$10$${SECRET}', now())`);
			await s.run(`INSERT INTO sessions VALUES ('${SECRET}-session', 1, now(), now() + INTERVAL 1 DAY)`);
			await s.run(`INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES (1, 'cron', '${SECRET}-token', now())`);
			await s.run(`INSERT INTO audit_log (logged_at, user_name, action, detail) VALUES (now(), 'admin', 'POST /login', '{"x": "${SECRET}"}')`);
			await s.run(`INSERT INTO ticket_history SELECT 1 AS replaced_by, * REPLACE ('${SECRET}-history' AS description) FROM tickets LIMIT 1`);
			await s.run(`INSERT INTO import_rejects VALUES (1, 99, 'wrong number of fields', '${SECRET}-raw')`);
		});
	});
	afterAll(() => {
		delete process.env.CAUSEWAY_PROBE;
	});
	const run = (sql: string) => runNotebook(store, oneCell(sql), {});

	it.each([
		// CTE names shadowing a table, resolved per scope
		['WITH users AS (SELECT * FROM users) SELECT * FROM users'],
		['WITH sessions AS (SELECT * FROM sessions) SELECT * FROM sessions'],
		['WITH api_tokens AS (SELECT * FROM api_tokens) SELECT token_hash FROM api_tokens'],
		['WITH audit_log AS (FROM audit_log) FROM audit_log'],
		['WITH ticket_history AS (SELECT * FROM ticket_history) SELECT description FROM ticket_history'],
		['SELECT * FROM (WITH sessions AS (SELECT 1) SELECT 1) a, sessions'],
		['SELECT * FROM (WITH users AS (SELECT 1) SELECT 1) a, users'],
		['SELECT (WITH api_tokens AS (SELECT 1 AS n) SELECT n FROM api_tokens) AS a, (SELECT max(token_hash) FROM api_tokens) AS b'],
		['WITH x AS (WITH users AS (SELECT 1) SELECT 1) SELECT * FROM users'],
		['WITH t AS (SELECT * FROM audit_log), audit_log AS (SELECT 1) SELECT * FROM t'],
		['WITH RECURSIVE users AS (SELECT * FROM users) SELECT * FROM users'],
		['WITH RECURSIVE t AS (SELECT password_hash AS p FROM users UNION ALL SELECT p FROM t WHERE false) SELECT * FROM t'],
		['WITH RECURSIVE users AS (SELECT * FROM users UNION ALL SELECT * FROM users WHERE false) SELECT * FROM users'],
		['SELECT * FROM tickets WHERE EXISTS (WITH users AS (SELECT 1) SELECT 1) AND ticket_id IN (SELECT password_hash FROM users)'],
		['SELECT count(*) FROM tickets UNION ALL SELECT count(*) FROM (WITH audit_log AS (SELECT 1) SELECT 1), audit_log'],
		['WITH "api_to\u212Aens" AS (SELECT 1 AS token_hash) SELECT token_hash FROM api_tokens'],
		['SELECT * FROM (WITH x AS (SELECT 1) SELECT * FROM x), (WITH "USERS" AS (SELECT 1) SELECT 1), users'],
		// the tables themselves, however they are named or reached
		['SELECT * FROM users'],
		['FROM sessions'],
		['SELECT * FROM "api_tokens"'],
		['SELECT * FROM main.audit_log'],
		// a public table by its qualified name would step around the dataset's scope
		['SELECT dataset_id, count(*) FROM main.tickets GROUP BY 1'],
		['SELECT * FROM main.import_rejects'],
		['SELECT * FROM nb.main.users'],
		['SELECT * FROM ticket_history'],
		['SELECT * FROM schema_migrations'],
		['SELECT raw FROM import_rejects'],
		['SELECT * FROM import_rejects WHERE raw IS NOT NULL'],
		['SELECT * FROM tickets t POSITIONAL JOIN users'],
		['SELECT * FROM tickets, LATERAL (SELECT * FROM sessions)'],
		['SELECT list_transform([1], x -> (SELECT max(password_hash) FROM users)) AS l'],
		['SELECT * FROM tickets ORDER BY (SELECT max(password_hash) FROM users) LIMIT 1'],
		['SELECT * FROM unnest((SELECT list(password_hash) FROM users))'],
		['PIVOT users ON role USING count(*)'],
		['UNPIVOT users ON name, password_hash INTO NAME k VALUE v'],
		['SELECT * FROM query_table(\'users\')'],
		["SELECT * FROM query('SELECT * FROM users')"],
		// the database's internals
		['SHOW TABLES'],
		['SHOW ALL TABLES'],
		['SELECT * FROM (SHOW ALL TABLES)'],
		['DESCRIBE users'],
		['DESCRIBE SELECT * FROM users'],
		['SUMMARIZE users'],
		['SELECT * FROM (SUMMARIZE SELECT password_hash FROM users)'],
		["PRAGMA table_info('users')"],
		["SELECT * FROM pragma_table_info('users')"],
		["CALL pragma_table_info('users')"],
		['SELECT * FROM pragma_database_size()'],
		['SELECT * FROM duckdb_tables()'],
		['SELECT * FROM duckdb_columns()'],
		['SELECT * FROM duckdb_settings()'],
		['SELECT * FROM duckdb_databases()'],
		['SELECT * FROM duckdb_views()'],
		['SELECT * FROM information_schema.tables'],
		['SELECT * FROM information_schema.columns'],
		['SELECT * FROM pg_catalog.pg_tables'],
		['SELECT * FROM pg_tables'],
		['SELECT * FROM sqlite_master'],
		['SELECT * FROM duckdb_tables'],
		["SELECT getvariable('x')"],
		["SELECT current_setting('allowed_directories')"],
		["SELECT getenv('CAUSEWAY_PROBE')"],
		["SELECT * FROM json_execute_serialized_sql(json_serialize_sql('SELECT * FROM users'))"],
		["SELECT * FROM sql_auto_complete('SELECT * FROM us')"],
		// server files ({F} is a private folder): by path, CTE name, glob, .json, table functions, strings turned into tables
		['WITH "{F}/secret.csv" AS (SELECT * FROM \'{F}/secret.csv\') SELECT * FROM "{F}/secret.csv"'],
		['SELECT * FROM \'{F}/secret.csv\''],
		['SELECT * FROM \'{F}/*.csv\''],
		['SELECT * FROM \'{F}/secret.json\''],
		['SELECT * FROM "{F}/secret.json"'],
		['FROM \'{F}/sec*\''],
		['SELECT * FROM read_text(\'{F}/secret.txt\')'],
		['SELECT * FROM read_blob(\'{F}/secret.txt\')'],
		['SELECT * FROM glob(\'{F}/*\')'],
		['SELECT * FROM read_csv([\'{F}/secret.csv\'])'],
		['SELECT * FROM read_csv_auto(\'{F}/secret.csv\')'],
		['SELECT * FROM sniff_csv(\'{F}/secret.csv\')'],
		['SELECT * FROM read_json_objects(\'{F}/secret.json\')'],
		['SELECT * FROM (VALUES (\'{F}/secret.csv\')) v(p), LATERAL read_csv(p)'],
		['SELECT * FROM range(1), read_text(\'{F}/secret.txt\')'],
		['SELECT * FROM parquet_metadata(\'{F}/secret.csv\')'],
		// statements that are not a read
		['COPY (SELECT 1) TO \'{F}/out.csv\''],
		['COPY users TO \'{F}/users.csv\''],
		['ATTACH \'{F}/other.duckdb\' AS other'],
		['EXPORT DATABASE \'{F}/dump\''],
		['IMPORT DATABASE \'{F}/dump\''],
		['LOAD httpfs'],
		['INSTALL httpfs'],
		['CREATE MACRO leak() AS TABLE SELECT * FROM users'],
		['CREATE TEMP TABLE x AS SELECT * FROM users'],
		['SET enable_external_access = true'],
		['RESET enable_external_access'],
		['SET VARIABLE x = (SELECT max(password_hash) FROM users)'],
		['USE system'],
		['DETACH nb'],
		['CHECKPOINT'],
		['PREPARE p AS SELECT * FROM users'],
		['EXPLAIN SELECT * FROM users'],
		['SELECT 1; SELECT * FROM users']
	])('refuses %s', async (q) => {
		const sql = q.replaceAll('{F}', files);
		const nb = await run(sql);
		expect(cellError(nb)).toBeTruthy();
		expect(JSON.stringify(nb)).not.toContain(SECRET);
		expect(existsSync(join(files, 'out.csv')) || existsSync(join(files, 'users.csv')) || existsSync(join(files, 'dump'))).toBe(false);
	});

	it('still reads the public tables, and CTEs that are really CTEs', async () => {
		const ok = [
			'WITH users AS (SELECT 1 AS n) SELECT n FROM users',
			'WITH a AS (SELECT 1 AS n), b AS (SELECT n + 1 AS n FROM a) SELECT n FROM b',
			'WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3) SELECT count(*) AS n FROM t',
			'SELECT (WITH x AS (SELECT 2 AS n) SELECT n FROM x) AS n',
			'SELECT count(*) AS n FROM tickets JOIN imports ON imports.id = tickets.import_id',
			'SELECT count(*) AS n FROM cases LEFT JOIN causes ON causes.case_id = cases.id',
			'SELECT count(*) AS n FROM import_rejects',
			'SELECT count(*) AS n FROM whys, verifications, actions, pins',
			"SELECT count(*) AS n FROM unnest(['a', 'b'])",
			'SELECT count(*) AS n FROM generate_series(1, 3)'
		];
		for (const sql of ok) {
			const nb = await run(sql);
			expect(cellError(nb), sql).toBeUndefined();
		}
	});
});
