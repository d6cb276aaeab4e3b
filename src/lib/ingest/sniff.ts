// Sniffing a ticket export from its first bytes: encoding, binary or not, the
// delimiter, junk lines before the header, the header itself. Pure: runs in the
// browser (preview) and on the server (import).

export type Encoding = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';
export const ENCODINGS: Encoding[] = ['utf-8', 'gb18030', 'utf-16le', 'utf-16be'];
export const DELIMITERS = [',', ';', '\t', '|'] as const;
export type Delimiter = (typeof DELIMITERS)[number];
/** More columns than this are refused: each costs DuckDB memory per thread while staging (5,000 ran out of 1 GB). */
export const MAX_COLUMNS = 1000;

/** A file that cannot be a ticket export: the message is one sentence for the user. */
export class RefusedError extends Error {
	readonly refused = true;
}

/** Text from a file or a request as a sentence quotes it: control characters (line breaks, NUL) as spaces, at most `max` characters. */
export function shown(text: string, max = 40): string {
	const t = text.replace(/[\u0000-\u001f\u007f]+/g, ' ');
	return t.length > max ? `${t.slice(0, max)}…` : t;
}

export interface EncodingGuess {
	encoding: Encoding;
	/** Bytes of byte-order mark to skip. */
	bom: number;
	reason: string;
	/** Lines in UTF-8 and lines in GBK (two exports pasted together): each line is decoded in its own. */
	mixed?: boolean;
}

export function encodingAlias(name: string): Encoding | 'auto' {
	const n = name.trim().toLowerCase().replace(/_/g, '-');
	if (n === 'auto' || n === '') return 'auto';
	if (n === 'utf8' || n === 'utf-8' || n === 'utf-8-sig') return 'utf-8';
	if (n === 'gbk' || n === 'gb2312' || n === 'gb18030' || n === 'cp936') return 'gb18030';
	if (n === 'utf-16' || n === 'utf16' || n === 'utf-16le' || n === 'utf16le') return 'utf-16le';
	if (n === 'utf-16be' || n === 'utf16be') return 'utf-16be';
	throw new RefusedError(`Unknown encoding "${shown(name)}": use auto, utf-8, gbk or utf-16le.`);
}

export function delimiterAlias(name: string): Delimiter | 'auto' {
	const n = name.trim().toLowerCase();
	if (n === 'auto' || n === '') return 'auto';
	if (n === 'tab' || n === '\\t' || name === '\t') return '\t';
	if (n === 'comma') return ',';
	if (n === 'semicolon') return ';';
	if (n === 'pipe') return '|';
	if ((DELIMITERS as readonly string[]).includes(name)) return name as Delimiter;
	throw new RefusedError(`Unknown delimiter "${shown(name)}": use auto, ",", ";", tab or "|".`);
}

const MAGIC: [number[], string][] = [
	[[0x50, 0x4b, 0x03, 0x04], 'a ZIP archive, not an Excel workbook (.xlsx) or a CSV export'],
	[[0xd0, 0xcf, 0x11, 0xe0], 'an old Excel 97–2003 workbook (.xls), which is not supported: open it in Excel and save it as .xlsx or as CSV (UTF-8), then upload that'],
	[[0x25, 0x50, 0x44, 0x46], 'a PDF document, not a CSV export'],
	[[0x89, 0x50, 0x4e, 0x47], 'a PNG image, not a CSV export'],
	[[0xff, 0xd8, 0xff], 'a JPEG image, not a CSV export'],
	[[0x53, 0x51, 0x4c, 0x69, 0x74, 0x65], 'a SQLite database, not a CSV export'],
	[[0x44, 0x55, 0x43, 0x4b], 'a DuckDB database, not a CSV export']
];

export function isGzip(bytes: Uint8Array): boolean {
	return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Throws RefusedError for empty or binary content; else the encoding. */
export function detectEncoding(bytes: Uint8Array, override: Encoding | 'auto' = 'auto'): EncodingGuess {
	if (bytes.length === 0) throw new RefusedError('The file is empty.');
	for (const [magic, what] of MAGIC) {
		if (magic.every((b, i) => bytes[i] === b)) throw new RefusedError(`This file is ${what}.`);
	}
	let guess: EncodingGuess;
	if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) guess = { encoding: 'utf-8', bom: 3, reason: 'UTF-8 byte-order mark' };
	else if (bytes[0] === 0xff && bytes[1] === 0xfe) guess = { encoding: 'utf-16le', bom: 2, reason: 'UTF-16LE byte-order mark' };
	else if (bytes[0] === 0xfe && bytes[1] === 0xff) guess = { encoding: 'utf-16be', bom: 2, reason: 'UTF-16BE byte-order mark' };
	else if (looksUtf16(bytes, 1)) guess = { encoding: 'utf-16le', bom: 0, reason: 'UTF-16LE without a byte-order mark' };
	else if (looksUtf16(bytes, 0)) guess = { encoding: 'utf-16be', bom: 0, reason: 'UTF-16BE without a byte-order mark' };
	else if (isUtf8(bytes)) guess = { encoding: 'utf-8', bom: 0, reason: 'valid UTF-8' };
	else if (hasUtf8Line(bytes))
		guess = { encoding: 'gb18030', bom: 0, reason: 'lines in UTF-8 and lines in GBK/GB18030: each line is read in its own encoding', mixed: true };
	else guess = { encoding: 'gb18030', bom: 0, reason: 'not valid UTF-8: read as GBK/GB18030 (Chinese Excel)' };

	if (guess.encoding === 'utf-8' || guess.encoding === 'gb18030') {
		let controls = 0;
		const n = Math.min(bytes.length, 65536);
		for (let i = 0; i < n; i++) {
			const b = bytes[i];
			if (b === 0 || (b < 9 && b !== 0) || (b > 13 && b < 32 && b !== 27)) controls++;
		}
		if (controls > 0 && controls / n > 0.01) throw new RefusedError('This file is binary, not a CSV export (it holds control bytes that text never has).');
	}
	if (override !== 'auto') {
		const bom = override === guess.encoding ? guess.bom : bomLength(bytes, override);
		return { encoding: override, bom, reason: 'chosen by the user' };
	}
	return guess;
}

function bomLength(bytes: Uint8Array, enc: Encoding): number {
	if (enc === 'utf-8' && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 3;
	if (enc === 'utf-16le' && bytes[0] === 0xff && bytes[1] === 0xfe) return 2;
	if (enc === 'utf-16be' && bytes[0] === 0xfe && bytes[1] === 0xff) return 2;
	return 0;
}

/** Mostly-zero bytes at odd (LE) or even (BE) positions: ASCII text in UTF-16. */
function looksUtf16(bytes: Uint8Array, zeroAt: 0 | 1): boolean {
	const n = Math.min(bytes.length, 4096) & ~1;
	if (n < 8) return false;
	let zeros = 0;
	for (let i = zeroAt; i < n; i += 2) if (bytes[i] === 0) zeros++;
	return zeros / (n / 2) > 0.6;
}

/** Valid UTF-8, allowing a multi-byte sequence cut off at the end of the sample. */
export function isUtf8(bytes: Uint8Array): boolean {
	let end = bytes.length;
	// back off an incomplete trailing sequence
	for (let k = 1; k <= 3 && end - k >= 0; k++) {
		const b = bytes[end - k];
		if ((b & 0xc0) === 0x80) continue;
		if (b >= 0xc0) {
			const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
			if (need > k) end -= k;
		}
		break;
	}
	try {
		new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end));
		return true;
	} catch {
		return false;
	}
}

const LF = 0x0a;

/**
 * A complete line (the last, maybe cut, is not looked at) that is valid UTF-8 with Chinese in it. GBK bytes
 * can pass as UTF-8 by chance in a short line, but then read as Latin or Cyrillic letters: two CJK ideographs
 * are the evidence that UTF-8 lines sit among GBK ones.
 */
function hasUtf8Line(bytes: Uint8Array): boolean {
	const utf8 = new TextDecoder('utf-8', { fatal: true });
	for (let start = 0, nl = bytes.indexOf(LF); nl >= 0; start = nl + 1, nl = bytes.indexOf(LF, start)) {
		const line = bytes.subarray(start, nl);
		if (!line.some((b) => b >= 0x80)) continue;
		try {
			if ((utf8.decode(line).match(/[\u4e00-\u9fff]/g)?.length ?? 0) >= 2) return true;
		} catch {
			/* not UTF-8 */
		}
	}
	return false;
}

export interface TextDecoding {
	decode(bytes?: Uint8Array, options?: { stream?: boolean }): string;
}

/** The decoder for a guess: TextDecoder, or line by line for a file of mixed encodings. */
export function decoderFor(guess: EncodingGuess): TextDecoding {
	return guess.mixed ? new MixedLineDecoder() : new TextDecoder(guess.encoding);
}

/** A line longer than this is decoded as it stands (the reader refuses lines over 16 MB anyway). */
const MAX_CARRY = 32 << 20;

/** Decodes line by line: a line that is valid UTF-8 as UTF-8, any other as GB18030. LF is one byte in both. */
export class MixedLineDecoder implements TextDecoding {
	/** Lines read as GB18030 (not valid UTF-8), and the first of them (1-based physical line; 0: none). */
	gbkLines = 0;
	firstGbkLine = 0;
	#line = 0;
	#carry = new Uint8Array(0);
	#utf8 = new TextDecoder('utf-8', { fatal: true });
	#gbk = new TextDecoder('gb18030');

	decode(bytes: Uint8Array = new Uint8Array(0), options: { stream?: boolean } = {}): string {
		let buf = bytes;
		if (this.#carry.length) {
			buf = new Uint8Array(this.#carry.length + bytes.length);
			buf.set(this.#carry);
			buf.set(bytes, this.#carry.length);
		}
		const end = !options.stream || buf.length > MAX_CARRY ? buf.length : buf.lastIndexOf(LF) + 1;
		this.#carry = buf.slice(end);
		let out = '';
		for (let start = 0; start < end; ) {
			const nl = buf.indexOf(LF, start);
			const stop = nl < 0 || nl >= end ? end : nl + 1;
			const line = buf.subarray(start, stop);
			try {
				out += this.#utf8.decode(line);
			} catch {
				out += this.#gbk.decode(line);
				this.gbkLines++;
				if (!this.firstGbkLine) this.firstGbkLine = this.#line + 1;
			}
			if (buf[stop - 1] === LF) this.#line++;
			start = stop;
		}
		return out;
	}
}

/** Split text into records (arrays of fields), honouring quotes; stops after `limit` records. `complete` is false for a record cut by the end of the text. */
export function parseRecords(text: string, delimiter: string, limit = Infinity): { records: string[][]; lineOfRecord: number[] } {
	const records: string[][] = [];
	const lineOfRecord: number[] = [];
	let field = '';
	let row: string[] = [];
	let inQuotes = false;
	let line = 0;
	let recordLine = 0;
	let atFieldStart = true;
	for (let i = 0; i < text.length; i++) {
		const ch = text[i];
		if (inQuotes) {
			if (ch === '"') {
				if (text[i + 1] === '"') {
					field += '"';
					i++;
				} else inQuotes = false;
			} else {
				if (ch === '\n') line++;
				field += ch;
			}
			continue;
		}
		if (ch === '"' && atFieldStart) {
			inQuotes = true;
			atFieldStart = false;
		} else if (ch === delimiter) {
			row.push(field);
			field = '';
			atFieldStart = true;
		} else if (ch === '\n' || ch === '\r') {
			if (ch === '\r' && text[i + 1] === '\n') i++;
			row.push(field);
			records.push(row);
			lineOfRecord.push(recordLine);
			line++;
			recordLine = line;
			row = [];
			field = '';
			atFieldStart = true;
			if (records.length >= limit) return { records, lineOfRecord };
		} else {
			field += ch;
			atFieldStart = false;
		}
	}
	if (field !== '' || row.length > 0) {
		row.push(field);
		records.push(row);
		lineOfRecord.push(recordLine);
	}
	return { records, lineOfRecord };
}

export interface TableGuess {
	delimiter: Delimiter;
	/** Physical lines before the header (junk such as "Archive: …"). */
	junkLines: number;
	headers: string[];
	/** Header names as they stand in the file (may be empty or repeat). */
	rawHeaders: string[];
	rows: string[][];
}

/**
 * Find the delimiter and the header: the first line from which records have a
 * steady field count of at least two, for the delimiter that gives the steadiest table.
 * `complete`: the text is the whole file (else its last record may be cut).
 */
export function sniffTable(text: string, override: Delimiter | 'auto' = 'auto', sampleRecords = 200, complete = false): TableGuess {
	const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
	if (body.trim() === '') throw new RefusedError('The file is empty.');
	const candidates = override === 'auto' ? DELIMITERS : [override];
	let best: { score: number; guess: TableGuess; cut: boolean } | null = null;
	for (const d of candidates) {
		const { records, lineOfRecord } = parseRecords(body, d, sampleRecords + 12);
		// drop a last record cut off by the end of the sample (even the first row: a 10 MB
		// field in it must not make its start look like the header)
		const cutLast = !complete && !body.endsWith('\n');
		const headerCut = cutLast && records.length === 1;
		if (cutLast && records.length > 1) {
			records.pop();
			lineOfRecord.pop();
		}
		for (let start = 0; start < Math.min(10, records.length); start++) {
			const width = records[start].length;
			if (width < 2) continue;
			if (records[start].every((f) => f.trim() === '')) continue;
			const rest = records.slice(start + 1);
			const same = rest.filter((r) => r.length === width).length;
			const blank = rest.filter((r) => r.length === 1 && r[0] === '').length;
			const consistency = rest.length - blank === 0 ? 0.75 : same / (rest.length - blank);
			if (consistency < 0.6) continue;
			const score = consistency * Math.log2(width + 1) - start * 0.01;
			if (!best || score > best.score) {
				const rawHeaders = records[start].map((h) => h.trim());
				best = {
					score,
					// the header itself runs past the end of the sample
					cut: headerCut,
					guess: {
						delimiter: d,
						junkLines: lineOfRecord[start],
						rawHeaders,
						headers: uniqueHeaders(rawHeaders),
						rows: rest.filter((r) => !(r.length === 1 && r[0] === '')).slice(0, sampleRecords)
					}
				};
			}
			break;
		}
	}
	if (!best) throw new RefusedError('No header row found: the first lines do not form a table with two or more columns.');
	const headers = best.guess.rawHeaders;
	if (headers.length > MAX_COLUMNS)
		throw new RefusedError(
			`The header has ${headers.length.toLocaleString('en-US')}${best.cut ? ' or more' : ''} columns; at most ${MAX_COLUMNS.toLocaleString('en-US')} are supported: export only the columns you need.`
		);
	if (headers.filter((h) => h !== '').length === 0) throw new RefusedError('No header row found: the first row of the table has no column names.');
	const dataLike = headers.filter((h) => /^[\d\s.,:\/+-]+$/.test(h) && /\d/.test(h)).length;
	if (dataLike >= Math.max(2, headers.length / 2)) throw new RefusedError(`No header row found: the first row holds data (${headers.slice(0, 3).map((h) => shown(h)).join(', ')} …), not column names.`);
	return best.guess;
}

/** Empty names become column_N; repeats get _2, _3 … skipping names the file already has (a, a, a_2 → a, a_3, a_2). */
export function uniqueHeaders(raw: string[]): string[] {
	const names = raw.map((h, i) => h.replace(/^\ufeff/, '').trim() || `column_${i + 1}`);
	const taken = new Set(names);
	const used = new Set<string>();
	return names.map((name) => {
		if (!used.has(name)) {
			used.add(name);
			return name;
		}
		let k = 2;
		while (taken.has(`${name}_${k}`)) k++;
		const renamed = `${name}_${k}`;
		taken.add(renamed);
		used.add(renamed);
		return renamed;
	});
}
