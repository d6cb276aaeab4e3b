// kill -9 of a real import process while it merges: on reopening, the database
// opens, the import is either whole or absent, and nothing else changed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Store } from '../../src/lib/server/db';
import { importFile } from '../../src/lib/server/ingest/importer';
import { writeExport } from '../../bench/synthetic';
import { ROOT, tempDir, writeFile } from '../helpers/workspace';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir()));
afterAll(() => cleanup());

function importUntil(file: string, db: string, phase: string): Promise<{ killed: boolean; code: number | null }> {
	return new Promise((resolve) => {
		const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'import', file, '--db', db, '--progress'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
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
