// The app's workspace: the process-wide store, filled with data/samples/ on first
// run (when it has never seen an import), so the dashboard is never empty.
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { getStore, type Store } from './db';
import { cleanTempAtStart, importFile } from './ingest/importer';

let ready: Promise<Store> | null = null;

export function samplesDir(): string {
	return resolve(process.env.CAUSEWAY_SAMPLES || 'data/samples');
}

export async function seedSamples(store: Store): Promise<number> {
	const row = await store.one<{ n: number }>('SELECT count(*) AS n FROM imports');
	if (Number(row?.n) > 0) return 0;
	const dir = samplesDir();
	if (!existsSync(dir)) return 0;
	let n = 0;
	for (const f of readdirSync(dir).filter((f) => /\.(csv|tsv|txt)(\.gz)?$/i.test(f)).sort()) {
		const summary = await importFile(store, join(dir, f));
		console.log(`causeway: loaded sample ${f}: ${summary.rowsInserted} tickets`);
		n += summary.rowsInserted;
	}
	return n;
}

export function workspace(): Promise<Store> {
	ready ??= (async () => {
		const store = await getStore();
		// the database is ours (DuckDB's lock): temp files of a killed import are left-overs
		cleanTempAtStart(store);
		if (process.env.CAUSEWAY_SEED !== 'off') await seedSamples(store);
		return store;
	})().catch((e) => {
		ready = null;
		throw e;
	});
	return ready;
}
