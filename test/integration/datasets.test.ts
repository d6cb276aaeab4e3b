// Datasets on real DuckDB files: two help desks that share ticket ids keep their
// own tickets; an export goes to the dataset with its columns; deleting a dataset
// takes everything of it and nothing else; a v3 database migrates without loss.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { Store } from '../../src/lib/server/db';
import { migrations } from '../../src/lib/server/db/migrations';
import { deleteImport, importFile } from '../../src/lib/server/ingest/importer';
import { defaultDataset, deleteDataset, findDataset, listDatasets, renameDataset } from '../../src/lib/server/datasets';
import { createCase, pinTicket } from '../../src/lib/server/rca/cases';
import { scopeFor } from '../../src/lib/server/analytics/scope';
import { pareto } from '../../src/lib/server/analytics/pareto';
import { runNotebook } from '../../src/lib/server/notebooks/run';
import { spawnSync } from 'node:child_process';
import { ROOT, count, tempDir, tempStore, writeFile } from '../helpers/workspace';

let store: Store;
let dir: string;
let cleanup: () => Promise<void>;

const deskA = (rows: string[]) => ['工单号,创建时间,问题类型（一级/二级）,优先级,处理状态', ...rows].join('\n');
const deskB = (rows: string[]) => ['Ticket ID,Created,Subject,Priority,Status,Product', ...rows].join('\n');

describe('datasets', () => {
	beforeEach(async () => ({ store, dir, cleanup } = await tempStore()));
	afterEach(async () => cleanup());

	it('two help desks sharing ticket ids do not overwrite each other', async () => {
		const a = await importFile(store, writeFile(dir, 'desk-a-w1.csv', deskA(['10023,2024-04-01 09:00,技术故障/支付失败,P0,处理中', '10024,2024-04-01 10:00,产品咨询/积分规则,P2,已解决'])));
		const b = await importFile(store, writeFile(dir, 'zendesk.csv', deskB(['10023,2024-05-02 08:00,Card declined,High,Open,App'])));
		expect(a.dataset.name).toBe('desk-a-w1');
		expect(a.datasetChoice.how).toBe('new');
		expect(b.dataset.name).toBe('zendesk');
		expect(b.dataset.id).not.toBe(a.dataset.id);
		expect(b).toMatchObject({ rowsInserted: 1, rowsUpdated: 0 });
		const rows = await store.all<{ dataset_id: number; ticket_id: string; created_at: string; subject: string | null }>(
			"SELECT dataset_id, ticket_id, created_at, subject FROM tickets WHERE ticket_id = '10023' ORDER BY dataset_id"
		);
		expect(rows.map((r) => [r.dataset_id, r.created_at])).toEqual([
			[a.dataset.id, '2024-04-01T09:00:00'],
			[b.dataset.id, '2024-05-02T08:00:00']
		]);

		// next week's export of desk A: same columns → same dataset, updates its 10023 only
		const a2 = await importFile(store, writeFile(dir, 'desk-a-w2.csv', deskA(['10023,2024-04-01 09:00,技术故障/支付失败,P0,已解决', '10025,2024-04-08 09:00,技术故障/登录异常,P1,待处理'])));
		expect(a2.dataset).toEqual(a.dataset);
		expect(a2.datasetChoice).toMatchObject({ how: 'matched', shared: 5, of: 5, lastFile: 'desk-a-w1.csv' });
		expect(a2).toMatchObject({ rowsInserted: 1, rowsUpdated: 1 });
		expect(await count(store, 'SELECT count(*) AS n FROM tickets WHERE dataset_id = $d', { d: a.dataset.id })).toBe(3);
		expect((await store.one("SELECT status FROM tickets WHERE dataset_id = $d AND ticket_id = '10023'", { d: b.dataset.id }))!.status).toBe('open');

		// undoing desk A's second week puts its 10023 back and leaves desk B's alone
		await deleteImport(store, a2.importId);
		expect((await store.one("SELECT status FROM tickets WHERE dataset_id = $d AND ticket_id = '10023'", { d: a.dataset.id }))!.status).toBe('pending');
		expect(await count(store, 'SELECT count(*) AS n FROM tickets WHERE dataset_id = $d', { d: b.dataset.id })).toBe(1);
		expect(await count(store, 'SELECT count(*) AS n FROM tickets')).toBe(3);
	});

	it('imports into the dataset named, created when missing; the default is the one imported into last', async () => {
		const first = await importFile(store, writeFile(dir, 'x.csv', deskB(['1,2024-05-02 08:00,a,High,Open,App'])), { dataset: '客服系统' });
		expect(first.dataset.name).toBe('客服系统');
		expect(first.datasetChoice.how).toBe('chosen');
		// the same columns, but the user says where it goes
		const other = await importFile(store, writeFile(dir, 'y.csv', deskB(['1,2024-05-03 08:00,b,Low,Open,Web'])), { dataset: 'Another desk' });
		expect(other.dataset.name).toBe('Another desk');
		expect((await defaultDataset(store))!.name).toBe('Another desk');
		// by id too
		const third = await importFile(store, writeFile(dir, 'z.csv', deskB(['2,2024-05-04 08:00,c,Low,Open,Web'])), { dataset: String(first.dataset.id) });
		expect(third.dataset).toEqual(first.dataset);
		expect((await defaultDataset(store))!.name).toBe('客服系统');
		expect((await findDataset(store, '客服系统'))!.language).toBe('en');
		// a new dataset named after a file whose name is taken gets a number
		await importFile(store, writeFile(dir, 'Another desk.csv', 'a,b,created\n1,2,2024-01-01\n'));
		expect((await listDatasets(store)).map((d) => d.name)).toContain('Another desk (2)');
		// a refused file creates no dataset
		const before = (await listDatasets(store)).length;
		await expect(importFile(store, writeFile(dir, 'bad.csv', 'a,b\n1,2\n'), { dataset: 'never' })).rejects.toThrow();
		expect((await listDatasets(store)).length).toBe(before);
	});

	it('lists datasets with their tickets, span and imports; renames; deletes one with everything of it', async () => {
		const a = await importFile(store, writeFile(dir, 'a.csv', deskA(['1,2024-04-01 09:00,技术故障/支付失败,P0,处理中', 'x,not a date,a/b,P0,处理中'])));
		const b = await importFile(store, writeFile(dir, 'b.csv', deskB(['1,2024-05-02 08:00,a,High,Open,App', '2,2024-05-09 08:00,a,High,Open,App'])));
		await importFile(store, writeFile(dir, 'a2.csv', deskA(['1,2024-04-01 09:00,技术故障/支付失败,P0,已解决'])));
		const list = await listDatasets(store);
		expect(list.map((d) => [d.name, d.tickets, d.from, d.to, d.imports])).toEqual([
			['a', 1, '2024-04-01', '2024-04-01', 2],
			['b', 2, '2024-05-02', '2024-05-09', 1]
		]);
		expect(list[0].lastImportAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
		expect((await renameDataset(store, a.dataset.id, '  A desk ')).name).toBe('A desk');
		await expect(renameDataset(store, a.dataset.id, 'b')).rejects.toThrow(/already/);

		const c = await createCase(store, { title: 'payments', effect: 'subcategory=支付失败', dataset: 'A desk' });
		expect(c.datasetId).toBe(a.dataset.id);
		await pinTicket(store, c.id, { ticketId: '1', note: 'x' } as never).catch(() => undefined);
		await expect(deleteDataset(store, a.dataset.id)).rejects.toThrow(/case/);
		expect(await count(store, 'SELECT count(*) AS n FROM tickets WHERE dataset_id = $d', { d: a.dataset.id })).toBe(1);

		const gone = await deleteDataset(store, a.dataset.id, { force: true });
		expect(gone).toMatchObject({ tickets: 1, imports: 2, cases: 1 });
		for (const t of ['tickets', 'ticket_history', 'imports'])
			expect(await count(store, `SELECT count(*) AS n FROM ${t} WHERE dataset_id = $d`, { d: a.dataset.id })).toBe(0);
		expect(await count(store, 'SELECT count(*) AS n FROM import_rejects WHERE import_id = $i', { i: a.importId })).toBe(0);
		expect(await count(store, 'SELECT count(*) AS n FROM cases')).toBe(0);
		expect(await count(store, 'SELECT count(*) AS n FROM pins')).toBe(0);
		// the other dataset is whole
		expect(await count(store, 'SELECT count(*) AS n FROM tickets WHERE dataset_id = $d', { d: b.dataset.id })).toBe(2);
		expect((await listDatasets(store)).map((d) => d.name)).toEqual(['b']);
	});
});

describe('the CLI', () => {
	it('imports into --dataset NAME, created when missing, and says so in the summary', async () => {
		const { dir, cleanup } = tempDir();
		try {
			const file = writeFile(dir, 'w1.csv', deskB(['1,2024-05-02 08:00,a,High,Open,App']));
			const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'import', file, '--db', join(dir, 'cli.duckdb'), ...args], { cwd: ROOT, encoding: 'utf8' });
			const first = run('--dataset', '客服系统');
			expect(first.status).toBe(0);
			expect(JSON.parse(first.stdout.trim().split('\n').pop()!)).toMatchObject({ dataset: { id: 1, name: '客服系统' }, datasetChoice: { how: 'chosen' }, rowsInserted: 1 });
			// again without --dataset: the same columns go to the same dataset
			const again = JSON.parse(run().stdout.trim().split('\n').pop()!);
			expect(again).toMatchObject({ dataset: { id: 1, name: '客服系统' }, datasetChoice: { how: 'matched' }, rowsUnchanged: 1 });
			const bad = run('--dataset', '');
			expect(bad.status).toBe(2);
		} finally {
			cleanup();
		}
	}, 60_000);
});

describe('views of one dataset', () => {
	beforeEach(async () => ({ store, dir, cleanup } = await tempStore()));
	afterEach(async () => cleanup());

	it('counts, custom columns, the preset anchor and notebook cells are the dataset’s', async () => {
		const a = await importFile(store, writeFile(dir, 'a.csv', deskA(['1,2024-04-01 09:00,技术故障/支付失败,P0,处理中', '2,2024-04-03 09:00,技术故障/支付失败,P1,处理中'])));
		await importFile(store, writeFile(dir, 'b.csv', 'Ticket ID,Created,Subject,Brand\n1,2024-05-02 08:00,a,App\n'));
		const sa = await scopeFor(store, 'a');
		const sb = await scopeFor(store);
		expect(sb.dataset!.name).toBe('b');
		expect(sa.latestDay).toBe('2024-04-03');
		expect(sb.latestDay).toBe('2024-05-02');
		// presets count from the dataset's latest day
		expect(sa.today).toBe('2024-04-03');
		expect(sb.attrs).toEqual(['Brand']);
		expect(sa.attrs).toEqual([]);
		expect((await pareto(sa, { dims: {}, preset: 'this_week' }, 'priority', 'none')).total).toBe(2);
		expect((await pareto(sb, { dims: {} }, 'priority', 'none')).total).toBe(1);
		expect((await pareto(sb, { dims: {} }, 'attr.Brand', 'none')).rows.map((r) => r.key)).toEqual(['App']);
		await expect(pareto(sa, { dims: {} }, 'attr.Brand', 'none')).rejects.toThrow(/Unknown dimension/);
		await expect(scopeFor(store, 'nope')).rejects.toThrow(/no dataset "nope"/);
		const cell = (ref?: string) =>
			runNotebook(store, '# n\n\n```sql name=n\nSELECT count(*) AS n, (SELECT count(*) FROM imports) AS i FROM tickets\n```\n', { filter: { dims: {}, dataset: ref } });
		const rows = async (ref?: string) => (await cell(ref)).cells.find((c) => c.kind === 'sql') as { rows: unknown[]; error?: string };
		expect(await rows(String(a.dataset.id))).toMatchObject({ rows: [{ n: 2, i: 1 }] });
		expect(await rows()).toMatchObject({ rows: [{ n: 1, i: 1 }] });
	});
});

describe('migration 4 from a v3 database file', () => {
	it('moves the sample, each source and the cases into datasets without loss, and gets back a ticket another source overwrote', async () => {
		const { dir, cleanup } = tempDir();
		try {
			const path = join(dir, 'v3.duckdb');
			const v3 = await Store.open(path, { migrate: false });
			await v3.write(async (s) => {
				await s.run('CREATE TABLE schema_migrations (id INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP DEFAULT current_timestamp)');
				for (const m of migrations.filter((m) => m.id <= 3)) {
					await s.run(m.sql);
					await s.run('INSERT INTO schema_migrations (id, name) VALUES ($id, $name)', { id: m.id, name: m.name });
				}
			});
			// what v3 made: the sample (import 1), two weeks of a Chinese help desk (2, 3), then an English
			// desk (4) whose ticket 10023 replaced desk 1's; a case with a pin on the sample
			const zhMap = '{"ticket_id":"工单号","created_at":"创建时间"}';
			const enMap = '{"ticket_id":"Ticket ID","created_at":"Created"}';
			await v3.write(async (s) => {
				const imp = (id: number, file: string, map: string, status = 'done') =>
					s.run(
						`INSERT INTO imports VALUES (nextval('import_id_seq'), $file, 'sha', 10, 'utf-8', ',', $map::JSON, '{}'::JSON, 1, 1, 0, 0, 0, 0, $status, '{}'::JSON, TIMESTAMP '2024-07-01 10:00:00' + INTERVAL ($id) HOUR, NULL)`,
						{ file, map, status, id }
					);
				await imp(1, 'tickets-2024H1.csv', '{"ticket_id":"工单编号","created_at":"问题发生时间"}');
				await imp(2, '服务台-第14周.csv', zhMap);
				await imp(3, '服务台-第15周.csv', zhMap);
				await imp(4, 'zendesk export.csv', enMap);
				await imp(5, 'zendesk undone.csv', enMap, 'undone');
				const t = (id: string, created: string, imp: number, status: string, attrs = 'NULL') =>
					s.run(
						`INSERT INTO tickets (ticket_id, created_at, status, attrs, import_id, row_hash) VALUES ($id, CAST($c AS TIMESTAMP), $st, ${attrs}, $imp, hash($id, $st))`,
						{ id, c: created, imp, st: status }
					);
				await t('S1', '2024-06-30 09:00', 1, 'open', `'{"渠道":"APP"}'::JSON`);
				await t('S2', '2024-06-29 09:00', 1, 'closed');
				await t('10024', '2024-04-02 09:00', 2, 'open');
				await t('10023', '2024-05-02 08:00', 4, 'open', `'{"Brand":"X"}'::JSON`);
				await t('10025', '2024-04-09 09:00', 3, 'open');
				// desk 1's 10023: week 14's version replaced by week 15 (same source), week 15's by the English desk
				await s.run(
					`INSERT INTO ticket_history (replaced_by, ticket_id, created_at, status, import_id, row_hash) VALUES
					 (3, '10023', TIMESTAMP '2024-04-01 09:00', 'open', 2, 1), (4, '10023', TIMESTAMP '2024-04-01 09:00', 'resolved', 3, 2)`
				);
				await s.run(
					`INSERT INTO cases (title, problem, effect, state, bones, version, created_at, updated_at) VALUES
					 ('sample case', '', 'status=open', 'new', '[]', 1, now(), now()), ('no pins', '', '', 'new', '[]', 1, now(), now())`
				);
				await s.run("INSERT INTO pins (case_id, ticket_id, pinned_at) SELECT min(id), 'S1', now() FROM cases");
			});
			const before = await v3.all('SELECT ticket_id, created_at, status, import_id, attrs::VARCHAR AS attrs FROM tickets ORDER BY ALL');
			await v3.close();

			// killed right after migrating, the copy still opens (the migrations end with a checkpoint, so
			// no log holding their ALTER TABLEs is left to replay)
			const copy = join(dir, 'killed.duckdb');
			copyFileSync(path, copy);
			const killed = spawnSync(
				process.execPath,
				['--import', 'tsx', '-e', `import { Store } from './src/lib/server/db/store.ts'; await Store.open(${JSON.stringify(copy)}); process.kill(process.pid, 'SIGKILL');`],
				{ cwd: ROOT, encoding: 'utf8' }
			);
			expect(killed.signal).toBe('SIGKILL');
			const reopened = await Store.open(copy);
			expect(await count(reopened, 'SELECT count(*) AS n FROM datasets')).toBe(3);
			expect(await count(reopened, 'SELECT count(*) AS n FROM tickets')).toBe(6);
			await reopened.close();

			const v4 = await Store.open(path);
			try {
				expect(await count(v4, 'SELECT max(id) AS n FROM schema_migrations')).toBe(Math.max(...migrations.map((m) => m.id)));
				const ds = await v4.all<{ id: number; name: string; language: string; sample: boolean }>('SELECT id, name, language, sample FROM datasets ORDER BY id');
				expect(ds.map((d) => [d.name, d.language, d.sample])).toEqual([
					['示例数据', 'zh', true],
					['服务台-第14周', 'zh', false],
					['zendesk export', 'en', false]
				]);
				const [sample, zh, en] = ds.map((d) => d.id);
				expect(await v4.all('SELECT id, dataset_id FROM imports ORDER BY id')).toEqual([
					{ id: 1, dataset_id: sample },
					{ id: 2, dataset_id: zh },
					{ id: 3, dataset_id: zh },
					{ id: 4, dataset_id: en },
					{ id: 5, dataset_id: en }
				]);
				// every v3 ticket is still there, unchanged, in its source's dataset …
				const after = await v4.all('SELECT ticket_id, created_at, status, import_id, attrs::VARCHAR AS attrs FROM tickets WHERE NOT (ticket_id = $t AND dataset_id = $d) ORDER BY ALL', { t: '10023', d: zh });
				expect(after).toEqual(before);
				expect(await v4.all('SELECT ticket_id, dataset_id FROM tickets ORDER BY dataset_id, ticket_id')).toEqual([
					{ ticket_id: 'S1', dataset_id: sample },
					{ ticket_id: 'S2', dataset_id: sample },
					{ ticket_id: '10023', dataset_id: zh },
					{ ticket_id: '10024', dataset_id: zh },
					{ ticket_id: '10025', dataset_id: zh },
					{ ticket_id: '10023', dataset_id: en }
				]);
				// … and desk 1's 10023, which the English desk had overwritten, is back at its latest version (week 15's)
				expect(await v4.one('SELECT status, import_id FROM tickets WHERE dataset_id = $d AND ticket_id = $t', { d: zh, t: '10023' })).toEqual({ status: 'resolved', import_id: 3 });
				expect(await v4.all('SELECT replaced_by, import_id, dataset_id FROM ticket_history')).toEqual([{ replaced_by: 3, import_id: 2, dataset_id: zh }]);
				// headers for matching: the mapped ones and the custom columns
				expect(JSON.parse(String((await v4.one('SELECT headers::VARCHAR AS h FROM imports WHERE id = 1'))!.h)).sort()).toEqual(['工单编号', '渠道', '问题发生时间'].sort());
				// cases: by their pins, else the largest dataset
				expect(await v4.all('SELECT title, dataset_id FROM cases ORDER BY id')).toEqual([
					{ title: 'sample case', dataset_id: sample },
					{ title: 'no pins', dataset_id: zh }
				]);
				// the sample was loaded once: it is not loaded again
				expect(await count(v4, "SELECT count(*) AS n FROM workspace_flags WHERE name = 'samples_seeded'")).toBe(1);
				// NOT NULL from now on
				await expect(v4.write((s) => s.run("INSERT INTO tickets (ticket_id, created_at, import_id, row_hash) VALUES ('n', now(), 1, 1)"))).rejects.toThrow(/NOT NULL/);
			} finally {
				await v4.close();
			}
		} finally {
			cleanup();
		}
	});

	it('migrates an empty v3 database', async () => {
		const { store, cleanup } = await tempStore();
		try {
			expect(await count(store, 'SELECT count(*) AS n FROM datasets')).toBe(0);
			expect(await count(store, 'SELECT count(*) AS n FROM workspace_flags')).toBe(0);
		} finally {
			await cleanup();
		}
	});
});
