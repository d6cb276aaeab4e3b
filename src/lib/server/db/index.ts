// The process-wide store on CAUSEWAY_DB (default data/causeway.duckdb).
import { Store } from './store';

export { Store, Session, firstLine, type Params } from './store';
export type { Row } from './values';

let opening: Promise<Store> | null = null;

export function databasePath(): string {
	return process.env.CAUSEWAY_DB || 'data/causeway.duckdb';
}

/** The server's store. Its DuckDB touches no file outside its own and the staging folder. */
export function getStore(): Promise<Store> {
	opening ??= Store.open(databasePath())
		.then(async (store) => {
			const { tmpDirFor } = await import('../ingest/importer');
			try {
				await store.restrictFiles([tmpDirFor(store)]);
			} catch (e) {
				await store.close();
				throw e;
			}
			return store;
		})
		.catch((e) => {
			opening = null;
			throw e;
		});
	return opening;
}
