// Backups through the real CLI: a database with the sample, a whole case, kept and
// undone imports, accounts and an audit trail goes out with `causeway backup` and
// back with `causeway restore`; every table comes back row for row, the sequences
// continue where they were, and every refusal changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSampleRows, HEADER, SAMPLE_PATH } from '../../scripts/generate-samples';
import { Store } from '../../src/lib/server/db';
import { backup, MANIFEST, restore } from '../../src/lib/server/db/backup';
import { deleteImport, importFile } from '../../src/lib/server/ingest/importer';
import { listDatasets } from '../../src/lib/server/datasets';
import { addAction, addCause, addWhy, createCase, patchAction, patchWhy, pinTicket, promoteWhy } from '../../src/lib/server/rca/cases';
import { verify } from '../../src/lib/server/rca/analysis';
import { createUser } from '../../src/lib/server/auth/accounts';
import { audit } from '../../src/lib/server/auth/audit';
import { ROOT, tempDir } from '../helpers/workspace';

let dir: string;
let cleanup: () => void;
const ORIGINAL = () => join(dir, 'original.duckdb');
// a quote in the path: EXPORT/IMPORT DATABASE get it as a doubled-quote literal
const BACKUP = () => join(dir, "it's the backup");

/** The real CLI in a child process (as an admin runs it). */
function cli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string; json: () => any }> {
	return new Promise((done, fail) => {
		const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ROOT, env: { ...process.env, CAUSEWAY_DB: '' } });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d) => (stdout += d));
		child.stderr.on('data', (d) => (stderr += d));
		child.on('error', fail);
		child.on('close', (code) => done({ code, stdout, stderr, json: () => JSON.parse(stdout.trim().split('\n').pop()!) }));
	});
}

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const listing = (d: string) => readdirSync(d).sort();

/** Every table (discovered, not listed), its column types and ALL its rows as DuckDB's JSON, in a fixed order. */
async function dump(store: Store) {
	return store.read(async (s) => {
		const raw = async (sql: string) => {
			const r = await s.conn.runAndReadAll(sql);
			return { names: r.columnNames(), types: r.columnTypes().map((t) => `${t}${t.alias ? `/${t.alias}` : ''}`), rows: r.getRowsJson() };
		};
		const names = (await s.all<{ t: string }>('SELECT table_name AS t FROM duckdb_tables() WHERE NOT temporary AND NOT internal ORDER BY 1')).map((r) => r.t);
		const tables: Record<string, Awaited<ReturnType<typeof raw>>> = {};
		for (const t of names) tables[t] = await raw(`SELECT * FROM "${t}" ORDER BY ALL`);
		const schema = {
			columns: (await raw('SELECT table_name, column_index, column_name, data_type, column_default, is_nullable FROM duckdb_columns() WHERE NOT internal ORDER BY ALL')).rows,
			constraints: (await raw('SELECT table_name, constraint_type, constraint_text FROM duckdb_constraints() ORDER BY ALL')).rows,
			indexes: (await raw('SELECT table_name, index_name, sql FROM duckdb_indexes() ORDER BY ALL')).rows,
			sequences: (await raw('SELECT sequence_name, increment_by, min_value, max_value, cycle FROM duckdb_sequences() ORDER BY ALL')).rows
		};
		return { tables, schema };
	});
}

/** A week's export in the sample's own form: these sample records with their status changed, plus a row that cannot be a ticket. */
function weekFile(name: string, status: string, from: number, n: number): string {
	const col = HEADER.indexOf('处理状态');
	const created = HEADER.indexOf('问题发生时间');
	const rows = generateSampleRows().slice(from, from + n).map((r) => r.map((v, i) => (i === col ? status : v)));
	const bad = [...rows[0]];
	bad[HEADER.indexOf('客户编号')] = `BAD-${name}`;
	bad[created] = 'not a time';
	const cell = (v: string) => `"${v.replaceAll('"', '""')}"`;
	const path = join(dir, name);
	writeFileSync(path, [HEADER, ...rows, bad].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n');
	return path;
}

let caseId = 0;
beforeAll(async () => {
	({ dir, cleanup } = tempDir('causeway-backup-'));
	process.env.CAUSEWAY_TMP = join(dir, 'tmp');
	const store = await Store.open(ORIGINAL());
	try {
		await importFile(store, SAMPLE_PATH, { dataset: '示例数据', sample: true });
		// a second help desk whose ticket id is also a sample ticket's: its own dataset
		const shared = (await store.one<{ t: string }>('SELECT min(ticket_id) AS t FROM tickets'))!.t;
		const desk = join(dir, 'zendesk.csv');
		writeFileSync(desk, `Ticket ID,Created,Subject,Brand\n${shared},2024-05-02 08:00,Card declined,X\nZ2,2024-05-03 08:00,Refund,Y\n`);
		expect((await importFile(store, desk, { dataset: 'Zendesk' })).dataset.name).toBe('Zendesk');
		const c = await createCase(store, {
			dataset: '示例数据',
			title: "4月支付失败上升 — it's E2001?",
			problem: '2024年4月 支付失败 较上月上升',
			effect: 'subcategory=支付失败',
			window: { from: '2024-04-01', to: '2024-04-30' },
			baseline: { from: '2024-01-01', to: '2024-03-31' },
			owner: '质量组'
		});
		caseId = c.id;
		const cause = await addCause(store, c.id, { bone: 'machine', text: '支付网关返回 E2001', filter: 'error_code=E2001' });
		await addCause(store, c.id, { parentId: cause.id, text: '新版 APP 的支付 SDK' });
		const why = await addWhy(store, c.id, { text: '为什么支付失败？', evidence: '日志 "E2001" 占 70%' });
		const why2 = await addWhy(store, c.id, { parentId: why.id, text: 'SDK 超时设置过短', filter: 'channel=APP' });
		await patchWhy(store, why2.id, { version: why2.version, root: true });
		await promoteWhy(store, why2.id, { bone: 'method' });
		const v = await verify(store, cause.id, { method: 'data_comparison', compare: { kind: 'presence' }, note: 'E2001 vs others, April' });
		expect(v.result).toBe('confirmed');
		const action = await addAction(store, c.id, { causeId: cause.id, text: '延长 SDK 超时', owner: '张*', due: '2024-05-10' });
		await patchAction(store, action.id, { version: action.version, state: 'done', doneAt: '2024-05-06' });
		const ticket = (await store.one<{ t: string }>("SELECT ticket_id AS t FROM tickets WHERE error_code = 'E2001' ORDER BY ticket_id LIMIT 1"))!.t;
		await pinTicket(store, c.id, { ticketId: ticket, causeId: cause.id, note: '典型' });
		await pinTicket(store, c.id, { ticketId: ticket, whyId: why.id });
		// a kept week (its replaced versions stay in ticket_history) and an undone one
		const kept = await importFile(store, weekFile('week-kept.csv', '处理中', 0, 30));
		expect(kept.rowsUpdated).toBeGreaterThan(0);
		const undone = await importFile(store, weekFile('week-undone.csv', '已关闭', 100, 20));
		await deleteImport(store, undone.importId);
		const admin = await createUser(store, { name: 'admin', password: 'correct horse battery', role: 'admin' });
		await audit(store, { user: 'admin', role: 'admin', action: 'POST /api/cases', target: `case ${c.id}`, status: 201, detail: { id: admin.id, note: '引号 " and \\ and ☃', n: 1.5 } });

		// while this process holds the file (as a running server would), a backup cannot open it
		const busy = await cli('backup', join(dir, 'busy'), '--db', ORIGINAL());
		expect(busy.code).toBe(1);
		expect(busy.stderr).toMatch(/in use by a running server.*stop/);
		expect(busy.stderr.trim().split('\n')).toHaveLength(1);
		expect(existsSync(join(dir, 'busy'))).toBe(false);
	} finally {
		await store.close();
	}
});
afterAll(() => cleanup?.());

describe('backup and restore', () => {
	let original: Awaited<ReturnType<typeof dump>>;
	let backupSummary: { tables: Record<string, number>; schemaVersion: number };

	it('backs up every table into a new directory with a manifest', async () => {
		const store = await Store.open(ORIGINAL());
		original = await dump(store);
		await store.close();
		// the data is there to be round-tripped
		for (const t of ['datasets', 'tickets', 'imports', 'import_rejects', 'ticket_history', 'cases', 'causes', 'whys', 'verifications', 'actions', 'pins', 'users', 'audit_log'])
			expect(original.tables[t]?.rows.length, t).toBeGreaterThan(0);

		const hash = sha(ORIGINAL());
		const r = await cli('backup', BACKUP(), '--db', ORIGINAL());
		expect(r.stderr).toBe('');
		expect(sha(ORIGINAL())).toBe(hash); // the file is copied as it is: not migrated, not rewritten
		expect(r.code).toBe(0);
		expect(r.stdout.trim().split('\n')).toHaveLength(1);
		backupSummary = r.json();
		const manifest = JSON.parse(readFileSync(join(BACKUP(), MANIFEST), 'utf8'));
		expect(manifest.tables).toEqual(Object.fromEntries(Object.entries(original.tables).map(([t, v]) => [t, v.rows.length])));
		expect(backupSummary.tables).toEqual(manifest.tables);
		const version = Math.max(...original.tables.schema_migrations.rows.map((r) => Number(r[0])));
		expect(manifest.schema_version).toBe(version);
		expect(backupSummary.schemaVersion).toBe(version);
		expect(listing(BACKUP())).toEqual(expect.arrayContaining([MANIFEST, 'schema.sql', 'load.sql', 'tickets.parquet']));
		// nothing left of the partial directory
		expect(listing(dir).filter((f) => f.includes('.partial-'))).toEqual([]);
	});

	it('restores into a new file: every table row for row, the same schema and schema version', async () => {
		const db = join(dir, 'restored', 'causeway.duckdb');
		const r = await cli('restore', BACKUP(), '--db', db);
		expect(r.stderr).toBe('');
		expect(r.code).toBe(0);
		expect(r.json()).toMatchObject({ restored: db, schemaVersion: backupSummary.schemaVersion, tables: backupSummary.tables, movedAside: null, sequencesFixed: {} });
		expect(listing(join(dir, 'restored'))).toEqual(['causeway.duckdb']);

		const store = await Store.open(db);
		try {
			const restored = await dump(store);
			expect(Object.keys(restored.tables)).toEqual(Object.keys(original.tables));
			for (const t of Object.keys(original.tables)) expect(restored.tables[t], t).toEqual(original.tables[t]);
			expect(restored.schema).toEqual(original.schema);
			// datasets come back with their tickets, imports and cases
			expect(await listDatasets(store)).toEqual(await (async () => {
				const o = await Store.open(ORIGINAL());
				try {
					return await listDatasets(o);
				} finally {
					await o.close();
				}
			})());
			expect((await listDatasets(store)).map((d) => [d.name, d.imports])).toEqual([
				['示例数据', 2],
				['Zendesk', 1]
			]);
			expect(Number((await store.one<{ n: number }>('SELECT count(DISTINCT dataset_id) AS n FROM cases'))!.n)).toBe(1);
			// a new dataset continues the sequence
			const d = await importFile(store, join(dir, 'zendesk.csv'), { dataset: 'after the restore' });
			expect(d.dataset.id).toBe(3);
		} finally {
			await store.close();
		}
	});

	it('continues every sequence: a case made after the restore gets the id the original would have given', async () => {
		const db = join(dir, 'restored', 'causeway.duckdb');
		const ids = (store: Store) =>
			store.one<{ m: number }>('SELECT max(id) AS m FROM (SELECT id FROM cases UNION ALL SELECT id FROM causes UNION ALL SELECT id FROM whys UNION ALL SELECT id FROM verifications UNION ALL SELECT id FROM actions UNION ALL SELECT id FROM pins)');
		const body = { title: 'after the restore', effect: 'channel=APP' };
		const restored = await Store.open(db);
		const highest = Number((await ids(restored))!.m);
		const fresh = await createCase(restored, body);
		const cause = await addCause(restored, fresh.id, { bone: 'man', text: 'x' });
		const user = await createUser(restored, { name: 'second', password: 'correct horse battery', role: 'viewer' });
		await restored.close();
		expect(fresh.id).toBeGreaterThan(highest);
		expect(cause.id).toBe(fresh.id + 1);

		// a copy of the original (the original stays as it was for the next tests)
		const copy = join(dir, 'original-copy.duckdb');
		cpSync(ORIGINAL(), copy);
		const orig = await Store.open(copy);
		const same = await createCase(orig, body);
		const sameUser = await createUser(orig, { name: 'second', password: 'correct horse battery', role: 'viewer' });
		await orig.close();
		expect(fresh.id).toBe(same.id);
		expect(user.id).toBe(sameUser.id);
		expect(fresh.id).toBeGreaterThan(caseId);
	});

	it('refuses a backup into a directory that is not empty, and changes nothing', async () => {
		const target = join(dir, 'not-empty');
		mkdirSync(target);
		writeFileSync(join(target, 'keep.txt'), 'mine');
		const r = await cli('backup', target, '--db', ORIGINAL());
		expect(r.code).toBe(1);
		expect(r.stderr).toMatch(/^backup: .*not-empty exists and is not empty/);
		expect(r.stderr.trim().split('\n')).toHaveLength(1);
		expect(listing(target)).toEqual(['keep.txt']);
		expect(readFileSync(join(target, 'keep.txt'), 'utf8')).toBe('mine');
		// the existing backup directory too
		const before = listing(BACKUP());
		expect((await cli('backup', BACKUP(), '--db', ORIGINAL())).code).toBe(1);
		expect(listing(BACKUP())).toEqual(before);
	});

	it('refuses a restore onto an existing database without --force, and changes nothing', async () => {
		const hash = sha(ORIGINAL());
		const files = listing(dir);
		const r = await cli('restore', BACKUP(), '--db', ORIGINAL());
		expect(r.code).toBe(1);
		expect(r.stderr).toMatch(/original\.duckdb exists: .*--force/);
		expect(sha(ORIGINAL())).toBe(hash);
		expect(listing(dir)).toEqual(files);
	});

	it('with --force, moves the existing database aside instead of deleting it', async () => {
		const db = join(dir, 'forced.duckdb');
		cpSync(join(dir, 'original-copy.duckdb'), db);
		const hash = sha(db);
		// not while a server (here: this process) has it open
		const holder = await Store.open(db);
		const busy = await cli('restore', BACKUP(), '--db', db, '--force');
		await holder.close();
		expect(busy.code).toBe(1);
		expect(busy.stderr).toMatch(/forced\.duckdb: the database is in use by a running server/);
		expect(sha(db)).toBe(hash);
		const r = await cli('restore', BACKUP(), '--db', db, '--force');
		expect(r.stderr).toBe('');
		expect(r.code).toBe(0);
		const aside = r.json().movedAside as string;
		expect(aside).toMatch(/forced\.duckdb\.before-restore-\d{8}T\d{6}Z$/);
		expect(sha(aside)).toBe(hash);
		const store = await Store.open(db);
		const n = Number((await store.one<{ n: number }>("SELECT count(*) AS n FROM cases WHERE title = 'after the restore'"))!.n);
		await store.close();
		expect(n).toBe(0); // the backup's state, not the copy's
	});

	it('refuses a backup without a manifest, or with a damaged one or damaged files: nothing at the target path', async () => {
		const variant = (name: string, damage: (d: string) => void) => {
			const d = join(dir, name);
			cpSync(BACKUP(), d, { recursive: true });
			damage(d);
			return d;
		};
		const cases: [string, (d: string) => void, RegExp][] = [
			['no-manifest', (d) => rmSync(join(d, MANIFEST)), /has no causeway-backup\.json/],
			['bad-json', (d) => writeFileSync(join(d, MANIFEST), '{"format": "causeway-backup", '), /is not valid JSON/],
			['not-ours', (d) => writeFileSync(join(d, MANIFEST), '{"hello": 1}'), /damaged: it is not a causeway-backup manifest/],
			[
				'wrong-count',
				(d) => {
					// counts that do not match the files: found only after the import, which must leave no file behind
					const m = JSON.parse(readFileSync(join(d, MANIFEST), 'utf8'));
					m.tables.tickets += 1;
					writeFileSync(join(d, MANIFEST), JSON.stringify(m));
				},
				/row counts differ from the backup's manifest: tickets/
			],
			[
				'newer-schema',
				(d) => {
					const m = JSON.parse(readFileSync(join(d, MANIFEST), 'utf8'));
					m.schema_version = 999;
					writeFileSync(join(d, MANIFEST), JSON.stringify(m));
				},
				/schema version 999, newer than this Causeway/
			],
			[
				'bad-parquet',
				(d) => {
					const p = join(d, 'cases.parquet');
					const b = readFileSync(p);
					b[Math.floor(b.length / 2)] ^= 0xff;
					writeFileSync(p, b);
				},
				/damaged: cases\.parquet/
			],
			['missing-file', (d) => rmSync(join(d, 'pins.parquet')), /incomplete: pins\.parquet is missing/]
		];
		const runs = await Promise.all(
			cases.map(([name, damage]) => {
				const source = variant(name, damage);
				mkdirSync(join(dir, `from-${name}`));
				return cli('restore', source, '--db', join(dir, `from-${name}`, 'db.duckdb'));
			})
		);
		for (const [i, [name, , message]] of cases.entries()) {
			const r = runs[i];
			const target = join(dir, `from-${name}`);
			expect(r.code, name).toBe(1);
			expect(r.stderr, name).toMatch(message);
			expect(r.stderr.trim().split('\n'), name).toHaveLength(1);
			expect(listing(target), name).toEqual([]); // no database, no half-restored temp file
		}
	});

	it('answers usage mistakes with exit 2 and refuses paths with a line break', async () => {
		const usage = [['backup'], ['restore'], ['backup', 'a', 'b'], ['restore', BACKUP(), '--bogus'], ['backup', 'x', '--force'], ['backup', 'x', '--db']];
		const runs = await Promise.all(usage.map((args) => cli(...args)));
		for (const [i, r] of runs.entries()) {
			expect(r.code, usage[i].join(' ')).toBe(2);
			expect(r.stderr).toMatch(/usage: causeway backup DIR/);
		}
		const r = await cli('backup', join(dir, 'line\nbreak'), '--db', ORIGINAL());
		expect(r.code).toBe(1);
		expect(r.stderr).toMatch(/NUL or a line break/);
		expect((await cli('backup', join(dir, 'nowhere'), '--db', join(dir, 'missing.duckdb'))).stderr).toMatch(/there is no database at/);
		expect(existsSync(join(dir, 'missing.duckdb'))).toBe(false);
	});
});

describe('sequences behind their ids', () => {
	it('moves a sequence past ids written without it, so a new case cannot collide', async () => {
		const { dir: d, cleanup: done } = tempDir('causeway-seq-');
		try {
			const store = await Store.open(join(d, 'a.duckdb'));
			await store.write(async (s) => {
				await s.run("INSERT INTO datasets (name, created_at) VALUES ('d', TIMESTAMP '2024-01-01 00:00:00')");
				await s.run(`INSERT INTO cases (id, dataset_id, title, problem, effect, state, bones, version, created_at, updated_at)
				       VALUES (500, 1, 'explicit id', '', '', 'new', '[]', 1, TIMESTAMP '2024-01-01 00:00:00', TIMESTAMP '2024-01-01 00:00:00')`);
			});
			await backup(store, join(d, 'b'));
			await store.close();
			const r = await restore(join(d, 'r.duckdb'), join(d, 'b'));
			expect(r.sequencesFixed).toEqual({ rca_ids: 501 });
			const restored = await Store.open(join(d, 'r.duckdb'));
			const c = await createCase(restored, { title: 'next' });
			await restored.close();
			expect(c.id).toBe(501);
		} finally {
			done();
		}
	});
});
