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
	MixedLineDecoder,
	RefusedError,
	decoderFor,
	detectEncoding,
	isGzip,
	sniffTable,
	type Delimiter,
	type Encoding,
	type EncodingGuess,
	type TableGuess
} from '../../ingest/sniff';
import { DECOMPRESSED_FACTOR, DiskFullError, isDiskFull, maxDecompressedBytes } from './limits';
import { tempName } from './tempfiles';
import { looksLikeXlsx, xlsxToCsv, type SheetInfo } from './xlsx';

const SNIFF_BYTES = 256 * 1024;

export interface PrepareOptions {
	encoding?: Encoding | 'auto';
	delimiter?: Delimiter | 'auto';
	tmpDir: string;
	/** Aborted when the import's time is up: the read stops at the next chunk. */
	signal?: AbortSignal;
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
	/** Records with more or fewer fields than the header (1-based, header = 0): [record, fields]; the first 10,000. */
	wide: [number, number][];
	wideCount: number;
	/** Records over LONG_RECORD bytes, cut so that the reader rejects them for their length. */
	longCount: number;
}

export interface Prepared {
	/** The UTF-8 file DuckDB reads: header + records, nothing above. */
	path: string;
	encoding: Encoding;
	encodingReason: string;
	gzip: boolean;
	bytes: number;
	table: TableGuess;
	encodingNote: EncodingNote;
	/** The scan (complete before DuckDB reads the file). */
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



export async function prepareFile(source: string, opts: PrepareOptions): Promise<Prepared> {
	opts.signal?.throwIfAborted();
	const { head, size, gzip } = await readHead(source);
	if (!gzip && looksLikeXlsx(head)) return prepareWorkbook(source, size, opts);
	const enc = detectEncoding(head, opts.encoding ?? 'auto');
	const sample = decoderFor(enc).decode(head.subarray(enc.bom));
	const table = sniffTable(sample, opts.delimiter ?? 'auto', 200, head.length < SNIFF_BYTES);
	const shape: ScannerShape = { delimiter: table.delimiter.charCodeAt(0), width: table.headers.length };

	const out = join(opts.tmpDir, tempName('stage', '.csv'));
	const common = { path: out, encoding: enc.encoding, encodingReason: enc.reason, gzip, bytes: size, table, encodingNote: encodingNote(enc, head) };

	// Plain UTF-8 with nothing to strip: a kernel copy for DuckDB while the scan reads the source. The scan
	// ends before DuckDB reads: a record wider than the header means the copy is not what DuckDB may read.
	if (enc.encoding === 'utf-8' && enc.bom === 0 && table.junkLines === 0 && !gzip) {
		const copied = copyFile(source, out);
		copied.catch(() => undefined);
		let scan: Scan | null = null;
		try {
			[scan] = await Promise.all([scanFile(source, size, shape, opts), copied]);
		} catch (e) {
			await copied.catch(() => undefined);
			await rm(out, { force: true });
			throw readError(e);
		}
		if (scan.wideCount === 0 && scan.longCount === 0) return { ...common, scan: Promise.resolve(scan) };
		await rm(out, { force: true });
	}

	const hash = createHash('sha256');
	const writer = createWriteStream(out, { highWaterMark: 1 << 20 });
	const scan = new RecordScanner(table.junkLines, shape);
	const decoder = enc.encoding === 'utf-8' ? null : decoderFor(enc);
	let bomToSkip = enc.bom;
	let bytesIn = 0;
	let expanded = 0;
	let lastReport = 0;
	const maxExpanded = maxDecompressedBytes();

	const raw = createReadStream(source, { highWaterMark: 1 << 20 });
	raw.on('data', (c) => hash.update(c as Buffer));
	raw.on('data', (c) => (bytesIn += (c as Buffer).length));
	const input = gzip ? raw.pipe(createGunzip({ chunkSize: 1 << 20 })) : raw;
	try {
		for await (const chunk of input) {
			opts.signal?.throwIfAborted();
			let bytes = chunk as Buffer;
			// a gzip bomb stops here, as soon as it passes the cap: at most the cap is written
			if (gzip && (expanded += bytes.length) > maxExpanded)
				throw new RefusedError(
					`The gzip file expands to more than ${Math.round(maxExpanded / 1048576)} MB, the most a compressed upload may hold (${DECOMPRESSED_FACTOR} × CAUSEWAY_MAX_UPLOAD_MB).`
				);
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
		await writeChunk(writer, scan.end());
		writer.end();
		await once(writer, 'finish');
	} catch (e) {
		raw.destroy();
		writer.destroy();
		// a refused file leaves nothing behind (once the stream has closed, so that it cannot create the file after)
		await finished(writer).catch(() => undefined);
		await rm(out, { force: true });
		throw readError(e);
	}
	opts.onBytes?.(size, size, scan.records);
	const lines = decoder instanceof MixedLineDecoder ? { gbkLines: decoder.gbkLines, firstGbkLine: decoder.firstGbkLine } : {};
	return { ...common, encodingNote: { ...common.encodingNote, ...lines }, scan: Promise.resolve(scanResult(scan, hash.digest('hex'))) };
}

/** A stream error as the importer says it: ours as they are, a full disk as such, anything else as a file that could not be read. */
function readError(e: unknown): Error {
	if (e instanceof RefusedError) return e;
	if (isDiskFull(e)) return new DiskFullError();
	return new RefusedError(`The file could not be read to the end: ${(e as Error).message}.`);
}

/** What the summary says about how the bytes were read, when they were not plain UTF-8 by choice. */
export interface EncodingNote {
	/** The whole file read as GB18030 because its start is not valid UTF-8. */
	switched?: { firstLine: number; lines: number; sampledLines: number; validNonAscii: number };
	/** Lines of each encoding: how many were read as GB18030, and the first. */
	gbkLines?: number;
	firstGbkLine?: number;
}

/**
 * The whole file read as GB18030 by our guess: worth a warning when its start also holds lines of valid
 * UTF-8 with non-ASCII text, at least as many as the invalid ones (a UTF-8 export with a few bad bytes,
 * misread throughout). An ordinary GBK export, whose non-ASCII lines are nearly all invalid UTF-8, is not.
 */
function encodingNote(enc: EncodingGuess, head: Uint8Array): EncodingNote {
	if (enc.encoding !== 'gb18030' || enc.reason === 'chosen by the user' || enc.mixed) return {};
	const lines = invalidUtf8Lines(head);
	return lines.lines > 0 && lines.validNonAscii >= lines.lines ? { switched: lines } : {};
}

/** In the sampled start of a file: the complete lines that are not valid UTF-8, the first of them (1-based), and the valid ones with non-ASCII text. */
export function invalidUtf8Lines(head: Uint8Array): { firstLine: number; lines: number; sampledLines: number; validNonAscii: number } {
	const utf8 = new TextDecoder('utf-8', { fatal: true });
	let firstLine = 0;
	let lines = 0;
	let validNonAscii = 0;
	let n = 0;
	for (let start = 0; start < head.length; ) {
		const nl = head.indexOf(LF, start);
		if (nl < 0 && n > 0) break; // a last line cut by the end of the sample
		const stop = nl < 0 ? head.length : nl;
		n++;
		const line = head.subarray(start, stop);
		if (line.some((b) => b >= 0x80)) {
			try {
				utf8.decode(line);
				validNonAscii++;
			} catch {
				lines++;
				if (!firstLine) firstLine = n;
			}
		}
		start = stop + 1;
	}
	return { firstLine, lines, sampledLines: n, validNonAscii };
}

/** An .xlsx: its sheet streams to a CSV of ours, which is then prepared like any export (junk lines above the header included). */
async function prepareWorkbook(source: string, size: number, opts: PrepareOptions): Promise<Prepared> {
	const csv = join(opts.tmpDir, tempName('sheet', '.csv'));
	try {
		const workbook = await xlsxToCsv(source, csv, { sheet: opts.sheet, limitBytes: maxDecompressedBytes(), signal: opts.signal, tmpDir: opts.tmpDir, onRows: (rows) => opts.onBytes?.(0, size, rows) });
		const prepared = await prepareFile(csv, { ...opts, encoding: 'utf-8', sheet: undefined });
		await prepared.scan;
		return { ...prepared, bytes: size, encodingReason: `Excel workbook, sheet "${workbook.sheet}"`, workbook };
	} finally {
		await rm(csv, { force: true });
	}
}

function scanResult(scan: RecordScanner, sha256: string): Scan {
	return {
		sha256,
		records: Math.max(0, scan.records - 1),
		multiline: scan.multiline,
		blank: scan.blank,
		nul: scan.nul,
		wide: scan.wide,
		wideCount: scan.wideCount,
		longCount: scan.longCount
	};
}

async function scanFile(path: string, size: number, shape: ScannerShape, opts: PrepareOptions): Promise<Scan> {
	const hash = createHash('sha256');
	const scan = new RecordScanner(0, shape);
	let done = 0;
	let lastReport = 0;
	for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
		opts.signal?.throwIfAborted();
		hash.update(chunk as Buffer);
		scan.feed(chunk as Buffer);
		done += (chunk as Buffer).length;
		if (opts.onBytes && done - lastReport > 4 << 20) {
			lastReport = done;
			opts.onBytes(done, size, scan.records);
		}
	}
	scan.end();
	opts.onBytes?.(size, size, scan.records);
	return scanResult(scan, hash.digest('hex'));
}

async function writeChunk(w: WriteStream, b: Buffer) {
	if (b.length === 0) return;
	if (!w.write(b)) await once(w, 'drain');
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
/** Ends a record that was cut for being wider than the header: a non-empty extra field, so the reader rejects the row (at the cost of one error). */
const CUT_MARK = Buffer.from('\u2026', 'utf8');
/** Over-wide records noted with their field count; past this many the reader's own reason stands for the rest. */
const MAX_WIDE_NOTED = 10_000;

export interface ScannerShape {
	/** The delimiter byte. */
	delimiter: number;
	/** Fields in the header: a record with non-empty fields past these is cut right after them. */
	width: number;
}

/**
 * Counts records in UTF-8 bytes (quote-aware: a quote toggles, so "" inside a
 * quoted field nets out) and drops the first `skipLines` physical lines.
 *
 * Given the table's shape, it also makes every record the reader sees cheap to check. DuckDB's
 * reader does work per missing or extra field times the line's length (a row of 10^6 fields ran
 * for hours; one 8 MB field under a 1,000-column header, a minute). So a record with more fields
 * than the header is cut right after the header's fields, and one with fewer gets the missing
 * delimiters; either then ends with one marker field, which the reader rejects at the cost of one
 * error, and is noted in `wide` with its real field count. A record whose extra fields are all
 * empty (trailing delimiters, which the reader ignores) just loses them.
 */
export class RecordScanner {
	records = 0;
	multiline: [number, number][] = [];
	/** Records that are blank lines: DuckDB counts them as lines but yields no row. */
	blank: number[] = [];
	/** Records holding NUL bytes, which text never has. */
	nul: number[] = [];
	/** Records (1-based, header = 0) with more or fewer fields than the header: [record, fields]. */
	wide: [number, number][] = [];
	/** All such records, also those past MAX_WIDE_NOTED. */
	wideCount = 0;
	/** Records cut for being longer than LONG_RECORD. */
	longCount = 0;
	#skip: number;
	#inQuotes = false;
	#newlinesInRecord = 0;
	#pending = false; // a record has started and not ended
	#delim: number;
	#width: number;
	#field = 0; // index of the current field in the record
	#cut = false; // dropping the rest of an over-wide record
	#long: { quoted: boolean } | null = null; // dropping the rest of a record over LONG_RECORD bytes
	#recordBytes = 0; // bytes of the current record before this chunk
	#extra = false; // a field past the header's width holds something
	#prev = 0; // the byte before, across chunks
	#heldCR = false;

	#special = new Uint8Array(256);

	constructor(skipLines: number, shape?: ScannerShape) {
		this.#skip = skipLines;
		this.#delim = shape?.delimiter ?? -1;
		this.#width = shape?.width ?? Infinity;
		for (const c of [0, LF, CR, QUOTE]) this.#special[c] = 1;
		if (this.#delim >= 0) this.#special[this.#delim] = 1;
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
		let field = this.#field;
		let cut = this.#cut;
		let extra = this.#extra;
		let held = this.#heldCR; // a CR that ended the last chunk, not yet given out
		const delim = this.#delim;
		const width = this.#width;
		const out: Buffer[] = [];
		const emit = (x: Uint8Array) => {
			if (held) out.push(CR_BYTE);
			held = false;
			if (x.length) out.push(x as Buffer);
		};
		let from = cut ? -1 : 0; // start of the bytes being kept, -1 while cutting
		const special = this.#special;
		let lastEnd = -1; // just after the last record end in this chunk
		for (let i = 0; i < b.length; i++) {
			const c = b[i];
			// most bytes are none of NUL, LF, CR, quote, delimiter: one table look-up (past the header, a field
			// at or over the width only occurs while cutting)
			if (special[c] === 0) {
				pending = true;
				if (cut) extra = true;
				continue;
			}
			if (c === QUOTE) {
				inQuotes = !inQuotes;
				pending = true;
				if (field >= width) extra = true;
			} else if (c === LF) {
				if (inQuotes) nlIn++;
				else {
					if (nlIn > 0) this.multiline.push([this.records, nlIn]);
					if (!pending) this.blank.push(this.records);
					const prev = i > 0 ? b[i - 1] : this.#prev;
					const long = this.#long;
					const fix = long ? null : pending && this.records > 0 ? this.#misfit(field, cut, extra) : null;
					lastEnd = i + 1;
					if (long) {
						// over the reader's line limit as it is: closed where it was cut, the reader rejects it for its length
						out.push(long.quoted ? QUOTE_BYTE : EMPTY, prev === CR ? CRLF : LF_BYTE);
						from = i + 1;
						this.#long = null;
					} else if (fix) {
						// the fix goes before the line's end (CRLF or LF)
						if (!cut) {
							if (prev !== CR) emit(b.subarray(from, i));
							else if (i > from) emit(b.subarray(from, i - 1));
						}
						held = false;
						out.push(fix, prev === CR ? CRLF : LF_BYTE);
						from = i + 1;
					} else if (cut) {
						out.push(prev === CR ? CRLF : LF_BYTE);
						from = i + 1;
					}
					cut = false;
					this.records++;
					nlIn = 0;
					pending = false;
					field = 0;
					extra = false;
				}
			} else if (c !== CR) {
				pending = true;
				if (c === delim && !inQuotes) {
					field++;
					// the header (record 0) is as wide as the table by definition
					if (field === width && this.records > 0 && !cut) {
						emit(b.subarray(from, i));
						from = -1;
						cut = true;
					}
				} else {
					if (field >= width) extra = true;
					if (c === 0 && this.nul[this.nul.length - 1] !== this.records) this.nul.push(this.records);
				}
			}
		}
		// a CR at the end of the chunk may end a record that needs a fix before it: hold it back
		if (from >= 0) {
			const to = b.length > from && b[b.length - 1] === CR && !inQuotes ? b.length - 1 : b.length;
			emit(b.subarray(from, to));
			held = to < b.length;
		}
		// a record longer than the reader takes: past LONG_RECORD the rest is dropped (DuckDB's reader, given a line
		// longer than its buffer, drops the row without a word; at this length it rejects it as too long)
		this.#recordBytes = lastEnd < 0 ? this.#recordBytes + b.length : b.length - lastEnd;
		if (pending && !cut && this.records > 0 && this.#recordBytes > LONG_RECORD) {
			cut = true;
			this.#long = { quoted: inQuotes };
			this.longCount++;
			held = false; // (a CR where the record is cut goes with the rest)
		}
		this.#inQuotes = inQuotes;
		this.#newlinesInRecord = nlIn;
		this.#pending = pending;
		this.#field = field;
		this.#cut = cut;
		this.#extra = extra;
		if (b.length) this.#prev = b[b.length - 1];
		this.#heldCR = held;
		return out.length === 1 ? out[0] : Buffer.concat(out);
	}

	/**
	 * A record (not the header) as wide as the header or not: null, or the bytes that end it instead of
	 * its own — a marker field after the cut of one too wide, the missing delimiters and a marker for one
	 * too short (the reader reports a short row once per missing column, each time over the whole line).
	 */
	#misfit(field: number, cut: boolean, extra: boolean): Buffer | null {
		const fields = field + 1;
		if (cut ? !extra : fields >= this.#width || this.#delim < 0) return null;
		this.wideCount++;
		if (this.wide.length < MAX_WIDE_NOTED) this.wide.push([this.records, fields]);
		const pad = cut ? 0 : this.#width - fields;
		return Buffer.concat([Buffer.alloc(pad + 1, this.#delim), CUT_MARK]);
	}

	/** Returns the bytes that end a record cut off by the end of the file. */
	end(): Buffer {
		let tail: Buffer = Buffer.alloc(0);
		if (this.#pending) {
			if (this.#newlinesInRecord > 0) this.multiline.push([this.records, this.#newlinesInRecord]);
			// (a quote left open: the reader says so; nothing is added inside it)
			if (this.#long) tail = this.#long.quoted ? QUOTE_BYTE : EMPTY;
			else if (this.records > 0 && !this.#inQuotes) tail = this.#misfit(this.#field, this.#cut, this.#extra) ?? tail;
			this.#long = null;
			this.records++;
			this.#pending = false;
		}
		if (this.#heldCR) tail = Buffer.concat([tail, CR_BYTE]);
		this.#heldCR = false;
		return tail;
	}
}

const CRLF = Buffer.from([CR, LF]);
const LF_BYTE = Buffer.from([LF]);
const CR_BYTE = Buffer.from([CR]);
const QUOTE_BYTE = Buffer.from([QUOTE]);
const EMPTY = Buffer.alloc(0);
/** Past this many bytes a record is cut (the reader rejects lines over 16 MB, and drops those over its 32 MB buffer silently). */
export const LONG_RECORD = 20 << 20;
