// The import API's logic, so the routes stay thin.
import { json } from '@sveltejs/kit';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { tempName } from './tempfiles';
import { xlsxToCsv } from './xlsx';
import { PREVIEW_BYTES } from '../../ingest/preview';
import { workspace } from '../workspace';
import { importFile, RefusedError, NotFoundError, tmpDirFor, deleteImport, listImports, listRejects, getImport } from './importer';
import { discard, receiveUpload, UploadError } from './upload';
import { BusyError, DiskFullError, maxDecompressedBytes, oneImportAtATime, takeUploadSlot } from './limits';
import { setProgress, validToken } from './progress';
import { parseOverrides } from '../../ingest/mapping';
import { delimiterAlias, encodingAlias } from '../../ingest/sniff';
import { csvCell } from '../csv';
import { findDataset } from '../datasets';

/** The time limit of a workbook preview. */
const PREVIEW_SECONDS = 60;

type Workspace = Awaited<ReturnType<typeof workspace>>;

/** A bounded number of uploads in flight (imports and workbook previews), each holding at most its temp files: past it, 503; then the upload, streamed to disk. */
type Upload = Awaited<ReturnType<typeof receiveUpload>>;

async function inUploadSlot(request: Request, url: URL, run: (store: Workspace, upload: Upload, url: URL, request: Request) => Promise<Response>): Promise<Response> {
	const store = await workspace();
	let release: () => void;
	try {
		release = takeUploadSlot();
	} catch (e) {
		if (!(e instanceof BusyError)) throw e;
		discard(request.body);
		return json({ error: e.message }, { status: 503, headers: { 'retry-after': '60' } });
	}
	try {
		let upload: Upload;
		try {
			upload = await receiveUpload(request, tmpDirFor(store), url.searchParams.get('name'));
		} catch (e) {
			if (e instanceof UploadError) return json({ error: e.message }, { status: e.status });
			throw e;
		}
		return await run(store, upload, url, request);
	} finally {
		release();
	}
}

export function postImport(request: Request, url: URL): Promise<Response> {
	return inUploadSlot(request, url, receiveAndImport);
}

async function receiveAndImport(store: Workspace, upload: Upload, url: URL): Promise<Response> {
	const opt = (k: string) => url.searchParams.get(k) ?? upload.fields[k] ?? null;
	const token = opt('progress');
	try {
		const mapParam = [...url.searchParams.getAll('map'), ...(upload.fields.map ? [upload.fields.map] : [])];
		const map: Record<string, string> = {};
		for (const m of mapParam) Object.assign(map, m.trim().startsWith('{') ? parseMapJson(m) : parseOverrides([m]));
		const order = opt('dateOrder');
		const split = opt('splitCategory');
		// one import stages and merges at a time; the others wait with their upload on disk
		const summary = await oneImportAtATime(() =>
			importFile(store, upload.path, {
				fileName: upload.fileName,
				encoding: encodingAlias(opt('encoding') ?? 'auto'),
				delimiter: delimiterAlias(opt('delimiter') ?? 'auto'),
				map,
				dateOrder: order === 'dmy' || order === 'mdy' || order === 'ymd' ? order : undefined,
				dataset: opt('dataset'),
				sheet: opt('sheet') || undefined,
				splitCategory: split === '1' || split === 'true' ? true : split === '0' || split === 'false' ? false : undefined,
				onProgress: validToken(token) ? (p) => setProgress(token, p) : undefined
			})
		);
		return json(summary);
	} catch (e) {
		if (e instanceof RefusedError) {
			if (validToken(token)) setProgress(token, { phase: 'done' });
			return json({ error: e.message }, { status: e instanceof DiskFullError ? 507 : 422 });
		}
		throw e;
	} finally {
		await rm(upload.path, { force: true });
	}
}

/**
 * The import page's preview of an Excel workbook (the browser cannot read one): the sheets, and the first
 * PREVIEW_BYTES of the chosen sheet as CSV, which the page then previews like any CSV export.
 */
export function postWorkbookPreview(request: Request, url: URL): Promise<Response> {
	return inUploadSlot(request, url, previewWorkbook);
}

async function previewWorkbook(store: Workspace, upload: Upload, url: URL, request: Request): Promise<Response> {
	const out = join(tmpDirFor(store), tempName('preview', '.csv'));
	try {
		const sheet = url.searchParams.get('sheet') ?? upload.fields.sheet ?? undefined;
		// a preview is bounded as an import is (size of what the workbook expands to), and in time; it stops when the client goes
		const signal = AbortSignal.any([request.signal, AbortSignal.timeout(PREVIEW_SECONDS * 1000)]);
		const info = await xlsxToCsv(upload.path, out, { sheet: sheet || undefined, maxBytes: PREVIEW_BYTES, limitBytes: maxDecompressedBytes(), tmpDir: tmpDirFor(store), signal });
		return json({ sheets: info.sheets, sheet: info.sheet, truncated: info.truncated, csv: await readFile(out, 'utf8') });
	} catch (e) {
		if (e instanceof RefusedError) return json({ error: e.message }, { status: 422 });
		if ((e as Error).name === 'TimeoutError') return json({ error: `Reading the workbook for its preview took longer than ${PREVIEW_SECONDS} s: save it as CSV, or import it without a preview.` }, { status: 422 });
		if ((e as Error).name === 'AbortError') return json({ error: 'The preview was cancelled.' }, { status: 499 });
		throw e;
	} finally {
		await rm(upload.path, { force: true });
		await rm(out, { force: true });
	}
}

function parseMapJson(text: string): Record<string, string> {
	let v: unknown;
	try {
		v = JSON.parse(text);
	} catch {
		throw new RefusedError('The mapping is not valid JSON.');
	}
	if (!v || typeof v !== 'object' || Array.isArray(v)) throw new RefusedError('The mapping must be an object of field → column.');
	const out: Record<string, string> = {};
	for (const [k, val] of Object.entries(v)) out[k] = String(val ?? '');
	return out;
}

/** Every import, or one dataset's (`?dataset=<id or name>`). */
export async function getImports(url: URL): Promise<Response> {
	const store = await workspace();
	const ref = url.searchParams.get('dataset');
	if (!ref) return json({ rows: await listImports(store) });
	const d = await findDataset(store, ref);
	if (!d) return json({ error: `There is no dataset "${ref.slice(0, 100)}".` }, { status: 404 });
	return json({ rows: await listImports(store, d.id) });
}

export function importId(param: string): number | null {
	return /^\d{1,9}$/.test(param) ? Number(param) : null;
}

export async function getOneImport(param: string): Promise<Response> {
	const id = importId(param);
	const store = await workspace();
	const row = id === null ? undefined : await getImport(store, id);
	if (!row) return json({ error: `There is no import ${param}.` }, { status: 404 });
	return json({ ...row, rejects: await listRejects(store, id!, 1000) });
}

export async function deleteOneImport(param: string): Promise<Response> {
	const id = importId(param);
	if (id === null) return json({ error: `There is no import ${param}.` }, { status: 404 });
	try {
		return json({ importId: id, ...(await deleteImport(await workspace(), id)) });
	} catch (e) {
		if (e instanceof NotFoundError) return json({ error: e.message }, { status: 404 });
		throw e;
	}
}

export async function rejectsCsv(param: string): Promise<Response> {
	const id = importId(param);
	const store = await workspace();
	if (id === null || !(await getImport(store, id))) return json({ error: `There is no import ${param}.` }, { status: 404 });
	const rows = await listRejects(store, id);
	const lines = ['line,reason,raw', ...rows.map((r) => [r.line ?? '', r.reason, r.raw ?? ''].map(csvCell).join(','))];
	return new Response('\ufeff' + lines.join('\r\n') + '\r\n', {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="import-${id}-rejects.csv"`
		}
	});
}
