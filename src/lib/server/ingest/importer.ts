// importFile: sniff → decode → map → stage (validate, normalise, mask, collapse)
// → merge in one transaction. Used by the CLI and by POST /api/imports.
import { mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Store } from '../db';
import { applyOverrides, detectMapping, type Mapping } from '../../ingest/mapping';
import { RefusedError, shown, type Delimiter, type Encoding } from '../../ingest/sniff';
import { prepareFile } from './prepare';
import { stageFile } from './stage';
import type { ImportSummary } from '../../ingest/summary';

export type { ImportSummary } from '../../ingest/summary';
import { mergeStage, undoImport } from './merge';
import { chooseDataset, ensureDataset, type DatasetChoice } from '../datasets';
import { BadRequest } from '../errors';

export { RefusedError } from '../../ingest/sniff';
export { NotFoundError } from './merge';

export interface ImportOptions {
	/** The name to record (an upload's original name); defaults to the path's base name. */
	fileName?: string;
	encoding?: Encoding | 'auto';
	delimiter?: Delimiter | 'auto';
	/** field → header overrides; '' unmaps a field. */
	map?: Record<string, string>;
	dateOrder?: 'dmy' | 'mdy' | 'ymd';
	tz?: string;
	/** The dataset (name or id): created when no dataset has that name. Default: the one whose last import has the same columns, else a new one named after the file. */
	dataset?: string | null;
	/** Mark a dataset this import creates as the bundled sample. */
	sample?: boolean;
	onProgress?: (p: ImportProgress) => void;
}

export interface ImportProgress {
	phase: 'decoding' | 'loading' | 'merging' | 'done';
	bytes?: number;
	totalBytes?: number;
	rows?: number;
}


type ImportListener = (summary: ImportSummary) => void;
const importListeners: ImportListener[] = [];

/** Called after each import's transaction has committed (the alerts evaluate then). A listener must not throw. */
export function onImported(fn: ImportListener): void {
	importListeners.push(fn);
}

export function workspaceTz(): string {
	return process.env.CAUSEWAY_TZ || 'Asia/Shanghai';
}

export function tmpDirFor(store: Store): string {
	const dir = process.env.CAUSEWAY_TMP || (store.path === ':memory:' ? resolve('data/tmp') : join(dirname(store.path), 'tmp'));
	mkdirSync(dir, { recursive: true });
	return dir;
}

const SUMMARY_REJECTS = 100;

export async function importFile(store: Store, path: string, options: ImportOptions = {}): Promise<ImportSummary> {
	const started = performance.now();
	const tz = options.tz ?? workspaceTz();
	const progress = options.onProgress ?? (() => undefined);
	const prepared = await prepareFile(path, {
		encoding: options.encoding,
		delimiter: options.delimiter,
		tmpDir: tmpDirFor(store),
		onBytes: (bytes, totalBytes, rows) => progress({ phase: 'decoding', bytes, totalBytes, rows })
	});
	try {
		const headers = prepared.table.headers;
		const mapping = applyOverrides(headers, detectMapping(headers), options.map ?? {});
		if (!mapping.created_at)
			throw new RefusedError(
				`No column can be the creation time (columns: ${headers.slice(0, 12).map((h) => shown(h)).join(', ')}${headers.length > 12 ? ', …' : ''}): choose one with --map created_at=<column> or in the mapping table.`
			);
		const fileName = options.fileName ?? basename(path);
		const choice = await store
			.read((s) => chooseDataset(s, options.dataset, headers, fileName))
			.catch((e) => {
				throw e instanceof BadRequest ? new RefusedError(e.message) : e;
			});
		progress({ phase: 'loading' });
		return await store.scratch(async (s) => {
			const staged = await stageFile(s, prepared, mapping, { tz, dateOrder: options.dateOrder });
			const scan = await prepared.scan;
			progress({ phase: 'merging', rows: staged.rows });
			const base = {
				file: fileName,
				encoding: prepared.encoding,
				delimiter: prepared.table.delimiter,
				rowsRead: scan.records,
				rowsRejected: staged.rejects.length,
				rowsCollapsed: staged.rowsCollapsed,
				mapping,
				dates: staged.dates,
				junkLines: prepared.table.junkLines,
				warnings: staged.warnings
			};
			let dataset = { id: 0, name: '' };
			const counts = await store.transaction(s, async (tx) => {
				dataset = await ensureDataset(tx, choice, tz, options.sample ?? false);
				return mergeStage(
					tx,
					{
						datasetId: dataset.id,
						headers,
						fileName,
						sha256: scan.sha256,
						bytes: prepared.bytes,
						encoding: prepared.encoding,
						delimiter: prepared.table.delimiter,
						mapping,
						dateFormats: staged.dates,
						rowsRead: scan.records,
						rowsRejected: staged.rejects.length,
						rowsCollapsed: staged.rowsCollapsed,
						summary: { ...base, dataset, datasetChoice: choiceSummary(choice), encodingReason: prepared.encodingReason, gzip: prepared.gzip },
						tz
					},
					staged.rejects
				);
			});
			await s.run('DROP VIEW IF EXISTS stage; DROP TABLE IF EXISTS deduped; DROP TABLE IF EXISTS pre; DROP TABLE IF EXISTS raw');
			progress({ phase: 'done', rows: staged.rows });
			const summary: ImportSummary = {
				importId: counts.importId,
				dataset,
				datasetChoice: choiceSummary(choice),
				...base,
				rowsInserted: counts.rowsInserted,
				rowsUpdated: counts.rowsUpdated,
				rowsUnchanged: counts.rowsUnchanged,
				rejects: staged.rejects.slice(0, SUMMARY_REJECTS).map((r) => ({ line: r.line, reason: r.reason })),
				seconds: Math.round(performance.now() - started) / 1000
			};
			for (const listener of importListeners) listener(summary);
			return summary;
		});
	} catch (e) {
		// DuckDB's own message is several lines of advice on its settings; the transaction rolled back
		if (isOutOfMemory(e))
			throw new RefusedError(
				`The import ran out of memory (the file has ${prepared.table.headers.length} columns): raise CAUSEWAY_MEMORY_LIMIT, or export fewer columns or rows.`
			);
		throw e;
	} finally {
		await rm(prepared.path, { force: true });
	}
}

function choiceSummary(c: DatasetChoice): ImportSummary['datasetChoice'] {
	if (c.how === 'matched') return { how: 'matched', shared: c.match.shared, of: c.match.of, lastFile: c.match.lastFile };
	return { how: c.how === 'new' && c.requested ? 'chosen' : c.how };
}

export function isOutOfMemory(e: unknown): boolean {
	return e instanceof Error && e.message.startsWith('Out of Memory Error');
}

export async function deleteImport(store: Store, importId: number) {
	return store.write((s) => undoImport(s, importId, workspaceTz()));
}

export interface ImportRow {
	id: number;
	dataset_id: number;
	dataset_name: string;
	file_name: string;
	bytes: number;
	encoding: string;
	rows_read: number;
	rows_inserted: number;
	rows_updated: number;
	rows_unchanged: number;
	rows_rejected: number;
	rows_collapsed: number;
	status: string;
	imported_at: string;
	undone_at: string | null;
	tickets_now: number;
}

/** Every import, newest first; only one dataset's when `datasetId` is given. */
export async function listImports(store: Store, datasetId?: number): Promise<ImportRow[]> {
	return store.all<ImportRow & Record<string, unknown>>(
		`SELECT i.id, i.dataset_id, d.name AS dataset_name, i.file_name, i.bytes, i.encoding, i.rows_read, i.rows_inserted, i.rows_updated, i.rows_unchanged,
			i.rows_rejected, i.rows_collapsed, i.status, i.imported_at, i.undone_at,
			(SELECT count(*) FROM tickets t WHERE t.import_id = i.id) AS tickets_now
		 FROM imports i JOIN datasets d ON d.id = i.dataset_id
		 WHERE i.dataset_id = coalesce($ds, i.dataset_id) ORDER BY i.id DESC`,
		{ ds: datasetId ?? null }
	);
}

export async function getImport(store: Store, importId: number) {
	return store.one('SELECT * FROM imports WHERE id = $id', { id: importId });
}

export async function listRejects(store: Store, importId: number, limit = 100_000) {
	return store.all<{ line: number | null; reason: string; raw: string }>(
		`SELECT line, reason, raw FROM import_rejects WHERE import_id = $id ORDER BY line NULLS LAST LIMIT ${Math.max(1, Math.floor(limit))}`,
		{ id: importId }
	);
}
