// Excel workbooks (.xlsx): one sheet becomes a UTF-8 CSV temp file of ours, read
// as a stream (ExcelJS's streaming WorkbookReader: zip entries and sheet XML are
// parsed as they arrive, rows never all in memory), so the rest of the import
// treats it like any CSV export. The shared-strings table (every distinct text of
// the workbook) is the one thing held whole: as UTF-8 bytes in one buffer, not as
// millions of JS strings (which, sliced from the parser's chunks, kept 1.8 GB
// alive for a 100 MB workbook). Date cells become wall-clock times
// 'yyyy-mm-dd HH:MM:SS'; a time-only cell 'HH:MM:SS'; a date at midnight 'yyyy-mm-dd'.
import ExcelJS from 'exceljs';
import { AsyncLocalStorage } from 'node:async_hooks';
import { createWriteStream, rmSync, statSync, truncateSync, writeFileSync, type WriteStream } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { tempName } from './tempfiles';
import { once } from 'node:events';
import { open } from 'node:fs/promises';
import { RefusedError, shown } from '../../ingest/sniff';

export interface SheetInfo {
	/** Every sheet in the workbook, in its order. */
	sheets: string[];
	/** The sheet written. */
	sheet: string;
	rows: number;
	/** The output stopped at maxBytes (a preview). */
	truncated: boolean;
}

export interface XlsxOptions {
	/** The sheet to read; default the first sheet with data. */
	sheet?: string;
	/** Stop after this many bytes of CSV (the import page's preview). */
	maxBytes?: number;
	/** Refuse the workbook once its CSV passes this many bytes (a zip bomb stops here, as a gzip one does). */
	limitBytes?: number;
	/** Aborted when the import's time is up: the read stops at the next row or shared string. */
	signal?: AbortSignal;
	/** Our temp folder: ExcelJS parks sheets stored before the shared strings here (not in the OS temp folder). */
	tmpDir?: string;
	onRows?: (rows: number) => void;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The workbook's shared strings, packed: UTF-8 bytes in one growing buffer, an offset per string. */
export class SharedStrings {
	#buf = Buffer.alloc(1 << 20);
	#used = 0;
	#starts = new Float64Array(1 << 16);
	count = 0;

	get bytes(): number {
		return this.#used;
	}

	push(text: string) {
		const n = Buffer.byteLength(text);
		if (this.#used + n > this.#buf.length) {
			const next = Buffer.alloc(Math.max(this.#buf.length * 2, this.#used + n));
			this.#buf.copy(next, 0, 0, this.#used);
			this.#buf = next;
		}
		if (this.count + 2 > this.#starts.length) {
			const next = new Float64Array(this.#starts.length * 2);
			next.set(this.#starts);
			this.#starts = next;
		}
		this.#buf.write(text, this.#used);
		this.#starts[this.count] = this.#used;
		this.#used += n;
		this.count++;
		this.#starts[this.count] = this.#used;
	}

	get(i: number): string {
		if (!(i >= 0 && i < this.count)) return '';
		return this.#buf.toString('utf8', this.#starts[i], this.#starts[i + 1]);
	}
}

type Rich = { richText?: { text: string }[] } | string | null | undefined;
const textOf = (t: Rich): string => (t == null ? '' : typeof t === 'string' ? t : (t.richText ?? []).map((r) => r.text ?? '').join(''));

/** A cell's value as CSV text. */
export function cellText(v: ExcelJS.CellValue, strings?: SharedStrings): string {
	if (v === null || v === undefined) return '';
	if (v instanceof Date) {
		if (Number.isNaN(v.getTime())) return '';
		const day = `${pad(v.getUTCFullYear(), 4)}-${pad(v.getUTCMonth() + 1)}-${pad(v.getUTCDate())}`;
		const clock = `${pad(v.getUTCHours())}:${pad(v.getUTCMinutes())}:${pad(v.getUTCSeconds())}`;
		// Excel keeps a time of day as a fraction of day 0 (1899-12-30)
		if (v.getUTCFullYear() < 1900) return clock;
		return clock === '00:00:00' ? day : `${day} ${clock}`;
	}
	if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
	if (typeof v === 'string') return v;
	if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
	if (typeof v === 'object') {
		if ('richText' in v && Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('');
		if ('sharedString' in v) return strings ? strings.get(Number((v as { sharedString: number }).sharedString)) : '';
		if ('result' in v) return cellText(v.result as ExcelJS.CellValue, strings);
		if ('text' in v && typeof v.text === 'string') return v.text;
		if ('error' in v) return '';
		if ('sharedFormula' in v || 'formula' in v) return '';
	}
	return String(v);
}

function csvField(t: string): string {
	return /[",\r\n]/.test(t) ? `"${t.replaceAll('"', '""')}"` : t;
}

async function write(w: WriteStream, s: string) {
	if (!w.write(s)) await once(w, 'drain');
}

/** Does this look like an .xlsx: a ZIP whose first entries name parts under xl/ (a .docx has word/, a plain ZIP neither)? */
export function looksLikeXlsx(head: Uint8Array): boolean {
	if (!(head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04)) return false;
	const text = Buffer.from(head.subarray(0, Math.min(head.length, 1 << 16))).toString('latin1');
	return /xl\/(workbook|worksheets|styles|sharedStrings|theme|_rels)/.test(text);
}

/** A ZIP ends with its central directory: a file cut off before it is incomplete (ExcelJS's reader would wait forever). */
async function hasZipEnd(path: string): Promise<boolean> {
	const fh = await open(path, 'r');
	try {
		const size = (await fh.stat()).size;
		const n = Math.min(size, 22 + 65535);
		const buf = Buffer.alloc(n);
		await fh.read(buf, 0, n, size - n);
		for (let i = n - 22; i >= 0; i--) if (buf[i] === 0x50 && buf[i + 1] === 0x4b && buf[i + 2] === 0x05 && buf[i + 3] === 0x06) return true;
		return false;
	} finally {
		await fh.close();
	}
}

/**
 * ExcelJS parks a sheet stored before the shared strings in a temp file of the `tmp` package,
 * in the OS temp folder, and leaves it there when the parse fails. The same `tmp` module
 * ExcelJS loads is given a `file()` that, inside one of our conversions, creates the file in
 * our own temp folder under our own name (removed after the conversion, and at start after
 * a kill), so that the conversion can also watch its size.
 */
interface Parking {
	dir: string;
	files: string[];
}
const parking = new AsyncLocalStorage<Parking>();
const tmpOfExcel = createRequire(createRequire(import.meta.url).resolve('exceljs'))('tmp') as { file: (...args: unknown[]) => unknown; __causeway?: boolean };
if (!tmpOfExcel.__causeway) {
	const original = tmpOfExcel.file;
	tmpOfExcel.file = function (this: unknown, ...args: unknown[]) {
		const ctx = parking.getStore();
		const cb = args[args.length - 1];
		if (!ctx || typeof cb !== 'function') return original.apply(this, args);
		const path = join(ctx.dir, tempName('sheet', '.xml'));
		try {
			writeFileSync(path, '');
		} catch (e) {
			return (cb as (e: unknown) => void)(e);
		}
		ctx.files.push(path);
		// ExcelJS calls cleanup right after it opened a read stream on the file: removed a moment later, not under the open
		(cb as (e: null, path: string, fd: undefined, cleanup: () => void) => void)(null, path, undefined, () => void setTimeout(() => rmSync(path, { force: true }), 2000).unref());
	};
	tmpOfExcel.__causeway = true;
}

/** Excel's own limit: a sheet has at most 1,048,576 rows (a bomb of empty rows is refused past it). */
const EXCEL_ROWS = 1_048_576;
/** At most this many shared strings (every distinct text of a workbook; a real one holds far fewer). */
const MAX_SHARED_STRINGS = 16_000_000;

/** Write one sheet of the workbook at `source` as CSV to `out`. Refuses a workbook without data or without the sheet asked for. */
export async function xlsxToCsv(source: string, out: string, opts: XlsxOptions = {}): Promise<SheetInfo> {
	if (!opts.tmpDir) return convert(source, out, opts, null);
	const ctx: Parking = { dir: opts.tmpDir, files: [] };
	return parking.run(ctx, () => convert(source, out, opts, ctx)).finally(() => releaseParked(ctx.files));
}

/**
 * The parked files of a conversion: emptied at once (their space is free even while
 * ExcelJS still holds one open after a refusal), removed a moment later (a removal before
 * ExcelJS's own asynchronous open would let it create the file again).
 */
function releaseParked(files: string[]) {
	for (const f of files) {
		try {
			truncateSync(f, 0);
		} catch {
			/* not there (yet): removed below */
		}
	}
	setTimeout(() => {
		for (const f of files) rmSync(f, { force: true });
	}, 2000).unref();
}

async function convert(source: string, out: string, opts: XlsxOptions, ctx: Parking | null): Promise<SheetInfo> {
	if (!(await hasZipEnd(source))) throw new RefusedError('The Excel workbook is incomplete (its end is missing, as in a cut-off download or upload): save or upload it again.');
	const reader = new ExcelJS.stream.xlsx.WorkbookReader(source, {
		// emitted, not cached: we pack them (SharedStrings); sheets stored before them wait in a temp file
		sharedStrings: 'emit',
		styles: 'cache',
		hyperlinks: 'ignore',
		worksheets: 'emit',
		entries: 'ignore'
	});
	const w = createWriteStream(out, { highWaterMark: 1 << 20 });
	let info: SheetInfo | null = null;
	let bytes = 0;
	const strings = new SharedStrings();
	// parse() yields {eventType, value} for sheets, and each shared string as a bare {index, text} (ExcelJS 4.4)
	type Event = { eventType?: string; value?: unknown; index?: number; text?: Rich };
	const events = (reader as unknown as { parse: () => AsyncIterable<Event> }).parse();
	const limit = opts.limitBytes ?? Infinity;
	const tooBig = () => new RefusedError(`The workbook's sheet expands past ${Math.round(limit / 1048576)} MB, more than an import takes (twice the upload limit).`);
	// a parked sheet is written by ExcelJS as it inflates: its size is watched, and the read stopped past the limit
	let parkedOver = false;
	const watch = ctx && Number.isFinite(limit)
		? setInterval(() => {
				let n = 0;
				for (const f of ctx.files) n += (() => { try { return statSync(f).size; } catch { return 0; } })();
				if (n > limit) {
					parkedOver = true;
					(reader as unknown as { stream?: { destroy?: (e?: Error) => void } }).stream?.destroy?.(tooBig());
				}
			}, 100)
		: null;
	let rowEvents = 0;
	try {
		for await (const ev of events) {
			if (ev.eventType === undefined && typeof ev.index === 'number') {
				strings.push(textOf(ev.text));
				if (strings.count % 10000 === 0) {
					opts.signal?.throwIfAborted();
					if (strings.count > MAX_SHARED_STRINGS || strings.bytes > limit) throw new RefusedError(`The workbook holds more shared text than an import takes (${strings.count.toLocaleString('en')} strings, ${Math.round(strings.bytes / 1048576)} MB).`);
				}
				continue;
			}
			if (parkedOver) throw tooBig();
			const { eventType, value } = ev;
			if (eventType !== 'worksheet') continue;
			const sheet = value as ExcelJS.Worksheet & AsyncIterable<ExcelJS.Row>;
			const name = String(sheet.name ?? '');
			// sheets wait in temp files until the shared strings are read; one we do not read is skipped unparsed,
			// and going on to the next event lets ExcelJS remove its temp file (breaking out would leave it until exit)
			if (info || (opts.sheet !== undefined && name !== opts.sheet)) {
				(sheet as unknown as { iterator?: { destroy?: () => void } }).iterator?.destroy?.();
				continue;
			}
			let rows = 0;
			let lastRow = 0;
			let width = 0;
			let truncated = false;
			for await (const row of sheet) {
				// every row counts, empty ones too: a bomb of empty rows is stopped as a full one is
				if (++rowEvents % 1000 === 0) opts.signal?.throwIfAborted();
				if (rowEvents > EXCEL_ROWS + 1) throw new RefusedError(`The sheet has more rows than Excel allows (${EXCEL_ROWS.toLocaleString('en')}).`);
				const values = (row.values as ExcelJS.CellValue[]) ?? [];
				const cells: string[] = [];
				for (let c = 1; c < values.length; c++) cells.push(cellText(values[c], strings));
				while (cells.length && cells[cells.length - 1] === '') cells.pop();
				if (cells.length === 0) continue;
				if (rows === 0) width = cells.length;
				// blank rows stay blank lines, so line numbers are the sheet's row numbers
				const gap = lastRow ? Math.min(row.number - lastRow - 1, 1000) : Math.min(row.number - 1, 1000);
				let line = (gap > 0 && rows > 0 ? '\n'.repeat(gap) : '') + cells.map(csvField).join(',');
				// short rows padded to the header's width (Excel drops trailing empty cells)
				if (cells.length < width) line += ','.repeat(width - cells.length);
				await write(w, line + '\n');
				bytes += Buffer.byteLength(line) + 1;
				rows++;
				lastRow = row.number;
				if (rows % 10000 === 0) opts.onRows?.(rows);
				if (opts.limitBytes && bytes > opts.limitBytes)
					throw new RefusedError(`The workbook's sheet expands past ${Math.round(opts.limitBytes / 1048576)} MB of text, more than an import takes (twice the upload limit).`);
				if (rows % 1000 === 0) opts.signal?.throwIfAborted();
				if (opts.maxBytes && bytes >= opts.maxBytes) {
					truncated = true;
					break;
				}
			}
			if (rows === 0 && opts.sheet === undefined) continue; // an empty sheet: the next one
			info = { sheets: sheetNames(reader), sheet: name, rows, truncated };
		}
	} catch (e) {
		w.destroy();
		if (parkedOver) throw tooBig();
		if (e instanceof RefusedError) throw e;
		if (opts.signal?.aborted) throw opts.signal.reason;
		throw new RefusedError(`The Excel workbook could not be read: ${shown((e as Error).message, 120)}.`);
	} finally {
		if (watch) clearInterval(watch);
		(reader as unknown as { stream?: { destroy?: () => void } }).stream?.destroy?.();
	}
	w.end();
	await once(w, 'finish').catch(() => undefined);
	const sheets = sheetNames(reader);
	if (!info) {
		if (opts.sheet !== undefined)
			throw new RefusedError(`The workbook has no sheet "${shown(opts.sheet)}" (sheets: ${sheets.map((s) => shown(s)).join(', ') || 'none'}).`);
		throw new RefusedError(`The Excel workbook has no sheet with data${sheets.length ? ` (sheets: ${sheets.map((s) => shown(s)).join(', ')})` : ''}.`);
	}
	if (info.rows === 0) throw new RefusedError(`The sheet "${shown(info.sheet)}" is empty.`);
	return { ...info, sheets: sheets.length ? sheets : [info.sheet] };
}

function sheetNames(reader: unknown): string[] {
	const model = (reader as { model?: { sheets?: { name: string }[] } }).model;
	return (model?.sheets ?? []).map((s) => String(s.name));
}
