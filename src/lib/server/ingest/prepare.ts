// Step one of an import: read the user's file as a stream (gunzip when it is
// gzip), sniff it, decode it to UTF-8 into a temp file of ours without the junk
// lines above the header, and note which records span several lines so that
// reject line numbers are the file's real line numbers. DuckDB then reads only
// that temp file, never a path a user typed.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { copyFile, open, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import {
	RefusedError,
	decoderFor,
	detectEncoding,
	isGzip,
	sniffTable,
	type Delimiter,
	type Encoding,
	type TableGuess
} from '../../ingest/sniff';
import { looksLikeXlsx, xlsxToCsv, type SheetInfo } from './xlsx';

const SNIFF_BYTES = 256 * 1024;

export interface PrepareOptions {
	encoding?: Encoding | 'auto';
	delimiter?: Delimiter | 'auto';
	tmpDir: string;
	/** An Excel workbook: the sheet to import (default the first with data). */
	sheet?: string;
	onBytes?: (done: number, total: number, records: number) => void;
}

/** What one pass over the bytes learns: counts for line numbers, and the file's hash. */
export interface Scan {
	sha256: string;
	/** Records after the header, counted quote-aware. */
	records: number;
	/** For records (1-based, header = 0) that hold line breaks inside quotes: [record, newlines inside it]. */
	multiline: [number, number][];
	/** Blank records (1-based, header = 0). */
	blank: number[];
	/** Records holding NUL bytes (1-based, header = 0). */
	nul: number[];
}

export interface Prepared {
	/** The UTF-8 file DuckDB reads: header + records, nothing above. */
	path: string;
	encoding: Encoding;
	encodingReason: string;
	gzip: boolean;
	bytes: number;
	table: TableGuess;
	/** The scan; for a plain UTF-8 file it runs while DuckDB reads the copy. */
	scan: Promise<Scan>;
	/** An Excel workbook: the sheet read and the sheets in it. */
	workbook?: SheetInfo;
}

async function readHead(path: string): Promise<{ head: Uint8Array; size: number; gzip: boolean }> {
	const size = (await stat(path)).size;
	if (size === 0) throw new RefusedError('The file is empty.');
	const fh = await open(path, 'r');
	try {
		const buf = Buffer.alloc(Math.min(size, SNIFF_BYTES));
		const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
		let head: Uint8Array = buf.subarray(0, bytesRead);
		const gzip = isGzip(head);
		if (gzip) head = await gunzipHead(path);
		return { head, size, gzip };
	} finally {
		await fh.close();
	}
}

/** The first SNIFF_BYTES of a gzip file's content. */
async function gunzipHead(path: string): Promise<Uint8Array> {
	const chunks: Buffer[] = [];
	let n = 0;
	const src = createReadStream(path).pipe(createGunzip());
	try {
		for await (const c of src) {
			chunks.push(c as Buffer);
			n += (c as Buffer).length;
			if (n >= SNIFF_BYTES) break;
		}
	} catch (e) {
		if (n === 0) throw new RefusedError(`The gzip file is damaged: ${(e as Error).message}.`);
	} finally {
		src.destroy();
	}
	return Buffer.concat(chunks).subarray(0, SNIFF_BYTES);
}


export function tempName(dir: string, kind: string, ext: string): string {
	return join(dir, `${kind}-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}.${ext}`);
}

export async function prepareFile(source: string, opts: PrepareOptions): Promise<Prepared> {
	const { head, size, gzip } = await readHead(source);
	if (!gzip && looksLikeXlsx(head)) return prepareWorkbook(source, size, opts);
	const enc = detectEncoding(head, opts.encoding ?? 'auto');
	const sample = decoderFor(enc).decode(head.subarray(enc.bom));
	const table = sniffTable(sample, opts.delimiter ?? 'auto', 200, head.length < SNIFF_BYTES);

	const out = join(opts.tmpDir, `stage-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}.csv`);
	const common = { path: out, encoding: enc.encoding, encodingReason: enc.reason, gzip, bytes: size, table };

	// Plain UTF-8 with nothing to strip: a kernel copy for DuckDB, and the scan in parallel with its read.
	if (enc.encoding === 'utf-8' && enc.bom === 0 && table.junkLines === 0 && !gzip) {
		await copyFile(source, out);
		const scan = scanFile(out, size, opts.onBytes);
		scan.catch(() => undefined); // awaited by the caller; never an unhandled rejection
		return { ...common, scan };
	}

	const hash = createHash('sha256');
	const writer = createWriteStream(out, { highWaterMark: 1 << 20 });
	const scan = new RecordScanner(table.junkLines);
	const decoder = enc.encoding === 'utf-8' ? null : decoderFor(enc);
	let bomToSkip = enc.bom;
	let bytesIn = 0;
	let lastReport = 0;

	const raw = createReadStream(source, { highWaterMark: 1 << 20 });
	raw.on('data', (c) => hash.update(c as Buffer));
	raw.on('data', (c) => (bytesIn += (c as Buffer).length));
	const input = gzip ? raw.pipe(createGunzip({ chunkSize: 1 << 20 })) : raw;
	try {
		for await (const chunk of input) {
			let bytes = chunk as Buffer;
			if (bomToSkip > 0) {
				const k = Math.min(bomToSkip, bytes.length);
				bytes = bytes.subarray(k);
				bomToSkip -= k;
			}
			const utf8 = decoder ? Buffer.from(decoder.decode(bytes, { stream: true }), 'utf8') : bytes;
			await writeChunk(writer, scan.feed(utf8));
			if (opts.onBytes && bytesIn - lastReport > 4 << 20) {
				lastReport = bytesIn;
				opts.onBytes(bytesIn, size, scan.records);
			}
		}
		if (decoder) await writeChunk(writer, scan.feed(Buffer.from(decoder.decode(), 'utf8')));
		scan.end();
	} catch (e) {
		writer.destroy();
		// a refused file leaves nothing behind (once the stream has closed, so that it cannot create the file after)
		await finished(writer).catch(() => undefined);
		await rm(out, { force: true });
		if (e instanceof RefusedError) throw e;
		throw new RefusedError(`The file could not be read to the end: ${(e as Error).message}.`);
	}
	writer.end();
	await once(writer, 'finish');
	opts.onBytes?.(size, size, scan.records);
	return { ...common, scan: Promise.resolve(scanResult(scan, hash.digest('hex'))) };
}

/** An .xlsx: its sheet streams to a CSV of ours, which is then prepared like any export (junk lines above the header included). */
async function prepareWorkbook(source: string, size: number, opts: PrepareOptions): Promise<Prepared> {
	const csv = tempName(opts.tmpDir, 'sheet', 'csv');
	try {
		const workbook = await xlsxToCsv(source, csv, { sheet: opts.sheet, onRows: (rows) => opts.onBytes?.(0, size, rows) });
		const prepared = await prepareFile(csv, { ...opts, encoding: 'utf-8', sheet: undefined });
		await prepared.scan;
		return { ...prepared, bytes: size, encodingReason: `Excel workbook, sheet "${workbook.sheet}"`, workbook };
	} finally {
		await rm(csv, { force: true });
	}
}

function scanResult(scan: RecordScanner, sha256: string): Scan {
	return { sha256, records: Math.max(0, scan.records - 1), multiline: scan.multiline, blank: scan.blank, nul: scan.nul };
}

async function scanFile(path: string, size: number, onBytes?: PrepareOptions['onBytes']): Promise<Scan> {
	const hash = createHash('sha256');
	const scan = new RecordScanner(0);
	let done = 0;
	let lastReport = 0;
	for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
		hash.update(chunk as Buffer);
		scan.feed(chunk as Buffer);
		done += (chunk as Buffer).length;
		if (onBytes && done - lastReport > 4 << 20) {
			lastReport = done;
			onBytes(done, size, scan.records);
		}
	}
	scan.end();
	onBytes?.(size, size, scan.records);
	return scanResult(scan, hash.digest('hex'));
}

async function writeChunk(w: WriteStream, b: Buffer) {
	if (b.length === 0) return;
	if (!w.write(b)) await once(w, 'drain');
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/**
 * Counts records in UTF-8 bytes (quote-aware: a quote toggles, so "" inside a
 * quoted field nets out) and drops the first `skipLines` physical lines.
 */
export class RecordScanner {
	records = 0;
	multiline: [number, number][] = [];
	/** Records that are blank lines: DuckDB counts them as lines but yields no row. */
	blank: number[] = [];
	/** Records holding NUL bytes, which text never has. */
	nul: number[] = [];
	#skip: number;
	#inQuotes = false;
	#newlinesInRecord = 0;
	#pending = false; // a record has started and not ended

	constructor(skipLines: number) {
		this.#skip = skipLines;
	}

	/** Returns the bytes to keep. */
	feed(bytes: Buffer): Buffer {
		let start = 0;
		while (this.#skip > 0 && start < bytes.length) {
			const nl = bytes.indexOf(LF, start);
			if (nl < 0) return Buffer.alloc(0);
			start = nl + 1;
			this.#skip--;
		}
		const b = start > 0 ? bytes.subarray(start) : bytes;
		let inQuotes = this.#inQuotes;
		let nlIn = this.#newlinesInRecord;
		let pending = this.#pending;
		for (let i = 0; i < b.length; i++) {
			const c = b[i];
			if (c === QUOTE) {
				inQuotes = !inQuotes;
				pending = true;
			} else if (c === LF) {
				if (inQuotes) nlIn++;
				else {
					if (nlIn > 0) this.multiline.push([this.records, nlIn]);
					if (!pending) this.blank.push(this.records);
					this.records++;
					nlIn = 0;
					pending = false;
				}
			} else if (c !== CR) {
				pending = true;
				if (c === 0 && this.nul[this.nul.length - 1] !== this.records) this.nul.push(this.records);
			}
		}
		this.#inQuotes = inQuotes;
		this.#newlinesInRecord = nlIn;
		this.#pending = pending;
		return b;
	}

	end() {
		if (this.#pending) {
			if (this.#newlinesInRecord > 0) this.multiline.push([this.records, this.#newlinesInRecord]);
			this.records++;
			this.#pending = false;
		}
	}
}
