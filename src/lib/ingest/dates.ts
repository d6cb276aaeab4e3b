// Date-format detection for imported columns. Pure TypeScript with no dependencies:
// the browser preview and the server import use the same rules.
//
// How it is used: the importer loads every column as VARCHAR. `dateCandidates(samples)`
// works out which patterns fit the shapes in a sample. The server then counts, over the
// whole column, how many values each candidate parses with DuckDB
// (`count(try_strptime(col, candidate.formats))`), and `chooseDateCandidate` picks one.
// Day-first against month-first is never guessed silently. When two readings with
// different field orders parse the same number of values (say every day is ≤ 12), the
// column is ambiguous: the default rule below picks one and the caller says so.
//
// `parseDate` is a small strptime interpreter that copies DuckDB 1.5's `try_strptime`
// for the specifiers used here: %Y %y %m %d %H %I %M %S %f %p %b %B %a %z. That way the
// preview in TypeScript and the load in SQL cannot disagree. Behaviours copied on purpose
// (test/integration/dates-duckdb.test.ts checks them against DuckDB):
//  - numeric fields read at most their width in digits (Y 4, f 6, the others 2) and
//    accept fewer, so unpadded 5/3/2016 9:05 parses;
//  - %Y also accepts 1–3 digits ('1/2/24' with %Y is the year 24 AD). For that reason
//    year-last candidates always try %y before %Y, each %y format right before its %Y
//    twin. Those two are the only formats in a candidate that can match the same value,
//    so a caller that reorders the formats must keep that pair in order;
//  - %y: 00–68 → 20xx, 69–99 → 19xx;
//  - %z takes +08, +0800, +08:00, -05:00 (no range check, +99:99 too) but not 'Z', so
//    'Z' is a literal format. In a format list that contains %z, DuckDB returns
//    TIMESTAMPTZ. It reads any format without %z (the 'Z' forms and the naive ones) in
//    the session TimeZone. parseDate assumes that zone is UTC and reports offsetMinutes = 0
//    for those values, so offset candidates must be parsed with TimeZone = 'UTC';
//  - %p is two letters, am/pm in any case ('p.m.' fails). 12 AM is 0h. %I is 1–12;
//  - %b/%B match English month names in any case, abbreviated and full respectively
//    ('Sept' and 'March' fail %b). %a is read and otherwise ignored;
//  - whitespace in a format matches one or more whitespace characters. Leading and
//    trailing whitespace in the value is skipped. Everything else must match exactly;
//  - invalid calendar dates (31/02, 29/02/2023) are NULL. The year 0 is a leap year.
//
// One DuckDB 1.5.6 behaviour is deliberately not copied. When the format list contains %z, the list form of
// try_strptime rolls a day past the end of the month over instead of rejecting it: try_strptime('2024-02-30',
// ['%Y-%m-%d', '%Y-%m-%dT%H:%M:%S%z']) gives 2024-03-01. The one-format form and lists without %z return NULL.
// parseDate returns null. coalesce(try_strptime(v, f1), try_strptime(v, f2), …) rejects them as well.

export type DateOrder = 'ymd' | 'dmy' | 'mdy';

export interface DateCandidate {
	/** Stable id: 'iso', 'ymd', 'dmy', 'mdy', 'ymd-cn', 'dmy-mon', 'mon-dy'. */
	id: string;
	/** The field order this candidate assumes. */
	order: DateOrder;
	/** Human description of the pattern, e.g. 'd/m/yyyy HH:MM', 'mm/dd/yyyy hh:mm:ss AM'. */
	label: string;
	/** DuckDB strptime formats, tried in order. */
	formats: string[];
	/** Values carry a UTC offset or Z. The formats use %z, so DuckDB returns TIMESTAMPTZ. */
	offset: boolean;
	/** Some values are Excel serial day numbers (43563.359259 = 2019-04-08 08:37:20): they are read as such
	 * when no format matches. Never set together with `offset`. */
	serial?: boolean;
}

// Excel serial dates: days since 1899-12-30 (the 1900 system), the fraction the time of day. Only a plausible
// range (1980-01-01 … 2099-12-31) counts, so that ids and amounts are not read as dates.
export const SERIAL_MIN = 29221;
export const SERIAL_MAX = 73050;
const SERIAL_RE = /^\d{5}(\.\d+)?$/;

export function isExcelSerial(value: string): boolean {
	const v = value.trim();
	if (!SERIAL_RE.test(v)) return false;
	const n = Number(v);
	return n >= SERIAL_MIN && n < SERIAL_MAX + 1;
}

/** An Excel serial day number as wall-clock fields, rounded to the second (as Excel shows it). */
export function parseExcelSerial(value: string): ParsedDate | null {
	if (!isExcelSerial(value)) return null;
	const d = new Date(Date.UTC(1899, 11, 30) + Math.round(Number(value.trim()) * 86400) * 1000);
	return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(), millis: 0 };
}

export interface ParsedDate {
	year: number;
	month: number;
	day: number;
	hour: number;
	minute: number;
	second: number;
	millis: number;
	offsetMinutes?: number;
}

// ---------------------------------------------------------------------------
// strptime: a copy of DuckDB's StrpTimeFormat::Parse for the specifiers we emit

type Token = { lit: string } | { spec: string };

const WIDTH: Record<string, number> = { Y: 4, y: 2, m: 2, d: 2, H: 2, I: 2, M: 2, S: 2, f: 6 };
const MONTHS_FULL = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MONTHS_ABBR = MONTHS_FULL.map((m) => m.slice(0, 3));
const DAYS_ABBR = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const DAYS_FULL = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

const compiled = new Map<string, Token[]>();

function compile(format: string): Token[] {
	let tokens = compiled.get(format);
	if (tokens) return tokens;
	tokens = [];
	let lit = '';
	for (let i = 0; i < format.length; i++) {
		const ch = format[i];
		if (ch !== '%') {
			lit += ch;
			continue;
		}
		const s = format[++i];
		if (s === '%') {
			lit += '%';
			continue;
		}
		if (s === undefined || !'YymdHIMSfpbBaAz'.includes(s)) throw new Error(`dates: unsupported strptime specifier %${s ?? ''} in ${format}`);
		if (lit) tokens.push({ lit });
		lit = '';
		tokens.push({ spec: s });
	}
	if (lit) tokens.push({ lit });
	compiled.set(format, tokens);
	return tokens;
}

/** DuckDB's StringUtil::CharacterIsSpace. */
function isSpace(ch: string | undefined): boolean {
	return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\v' || ch === '\f' || ch === '\r';
}

function isDigit(ch: string | undefined): boolean {
	return ch !== undefined && ch >= '0' && ch <= '9';
}

/** ASCII-only lower case, like std::tolower in the C locale. */
function lowerAscii(s: string): string {
	return s.replace(/[A-Z]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 32));
}

/** TryParseCollection: the first name (in calendar order) that the text starts with, ignoring ASCII case. */
function matchCollection(value: string, pos: number, names: string[]): [number, number] | null {
	for (let i = 0; i < names.length; i++) {
		const n = names[i];
		if (lowerAscii(value.slice(pos, pos + n.length)) === n) return [i, pos + n.length];
	}
	return null;
}

function isLeap(y: number): boolean {
	return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
}

function daysInMonth(y: number, m: number): number {
	return [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
}

/** One value, one format. null when DuckDB's try_strptime would give NULL. */
function strptime(value: string, format: string): ParsedDate | null {
	const tokens = compile(format);
	const n = value.length;
	let pos = 0;
	while (pos < n && isSpace(value[pos])) pos++;
	let year = 1900, month = 1, day = 1, hour = 0, minute = 0, second = 0, micros = 0;
	let ampm: 'am' | 'pm' | null = null;
	let offset: number | null = null;
	for (const t of tokens) {
		if ('lit' in t) {
			const lit = t.lit;
			for (let l = 0; l < lit.length; ) {
				if (isSpace(lit[l])) {
					if (!isSpace(value[pos])) return null;
					while (pos < n && isSpace(value[pos])) pos++;
					while (l < lit.length && isSpace(lit[l])) l++;
					continue;
				}
				if (pos >= n || value[pos] !== lit[l]) return null;
				pos++;
				l++;
			}
			continue;
		}
		const s = t.spec;
		const width = WIDTH[s];
		if (width) {
			const start = pos;
			let num = 0;
			while (pos < n && pos - start < width && isDigit(value[pos])) num = num * 10 + (value.charCodeAt(pos++) - 48);
			if (pos === start) return null;
			switch (s) {
				case 'Y':
					year = num;
					break;
				case 'y':
					year = num >= 69 ? 1900 + num : 2000 + num;
					break;
				case 'm':
					if (num < 1 || num > 12) return null;
					month = num;
					break;
				case 'd':
					if (num < 1 || num > 31) return null;
					day = num;
					break;
				case 'H':
					if (num > 23) return null;
					hour = num;
					break;
				case 'I':
					if (num < 1 || num > 12) return null;
					hour = num;
					break;
				case 'M':
					if (num > 59) return null;
					minute = num;
					break;
				case 'S':
					if (num > 59) return null;
					second = num;
					break;
				case 'f':
					micros = num * 10 ** (6 - (pos - start));
					break;
			}
			continue;
		}
		switch (s) {
			case 'p': {
				if (pos + 2 > n) return null;
				const a = lowerAscii(value[pos]);
				if (lowerAscii(value[pos + 1]) !== 'm' || (a !== 'a' && a !== 'p')) return null;
				ampm = a === 'a' ? 'am' : 'pm';
				pos += 2;
				break;
			}
			case 'b':
			case 'B': {
				const m = matchCollection(value, pos, s === 'b' ? MONTHS_ABBR : MONTHS_FULL);
				if (!m) return null;
				month = m[0] + 1;
				pos = m[1];
				break;
			}
			case 'a':
			case 'A': {
				const m = matchCollection(value, pos, s === 'a' ? DAYS_ABBR : DAYS_FULL);
				if (!m) return null;
				pos = m[1];
				break;
			}
			case 'z': {
				// Timestamp::TryParseUTCOffset: sign, two hour digits, then optionally ':' and/or two minute digits
				const sign = value[pos];
				if (pos + 3 > n || (sign !== '+' && sign !== '-') || !isDigit(value[pos + 1]) || !isDigit(value[pos + 2])) return null;
				let mins = Number(value.slice(pos + 1, pos + 3)) * 60;
				pos += 3;
				if (pos < n) {
					if (value[pos] === ':') pos++;
					if (isDigit(value[pos]) && isDigit(value[pos + 1])) {
						mins += Number(value.slice(pos, pos + 2));
						pos += 2;
					}
				}
				offset = sign === '-' ? -mins : mins;
				break;
			}
		}
	}
	while (pos < n && isSpace(value[pos])) pos++;
	if (pos !== n) return null;
	if (ampm) {
		if (hour > 12) return null;
		if (ampm === 'am' && hour === 12) hour = 0;
		else if (ampm === 'pm' && hour !== 12) hour += 12;
	}
	if (day > daysInMonth(year, month)) return null;
	const out: ParsedDate = { year, month, day, hour, minute, second, millis: Math.floor(micros / 1000) };
	if (offset !== null) out.offsetMinutes = offset;
	return out;
}

/** Parse one value with a candidate, as DuckDB's try_strptime(value, candidate.formats) does. Returns wall-clock
 * fields, or null. When the candidate's formats contain %z, DuckDB returns TIMESTAMPTZ and reads formats without
 * %z (a literal 'Z', or no offset at all) as UTC. Such values get offsetMinutes = 0, so the instant matches SQL. */
export function parseDate(value: string, c: DateCandidate): ParsedDate | null {
	const tz = c.formats.some((f) => f.includes('%z'));
	for (const f of c.formats) {
		const r = strptime(value, f);
		if (r) {
			if (tz && r.offsetMinutes === undefined) r.offsetMinutes = 0;
			return r;
		}
	}
	return c.serial ? parseExcelSerial(value) : null;
}

// ---------------------------------------------------------------------------
// Shapes: what a sample value looks like, loosely (ranges are checked by parsing)

/** The part after the date: clock style, separators, AM/PM, offset. */
interface Tail {
	/** Between date and time: 'T', ' ' (any whitespace), or '' (Chinese '日14:30'). */
	sep: 'T' | ' ' | '';
	secs: boolean;
	/** Fraction separator when seconds carry a fraction. */
	frac: '' | '.' | ',';
	/** AM/PM marker: '' none, ' ' after a space, 'tight' glued to the time. */
	ampm: '' | ' ' | 'tight';
	/** Offset: '' none, 'Z' literal, 'z' numeric glued, ' z' numeric after a space. */
	off: '' | 'Z' | 'z' | ' z';
	/** Chinese clock units: 时/点 … 分 … 秒. */
	cn: '' | '时' | '点';
	/** Hour written with two digits (for the label). */
	padH: boolean;
}

type Family = 'num' | 'cn' | 'dmon' | 'mond';

interface Shape {
	family: Family;
	/** Numeric shapes: the three fields as written. */
	a: string;
	b: string;
	c: string;
	sep: string;
	/** Month-name shapes: the month word, the comma after the day ('Mar 23, 2024'), the weekday prefix as a
	 * format ('%a, ' for 'Sat, ', '%A ' for 'Saturday '). */
	mon: string;
	comma: boolean;
	wd: string;
	tail: Tail | null;
}

const MONTH_WORD = new Set([...MONTHS_ABBR, ...MONTHS_FULL]);
const WEEKDAY = String.raw`(?:([a-z]{3,9})(,?)\s+)?`;
const TIME_RE = new RegExp(
	String.raw`^(T|\s+|)(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:([.,])\d{1,6})?)?(?:(\s*)([ap]m))?(?:(\s*)(z|[+-]\d{2}(?::?\d{2})?))?$`,
	'i'
);
const CN_TIME_RE = /^(\s*)(\d{1,2})([时点])(\d{1,2})分(?:(\d{1,2})秒)?$/;
const NUM_RE = /^(\d{1,4})([-/.])(\d{1,2})\2(\d{1,4})(.*)$/s;
const CN_RE = /^(\d{2}|\d{4})年(\d{1,2})月(\d{1,2})日(.*)$/s;
const DMON_RE = new RegExp(String.raw`^${WEEKDAY}(\d{1,2})([-/. ])([a-z]{3,9})\4(\d{4}|\d{2})(?!\d)(.*)$`, 'is');
const MOND_RE = new RegExp(String.raw`^${WEEKDAY}([a-z]{3,9})\s+(\d{1,2})(,?)\s+(\d{4}|\d{2})(?!\d)(.*)$`, 'is');

/** The weekday prefix as a strptime format: '' none, '%a, ' / '%A ' …; null when the word is no weekday. */
function weekdayFormat(word: string | undefined, comma: string | undefined): string | null {
	if (word === undefined) return '';
	const w = word.toLowerCase();
	const spec = DAYS_ABBR.includes(w) ? '%a' : DAYS_FULL.includes(w) ? '%A' : null;
	return spec === null ? null : `${spec}${comma ? ', ' : ' '}`;
}

function parseTail(rest: string, family: Family): Tail | null | undefined {
	if (rest === '') return null;
	const m = TIME_RE.exec(rest);
	if (m) {
		const sep = m[1] === 'T' || m[1] === 't' ? 'T' : m[1] === '' ? '' : ' ';
		if (m[1] === 't' || (sep === '' && family !== 'cn')) return undefined;
		const off = m[9] ? (m[9].toUpperCase() === 'Z' ? 'Z' : m[8] ? ' z' : 'z') : '';
		if (off === 'Z' && m[8]) return undefined;
		if (m[9] === 'z') return undefined;
		return {
			sep,
			secs: m[4] !== undefined,
			frac: (m[5] as '.' | ',' | undefined) ?? '',
			ampm: m[7] ? (m[6] ? ' ' : 'tight') : '',
			off,
			cn: '',
			padH: m[2].length === 2
		};
	}
	if (family === 'cn') {
		const c = CN_TIME_RE.exec(rest);
		if (c) return { sep: c[1] ? ' ' : '', secs: c[5] !== undefined, frac: '', ampm: '', off: '', cn: c[3] as '时' | '点', padH: c[2].length === 2 };
	}
	return undefined;
}

function shapeOf(v: string): Shape | null {
	const base = { a: '', b: '', c: '', sep: '', mon: '', comma: false, wd: '' as Shape['wd'] };
	let m = NUM_RE.exec(v);
	if (m) {
		const [, a, sep, b, c, rest] = m;
		// a 4-digit field at one end and at most 2 digits elsewhere; or 2-digit years at one or both ends
		const ok = (a.length === 4 && c.length <= 2) || (a.length <= 2 && (c.length === 4 || c.length === 2)) || (a.length === 2 && c.length === 1);
		const tail = parseTail(rest, 'num');
		if (ok && tail !== undefined) return { ...base, family: 'num', a, b, c, sep, tail };
		return null;
	}
	m = CN_RE.exec(v);
	if (m) {
		const tail = parseTail(m[4], 'cn');
		return tail === undefined ? null : { ...base, family: 'cn', a: m[1], b: m[2], c: m[3], tail };
	}
	m = DMON_RE.exec(v);
	if (m && MONTH_WORD.has(m[5].toLowerCase())) {
		const wd = weekdayFormat(m[1], m[2]);
		const tail = parseTail(m[7], 'dmon');
		return tail === undefined || wd === null ? null : { ...base, family: 'dmon', a: m[3], sep: m[4], mon: m[5], c: m[6], wd, tail };
	}
	m = MOND_RE.exec(v);
	if (m && MONTH_WORD.has(m[3].toLowerCase())) {
		const wd = weekdayFormat(m[1], m[2]);
		const tail = parseTail(m[7], 'mond');
		return tail === undefined || wd === null ? null : { ...base, family: 'mond', mon: m[3], a: m[4], comma: m[5] === ',', c: m[6], wd, tail };
	}
	return null;
}

// ---------------------------------------------------------------------------
// Building candidates

function tailKey(t: Tail): string {
	return [t.sep, t.secs ? 's' : '', t.frac, t.ampm, t.off, t.cn].join('|');
}

/** The strptime suffix for one tail. */
function tailFormat(t: Tail): string {
	const sep = t.sep === 'T' ? 'T' : t.sep === ' ' ? ' ' : '';
	if (t.cn) return `${sep}%H${t.cn}%M分${t.secs ? '%S秒' : ''}`;
	let f = `${sep}${t.ampm ? '%I' : '%H'}:%M`;
	if (t.secs) f += ':%S';
	if (t.frac) f += `${t.frac}%f`;
	if (t.ampm) f += t.ampm === ' ' ? ' %p' : '%p';
	if (t.off === 'Z') f += 'Z';
	else if (t.off === 'z') f += '%z';
	else if (t.off === ' z') f += ' %z';
	return f;
}

/** Date-only first, then every tail seen (most frequent first), each widened to its siblings: with and without
 * seconds, and for tails with an offset, with %z, with 'Z' and naive (DuckDB reads naive as UTC in such a list). */
function tailFormats(tails: Tail[]): string[] {
	const freq = new Map<string, { t: Tail; n: number }>();
	for (const t of tails) {
		const k = tailKey(t);
		const e = freq.get(k);
		if (e) e.n++;
		else freq.set(k, { t, n: 1 });
	}
	const seen = [...freq.values()].sort((x, y) => y.n - x.n).map((e) => e.t);
	const out: string[] = [''];
	const add = (t: Tail) => {
		const f = tailFormat(t);
		if (!out.includes(f)) out.push(f);
	};
	for (const t of seen) {
		const clocks: Tail[] = [t];
		if (t.frac) clocks.push({ ...t, frac: '' });
		if (t.secs) clocks.push({ ...t, secs: false, frac: '' });
		else clocks.push({ ...t, secs: true });
		for (const c of clocks) {
			add(c);
			if (c.off) {
				const space = c.off === ' z';
				add({ ...c, off: space ? ' z' : 'z' });
				add({ ...c, off: 'Z' });
				add({ ...c, off: '' });
			}
		}
	}
	return out;
}

function labelTail(t: Tail | null): string {
	if (!t) return '';
	const sep = t.sep === 'T' ? 'T' : t.sep === ' ' ? ' ' : '';
	if (t.cn) return `${sep}${t.padH ? 'HH' : 'H'}${t.cn}MM分${t.secs ? 'SS秒' : ''}`;
	let s: string;
	if (t.ampm) s = `${t.padH ? 'hh' : 'h'}:mm${t.secs ? ':ss' : ''}${t.frac ? `${t.frac}fff` : ''}${t.ampm === ' ' ? ' AM' : 'AM'}`;
	else s = `${t.padH ? 'HH' : 'H'}:MM${t.secs ? ':SS' : ''}${t.frac ? `${t.frac}fff` : ''}`;
	if (t.off === 'Z') s += 'Z';
	else if (t.off) s += t.off === ' z' ? ' ±HH:MM' : '±HH:MM';
	return sep + s;
}

function mostCommon<T>(items: T[], key: (x: T) => string): T | undefined {
	const counts = new Map<string, { x: T; n: number }>();
	for (const x of items) {
		const k = key(x);
		const e = counts.get(k);
		if (e) e.n++;
		else counts.set(k, { x, n: 1 });
	}
	let best: { x: T; n: number } | undefined;
	for (const e of counts.values()) if (!best || e.n > best.n) best = e;
	return best?.x;
}

/** Distinct values in order of frequency. */
function byFrequency(items: string[]): string[] {
	const counts = new Map<string, number>();
	for (const x of items) counts.set(x, (counts.get(x) ?? 0) + 1);
	return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([x]) => x);
}

interface Group {
	shapes: Shape[];
}

function cross(dates: string[], tails: string[]): string[] {
	const out: string[] = [];
	for (const t of tails) for (const d of dates) out.push(d + t);
	return out;
}

function finish(id: string, order: DateOrder, label: string, dates: string[], shapes: Shape[]): DateCandidate {
	const offset = shapes.some((s) => s.tail !== null && s.tail.off !== '');
	const tails = shapes.map((s) => s.tail).filter((t): t is Tail => t !== null);
	const dominant = mostCommon(
		shapes.map((s) => s.tail),
		(t) => (t ? tailKey(t) : '')
	);
	return { id, order, label: label + labelTail(dominant ?? null), formats: cross(dates, tailFormats(tails)), offset };
}

function pad(field: (s: Shape) => string, shapes: Shape[], one: string): string {
	return shapes.every((s) => field(s).length >= 2) ? one + one : one;
}

function numericCandidates(g: Group): DateCandidate[] {
	const out: DateCandidate[] = [];
	const yearFirst = g.shapes.filter((s) => s.a.length === 4 || (s.a.length === 2 && s.c.length <= 2));
	const yearLast = g.shapes.filter((s) => s.a.length <= 2 && (s.c.length === 4 || s.c.length === 2));
	if (yearFirst.length) {
		// %y only when 2-digit leading years are seen: with %Y alone DuckDB would read '24-5-1' as the year 24 AD
		const four = yearFirst.some((s) => s.a.length === 4);
		const two = yearFirst.some((s) => s.a.length === 2);
		const seps = byFrequency(yearFirst.map((s) => s.sep));
		const sep = seps[0];
		const ys = two ? ['%y', '%Y'] : ['%Y'];
		const dates = seps.flatMap((x) => ys.map((y) => `${y}${x}%m${x}%d`));
		const label = `${four ? 'yyyy' : 'yy'}${sep}${pad((s) => s.b, yearFirst, 'm')}${sep}${pad((s) => s.c, yearFirst, 'd')}`;
		out.push(finish(four ? 'iso' : 'ymd', 'ymd', label, dates, yearFirst));
	}
	if (yearLast.length) {
		// %y before %Y always: '1/2/24' is 2024 (never 0024), and %y cannot match a 4-digit year
		const seps = byFrequency(yearLast.map((s) => s.sep));
		const dates = (order: 'dmy' | 'mdy') =>
			seps.flatMap((x) => ['%y', '%Y'].map((y) => (order === 'dmy' ? `%d${x}%m${x}${y}` : `%m${x}%d${x}${y}`)));
		const sep = seps[0];
		const yy = yearLast.some((s) => s.c.length === 4) ? 'yyyy' : 'yy';
		const first = pad((s) => s.a, yearLast, 'd').length === 2;
		const second = pad((s) => s.b, yearLast, 'm').length === 2;
		const f1 = (ch: string) => (first ? ch + ch : ch);
		const f2 = (ch: string) => (second ? ch + ch : ch);
		out.push(finish('dmy', 'dmy', `${f1('d')}${sep}${f2('m')}${sep}${yy}`, dates('dmy'), yearLast));
		out.push(finish('mdy', 'mdy', `${f1('m')}${sep}${f2('d')}${sep}${yy}`, dates('mdy'), yearLast));
	}
	return out;
}

function chineseCandidate(g: Group): DateCandidate {
	const two = g.shapes.some((s) => s.a.length === 2);
	const four = g.shapes.some((s) => s.a.length === 4);
	const dates = [...(two ? ['%y年%m月%d日'] : []), '%Y年%m月%d日'];
	const label = `${four ? 'yyyy' : 'yy'}年${pad((s) => s.b, g.shapes, 'm')}月${pad((s) => s.c, g.shapes, 'd')}日`;
	return finish('ymd-cn', 'ymd', label, dates, g.shapes);
}

function monthSpec(s: Shape): string {
	return s.mon.length === 3 ? '%b' : '%B';
}

/** Date formats for month-name shapes: the combinations of weekday prefix, separators and month-word style actually
 * seen (most frequent first), each also without the weekday, each with %y then %Y (%y first: see the header). */
function monthDates(shapes: Shape[], date: (s: Shape) => string): string[] {
	const seen = byFrequency(shapes.flatMap((s) => [s.wd + date(s), date(s)]));
	return seen.flatMap((d) => [`${d}%y`, `${d}%Y`]);
}

function monthLabel(shapes: Shape[], build: (s: Shape, yy: string, mon: string) => string): string {
	const dominant = mostCommon(shapes, (s) => `${s.wd}|${s.sep}|${s.comma}|${s.c.length}|${s.mon.length === 3}`)!;
	return build(dominant, dominant.c.length === 4 ? 'yyyy' : 'yy', dominant.mon.length === 3 ? 'Mon' : 'Month');
}

function dmonCandidate(g: Group): DateCandidate {
	const dates = monthDates(g.shapes, (s) => `%d${s.sep}${monthSpec(s)}${s.sep}`);
	const d = pad((s) => s.a, g.shapes, 'd');
	const label = monthLabel(g.shapes, (s, yy, mon) => `${s.wd ? (s.wd.startsWith('%a') ? 'Ddd' : 'Dddd') + s.wd.slice(2) : ''}${d}${s.sep}${mon}${s.sep}${yy}`);
	return finish('dmy-mon', 'dmy', label, dates, g.shapes);
}

function mondCandidate(g: Group): DateCandidate {
	const dates = monthDates(g.shapes, (s) => `${monthSpec(s)} %d${s.comma ? ',' : ''} `);
	const d = pad((s) => s.a, g.shapes, 'd');
	const label = monthLabel(g.shapes, (s, yy, mon) => `${s.wd ? (s.wd.startsWith('%a') ? 'Ddd' : 'Dddd') + s.wd.slice(2) : ''}${mon} ${d}${s.comma ? ',' : ''} ${yy}`);
	return finish('mon-dy', 'mdy', label, dates, g.shapes);
}

/** Candidates consistent with the shapes seen in `samples` (non-null trimmed strings; may contain a few junk
 * values), the best fit on the samples first. Empty when under half of the samples look like dates. */
export function dateCandidates(samples: string[]): DateCandidate[] {
	const values = samples.map((s) => s.trim()).filter((s) => s !== '');
	if (values.length === 0) return [];
	const groups: Record<Family, Group> = { num: { shapes: [] }, cn: { shapes: [] }, dmon: { shapes: [] }, mond: { shapes: [] } };
	let matched = 0;
	let serials = 0;
	for (const v of values) {
		if (isExcelSerial(v)) {
			serials++;
			matched++;
			continue;
		}
		const s = shapeOf(v);
		if (!s) continue;
		matched++;
		groups[s.family].shapes.push(s);
	}
	if (matched * 2 < values.length) return [];
	const out: DateCandidate[] = [];
	if (groups.num.shapes.length) out.push(...numericCandidates(groups.num));
	if (groups.cn.shapes.length) out.push(chineseCandidate(groups.cn));
	if (groups.dmon.shapes.length) out.push(dmonCandidate(groups.dmon));
	if (groups.mond.shapes.length) out.push(mondCandidate(groups.mond));
	if (serials > 0) {
		// a column of serials only; or serials among dates (a CSV saved from Excel: some cells were date cells)
		if (out.length === 0) out.push({ id: 'excel', order: 'ymd', label: 'Excel serial number', formats: [], offset: false, serial: true });
		else for (const c of out) if (!c.offset) c.serial = true;
	}
	// best fit on the samples first; ties in the order the default rule prefers
	const fit = new Map(out.map((c) => [c, values.filter((v) => parseDate(v, c) !== null).length]));
	const pref = defaultOrder(out);
	const rank = (c: DateCandidate) => ORDER_PREFERENCE[pref].indexOf(c.order);
	return out
		.map((c, i) => ({ c, i }))
		.sort((x, y) => fit.get(y.c)! - fit.get(x.c)! || rank(x.c) - rank(y.c) || x.i - y.i)
		.map((e) => e.c);
}

// ---------------------------------------------------------------------------
// Choosing

const ORDER_PREFERENCE: Record<DateOrder, DateOrder[]> = {
	ymd: ['ymd', 'dmy', 'mdy'],
	dmy: ['dmy', 'mdy', 'ymd'],
	mdy: ['mdy', 'dmy', 'ymd']
};

function yearFirstFourDigits(c: DateCandidate): boolean {
	return c.order === 'ymd' && c.label.startsWith('yyyy');
}

function hasAmPm(c: DateCandidate): boolean {
	return c.formats.some((f) => f.includes('%p'));
}

/** The default for a tie: 'ymd' when the 4-digit year comes first; otherwise 'mdy' when the values carry AM/PM
 * (the US convention); otherwise 'dmy'. */
function defaultOrder(tied: DateCandidate[]): DateOrder {
	if (tied.some(yearFirstFourDigits)) return 'ymd';
	if (tied.some(hasAmPm)) return 'mdy';
	return 'dmy';
}

const ORDER_WORDS: Record<DateOrder, string> = { ymd: 'year first', dmy: 'day first', mdy: 'month first' };

/** Given per-candidate parse counts over the whole column, choose. The highest count wins. A tie at the top
 * between candidates with different `order` is ambiguous: the default rule chooses (4-digit year first → 'ymd';
 * values with AM/PM → 'mdy'; otherwise 'dmy'), and the other tied readings come back as alternatives. */
export function chooseDateCandidate(
	candidates: DateCandidate[],
	counts: Record<string, number>
): { chosen: DateCandidate; ambiguous: boolean; alternatives: DateCandidate[]; reason: string } | null {
	if (candidates.length === 0) return null;
	const n = (c: DateCandidate) => counts[c.id] ?? 0;
	const best = Math.max(...candidates.map(n));
	if (!(best > 0)) return null;
	const top = candidates.filter((c) => n(c) === best);
	const orders = new Set(top.map((c) => c.order));
	const fmt = (x: number) => x.toLocaleString('en-US');
	if (orders.size === 1) {
		const chosen = top[0];
		const runners = candidates.filter((c) => n(c) < best).sort((a, b) => n(b) - n(a));
		const reason = runners.length
			? `${chosen.label} parses ${fmt(best)} values; the next best, ${runners[0].label}, parses ${fmt(n(runners[0]))}`
			: `${chosen.label} parses ${fmt(best)} values`;
		return { chosen, ambiguous: false, alternatives: [], reason };
	}
	const pref = defaultOrder(top);
	const rank = (c: DateCandidate) => ORDER_PREFERENCE[pref].indexOf(c.order);
	const chosen = [...top].sort((a, b) => rank(a) - rank(b))[0];
	const alternatives = top.filter((c) => c.order !== chosen.order);
	const rule =
		pref === 'ymd' ? 'the 4-digit year comes first' : pref === 'mdy' ? 'the values carry AM/PM' : 'the values carry no AM/PM and no leading 4-digit year';
	const why = chosen.order === pref ? rule : `${rule} (which prefers ${ORDER_WORDS[pref]}, not among the tied readings)`;
	const reason = `${[chosen, ...alternatives].map((c) => c.label).join(' and ')} each parse ${fmt(best)} values, so the values cannot tell ${[...orders].map((o) => ORDER_WORDS[o]).join(' from ')}; defaulting to ${ORDER_WORDS[chosen.order]} because ${why}`;
	return { chosen, ambiguous: true, alternatives, reason };
}

// ---------------------------------------------------------------------------
// Headers

const DATE_WORDS = new Set([
	'date', 'dates', 'time', 'times', 'datetime', 'timestamp', 'ts', 'dt', 'at', 'on', 'when', 'day',
	'created', 'opened', 'resolved', 'closed', 'updated', 'modified', 'received', 'submitted', 'sent', 'reported',
	'solved', 'completed', 'due', 'deadline', 'started', 'ended', 'responded', 'replied'
]);
const NOT_DATE_WORDS = new Set(['by', 'via', 'code', 'count', 'id', 'ids', 'number', 'no', 'reason', 'notes', 'note', 'flag', 'user']);
const CN_DATE = /时间|日期|时刻|年月|日时/;

/** Does this header name suggest a date/time column? English (date, time, created, opened, resolved, closed,
 * updated, …_at, createdAt) and Chinese (时间, 日期, 时刻). Names like opened_by or closed_code do not. */
export function looksLikeDateHeader(header: string): boolean {
	const h = header.trim();
	if (!h) return false;
	if (CN_DATE.test(h)) return true;
	const words = h
		.replace(/([a-z0-9])([A-Z])/g, '$1 $2')
		.toLowerCase()
		.split(/[^a-z0-9]+/)
		.filter(Boolean);
	if (words.length === 0) return false;
	if (words.some((w) => NOT_DATE_WORDS.has(w))) return false;
	const last = words[words.length - 1];
	// 'at' / 'on' / 'day' only as the last word of a longer name: created_at, createdOn, sys_updated_at
	if ((last === 'at' || last === 'on') && words.length > 1) return true;
	return words.some((w) => DATE_WORDS.has(w) && w !== 'at' && w !== 'on' && w !== 'day') || (last === 'day' && words.length > 1);
}
