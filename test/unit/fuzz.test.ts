// Random input for the sniffer (encoding, delimiter, header) and the date parser,
// for a bounded time each: they may refuse (RefusedError) but never throw anything
// else, never take long on one input, and what they return stays in range; tables
// and dates written out and read back come back the same.
//
// The seed is random per run and printed in a failure's message; rerun with it:
//   FUZZ_SEED=123 npx vitest run test/unit/fuzz.test.ts
// FUZZ_MS sets the time each property runs (default 1000).
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../scripts/prng';
import gbk from '../integration/gbk';
import {
	DELIMITERS,
	ENCODINGS,
	MAX_COLUMNS,
	MixedLineDecoder,
	RefusedError,
	decoderFor,
	delimiterAlias,
	detectEncoding,
	encodingAlias,
	isUtf8,
	parseRecords,
	sniffTable,
	uniqueHeaders
} from '../../src/lib/ingest/sniff';
import { chooseDateCandidate, dateCandidates, looksLikeDateHeader, parseDate, type DateCandidate, type ParsedDate } from '../../src/lib/ingest/dates';

const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 32));
const BUDGET_MS = Number(process.env.FUZZ_MS ?? 1000);
/** One input taking longer than this, twice in a row (once may be a GC pause on a busy machine), is a hang in the making. */
const SLOW_MS = 1000;

type Rnd = () => number;

/** Run `check` on inputs from `gen` for the time budget; a failure names the seed, the run and the input. */
function fuzz<T>(name: string, gen: (rnd: Rnd) => T, check: (input: T) => void, budget = BUDGET_MS): number {
	const rnd = mulberry32(SEED ^ hashName(name));
	const end = performance.now() + budget;
	let runs = 0;
	while (performance.now() < end) {
		const input = gen(rnd);
		const started = performance.now();
		try {
			check(input);
		} catch (e) {
			throw new Error(`${name} failed on run ${runs} (FUZZ_SEED=${SEED}): ${(e as Error).message}\ninput: ${show(input)}`);
		}
		let took = performance.now() - started;
		if (took > SLOW_MS) {
			const again = performance.now();
			check(input);
			took = Math.min(took, performance.now() - again);
		}
		if (took > SLOW_MS) throw new Error(`${name} took ${took.toFixed(0)} ms on run ${runs} (FUZZ_SEED=${SEED})\ninput: ${show(input)}`);
		runs++;
	}
	return runs;
}

function hashName(s: string): number {
	let h = 2166136261;
	for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
	return h >>> 0;
}

function show(x: unknown): string {
	const text = x instanceof Uint8Array ? `bytes ${Buffer.from(x).toString('hex')}` : JSON.stringify(x);
	return text.length > 2000 ? `${text.slice(0, 2000)}… (${text.length} chars)` : text;
}

/** fn may return or throw a RefusedError with one sentence; anything else fails. */
function refusesOrReturns<T>(fn: () => T): T | null {
	try {
		return fn();
	} catch (e) {
		if (!(e instanceof RefusedError)) throw new Error(`threw ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`);
		if (/[\u0000-\u001f\u007f]/.test(e.message) || e.message.length > 1000) throw new Error(`a refusal that is not one line of text: ${JSON.stringify(e.message.slice(0, 1100))}`);
		return null;
	}
}

const int = (rnd: Rnd, lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
const pick = <T>(rnd: Rnd, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];

// ---------------------------------------------------------------------------
// Sniffer inputs

const PIECES = ['a', 'b', 'Z', '0', '7', '42', ' ', '  ', '"', '""', ',', ';', '\t', '|', '\n', '\r\n', '\r', '中', '文', '支付失败', 'é', '\ufeff', '\0', '=', '-', '2024-03-01 10:00', '03/04/2024', '…', '😀'];

function randomText(rnd: Rnd, max = 60): string {
	let s = '';
	for (let n = int(rnd, 0, max); n > 0; n--) s += pick(rnd, PIECES);
	return s;
}

interface Table {
	delimiter: (typeof DELIMITERS)[number];
	rows: string[][];
}

/** A table of awkward fields: quotes, line breaks, the delimiter itself, Chinese, emoji. */
function randomTable(rnd: Rnd, opts: { plainNames?: boolean } = {}): Table {
	const delimiter = pick(rnd, DELIMITERS);
	const others = DELIMITERS.filter((d) => d !== delimiter);
	const width = int(rnd, 2, 9);
	const field = () => {
		let f = '';
		for (let n = int(rnd, 0, 6); n > 0; n--) f += pick(rnd, ['x', 'Q', '9', ' ', '"', '\n', '\r\n', delimiter, '中', '😀', 'é', "'", '=1+1']);
		// other candidate delimiters stay out: with them the table is honestly ambiguous
		return others.reduce((t, d) => t.replaceAll(d, ''), f);
	};
	const header = Array.from({ length: width }, (_, i) => (opts.plainNames ? `col ${String.fromCharCode(97 + i)}${pick(rnd, ['', '名', '_id'])}` : field()));
	const rows = [header];
	for (let r = int(rnd, opts.plainNames ? 3 : 0, 25); r > 0; r--) rows.push(Array.from({ length: width }, field));
	return { delimiter, rows };
}

function writeTable(t: Table, eol = '\n'): string {
	const cell = (f: string) => (f.includes(t.delimiter) || /["\r\n]/.test(f) ? `"${f.replaceAll('"', '""')}"` : f);
	return t.rows.map((r) => r.map(cell).join(t.delimiter) + eol).join('');
}

function randomBytes(rnd: Rnd): Uint8Array {
	switch (int(rnd, 0, 6)) {
		case 0:
			return new Uint8Array(int(rnd, 0, 3000)).map(() => int(rnd, 0, 255));
		case 1:
			return Buffer.from(randomText(rnd, 400), 'utf8');
		case 2: {
			// a table in GBK (the characters GBK has)
			const text = writeTable(randomTable(rnd)).replace(/[^\x00-\x7f中文支付失败]/g, '?');
			return gbk(text);
		}
		case 3: {
			const text = writeTable(randomTable(rnd));
			const body = Buffer.from(text, 'utf16le');
			return rnd() < 0.5 ? Buffer.concat([Buffer.from([0xff, 0xfe]), body]) : body;
		}
		case 4: {
			// UTF-8 lines and GBK lines in one file
			const lines = Array.from({ length: int(rnd, 1, 12) }, () => `${int(rnd, 1, 99)},2024-03-0${int(rnd, 1, 9)},${pick(rnd, ['支付失败', '中文', 'plain', '文中'])}\n`);
			return Buffer.concat(lines.map((l) => (rnd() < 0.5 ? Buffer.from(l, 'utf8') : Buffer.from(gbk(l)))));
		}
		default: {
			// a table as UTF-8, maybe with a BOM, cut anywhere, with a few bytes flipped
			let b = Buffer.from((rnd() < 0.3 ? '\ufeff' : '') + writeTable(randomTable(rnd), rnd() < 0.5 ? '\n' : '\r\n'), 'utf8');
			if (rnd() < 0.5) b = b.subarray(0, int(rnd, 0, b.length));
			for (let k = int(rnd, 0, 3); k > 0 && b.length; k--) b[int(rnd, 0, b.length - 1)] = int(rnd, 0, 255);
			return b;
		}
	}
}

describe('fuzz: the sniffer', () => {
	it('refuses or reads any bytes, and what it reads is a table', () => {
		const runs = fuzz('sniff bytes', randomBytes, (bytes) => {
			const enc = refusesOrReturns(() => detectEncoding(bytes));
			if (!enc) return;
			expect(ENCODINGS).toContain(enc.encoding);
			expect([0, 2, 3]).toContain(enc.bom);
			expect(typeof isUtf8(bytes)).toBe('boolean');
			const text = decoderFor(enc).decode(bytes.subarray(enc.bom));
			const complete = bytes.length % 2 === 0;
			const t = refusesOrReturns(() => sniffTable(text, 'auto', 200, complete));
			if (!t) return;
			expect(DELIMITERS).toContain(t.delimiter);
			expect(t.headers.length).toBeGreaterThanOrEqual(2);
			expect(t.headers.length).toBeLessThanOrEqual(MAX_COLUMNS);
			expect(new Set(t.headers).size).toBe(t.headers.length);
			for (const h of t.headers) expect(h.trim()).not.toBe('');
			expect(t.junkLines).toBeGreaterThanOrEqual(0);
			expect(t.junkLines).toBeLessThanOrEqual(text.split(/\r\n|\r|\n/).length);
			expect(t.rows.length).toBeLessThanOrEqual(200);
		});
		expect(runs).toBeGreaterThan(50);
	});

	it('refuses or reads any text with any delimiter override', () => {
		fuzz(
			'sniff text',
			(rnd) => ({ text: randomText(rnd, 300), delimiter: pick(rnd, [...DELIMITERS, 'auto'] as const), complete: rnd() < 0.5 }),
			({ text, delimiter, complete }) => {
				const t = refusesOrReturns(() => sniffTable(text, delimiter, 50, complete));
				if (t && delimiter !== 'auto') expect(t.delimiter).toBe(delimiter);
			}
		);
	});

	it('finds the delimiter and header of a table it is given', () => {
		fuzz(
			'sniff table',
			(rnd) => randomTable(rnd, { plainNames: true }),
			(table) => {
				const t = sniffTable(writeTable(table), 'auto', 200, true);
				expect(t.delimiter).toBe(table.delimiter);
				expect(t.junkLines).toBe(0);
				expect(t.headers).toEqual(table.rows[0]);
			}
		);
	});

	it('reads back every table it writes (quotes, line breaks, delimiters inside fields)', () => {
		fuzz('records round trip', randomTable, (table) => {
			const { records } = parseRecords(writeTable(table), table.delimiter);
			expect(records).toEqual(table.rows);
		});
	});

	it('decodes a mixed-encoding file the same in any chunks as in one piece', () => {
		fuzz(
			'mixed decoder chunks',
			(rnd) => {
				const bytes = randomBytes(rnd);
				const cuts = Array.from({ length: int(rnd, 0, 6) }, () => int(rnd, 0, bytes.length)).sort((a, b) => a - b);
				return { bytes, cuts };
			},
			({ bytes, cuts }) => {
				const whole = new MixedLineDecoder().decode(bytes);
				const d = new MixedLineDecoder();
				let out = '';
				let from = 0;
				for (const c of [...cuts, bytes.length]) {
					out += d.decode(bytes.subarray(from, c), { stream: true });
					from = c;
				}
				out += d.decode();
				expect(out).toBe(whole);
				// a file that is all UTF-8 reads as UTF-8 (a BOM at a line's start is dropped either way)
				let utf8: string | null = null;
				try {
					utf8 = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
				} catch {
					/* not UTF-8 */
				}
				if (utf8 !== null) expect(whole.replaceAll('\ufeff', '')).toBe(utf8.replaceAll('\ufeff', ''));
			}
		);
	});

	it('refuses unknown encoding and delimiter names with a sentence', () => {
		fuzz('aliases', (rnd) => Array.from({ length: int(rnd, 0, 8) }, () => pick(rnd, [...PIECES, '_2', '_3', 'a_2', 'column_1'])).join(''), (name) => {
			const e = refusesOrReturns(() => encodingAlias(name));
			if (e !== null) expect([...ENCODINGS, 'auto']).toContain(e);
			const d = refusesOrReturns(() => delimiterAlias(name));
			if (d !== null) expect([...DELIMITERS, 'auto']).toContain(d);
			const u = uniqueHeaders(name.split(','));
			expect(new Set(u).size).toBe(u.length);
		}, 300);
	});
});

// ---------------------------------------------------------------------------
// Dates

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTHS_FULL = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DATE_PIECES = ['2024', '24', '1', '12', '31', '0', '00', '99', '9999', '-', '/', '.', ' ', 'T', ':', 'Z', '+08:00', '-0530', '+99', 'AM', 'pm', 'Mar', 'march', 'Sept', 'Sat, ', '年', '月', '日', '时', '分', '秒', ',', '\t', 'x', '١'];

function randomDateish(rnd: Rnd): string {
	if (rnd() < 0.05) return pick(rnd, ['1', '2', ' ', '-', '年', 'Mar ']).repeat(int(rnd, 100, 5000));
	let s = '';
	for (let n = int(rnd, 0, 14); n > 0; n--) s += pick(rnd, DATE_PIECES);
	return s;
}

function leap(y: number): boolean {
	return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
}

function daysIn(y: number, m: number): number {
	return [31, leap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
}

function inRange(p: ParsedDate): void {
	expect(p.year).toBeGreaterThanOrEqual(0);
	expect(p.year).toBeLessThanOrEqual(9999);
	expect(p.month).toBeGreaterThanOrEqual(1);
	expect(p.month).toBeLessThanOrEqual(12);
	expect(p.day).toBeGreaterThanOrEqual(1);
	expect(p.day).toBeLessThanOrEqual(daysIn(p.year, p.month));
	expect(p.hour).toBeGreaterThanOrEqual(0);
	expect(p.hour).toBeLessThanOrEqual(23);
	expect(p.minute).toBeGreaterThanOrEqual(0);
	expect(p.minute).toBeLessThanOrEqual(59);
	expect(p.second).toBeGreaterThanOrEqual(0);
	expect(p.second).toBeLessThanOrEqual(59);
	expect(p.millis).toBeGreaterThanOrEqual(0);
	expect(p.millis).toBeLessThanOrEqual(999);
	if (p.offsetMinutes !== undefined) expect(Math.abs(p.offsetMinutes)).toBeLessThanOrEqual(99 * 60 + 99);
}

/** What the server does: candidates from the samples, counts over the values, a choice. */
function decide(values: string[]): { candidates: DateCandidate[]; chosen: DateCandidate | null } {
	const candidates = dateCandidates(values);
	const counts: Record<string, number> = {};
	for (const c of candidates) counts[c.id] = values.filter((v) => parseDate(v, c) !== null).length;
	const choice = chooseDateCandidate(candidates, counts);
	if (choice) expect(candidates).toContain(choice.chosen);
	return { candidates, chosen: choice?.chosen ?? null };
}

/** A date with its fields, written in one of the styles exports use. */
interface Written {
	text: string;
	order: 'ymd' | 'dmy' | 'mdy';
	want: ParsedDate;
}

type Style = { order: Written['order']; yy: boolean; ampm: boolean; write: (p: ParsedDate, pad: (n: number) => string, time: string) => string };

const STYLES: Style[] = [
	{ order: 'ymd', yy: false, ampm: false, write: (p, pad, t) => `${p.year}-${pad(p.month)}-${pad(p.day)}${t}` },
	{ order: 'ymd', yy: false, ampm: false, write: (p, pad, t) => `${p.year}/${pad(p.month)}/${pad(p.day)}${t}` },
	{ order: 'dmy', yy: false, ampm: false, write: (p, pad, t) => `${pad(p.day)}/${pad(p.month)}/${p.year}${t}` },
	{ order: 'dmy', yy: false, ampm: false, write: (p, pad, t) => `${pad(p.day)}.${pad(p.month)}.${p.year}${t}` },
	{ order: 'mdy', yy: false, ampm: true, write: (p, pad, t) => `${pad(p.month)}/${pad(p.day)}/${p.year}${t}` },
	{ order: 'dmy', yy: true, ampm: false, write: (p, pad, t) => `${pad(p.day)}/${pad(p.month)}/${String(p.year % 100).padStart(2, '0')}${t}` },
	{ order: 'ymd', yy: false, ampm: false, write: (p, pad, t) => `${p.year}年${pad(p.month)}月${pad(p.day)}日${t}` },
	{ order: 'dmy', yy: false, ampm: true, write: (p, pad, t) => `${pad(p.day)}-${MONTHS[p.month - 1]}-${p.year}${t}` },
	{ order: 'mdy', yy: false, ampm: false, write: (p, pad, t) => `${MONTHS_FULL[p.month - 1]} ${pad(p.day)}, ${p.year}${t}` }
];

function randomColumn(rnd: Rnd): { style: number; values: Written[] } {
	const s = int(rnd, 0, STYLES.length - 1);
	const style = STYLES[s];
	const padded = rnd() < 0.7;
	const pad = (n: number) => (padded ? String(n).padStart(2, '0') : String(n));
	// one clock per column, as an export writes it: none, H:MM, H:MM:SS, H:MM:SS.fff, with an offset or not
	const clock = int(rnd, 0, 3);
	const offset = style.order === 'ymd' && !style.ampm && clock > 0 && s < 2 && rnd() < 0.3;
	const values = Array.from({ length: int(rnd, 1, 25) }, () => {
		const year = style.yy ? int(rnd, 1969, 2068) : int(rnd, 1000, 9999);
		const month = int(rnd, 1, 12);
		const day = int(rnd, 1, daysIn(year, month));
		const want: ParsedDate = { year, month, day, hour: 0, minute: 0, second: 0, millis: 0 };
		let time = '';
		if (clock > 0) {
			want.hour = int(rnd, 0, 23);
			want.minute = int(rnd, 0, 59);
			const two = (n: number) => String(n).padStart(2, '0');
			if (style.ampm) time = ` ${want.hour % 12 === 0 ? 12 : want.hour % 12}:${two(want.minute)}`;
			else time = `${s === 0 && rnd() < 0.5 ? 'T' : ' '}${pad(want.hour)}:${two(want.minute)}`;
			if (clock > 1) {
				want.second = int(rnd, 0, 59);
				time += `:${two(want.second)}`;
			}
			if (clock > 2 && !style.ampm) {
				want.millis = int(rnd, 0, 999);
				time += `.${String(want.millis).padStart(3, '0')}`;
			}
			if (style.ampm) time += want.hour < 12 ? ' AM' : ' PM';
			if (offset) {
				const mins = int(rnd, -12 * 60, 14 * 60);
				want.offsetMinutes = mins;
				time += `${mins < 0 ? '-' : '+'}${two(Math.floor(Math.abs(mins) / 60))}:${two(Math.abs(mins) % 60)}`;
			}
		}
		return { text: style.write(want, pad, time), order: style.order, want };
	});
	return { style: s, values };
}

describe('fuzz: dates', () => {
	it('never throws on any text, and what it parses is a real date and time', () => {
		const runs = fuzz(
			'dates text',
			(rnd) => Array.from({ length: int(rnd, 1, 8) }, () => randomDateish(rnd)),
			(values) => {
				const { candidates } = decide(values);
				for (const c of candidates) {
					for (const v of values) {
						const p = parseDate(v, c);
						if (p) inRange(p);
					}
				}
				for (const v of values) expect(typeof looksLikeDateHeader(v)).toBe('boolean');
			}
		);
		expect(runs).toBeGreaterThan(50);
	});

	it('reads back every date it is given, in the reading of the order it was written in', () => {
		fuzz('dates round trip', randomColumn, ({ values }) => {
			const texts = values.map((v) => v.text);
			const { candidates, chosen } = decide(texts);
			expect(chosen).not.toBeNull();
			const c = candidates.find((x) => x.order === values[0].order);
			expect(c, `no ${values[0].order} candidate among ${candidates.map((x) => x.id)}`).toBeDefined();
			for (const v of values) {
				const p = parseDate(v.text, c!);
				expect(p, v.text).not.toBeNull();
				inRange(p!);
				expect(p, v.text).toEqual(v.want.offsetMinutes === undefined && c!.offset ? { ...v.want, offsetMinutes: 0 } : v.want);
			}
		});
	});

	it('still reads most of a column with a few junk values in it', () => {
		fuzz(
			'dates with junk',
			(rnd) => {
				const col = randomColumn(rnd);
				const junk = Array.from({ length: Math.floor(col.values.length / 4) }, () => randomDateish(rnd));
				return { col, junk };
			},
			({ col, junk }) => {
				const texts = [...col.values.map((v) => v.text), ...junk];
				const { candidates } = decide(texts);
				const c = candidates.find((x) => x.order === col.values[0].order);
				expect(c).toBeDefined();
				for (const v of col.values) expect(parseDate(v.text, c!), v.text).not.toBeNull();
			}
		);
	});
});
