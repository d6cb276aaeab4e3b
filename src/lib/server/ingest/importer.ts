// importFile: sniff → decode → map → stage (validate, normalise, mask, collapse)
// → merge in one transaction. Used by the CLI and by POST /api/imports.
import { mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { Session, type Params, type Store } from '../db';
import type { Row } from '../db/values';
import { applyOverrides, detectMapping, type Field, type Mapping } from '../../ingest/mapping';
import { detectByContent } from '../../ingest/content';
import { PREVIEW_BYTES, PREVIEW_ROWS, previewRows } from '../../ingest/preview';
import { open } from 'node:fs/promises';
import { RefusedError, shown, type Delimiter, type Encoding } from '../../ingest/sniff';
import { prepareFile, type EncodingNote } from './prepare';
import { DiskFullError, ImportTimeoutError, importTimeoutSeconds, isDiskFull } from './limits';
import { removeStaleTempFiles } from './tempfiles';
import { stageFile } from './stage';
import type { ImportSummary } from '../../ingest/summary';

export type { ImportSummary } from '../../ingest/summary';
import { mergeStage, undoImport } from './merge';
import { mergeStageTerms, tokenizeStage } from '../text/indexer';
import { chooseDataset, ensureDataset, type DatasetChoice } from '../datasets';
import { BadRequest } from '../errors';

export { RefusedError } from '../../ingest/sniff';
export { NotFoundError } from './merge';
export { DiskFullError, ImportTimeoutError } from './limits';

export interface ImportOptions {
	/** The name to record (an upload's original name); defaults to the path's base name. */
	fileName?: string;
	encoding?: Encoding | 'auto';
	delimiter?: Delimiter | 'auto';
	/** field → header overrides; '' unmaps a field. */
	map?: Record<string, string>;
	dateOrder?: 'dmy' | 'mdy' | 'ymd';
	/** An Excel workbook: the sheet to import (default the first with data). */
	sheet?: string;
	/** Split category values a/b into category/subcategory: true/false; default when the header says two levels. */
	splitCategory?: boolean;
	tz?: string;
	/** The overall time limit in seconds; CAUSEWAY_IMPORT_TIMEOUT_S by default. */
	timeoutSeconds?: number;
	/** Stops the import as the time limit does (its reason is what the import throws). */
	signal?: AbortSignal;
	/** The dataset (name or id): created when no dataset has that name. Default: the one whose last import has the same columns, else a new one named after the file. */
	dataset?: string | null;
	/** Mark a dataset this import creates as the bundled sample. */
	sample?: boolean;
	onProgress?: (p: ImportProgress) => void;
}

export interface ImportProgress {
	phase: 'decoding' | 'loading' | 'indexing' | 'merging' | 'done';
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

/** At start: remove temp files of ours that a killed import left in the store's temp folder. */
export function cleanTempAtStart(store: Store): { files: number; bytes: number } {
	const removed = removeStaleTempFiles(tmpDirFor(store));
	if (removed.files) console.warn(`causeway: removed ${removed.files} temp files (${Math.round(removed.bytes / 1048576)} MB) left by an earlier import that did not finish`);
	return removed;
}

/** A session that refuses every statement once the import's time is up (except the ROLLBACK that undoes it). */
class DeadlineSession extends Session {
	constructor(
		inner: Session,
		private readonly signal: AbortSignal
	) {
		super(inner.conn);
	}
	override all<T extends Row = Row>(sql: string, params?: Params): Promise<T[]> {
		this.signal.throwIfAborted();
		return super.all<T>(sql, params);
	}
	override run(sql: string, params?: Params): Promise<number> {
		if (sql !== 'ROLLBACK') this.signal.throwIfAborted();
		return super.run(sql, params);
	}
}

/** The sentence for an import that ran out of time or disk; anything else as it is. */
function asRefusal(e: unknown, signal: AbortSignal): unknown {
	if (signal.aborted) return signal.reason;
	if (isDiskFull(e)) return new DiskFullError();
	return e;
}

/** Warnings about how the bytes were decoded: read as GB18030 because they are not valid UTF-8. */
function encodingWarnings(note: EncodingNote): string[] {
	const out: string[] = [];
	if (note.switched && note.switched.firstLine)
		out.push(
			`The file is not valid UTF-8 (line ${note.switched.firstLine} is the first of ${note.switched.lines} such lines in the first ${note.switched.sampledLines}), so the whole file was read as GBK/GB18030: if it was saved as UTF-8, its accented or Chinese text reads wrong; import it again with the encoding utf-8.`
		);
	if (note.gbkLines)
		out.push(
			`The file mixes encodings: ${note.gbkLines} lines are not valid UTF-8 and were read as GBK/GB18030 (the first is line ${note.firstGbkLine}); the other lines were read as UTF-8.`
		);
	return out;
}

const SUMMARY_REJECTS = 100;

export async function importFile(store: Store, path: string, options: ImportOptions = {}): Promise<ImportSummary> {
	// every import has a time limit: the read stops at its next chunk, DuckDB is interrupted, the merge rolls back
	const seconds = options.timeoutSeconds ?? importTimeoutSeconds();
	const deadline = new AbortController();
	let staging: Session | null = null;
	const stop = (reason: unknown) => {
		deadline.abort(reason);
		try {
			staging?.conn.interrupt();
		} catch {
			/* the connection has closed: the import is ending anyway */
		}
	};
	const timer = setTimeout(() => stop(new ImportTimeoutError(seconds)), seconds * 1000);
	timer.unref();
	const outer = options.signal;
	const onOuter = () => stop(outer!.reason);
	if (outer?.aborted) onOuter();
	outer?.addEventListener('abort', onOuter);
	try {
		return await importWithin(store, path, options, deadline.signal, (s) => (staging = s));
	} catch (e) {
		throw asRefusal(e, deadline.signal);
	} finally {
		clearTimeout(timer);
		outer?.removeEventListener('abort', onOuter);
	}
}

async function importWithin(store: Store, path: string, options: ImportOptions, signal: AbortSignal, onSession: (s: Session) => void): Promise<ImportSummary> {
	const started = performance.now();
	const tz = options.tz ?? workspaceTz();
	const progress = options.onProgress ?? (() => undefined);
	const prepared = await prepareFile(path, {
		encoding: options.encoding,
		delimiter: options.delimiter,
		tmpDir: tmpDirFor(store),
		signal,
		sheet: options.sheet,
		onBytes: (bytes, totalBytes, rows) => progress({ phase: 'decoding', bytes, totalBytes, rows })
	});
	try {
		const headers = prepared.table.headers;
		// header synonyms, then the content rules on the first rows (the same rows the import page shows)
		const detection = detectByContent(headers, await sampleRows(prepared.path, prepared.table.delimiter), detectMapping(headers));
		const mapping = applyOverrides(headers, detection.mapping, options.map ?? {});
		const found = Object.fromEntries(Object.entries(detection.found).filter(([f, v]) => mapping[f as Field] === v!.header));
		const dimensions = detection.dimensions.filter((h) => !Object.values(mapping).includes(h));
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
		return await store.scratch(async (conn) => {
			onSession(conn);
			const s = new DeadlineSession(conn, signal);
			const staged = await stageFile(s, prepared, mapping, { tz, dateOrder: options.dateOrder, splitCategory: options.splitCategory, datasetId: choice.how === 'new' ? null : choice.id });
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
				found,
				alternatives: detection.alternatives,
				dimensions,
				eventLog: staged.eventLog,
				...(prepared.workbook ? { sheet: prepared.workbook.sheet, sheets: prepared.workbook.sheets } : {}),
				junkLines: prepared.table.junkLines,
				warnings: [...encodingWarnings(prepared.encodingNote), ...staged.warnings]
			};
			let dataset = { id: 0, name: '' };
			// terms are tokenized before the write lock is taken, and written with the tickets
			progress({ phase: 'indexing', rows: staged.rows });
			const indexed = await tokenizeStage(s, choice.how === 'new' ? null : choice.id);
			const counts = await store.transaction(s, async (tx) => {
				dataset = await ensureDataset(tx, choice, tz, options.sample ?? false);
				const merged = await mergeStage(
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
				const t0 = performance.now();
				await mergeStageTerms(tx, dataset.id, merged.importId, indexed, merged);
				indexed.seconds += (performance.now() - t0) / 1000;
				return merged;
			});
			// committed: from here on nothing may fail the import (the time limit no longer applies), and the
			// temp tables go with the connection anyway
			await conn.run('DROP VIEW IF EXISTS stage; DROP TABLE IF EXISTS deduped; DROP TABLE IF EXISTS pre; DROP TABLE IF EXISTS raw').catch(() => undefined);
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
				termIndex: { tickets: indexed.tickets, terms: indexed.rows, seconds: Math.round(indexed.seconds * 1000) / 1000 },
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

/** The first rows of the prepared UTF-8 file (header first), parsed as the import page parses its preview. */
async function sampleRows(path: string, delimiter: string): Promise<string[][]> {
	const fh = await open(path, 'r');
	try {
		const buf = Buffer.alloc(PREVIEW_BYTES);
		const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
		return previewRows(buf.subarray(0, bytesRead).toString('utf8'), delimiter, bytesRead >= PREVIEW_BYTES).slice(0, PREVIEW_ROWS);
	} finally {
		await fh.close();
	}
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
		'SELECT line, reason, raw FROM import_rejects WHERE import_id = $id ORDER BY line NULLS LAST LIMIT $limit',
		{ id: importId, limit: Math.max(1, Math.floor(limit) || 1) }
	);
}
