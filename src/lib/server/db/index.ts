// The process-wide store on CAUSEWAY_DB (default data/causeway.duckdb).
import { Store } from './store';

export { Store, Session, firstLine, type Params } from './store';
export type { Row } from './values';

let opening: Promise<Store> | null = null;

export function databasePath(): string {
	return process.env.CAUSEWAY_DB || 'data/causeway.duckdb';
}

export function getStore(): Promise<Store> {
	opening ??= Store.open(databasePath()).catch((e) => {
		opening = null;
		throw e;
	});
	return opening;
}
