// Test helpers: a temp directory with a real DuckDB file per test file.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Store } from '../../src/lib/server/db';

export const DATASETS = resolve(__dirname, '../../../shared/datasets');
export const ROOT = resolve(__dirname, '../..');

export function tempDir(prefix = 'causeway-test-'): { dir: string; cleanup: () => void } {
	const dir = mkdtempSync(join(tmpdir(), prefix));
	return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function tempStore(): Promise<{ store: Store; dir: string; cleanup: () => Promise<void> }> {
	const { dir, cleanup } = tempDir();
	process.env.CAUSEWAY_TMP = join(dir, 'tmp');
	const store = await Store.open(join(dir, 'test.duckdb'));
	return {
		store,
		dir,
		cleanup: async () => {
			await store.close();
			cleanup();
		}
	};
}

/** Write a small file for a test; returns its path. */
export function writeFile(dir: string, name: string, content: string | Uint8Array): string {
	const p = join(dir, name);
	writeFileSync(p, content);
	return p;
}

export async function count(store: Store, sql: string, params?: Record<string, string | number>): Promise<number> {
	const row = await store.one<{ n: number }>(sql, params);
	return Number(row?.n);
}
