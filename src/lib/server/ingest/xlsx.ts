// Excel workbooks (.xlsx): one sheet becomes a UTF-8 CSV temp file of ours, read
// as a stream (ExcelJS's streaming WorkbookReader: zip entries and sheet XML are
// parsed as they arrive, rows never all in memory), so the rest of the import
// treats it like any CSV export. Date cells become wall-clock times
// 'yyyy-mm-dd HH:MM:SS'; a time-only cell 'HH:MM:SS'; a date at midnight 'yyyy-mm-dd'.
import ExcelJS from 'exceljs';
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
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
	onRows?: (rows: number) => void;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** A cell's value as CSV text. */
export function cellText(v: ExcelJS.CellValue): string {
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
		if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
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

/** Does this look like an .xlsx (a ZIP whose first entries are a workbook's)? */
export function looksLikeXlsx(head: Uint8Array): boolean {
	if (!(head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04)) return false;
	const text = Buffer.from(head.subarray(0, Math.min(head.length, 1 << 16))).toString('latin1');
	return /\[Content_Types\]\.xml|xl\/|docProps\//.test(text);
}

/** Write one sheet of the workbook at `source` as CSV to `out`. Refuses a workbook without data or without the sheet asked for. */
export async function xlsxToCsv(source: string, out: string, opts: XlsxOptions = {}): Promise<SheetInfo> {
	const reader = new ExcelJS.stream.xlsx.WorkbookReader(source, {
		sharedStrings: 'cache',
		styles: 'cache',
		hyperlinks: 'ignore',
		worksheets: 'emit',
		entries: 'ignore'
	});
	const w = createWriteStream(out, { highWaterMark: 1 << 20 });
	let info: SheetInfo | null = null;
	let bytes = 0;
	try {
		for await (const sheet of reader as AsyncIterable<ExcelJS.Worksheet & AsyncIterable<ExcelJS.Row>>) {
			const name = String(sheet.name ?? '');
			if (opts.sheet !== undefined && name !== opts.sheet) {
				for await (const _ of sheet) void _; // drain: the next sheet follows in the stream
				continue;
			}
			let rows = 0;
			let lastRow = 0;
			let width = 0;
			let truncated = false;
			for await (const row of sheet) {
				const values = (row.values as ExcelJS.CellValue[]) ?? [];
				const cells: string[] = [];
				for (let c = 1; c < values.length; c++) cells.push(cellText(values[c]));
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
				if (opts.maxBytes && bytes >= opts.maxBytes) {
					truncated = true;
					break;
				}
			}
			if (rows === 0 && opts.sheet === undefined) continue; // an empty sheet: the next one
			info = { sheets: sheetNames(reader), sheet: name, rows, truncated };
			break;
		}
	} catch (e) {
		w.destroy();
		if (e instanceof RefusedError) throw e;
		throw new RefusedError(`The Excel workbook could not be read: ${shown((e as Error).message, 120)}.`);
	} finally {
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
