import { describe, expect, it } from 'vitest';
import { compileFilter, filterToQuery, mondayOf, parseFilter, parseFilterQuery, presetWindow, type Filter } from '../../src/lib/filters';

describe('Filter URL form', () => {
	it('round-trips, ignoring view parameters and junk', () => {
		const q = 'from=2024-04-01&to=2024-04-30&subcategory=%E6%94%AF%E4%BB%98%E5%A4%B1%E8%B4%A5&channel=APP&channel=%E7%94%B5%E8%AF%9D&grain=week&page=2&q=E2001&attr.%E5%9C%B0%E5%8C%BA=%E5%8D%8E%E4%B8%9C';
		const f = parseFilterQuery(q);
		expect(f).toEqual({
			from: '2024-04-01',
			to: '2024-04-30',
			q: 'E2001',
			dims: { subcategory: ['支付失败'], channel: ['APP', '电话'], 'attr.地区': ['华东'] }
		});
		expect(parseFilterQuery(filterToQuery(f))).toEqual(f);
		// stable: the same filter always writes the same URL
		expect(filterToQuery(f)).toBe(filterToQuery(parseFilterQuery(filterToQuery(f))));
	});

	it('reads exclusions (not.<dim>) and the derived weekday/hour dimensions', () => {
		const f = parseFilterQuery('not.subcategory=a&not.subcategory=b&weekday=6&hour=09&not.bogus=1');
		expect(f).toEqual({ dims: { weekday: ['6'], hour: ['09'] }, not: { subcategory: ['a', 'b'] } });
		expect(parseFilterQuery(filterToQuery(f))).toEqual(f);
	});

	it('drops invalid dates and unknown parameters', () => {
		expect(parseFilter(new URLSearchParams('from=2024-02-30&to=nope&bogus=1&preset=forever'))).toEqual({ dims: {} });
		// days DuckDB could not compare against (the window before 0001-01-01 is in year -1)
		expect(parseFilter(new URLSearchParams('from=0001-01-01&to=9999-12-31'))).toEqual({ dims: {} });
		expect(parseFilter(new URLSearchParams('from=1900-01-01&to=2199-12-31'))).toMatchObject({ from: '1900-01-01', to: '2199-12-31' });
	});
});

describe('presets (ISO weeks start on Monday)', () => {
	it('finds Monday', () => {
		expect(mondayOf('2024-04-07')).toBe('2024-04-01'); // a Sunday
		expect(mondayOf('2024-04-01')).toBe('2024-04-01');
	});
	it.each([
		['this_week', '2024-04-10', { from: '2024-04-08', to: '2024-04-14' }],
		['last_week', '2024-04-10', { from: '2024-04-01', to: '2024-04-07' }],
		['last_4_weeks', '2024-04-10', { from: '2024-03-11', to: '2024-04-07' }],
		['last_13_weeks', '2024-04-10', { from: '2024-01-08', to: '2024-04-07' }],
		['this_month', '2024-02-10', { from: '2024-02-01', to: '2024-02-29' }],
		['last_month', '2024-03-31', { from: '2024-02-01', to: '2024-02-29' }]
	] as const)('%s on %s', (preset, today, w) => expect(presetWindow(preset, today)).toEqual(w));
});

describe('compileFilter', () => {
	const shapes: [string, Filter][] = [
		['empty', { dims: {} }],
		['window', { from: '2024-04-01', to: '2024-04-30', dims: {} }],
		['preset', { preset: 'last_week', dims: {} }],
		['one value', { dims: { subcategory: ['支付失败'] } }],
		['several values and empty', { dims: { channel: ['APP', '电话', '(空)'] } }],
		['custom column', { dims: { 'attr.地区': ['华东'] } }],
		['text search', { q: '50%_off\\', dims: {} }],
		['everything', { from: '2024-04-01', q: 'E2001', dims: { subcategory: ['支付失败'], channel: ['APP'], 'attr.地区': ['华东', '华北'] } }]
	];
	it.each(shapes)('compiles %s', (_name, f) => {
		expect(compileFilter(f, { attrs: ['地区'], today: '2024-04-10', alias: 't' })).toMatchSnapshot();
	});

	it('binds every value: hostile text never reaches the SQL', () => {
		const evil = "'; DROP TABLE tickets; --";
		const c = compileFilter({ q: evil, dims: { category: [evil], [`attr.${evil}`]: [evil] } }, { attrs: [evil] });
		expect(c.where).not.toContain('DROP');
		expect(Object.values(c.params).join(' ')).toContain('DROP TABLE');
	});

	it('compiles exclusions so that empty values stay unless (空) is excluded', () => {
		const c = compileFilter({ dims: {}, not: { channel: ['APP', '电话'], error_code: ['(空)'], team: ['A', '(空)'] } });
		expect(c.where).toBe('("channel" NOT IN ($f0, $f1) OR "channel" IS NULL) AND "error_code" IS NOT NULL AND "team" <> $f2');
		expect(c.params).toEqual({ f0: 'APP', f1: '电话', f2: 'A' });
	});

	it('compiles derived dimensions from created_at', () => {
		const c = compileFilter({ dims: { weekday: ['6', '7'], hour: ['09'] } }, { alias: 't' });
		expect(c.where).toBe("strftime(t.created_at, '%H') = $f0 AND CAST(isodow(t.created_at) AS VARCHAR) IN ($f1, $f2)");
	});

	it('leaves out dimensions that are not on the allow-list', () => {
		const c = compileFilter({ dims: { 'attr.secret': ['x'], 'created_at; DROP': ['x'] } as Filter['dims'] }, { attrs: ['地区'] });
		expect(c.where).toBe('TRUE');
		expect(c.ignored).toEqual(['attr.secret', 'created_at; DROP']);
	});
});
