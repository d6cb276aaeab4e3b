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

/** The bundled sample's dataset. */
export const SAMPLE_DATASET = '示例数据';

/**
 * "First run" is a database that has never held an import: the sample is loaded
 * once into its own dataset and the flag `samples_seeded` set, so a user who
 * deleted the sample dataset does not get it back at the next start.
 */
export async function seedSamples(store: Store): Promise<number> {
	const seeded = await store.one("SELECT 1 AS x FROM workspace_flags WHERE name = 'samples_seeded'");
	if (seeded) return 0;
	const row = await store.one<{ n: number }>('SELECT count(*) AS n FROM imports');
	const dir = samplesDir();
	let n = 0;
	if (Number(row?.n) === 0 && existsSync(dir)) {
		for (const f of readdirSync(dir).filter((f) => /\.(csv|tsv|txt)(\.gz)?$/i.test(f)).sort()) {
			const summary = await importFile(store, join(dir, f), { dataset: SAMPLE_DATASET, sample: true });
			console.log(`causeway: loaded sample ${f}: ${summary.rowsInserted} tickets`);
			n += summary.rowsInserted;
		}
	}
	await store.write((s) => s.run("INSERT INTO workspace_flags SELECT 'samples_seeded', now() WHERE NOT EXISTS (SELECT 1 FROM workspace_flags WHERE name = 'samples_seeded')"));
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
