import { describe, expect, it } from 'vitest';
import { chooseDateCandidate, dateCandidates, looksLikeDateHeader, parseDate, type DateCandidate } from '../../src/lib/ingest/dates';

/** What the server does over a whole column: count the values each candidate parses. */
function countsOf(values: string[], candidates: DateCandidate[]): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const c of candidates) counts[c.id] = values.filter((v) => parseDate(v, c) !== null).length;
	return counts;
}

/** Candidates from the samples, then the choice over the same values. */
function decide(values: string[]) {
	const candidates = dateCandidates(values);
	const choice = chooseDateCandidate(candidates, countsOf(values, candidates));
	if (!choice) throw new Error(`no choice for ${JSON.stringify(values)}`);
	return { candidates, ...choice };
}

/** Wall-clock text of a parse, or null. */
function wall(value: string, c: DateCandidate): string | null {
	const r = parseDate(value, c);
	if (!r) return null;
	const p = (n: number, w = 2) => String(n).padStart(w, '0');
	const off = r.offsetMinutes === undefined ? '' : ` ${r.offsetMinutes >= 0 ? '+' : '-'}${p(Math.floor(Math.abs(r.offsetMinutes) / 60))}:${p(Math.abs(r.offsetMinutes) % 60)}`;
	return `${p(r.year, 4)}-${p(r.month)}-${p(r.day)} ${p(r.hour)}:${p(r.minute)}:${p(r.second)}.${p(r.millis, 3)}${off}`;
}

function byId(cs: DateCandidate[], id: string): DateCandidate {
	const c = cs.find((x) => x.id === id);
	if (!c) throw new Error(`no candidate ${id} among ${cs.map((x) => x.id).join(', ')}`);
	return c;
}

describe('ISO 8601 and year-first', () => {
	const values = [
		'2024-05-01',
		'2024-05-01 14:30',
		'2024-05-01T14:30:00',
		'2024-05-01T14:30:00.5',
		'2024-05-01 14:30:00.123456',
		'2024/05/01 14:30',
		'2024-5-1 9:05'
	];
	it('one year-first candidate, not ambiguous', () => {
		const d = decide(values);
		expect(d.candidates.map((c) => c.id)).toEqual(['iso']);
		expect(d.chosen).toMatchObject({ id: 'iso', order: 'ymd', offset: false });
		expect(d.ambiguous).toBe(false);
		for (const v of values) expect(parseDate(v, d.chosen), v).not.toBeNull();
	});
	it.each([
		['2024-05-01', '2024-05-01 00:00:00.000'],
		['2024-05-01 14:30', '2024-05-01 14:30:00.000'],
		['2024-05-01T14:30:00', '2024-05-01 14:30:00.000'],
		['2024-05-01T14:30:00.5', '2024-05-01 14:30:00.500'],
		['2024-05-01 14:30:00.123456', '2024-05-01 14:30:00.123'],
		['2024/05/01 14:30', '2024-05-01 14:30:00.000'],
		['2024-5-1 9:05', '2024-05-01 09:05:00.000']
	])('%s → %s', (v, expected) => {
		expect(wall(v, decide(values).chosen)).toBe(expected);
	});
	it('covers date-only and the time variants seen, and only those shapes', () => {
		const c = decide(['2024-05-01 14:30', '2024-05-02 09:00']).chosen;
		expect(c.formats).toEqual(['%Y-%m-%d', '%Y-%m-%d %H:%M', '%Y-%m-%d %H:%M:%S']);
		expect(c.label).toBe('yyyy-mm-dd HH:MM');
		expect(parseDate('2024-05-03', c)).toMatchObject({ year: 2024, month: 5, day: 3, hour: 0 });
		expect(parseDate('2024-05-03 10:11:12', c)).toMatchObject({ hour: 10, minute: 11, second: 12 });
	});
	it('offsets: Z, +08:00, +0800, -05:00; offset candidates keep the wall clock and the offset', () => {
		const vals = ['2024-05-01T14:30:00Z', '2024-05-01T14:30:00+08:00', '2024-05-01T14:30:00+0800', '2024-05-01T14:30:00.250-05:00', '2024-05-01'];
		const d = decide(vals);
		expect(d.chosen).toMatchObject({ id: 'iso', offset: true });
		expect(d.chosen.formats.some((f) => f.includes('%z'))).toBe(true);
		expect(d.chosen.formats).toContain('%Y-%m-%dT%H:%M:%SZ'); // DuckDB's %z does not read 'Z'
		expect(wall(vals[0], d.chosen)).toBe('2024-05-01 14:30:00.000 +00:00');
		expect(wall(vals[1], d.chosen)).toBe('2024-05-01 14:30:00.000 +08:00');
		expect(wall(vals[2], d.chosen)).toBe('2024-05-01 14:30:00.000 +08:00');
		expect(wall(vals[3], d.chosen)).toBe('2024-05-01 14:30:00.250 -05:00');
		// DuckDB reads a value without offset in a %z list as UTC; parseDate says so
		expect(parseDate('2024-05-01', d.chosen)?.offsetMinutes).toBe(0);
	});
	it('without offsets there is no offsetMinutes', () => {
		expect(parseDate('2024-05-01 14:30', decide(values).chosen)).not.toHaveProperty('offsetMinutes');
	});
	it('leading and trailing whitespace is ignored, as in DuckDB', () => {
		expect(wall('  2024-05-01 14:30 ', decide(values).chosen)).toBe('2024-05-01 14:30:00.000');
	});
});

describe('d/m/yyyy H:MM (ServiceNow) and m/d/yyyy h:mm:ss AM (LA 311)', () => {
	const uci = ['29/2/2016 01:16', '5/3/2016 12:00', '29/2/2016 11:29', '1/3/2016 09:00', '31/3/2016 23:59'];
	it('UCI values: day-first, not ambiguous', () => {
		const d = decide(uci);
		expect(d.candidates.map((c) => c.order).sort()).toEqual(['dmy', 'mdy']);
		expect(d.chosen).toMatchObject({ id: 'dmy', order: 'dmy', label: 'd/m/yyyy HH:MM' });
		expect(d.ambiguous).toBe(false);
		expect(wall('29/2/2016 01:16', d.chosen)).toBe('2016-02-29 01:16:00.000');
		expect(wall('5/3/2016 12:00', d.chosen)).toBe('2016-03-05 12:00:00.000');
		expect(d.reason).toMatch(/d\/m\/yyyy HH:MM parses 5 values; the next best, m\/d\/yyyy HH:MM, parses 2/);
	});
	const la = ['12/31/2017 11:59:58 PM', '04/09/2018 09:25:28 AM', '01/05/2018 12:00:00 AM', '12/30/2017 12:15:01 PM'];
	it('LA 311 values: month-first, 12 AM is midnight and 12 PM noon', () => {
		const d = decide(la);
		expect(d.chosen).toMatchObject({ id: 'mdy', label: 'mm/dd/yyyy hh:mm:ss AM' });
		expect(d.ambiguous).toBe(false);
		expect(wall(la[0], d.chosen)).toBe('2017-12-31 23:59:58.000');
		expect(wall(la[1], d.chosen)).toBe('2018-04-09 09:25:28.000');
		expect(wall(la[2], d.chosen)).toBe('2018-01-05 00:00:00.000');
		expect(wall(la[3], d.chosen)).toBe('2017-12-30 12:15:01.000');
		expect(parseDate('12/31/2017 13:00:00 PM', d.chosen)).toBeNull();
		expect(wall('12/31/2017', d.chosen)).toBe('2017-12-31 00:00:00.000');
	});
	it.each([
		['13.05.2024', '2024-05-13 00:00:00.000'],
		['13-05-2024 8:00', '2024-05-13 08:00:00.000'],
		['13/05/2024 08:00:01', '2024-05-13 08:00:01.000']
	])('separators: %s → %s', (v, expected) => {
		const d = decide([v]);
		expect(d.chosen.order).toBe('dmy');
		expect(wall(v, d.chosen)).toBe(expected);
	});
});

describe('ambiguity', () => {
	const allSmall = ['1/2/2024 10:00', '5/3/2024 09:15', '12/11/2024 17:40', '3/3/2024 08:00', '10/1/2024 23:00'];
	it('every day ≤ 12 → ambiguous, defaulting to day-first (no AM/PM)', () => {
		const d = decide(allSmall);
		expect(d.ambiguous).toBe(true);
		expect(d.chosen.order).toBe('dmy');
		expect(d.alternatives.map((c) => c.order)).toEqual(['mdy']);
		expect(d.reason).toMatch(/cannot tell day first from month first; defaulting to day first/);
	});
	it('the same column plus 13/1/2024 → day-first, not ambiguous', () => {
		const d = decide([...allSmall, '13/1/2024']);
		expect(d.ambiguous).toBe(false);
		expect(d.chosen.order).toBe('dmy');
		expect(d.alternatives).toEqual([]);
		expect(wall('13/1/2024', d.chosen)).toBe('2024-01-13 00:00:00.000');
	});
	it('the same column plus 1/13/2024 → month-first, not ambiguous', () => {
		const d = decide([...allSmall, '1/13/2024']);
		expect(d).toMatchObject({ ambiguous: false, chosen: { order: 'mdy' } });
	});
	it('every day ≤ 12 with AM/PM → ambiguous, defaulting to month-first', () => {
		const d = decide(['01/02/2024 10:00:00 AM', '05/03/2024 09:15:00 PM', '12/11/2024 12:00:00 AM']);
		expect(d.ambiguous).toBe(true);
		expect(d.chosen.order).toBe('mdy');
		expect(d.reason).toMatch(/AM\/PM/);
	});
	it('a column with 12/31/2017 values → month-first', () => {
		const d = decide(['12/31/2017 11:59:58 PM', '12/31/2017 11:56:39 PM', '01/02/2018 08:00:00 AM']);
		expect(d).toMatchObject({ ambiguous: false, chosen: { order: 'mdy' } });
	});
	it('a tie between a 4-digit-year-first reading and others → year-first', () => {
		const d = decide(['2024-05-01', '01-05-2024']);
		expect(d.ambiguous).toBe(true);
		expect(d.chosen.id).toBe('iso');
	});
	it('ties between candidates of the same order are not ambiguous', () => {
		const a: DateCandidate = { id: 'iso', order: 'ymd', label: 'yyyy-mm-dd', formats: ['%Y-%m-%d'], offset: false };
		const b: DateCandidate = { id: 'ymd-cn', order: 'ymd', label: 'yyyy年m月d日', formats: ['%Y年%m月%d日'], offset: false };
		expect(chooseDateCandidate([a, b], { iso: 5, 'ymd-cn': 5 })).toMatchObject({ chosen: a, ambiguous: false, alternatives: [] });
	});
	it('nothing parsed, or no candidates → null', () => {
		const a: DateCandidate = { id: 'iso', order: 'ymd', label: 'yyyy-mm-dd', formats: ['%Y-%m-%d'], offset: false };
		expect(chooseDateCandidate([a], { iso: 0 })).toBeNull();
		expect(chooseDateCandidate([a], {})).toBeNull();
		expect(chooseDateCandidate([], {})).toBeNull();
	});
	it('the default rule applies only among the tied readings', () => {
		const ymd: DateCandidate = { id: 'ymd', order: 'ymd', label: 'yy-mm-dd', formats: ['%y-%m-%d'], offset: false };
		const mdy: DateCandidate = { id: 'mdy', order: 'mdy', label: 'mm-dd-yy', formats: ['%m-%d-%y'], offset: false };
		const dmy: DateCandidate = { id: 'dmy', order: 'dmy', label: 'dd-mm-yy', formats: ['%d-%m-%y'], offset: false };
		// dmy is the default but parses fewer values: it is not chosen
		const c = chooseDateCandidate([dmy, ymd, mdy], { dmy: 3, ymd: 4, mdy: 4 })!;
		expect(c.ambiguous).toBe(true);
		expect(c.chosen.id).toBe('mdy');
		expect(c.alternatives.map((a) => a.id)).toEqual(['ymd']);
	});
});

describe('2-digit years', () => {
	it('22-04-15 alone: y-m-d, d-m-y and m-d-y are all candidates', () => {
		expect(dateCandidates(['22-04-15']).map((c) => c.order).sort()).toEqual(['dmy', 'mdy', 'ymd']);
	});
	it('22-04-15 with 31-01-15 → d-m-y, year 2015 (never 2022)', () => {
		const d = decide(['22-04-15', '31-01-15']);
		expect(d.chosen.order).toBe('dmy');
		expect(wall('22-04-15', d.chosen)).toBe('2015-04-22 00:00:00.000');
		expect(wall('31-01-15', d.chosen)).toBe('2015-01-31 00:00:00.000');
		// 31-01-15 also reads as 2031-01-15 year-first: the tie is stated
		expect(d.ambiguous).toBe(true);
		expect(d.alternatives.map((c) => c.order)).toEqual(['ymd']);
	});
	it('the values decide year-first: 99-12-31 can only be y-m-d', () => {
		const d = decide(['22-04-15', '99-12-31', '05-06-07']);
		expect(d).toMatchObject({ ambiguous: false, chosen: { order: 'ymd' } });
		expect(wall('99-12-31', d.chosen)).toBe('1999-12-31 00:00:00.000');
		expect(wall('22-04-15', d.chosen)).toBe('2022-04-15 00:00:00.000');
	});
	it('the values decide month-first: 12-31-15', () => {
		const d = decide(['12-31-15', '01-02-15']);
		expect(d).toMatchObject({ ambiguous: false, chosen: { order: 'mdy' } });
		expect(wall('12-31-15', d.chosen)).toBe('2015-12-31 00:00:00.000');
	});
	it('1/2/24 3:04: day or month first (a 1-digit field is no year), 2024 never 0024', () => {
		const d = decide(['1/2/24 3:04', '5/6/24 13:00']);
		expect(d.candidates.map((c) => c.order).sort()).toEqual(['dmy', 'mdy']);
		expect(d).toMatchObject({ ambiguous: true, chosen: { order: 'dmy', label: 'd/m/yy H:MM' } });
		expect(wall('1/2/24 3:04', d.chosen)).toBe('2024-02-01 03:04:00.000');
		// a 4-digit year in the same column still parses (with %y tried first)
		expect(wall('1/2/2024 3:04', d.chosen)).toBe('2024-02-01 03:04:00.000');
	});
	it('a 2-digit year in a d/m/yyyy column is read in the right century', () => {
		const c = decide(['29/2/2016 01:16', '30/3/2016 10:00']).chosen;
		expect(wall('1/2/24 03:04', c)).toBe('2024-02-01 03:04:00.000');
	});
	it('%y pivots at 69: 68 → 2068, 69 → 1969', () => {
		const c = decide(['31/1/68', '31/1/69']).chosen;
		expect(parseDate('31/1/68', c)?.year).toBe(2068);
		expect(parseDate('31/1/69', c)?.year).toBe(1969);
	});
});

describe('Chinese dates', () => {
	it.each([
		['2024年5月1日 14:30', '2024-05-01 14:30:00.000'],
		['2024年05月01日', '2024-05-01 00:00:00.000'],
		['2024年5月1日14时30分', '2024-05-01 14:30:00.000'],
		['2024年5月1日 14时30分05秒', '2024-05-01 14:30:05.000'],
		['2024年5月1日 14:30:59', '2024-05-01 14:30:59.000']
	])('%s → %s', (v, expected) => {
		const d = decide([v]);
		expect(d.chosen).toMatchObject({ id: 'ymd-cn', order: 'ymd' });
		expect(d.ambiguous).toBe(false);
		expect(wall(v, d.chosen)).toBe(expected);
	});
	it('a column mixing the forms: one candidate covering all of them', () => {
		const vals = ['2024年5月1日 14:30', '2024年05月01日', '2024年5月1日14时30分'];
		const d = decide(vals);
		expect(d.candidates).toHaveLength(1);
		expect(d.chosen.label).toBe('yyyy年m月d日 HH:MM');
		for (const v of vals) expect(parseDate(v, d.chosen), v).not.toBeNull();
	});
	it('12-hour 下午 is not a shape DuckDB can read', () => {
		expect(dateCandidates(['2024年5月1日 下午2:30', '2024年5月2日 上午9:00'])).toEqual([]);
	});
});

describe('month names', () => {
	it('23/Mar/24 2:05 PM', () => {
		const d = decide(['23/Mar/24 2:05 PM', '1/Apr/24 11:00 AM']);
		expect(d.chosen).toMatchObject({ id: 'dmy-mon', order: 'dmy', label: 'd/Mon/yy h:mm AM' });
		expect(d.ambiguous).toBe(false);
		expect(wall('23/Mar/24 2:05 PM', d.chosen)).toBe('2024-03-23 14:05:00.000');
	});
	it('23-Mar-2024 and upper case 23-MAR-2024', () => {
		const d = decide(['23-Mar-2024', '01-Apr-2024']);
		expect(d.chosen.id).toBe('dmy-mon');
		expect(wall('23-Mar-2024', d.chosen)).toBe('2024-03-23 00:00:00.000');
		expect(wall('23-MAR-2024', d.chosen)).toBe('2024-03-23 00:00:00.000');
	});
	it('Mar 23, 2024 2:05 PM', () => {
		const d = decide(['Mar 23, 2024 2:05 PM', 'Apr 1, 2024 10:00 AM']);
		expect(d.chosen).toMatchObject({ id: 'mon-dy', order: 'mdy', label: 'Mon d, yyyy h:mm AM' });
		expect(wall('Mar 23, 2024 2:05 PM', d.chosen)).toBe('2024-03-23 14:05:00.000');
	});
	it('full month names', () => {
		const d = decide(['March 23, 2024', 'May 1, 2024']);
		expect(wall('March 23, 2024', d.chosen)).toBe('2024-03-23 00:00:00.000');
		expect(wall('May 1, 2024', d.chosen)).toBe('2024-05-01 00:00:00.000');
	});
	it('RFC 2822 with a weekday and an offset', () => {
		const d = decide(['Sat, 23 Mar 2024 14:05:00 +0000', 'Mon, 01 Apr 2024 09:00:00 -0500']);
		expect(d.chosen).toMatchObject({ id: 'dmy-mon', offset: true });
		expect(wall('Mon, 01 Apr 2024 09:00:00 -0500', d.chosen)).toBe('2024-04-01 09:00:00.000 -05:00');
	});
	it('"Sept" and unknown words are not months', () => {
		expect(dateCandidates(['Sept 23, 2024', 'Foo 1, 2024'])).toEqual([]);
	});
});

describe('calendar validity and junk', () => {
	const dmy = decide(['13/1/2024', '31/12/2024 10:00']).chosen;
	it.each([
		['31/02/2024', null],
		['29/02/2023', null],
		['29/02/2024', '2024-02-29 00:00:00.000'],
		['29/02/1900', null],
		['29/02/2000', '2000-02-29 00:00:00.000'],
		['0/1/2024', null],
		['1/13/2024', null],
		['1/1/2024 24:00', null],
		['1/1/2024 23:60', null],
		['1/1/2024 23:59:60', null],
		['1/1/2024 9:5', '2024-01-01 09:05:00.000'],
		['1/1/2024T09:05', null],
		['1/1/2024 09:05 extra', null]
	])('%s → %s', (v, expected) => expect(wall(v, dmy)).toBe(expected));
	it('fewer than half the samples look like dates → no candidates', () => {
		expect(dateCandidates(['hello', 'world', '2024-01-01'])).toEqual([]);
		expect(dateCandidates(['12345', '42', '3.14'])).toEqual([]);
		expect(dateCandidates([])).toEqual([]);
	});
	it('a few junk values do not stop detection', () => {
		const vals = ['2024-05-01', '2024-05-02', 'unknown', '2024-05-03', '?'];
		const d = decide(vals);
		expect(d.chosen.id).toBe('iso');
		expect(countsOf(vals, d.candidates).iso).toBe(3);
	});
	it('half exactly is enough', () => {
		expect(dateCandidates(['2024-05-01', 'x']).map((c) => c.id)).toEqual(['iso']);
	});
	it('candidates come best fit first', () => {
		expect(dateCandidates(['29/2/2016 01:16', '5/3/2016 12:00'])[0].order).toBe('dmy');
		expect(dateCandidates(['12/31/2017 11:59:58 PM'])[0].order).toBe('mdy');
	});
});

describe('looksLikeDateHeader', () => {
	it.each([
		'opened_at', 'sys_created_at', 'sys_updated_at', 'resolved_at', 'closed_at', 'CreatedDate', 'UpdatedDate', 'ServiceDate',
		'ClosedDate', 'Date received', 'Date sent to company', 'Date of Purchase', 'First Response Time', 'Time to Resolution',
		'createdAt', 'Created On', 'created', 'Resolved', 'timestamp', 'date', '投诉时间', '创建时间', '日期', '处理时刻'
	])('%s → yes', (h) => expect(looksLikeDateHeader(h)).toBe(true));
	it.each([
		'opened_by', 'sys_created_by', 'resolved_by', 'closed_code', 'sys_mod_count', 'Timely response?', 'Submitted via', 'number',
		'Ticket ID', 'Resolution', 'Status', 'assigned_to', 'format', 'data', '投诉状态', '问题简述', ''
	])('%s → no', (h) => expect(looksLikeDateHeader(h)).toBe(false));
});
