// The TypeScript preview (parseDate) and the SQL load (try_strptime(v, candidate.formats)) must never disagree.
// Every candidate dateCandidates() builds is run through DuckDB over the same values, including values made
// to be wrong (day 32, hour 24, 29 Feb in a common year, 12 AM, odd offsets).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chooseDateCandidate, dateCandidates, parseDate, type DateCandidate } from '../../src/lib/ingest/dates';

const DATASETS = fileURLToPath(new URL('../../../shared/datasets/', import.meta.url));
const UCI = `${DATASETS}uci_incident_event_log.csv.gz`;
const LA311 = `${DATASETS}la311_service_requests_2017_subset.csv`;
const CFPB = `${DATASETS}cfpb_complaints_sample.csv`;
const CAR = `${DATASETS}car_complain_12365auto_gbk.csv`;
const KAGGLE = `${DATASETS}kaggle_customer_support_tickets_synthetic.csv`;

let db: DuckDBInstance;
let c: DuckDBConnection;
beforeAll(async () => {
	db = await DuckDBInstance.create(':memory:');
	c = await db.connect();
	// offset candidates read their 'Z' and naive forms in the session zone; parseDate assumes UTC
	await c.run(`SET TimeZone = 'UTC'`);
});
afterAll(() => {
	c.closeSync();
	db.closeSync();
});

async function rows(sql: string): Promise<Record<string, unknown>[]> {
	return (await c.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
}

const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
const formatsSql = (cand: DateCandidate) => `[${cand.formats.map(q).join(', ')}]`;
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** What DuckDB's result should read back as, from parseDate: wall-clock text, or the UTC instant in ms. */
function expected(v: string, cand: DateCandidate): string | null {
	const r = parseDate(v, cand);
	if (!r) return null;
	if (cand.offset) {
		const d = new Date(0);
		d.setUTCFullYear(r.year, r.month - 1, r.day);
		d.setUTCHours(r.hour, r.minute, r.second, r.millis);
		return String(d.getTime() - (r.offsetMinutes ?? 0) * 60_000);
	}
	return `${pad(r.year, 4)}-${pad(r.month)}-${pad(r.day)} ${pad(r.hour)}:${pad(r.minute)}:${pad(r.second)}.${pad(r.millis, 3)}`;
}

/** DuckDB's reading of each value with the candidate's formats, as try_strptime(v, [list]) and as
 * coalesce(try_strptime(v, f1), …) in the same order (the importer's form); also checks the result type. */
async function duck(values: string[], cand: DateCandidate): Promise<{ list: (string | null)[]; coalesced: (string | null)[] }> {
	const list: (string | null)[] = [];
	const coalesced: (string | null)[] = [];
	const read = (p: string) => (cand.offset ? `epoch_ms(${p})::VARCHAR` : `strftime(${p}, '%Y-%m-%d %H:%M:%S.%g')`);
	const singles = `coalesce(${cand.formats.map((f) => `try_strptime(v, ${q(f)})`).join(', ')})`;
	for (let start = 0; start < values.length; start += 2000) {
		const chunk = values.slice(start, start + 2000);
		const table = chunk.map((v, i) => `(${i}, ${q(v)})`).join(', ');
		const rs = await rows(
			`SELECT i, typeof(p) AS t, typeof(p2) AS t2, ${read('p')} AS r, ${read('p2')} AS r2
			 FROM (SELECT i, try_strptime(v, ${formatsSql(cand)}) AS p, ${singles} AS p2 FROM (VALUES ${table}) t(i, v)) ORDER BY i`
		);
		for (const r of rs) {
			expect([r.t, r.t2], cand.label).toEqual(Array(2).fill(cand.offset ? 'TIMESTAMP WITH TIME ZONE' : 'TIMESTAMP'));
			list.push((r.r as string | null) ?? null);
			coalesced.push((r.r2 as string | null) ?? null);
		}
	}
	return { list, coalesced };
}

/** Per value: does any single format parse it, one try_strptime(v, 'fmt') call at a time? The one-format form
 * rejects invalid calendar dates on every path. */
async function strictlyParsed(values: string[], cand: DateCandidate): Promise<boolean[]> {
	const out: boolean[] = [];
	for (let start = 0; start < values.length; start += 2000) {
		const chunk = values.slice(start, start + 2000);
		const table = chunk.map((v, i) => `(${i}, ${q(v)})`).join(', ');
		const any = cand.formats.map((f) => `try_strptime(v, ${q(f)}) IS NOT NULL`).join(' OR ');
		const rs = await rows(`SELECT i, (${any}) AS ok FROM (VALUES ${table}) t(i, v) ORDER BY i`);
		for (const r of rs) out.push(r.ok === true);
	}
	return out;
}

/** Values DuckDB rolled over (30 Feb → 1 Mar) instead of rejecting, by candidate id. */
const rolledOver: Record<string, string[]> = {};

/** Every value: DuckDB and parseDate agree. Returns how many parsed.
 *
 * One known DuckDB 1.5.6 difference is allowed and recorded. When the format list contains %z (so the result is
 * TIMESTAMPTZ), the list form of try_strptime does not reject a day past the end of the month; it rolls it over
 * ('2024-02-30' → 2024-03-01). The one-format form rejects it, and so does every list without %z. parseDate
 * follows the documented rule and returns null. Such values are allowed only for offset candidates, and only when
 * no single format parses them. */
async function agree(values: string[], cand: DateCandidate): Promise<number> {
	const { list: got, coalesced } = await duck(values, cand);
	const strict = cand.offset ? await strictlyParsed(values, cand) : null;
	const mismatches: string[] = [];
	let parsed = 0;
	values.forEach((v, i) => {
		const want = expected(v, cand);
		if (want !== null) parsed++;
		// the importer's coalesce form agrees exactly, with no exceptions
		if (coalesced[i] !== want) mismatches.push(`${JSON.stringify(v)}: duckdb coalesce ${coalesced[i]} ts ${want}`);
		if (got[i] === want) return;
		if (strict && want === null && !strict[i]) {
			(rolledOver[cand.id] ??= []).push(v);
			return;
		}
		mismatches.push(`${JSON.stringify(v)}: duckdb ${got[i]} ts ${want}`);
	});
	expect(mismatches, `${cand.id} ${cand.label}\n${JSON.stringify(cand.formats)}`).toEqual([]);
	return parsed;
}

// ---------------------------------------------------------------------------
// sample values per shape

const SHAPES: Record<string, string[]> = {
	'iso date': ['2024-05-01', '2024-12-31', '2000-02-29'],
	'iso minutes': ['2024-05-01 14:30', '2024-05-01 09:05', '2024-5-1 9:05'],
	'iso T seconds': ['2024-05-01T14:30:00', '2024-05-01T23:59:59'],
	'iso fraction': ['2024-05-01T14:30:00.5', '2024-05-01T14:30:00.123', '2024-05-01 14:30:00.123456'],
	'iso offset': ['2024-05-01T14:30:00Z', '2024-05-01T14:30:00+08:00', '2024-05-01T14:30:00+0800', '2024-05-01T14:30:00-05:00', '2024-05-01T14:30:00.250+05:30', '2024-05-01'],
	'iso offset spaced': ['2024-05-01 14:30:00 +0800', '2024-05-01 14:30:00 -0500'],
	'iso slash': ['2024/05/01 14:30', '2024/5/1 9:05'],
	'ymd dotted': ['2024.05.01', '2024.5.1'],
	'dmy servicenow': ['29/2/2016 01:16', '5/3/2016 12:00', '13/3/2016 09:25'],
	'mdy la311': ['12/31/2017 11:59:58 PM', '04/09/2018 09:25:28 AM', '01/05/2018 12:00:00 AM'],
	'dmy dashes': ['13-05-2024 08:00', '1-5-2024 8:00'],
	'dmy dots': ['13.05.2024', '1.5.2024 08:00:01'],
	'ambiguous small days': ['1/2/2024 10:00', '5/3/2024 09:15', '12/11/2024 17:40'],
	'2-digit both ends': ['22-04-15', '31-01-15', '05-06-07', '99-12-31'],
	'2-digit year last': ['1/2/24 3:04', '5/6/24 13:00', '12/31/99 23:59'],
	'ampm tight': ['1/2/2024 2:05PM', '1/2/2024 11:05am'],
	chinese: ['2024年5月1日 14:30', '2024年05月01日', '2024年5月1日14时30分', '2024年5月1日 14时30分05秒', '24年5月1日'],
	'dd/Mon/yy': ['23/Mar/24 2:05 PM', '1/Apr/24 11:00 AM'],
	'dd-Mon-yyyy': ['23-Mar-2024', '01-APR-2024', '5-may-2024'],
	'Mon d, yyyy': ['Mar 23, 2024 2:05 PM', 'Apr 1, 2024 10:00 AM', 'March 3, 2024'],
	rfc2822: ['Sat, 23 Mar 2024 14:05:00 +0000', 'Mon, 01 Apr 2024 09:00:00 -0500']
};

/** The expected choice per shape set. */
const CHOICE: Record<string, { id: string; ambiguous: boolean }> = {
	'iso date': { id: 'iso', ambiguous: false },
	'iso minutes': { id: 'iso', ambiguous: false },
	'iso T seconds': { id: 'iso', ambiguous: false },
	'iso fraction': { id: 'iso', ambiguous: false },
	'iso offset': { id: 'iso', ambiguous: false },
	'iso offset spaced': { id: 'iso', ambiguous: false },
	'iso slash': { id: 'iso', ambiguous: false },
	'ymd dotted': { id: 'iso', ambiguous: false },
	'dmy servicenow': { id: 'dmy', ambiguous: false },
	'mdy la311': { id: 'mdy', ambiguous: false },
	'dmy dashes': { id: 'dmy', ambiguous: false },
	'dmy dots': { id: 'dmy', ambiguous: false },
	'ambiguous small days': { id: 'dmy', ambiguous: true },
	'2-digit both ends': { id: 'ymd', ambiguous: false },
	'2-digit year last': { id: 'mdy', ambiguous: false },
	'ampm tight': { id: 'mdy', ambiguous: true },
	chinese: { id: 'ymd-cn', ambiguous: false },
	'dd/Mon/yy': { id: 'dmy-mon', ambiguous: false },
	'dd-Mon-yyyy': { id: 'dmy-mon', ambiguous: false },
	'Mon d, yyyy': { id: 'mon-dy', ambiguous: false },
	rfc2822: { id: 'dmy-mon', ambiguous: false }
};

/** Values built to probe the edges: out-of-range fields, padding, case, offsets, junk. Deterministic. */
function edgeValues(): string[] {
	let seed = 20240501;
	const rnd = () => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = seed;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
	const num = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
	const p2 = (n: number) => (rnd() < 0.5 ? String(n).padStart(2, '0') : String(n));
	const year4 = () => pick([0, 24, 1899, 1900, 1969, 2000, 2015, 2016, 2023, 2024, 9999]).toString().padStart(pick([1, 4]), '0');
	const year2 = () => String(num(0, 99)).padStart(2, '0');
	const day = () => p2(pick([0, 1, 9, 12, 13, 28, 29, 30, 31, 32]));
	const month = () => p2(pick([0, 1, 2, 4, 9, 12, 13]));
	const mon = () => pick(['Jan', 'FEB', 'mar', 'Apr', 'May', 'June', 'July', 'Sept', 'Sep', 'March', 'december', 'Foo']);
	const wd = () => pick(['Sat, ', 'Mon ', 'Saturday, ', 'Xyz, ', '']);
	const clock = () => {
		const ampm = rnd() < 0.35;
		const h = ampm ? pick([0, 1, 11, 12, 13]) : pick([0, 9, 12, 23, 24]);
		let s = `${p2(h)}:${String(pick([0, 5, 59, 60])).padStart(2, '0')}`;
		if (rnd() < 0.6) s += `:${String(pick([0, 30, 59, 60])).padStart(2, '0')}`;
		if (rnd() < 0.2 && s.length > 5) s += pick(['.5', '.123', '.123456', ',25', '.1234567']);
		if (ampm) s += pick([' PM', ' am', 'PM', ' pm', ' A.M.']);
		else if (rnd() < 0.3) s += pick(['Z', '+08:00', '+0800', '-05:00', '+08', ' +0800', '+5', 'z', '+08:', '+99:99']);
		return s;
	};
	const tail = () => (rnd() < 0.3 ? '' : `${pick([' ', 'T', '  ', ''])}${clock()}`);
	const out: string[] = [];
	for (let i = 0; i < 2500; i++) {
		const sep = pick(['-', '/', '.']);
		switch (i % 8) {
			case 0:
				out.push(`${year4()}${sep}${month()}${sep}${day()}${tail()}`);
				break;
			case 1:
				out.push(`${day()}${sep}${month()}${sep}${year4()}${tail()}`);
				break;
			case 2:
				out.push(`${p2(num(0, 40))}${sep}${p2(num(0, 40))}${sep}${pick([year2(), year4()])}${tail()}`);
				break;
			case 3:
				out.push(`${pick([year4(), year2()])}年${month()}月${day()}日${pick(['', ' ', ' ', '']) + pick(['', `${p2(num(0, 24))}:${p2(num(0, 60))}`, `${p2(num(0, 24))}${pick(['时', '点'])}${p2(num(0, 60))}分`, `${p2(num(0, 23))}时${p2(num(0, 59))}分${p2(num(0, 60))}秒`])}`);
				break;
			case 4:
				out.push(`${wd()}${day()}${pick(['-', '/', ' ', '.'])}${mon()}${pick(['-', '/', ' ', '.'])}${pick([year2(), year4()])}${tail()}`);
				break;
			case 5:
				out.push(`${pick(['', 'Sat '])}${mon()} ${day()}${pick([',', ''])} ${pick([year2(), year4()])}${tail()}`);
				break;
			case 6:
				out.push(`${pick([' ', '', '\t'])}${year4()}-${month()}-${day()}${tail()}${pick([' ', '', 'x'])}`);
				break;
			default:
				out.push(pick(['', '?', 'N/A', '2024', '20240501', '12:30', '2024-05-01T', '2024-05-01 14', '31/02/2024', '29/02/2023', '29/02/2024', '2024-02-30', '0000-02-29', '1/1/1 1:1']));
		}
	}
	return out;
}

function allCandidates(): DateCandidate[] {
	const seen = new Map<string, DateCandidate>();
	for (const values of Object.values(SHAPES)) for (const cand of dateCandidates(values)) seen.set(JSON.stringify(cand.formats), cand);
	return [...seen.values()];
}

describe('parseDate agrees with DuckDB try_strptime', () => {
	it.each(Object.keys(SHAPES))('%s: candidates, choice, and every sample parsed identically', async (name) => {
		const values = SHAPES[name];
		const candidates = dateCandidates(values);
		expect(candidates.length).toBeGreaterThan(0);
		// the server's counts, computed in DuckDB
		const counts: Record<string, number> = {};
		for (const cand of candidates) counts[cand.id] = await agree(values, cand);
		const choice = chooseDateCandidate(candidates, counts)!;
		expect({ id: choice.chosen.id, ambiguous: choice.ambiguous }, choice.reason).toEqual(CHOICE[name]);
		// every sample of the shape parses with the chosen candidate
		for (const v of values) expect(parseDate(v, choice.chosen), `${name}: ${v}`).not.toBeNull();
	});

	it('every candidate, on every sample of every shape and 2,500 edge values', async () => {
		const pool = [...new Set([...Object.values(SHAPES).flat(), ...edgeValues()])];
		let parsed = 0;
		for (const cand of allCandidates()) parsed += await agree(pool, cand);
		expect(parsed).toBeGreaterThan(1000); // the edge values are not all rejects
	});

	it('DuckDB quirk: in a %z list, try_strptime rolls 30 Feb over to 1 Mar; parseDate rejects it', async () => {
		const cand = dateCandidates(SHAPES['iso offset']).find((x) => x.id === 'iso')!;
		const [r] = await rows(
			`SELECT epoch_ms(try_strptime('2024-02-30', ${formatsSql(cand)})) AS list, try_strptime('2024-02-30', '%Y-%m-%d') AS one, try_strptime('2024-02-30 10:00+08:00', '%Y-%m-%d %H:%M%z') AS one_tz`
		);
		expect(r.list).toBe(String(Date.UTC(2024, 2, 1))); // the quirk: if this fails, DuckDB now rejects it (good)
		expect(r.one).toBeNull();
		expect(r.one_tz).toBeNull();
		expect(parseDate('2024-02-30', cand)).toBeNull();
		// the naive candidates never roll over, and the quirk shows up only in offset candidates
		expect(Object.keys(rolledOver).every((id) => allCandidates().some((x) => x.id === id && x.offset))).toBe(true);
	});

	it('DuckDB quirk: a %z list reads its Z and naive forms in the session TimeZone, so parse with TimeZone = UTC', async () => {
		const cand = dateCandidates(SHAPES['iso offset']).find((x) => x.id === 'iso')!;
		const sql = `SELECT epoch_ms(try_strptime('2024-05-01T14:30:00Z', ${formatsSql(cand)})) AS z, epoch_ms(try_strptime('2024-05-01T14:30:00+00:00', ${formatsSql(cand)})) AS plus`;
		try {
			await c.run(`SET TimeZone = 'Asia/Shanghai'`);
			const [r] = await rows(sql);
			expect(Number(r.z)).toBe(Number(r.plus) - 8 * 3600_000); // 'Z' read as Shanghai wall clock
		} finally {
			await c.run(`SET TimeZone = 'UTC'`);
		}
		const [r] = await rows(sql);
		expect(r.z).toBe(r.plus);
		expect(parseDate('2024-05-01T14:30:00Z', cand)?.offsetMinutes).toBe(0);
	});

	it('the wrong century cannot happen: 22-04-15 next to 31-01-15 loads as 2015-04-22', async () => {
		const values = ['22-04-15', '31-01-15'];
		const candidates = dateCandidates(values);
		const counts: Record<string, number> = {};
		for (const cand of candidates) counts[cand.id] = await agree(values, cand);
		const choice = chooseDateCandidate(candidates, counts)!;
		expect(choice.chosen.order).toBe('dmy');
		const [r] = await rows(`SELECT strftime(try_strptime('22-04-15', ${formatsSql(choice.chosen)}), '%Y-%m-%d') AS d`);
		expect(r.d).toBe('2015-04-22');
	});

	it('offset candidates give TIMESTAMPTZ; a value without offset in the list is read as UTC', async () => {
		const cand = dateCandidates(SHAPES['iso offset']).find((x) => x.id === 'iso')!;
		expect(cand.offset).toBe(true);
		const [r] = await rows(
			`SELECT epoch_ms(try_strptime('2024-05-01T14:30:00+08:00', ${formatsSql(cand)})) AS a, epoch_ms(try_strptime('2024-05-01T06:30:00Z', ${formatsSql(cand)})) AS b, epoch_ms(try_strptime('2024-05-01', ${formatsSql(cand)})) AS c`
		);
		expect(r.a).toBe(r.b);
		expect(r.c).toBe(String(Date.UTC(2024, 4, 1)));
		expect(parseDate('2024-05-01', cand)?.offsetMinutes).toBe(0);
	});
});

// ---------------------------------------------------------------------------
// real exports

/** Candidates from a sample of the column, counts over the whole column in DuckDB (as the importer does), the
 * choice, and agreement on every distinct value. */
async function wholeColumn(from: string, col: string, sampleSize = 2000) {
	const where = `${col} IS NOT NULL AND trim(${col}) NOT IN ('', '?')`;
	const sample = (await rows(`SELECT trim(${col}) AS v FROM ${from} WHERE ${where} LIMIT ${sampleSize}`)).map((r) => r.v as string);
	const candidates = dateCandidates(sample);
	const counts: Record<string, number> = {};
	const [nn] = await rows(`SELECT count(*) AS n FROM ${from} WHERE ${where}`);
	for (const cand of candidates) {
		const [r] = await rows(`SELECT count(try_strptime(trim(${col}), ${formatsSql(cand)})) AS n FROM ${from} WHERE ${where}`);
		counts[cand.id] = Number(r.n);
	}
	const choice = chooseDateCandidate(candidates, counts)!;
	const distinct = (await rows(`SELECT DISTINCT trim(${col}) AS v FROM ${from} WHERE ${where}`)).map((r) => r.v as string);
	for (const cand of candidates) await agree(distinct, cand);
	return { choice, counts, nonNull: Number(nn.n), candidates };
}

describe('real exports in ../shared/datasets', () => {
	it.skipIf(!existsSync(UCI))('UCI ServiceNow: d/m/yyyy H:MM day-first over the whole column, every value parsed', async () => {
		await c.run(`CREATE OR REPLACE TABLE uci AS SELECT * FROM read_csv('${UCI}', all_varchar = true)`);
		const r = await wholeColumn('uci', 'opened_at');
		expect(r.choice.chosen).toMatchObject({ id: 'dmy', order: 'dmy', label: 'd/m/yyyy HH:MM' });
		expect(r.choice.ambiguous).toBe(false);
		expect(r.counts.dmy).toBe(r.nonNull);
		expect(r.counts.dmy).toBe(141_712);
		expect(r.counts.mdy).toBeLessThan(r.counts.dmy);
		expect(parseDate('29/2/2016 01:16', r.choice.chosen)).toMatchObject({ year: 2016, month: 2, day: 29, hour: 1, minute: 16 });
		for (const col of ['sys_created_at', 'sys_updated_at', 'resolved_at', 'closed_at']) {
			const x = await wholeColumn('uci', col);
			expect(x.choice, col).toMatchObject({ ambiguous: false, chosen: { order: 'dmy' } });
			expect(x.counts.dmy, col).toBe(x.nonNull);
		}
	});

	it.skipIf(!existsSync(LA311))('LA 311: m/d/yyyy h:mm:ss AM month-first', async () => {
		await c.run(`CREATE OR REPLACE TABLE la AS SELECT * FROM read_csv('${LA311}', all_varchar = true)`);
		for (const col of ['CreatedDate', 'UpdatedDate', 'ServiceDate', 'ClosedDate']) {
			const r = await wholeColumn('la', col);
			expect(r.choice.chosen, col).toMatchObject({ id: 'mdy', label: 'mm/dd/yyyy hh:mm:ss AM' });
			expect(r.choice.ambiguous, col).toBe(false);
			expect(r.counts.mdy, col).toBe(r.nonNull);
		}
		const mdy = (await wholeColumn('la', 'CreatedDate')).choice.chosen;
		expect(parseDate('12/31/2017 11:59:58 PM', mdy)).toMatchObject({ year: 2017, month: 12, day: 31, hour: 23, minute: 59, second: 58 });
	});

	it.skipIf(!existsSync(CFPB))('CFPB: 2020-03-18 ISO dates', async () => {
		await c.run(`CREATE OR REPLACE TABLE cfpb AS SELECT * FROM read_csv('${CFPB}', skip = 2, all_varchar = true)`);
		for (const col of ['"Date received"', '"Date sent to company"']) {
			const r = await wholeColumn('cfpb', col);
			expect(r.choice, col).toMatchObject({ ambiguous: false, chosen: { id: 'iso', label: 'yyyy-mm-dd' } });
			expect(r.counts.iso, col).toBe(r.nonNull);
			expect(r.candidates, col).toHaveLength(1);
		}
	});

	it.skipIf(!existsSync(CAR))('car complaints (GBK): 投诉时间 2020-06-18', async () => {
		const text = new TextDecoder('gbk').decode(readFileSync(CAR));
		const [header, ...lines] = text.split(/\r?\n/).filter(Boolean);
		expect(header.split(',')).toContain('投诉时间');
		// the date column is the second last; quoted codes before it hold commas, so read it from the end
		const values = lines.map((l) => l.split(',').at(-2)!).filter((v) => /\d/.test(v));
		expect(values.length).toBeGreaterThan(600);
		const candidates = dateCandidates(values);
		expect(candidates.map((x) => x.id)).toEqual(['iso']);
		expect(await agree([...new Set(values)], candidates[0])).toBeGreaterThan(0);
		expect(parseDate('2020-06-18', candidates[0])).toMatchObject({ year: 2020, month: 6, day: 18 });
	});

	it.skipIf(!existsSync(KAGGLE))('Kaggle synthetic: 2023-06-01 12:15:36 and 2021-03-22', async () => {
		await c.run(`CREATE OR REPLACE TABLE kaggle AS SELECT * FROM read_csv('${KAGGLE}', all_varchar = true)`);
		for (const col of ['"First Response Time"', '"Time to Resolution"', '"Date of Purchase"']) {
			const r = await wholeColumn('kaggle', col);
			expect(r.choice, col).toMatchObject({ ambiguous: false, chosen: { id: 'iso' } });
			expect(r.counts.iso, col).toBe(r.nonNull);
		}
	});
});
