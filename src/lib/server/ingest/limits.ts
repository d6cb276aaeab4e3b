// The importer's resource limits, read from the environment in one place: the time
// one import may take, how far a gzip upload may expand, how many uploads may be
// in flight at once; and the refusals for a full disk and a busy importer.
import { RefusedError } from '../../ingest/sniff';
import { maxUploadBytes } from './upload';

/** A gzip upload may expand to this many times CAUSEWAY_MAX_UPLOAD_MB. */
export const DECOMPRESSED_FACTOR = 2;

export function maxDecompressedBytes(): number {
	return DECOMPRESSED_FACTOR * maxUploadBytes();
}

/** The overall time limit of one import, in seconds (CAUSEWAY_IMPORT_TIMEOUT_S, default 15 minutes). */
export function importTimeoutSeconds(): number {
	const s = Number(process.env.CAUSEWAY_IMPORT_TIMEOUT_S || 900);
	return Number.isFinite(s) && s > 0 ? s : 900;
}

/** Uploads received, waiting or importing at once (CAUSEWAY_MAX_UPLOADS, default 3); one more is told to come back. */
export function maxUploadsInFlight(): number {
	const n = Math.floor(Number(process.env.CAUSEWAY_MAX_UPLOADS || 3));
	return Number.isFinite(n) && n >= 1 ? n : 3;
}

/** The time limit ran out: the import was stopped and rolled back. */
export class ImportTimeoutError extends RefusedError {
	constructor(seconds: number) {
		super(`The import took longer than the limit of ${seconds} s (CAUSEWAY_IMPORT_TIMEOUT_S) and was stopped; nothing of it was saved.`);
	}
}

/** The disk (the database's or the temp folder's) is full: nothing of the import was saved. HTTP 507. */
export class DiskFullError extends RefusedError {
	readonly status = 507;
	constructor() {
		super("There is no space left on the server's disk: the import was stopped and nothing of it was saved; free some space next to the database and import again.");
	}
}

/** ENOSPC from Node, or DuckDB's own words for it. */
export function isDiskFull(e: unknown): boolean {
	if (e instanceof DiskFullError) return true;
	const err = e as { code?: string; message?: string } | null;
	if (err?.code === 'ENOSPC' || err?.code === 'EDQUOT') return true;
	return /No space left on device|ENOSPC|disk quota exceeded|could not write all bytes|Disk full/i.test(err?.message ?? '');
}

/** Too many uploads in flight: HTTP 503 with Retry-After. */
export class BusyError extends Error {
	constructor(readonly limit: number) {
		super(`The server is already receiving or importing ${limit} files: try again in a minute.`);
	}
}

let inFlight = 0;

/**
 * A place among the uploads in flight (receiving, waiting for the importer, importing), or BusyError.
 * Bounds the temp files held at once: each holds at most its upload, its decoded copy and DuckDB's spill.
 * The caller calls the returned release exactly once.
 */
export function takeUploadSlot(): () => void {
	const limit = maxUploadsInFlight();
	if (inFlight >= limit) throw new BusyError(limit);
	inFlight++;
	let released = false;
	return () => {
		if (!released) {
			released = true;
			inFlight--;
		}
	};
}

/** One import at a time stages and merges: the others wait here, holding only their upload. */
let queue: Promise<void> = Promise.resolve();

export function oneImportAtATime<T>(fn: () => Promise<T>): Promise<T> {
	const run = queue.then(fn, fn);
	queue = run.then(
		() => undefined,
		() => undefined
	);
	return run;
}
