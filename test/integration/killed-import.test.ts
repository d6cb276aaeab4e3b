// kill -9 of a real import process while it merges: on reopening, the database
// opens, the import is either whole or absent, and nothing else changed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { startServer } from '../helpers/server';
import gbk from './gbk';
import { Store } from '../../src/lib/server/db';
import { importFile } from '../../src/lib/server/ingest/importer';
import { writeExport } from '../../bench/synthetic';
import { ROOT, tempDir, writeFile } from '../helpers/workspace';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir()));
afterAll(() => cleanup());

function importUntil(file: string, db: string, phase: string, env: Record<string, string> = {}): Promise<{ killed: boolean; code: number | null }> {
	return new Promise((resolve) => {
		const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'import', file, '--db', db, '--progress'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
		let killed = false;
		child.stderr.on('data', (d: Buffer) => {
			if (!killed && d.toString().includes(`"phase":"${phase}"`)) {
				killed = child.kill('SIGKILL');
			}
		});
		child.on('exit', (code) => resolve({ killed, code }));
	});
}

describe('a killed import', () => {
	it('leaves the database as it was, or with the whole import', async () => {
		const db = join(dir, 'killed.duckdb');
		const week1 = writeFile(dir, 'week1.csv', 'id,created,subject\nk1,2024-04-01 09:00,a\nk2,2024-04-02 09:00,b\n');
		const big = join(dir, 'big.csv');
		await writeExport(big, 300_000);

		let store = await Store.open(db);
		await importFile(store, week1);
		const before = await store.all('SELECT * FROM tickets ORDER BY ticket_id');
		await store.close();

		const run = await importUntil(big, db, 'merging');
		expect(run.killed).toBe(true);

		store = await Store.open(db);
		try {
			const tickets = Number((await store.one<{ n: number }>('SELECT count(*) AS n FROM tickets'))!.n);
			const imports = await store.all<{ status: string; rows_inserted: number }>('SELECT status, rows_inserted FROM imports ORDER BY id');
			// whole or absent
			expect([2, 2 + 300_000]).toContain(tickets);
			expect(imports.length).toBe(tickets === 2 ? 1 : 2);
			expect(imports.every((i) => i.status === 'done')).toBe(true);
			// nothing else changed
			expect(await store.all("SELECT * FROM tickets WHERE ticket_id IN ('k1', 'k2') ORDER BY ticket_id")).toEqual(before);
			// and the database still takes an import
			const again = await importFile(store, writeFile(dir, 'week2.csv', 'id,created,subject\nk3,2024-04-08 09:00,c\n'));
			expect(again.rowsInserted).toBe(1);
		} finally {
			await store.close();
		}
	});
});

/** Files in our temp folder that are not ours, or not files: the clean-up at start must leave them. */
function foreignFiles(tmp: string): string[] {
	mkdirSync(tmp, { recursive: true });
	writeFileSync(join(tmp, 'notes.txt'), 'not ours');
	writeFileSync(join(tmp, 'stage-report.csv'), 'not ours either');
	writeFileSync(join(tmp, `causeway-stage-${process.pid}-1-abc.csv.bak`), 'a near miss');
	mkdirSync(join(tmp, 'causeway-upload-1-2-abc'), { recursive: true });
	return readdirSync(tmp).sort();
}

const ours = (names: string[]) => names.filter((n) => /^causeway-(stage|upload)-\d+-\d+-[a-z0-9]+(\.csv)?$/.test(n) && n !== 'causeway-upload-1-2-abc');

describe('temp files of a killed import', () => {
	it('are removed when the CLI next starts (kill -9 while loading), and nothing else is', async () => {
		const db = join(dir, 'cli-temp.duckdb');
		const tmp = join(dir, 'cli-tmp');
		const others = foreignFiles(tmp);
		const big = join(dir, 'big-gbk.csv');
		await writeExport(big, 150_000, (s) => gbk(s)); // decoded into a stage file of ours
		const run = await importUntil(big, db, 'loading', { CAUSEWAY_TMP: tmp });
		expect(run.killed).toBe(true);
		const left = ours(readdirSync(tmp));
		expect(left.length).toBe(1);
		expect(left[0]).toMatch(/^causeway-stage-\d+-/);
		// the next CLI start, before its own import
		const next = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'import', writeFile(dir, 'w3.csv', 'id,created,subject\nk9,2024-04-09 09:00,d\n'), '--db', db], {
			cwd: ROOT,
			env: { ...process.env, CAUSEWAY_TMP: tmp },
			encoding: 'utf8'
		});
		expect(next.status).toBe(0);
		expect(next.stderr).toMatch(/removed 1 temp files \(\d+ MB\) left by an earlier import/);
		expect(readdirSync(tmp).sort()).toEqual(others);
	});

	it('are removed when the server next starts (kill -9 during an upload), and nothing else is', async () => {
		const db = join(dir, 'server-temp.duckdb');
		const tmp = join(dir, 'server-tmp');
		const others = foreignFiles(tmp);
		const env = { CAUSEWAY_DB: db, CAUSEWAY_SEED: 'off', CAUSEWAY_TMP: tmp };
		let server = await startServer(env);
		// an upload that is still arriving
		const u = new URL(server.url);
		const req = request({ host: u.hostname, port: u.port, method: 'POST', path: '/api/imports?name=big.csv', headers: { 'content-type': 'text/csv', 'content-length': String(50 << 20) }, agent: false });
		req.on('error', () => undefined);
		req.write(Buffer.alloc(1 << 20, 'a,b\n'));
		const deadline = Date.now() + 10_000;
		while (ours(readdirSync(tmp)).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
		server.proc.kill('SIGKILL');
		await new Promise((r) => server.proc.once('exit', r));
		req.destroy();
		expect(ours(readdirSync(tmp)).length).toBe(1);
		server = await startServer(env);
		try {
			expect(readdirSync(tmp).sort()).toEqual(others);
			expect(server.output()).toMatch(/removed 1 temp files/);
			expect(existsSync(db)).toBe(true);
		} finally {
			await server.stop();
		}
	});
});
