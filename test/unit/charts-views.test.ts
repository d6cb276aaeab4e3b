import { describe, expect, it } from 'vitest';
import { controlChart, violationText } from '../../src/lib/charts/control';
import { completeCells, crosstabChart, weekdayHourChart } from '../../src/lib/charts/crosstab';
import { trendChart } from '../../src/lib/charts/trend';
import { effectChart, periodsIn } from '../../src/lib/charts/effect';

type Mark = { data?: unknown[]; ariaLabel?: string; channels?: Record<string, { value: unknown }> };
const marks = (o: { marks?: unknown[] }) => (o.marks ?? []) as Mark[];

const pts = [
	{ period: '2024-01', value: 0.1, n: 100, cl: 0.1, ucl: 0.19, lcl: 0.01, sigma: 0.03, violations: [] },
	{ period: '2024-02', value: NaN, n: 0, cl: 0.1, ucl: 1, lcl: 0, sigma: Infinity, violations: [] },
	{ period: '2024-03', value: 0.3, n: 50, cl: 0.1, ucl: 0.23, lcl: 0, sigma: 0.04, violations: [1] },
	{ period: '2024-04', value: 0.12, n: 200, cl: 0.1, ucl: 0.16, lcl: 0.04, sigma: 0.02, violations: [] }
];

describe('controlChart', () => {
	const o = controlChart(pts, { lang: 'zh', kind: 'p', stages: ['2024-04'] });
	it('keeps every period on the axis but draws no NaN point', () => {
		expect((o.x as { domain: string[] }).domain).toEqual(['2024-01', '2024-02', '2024-03', '2024-04']);
		const dots = marks(o).find((m) => m.ariaLabel === 'dot')!;
		expect((dots.data as { period: string }[]).map((d) => d.period)).toEqual(['2024-01', '2024-03', '2024-04']);
	});
	it('draws limits that follow each point, as steps', () => {
		const lines = marks(o).filter((m) => m.ariaLabel === 'line');
		// ucl, lcl, cl and the values
		expect(lines).toHaveLength(4);
		// a period without tickets has no limit either: the line breaks there instead of jumping to 100 %
		expect((lines[0].data as { ucl: number }[]).map((d) => d.ucl)).toEqual([0.19, NaN, 0.23, 0.16]);
	});
	it('names the violating periods and the rules in the UI language', () => {
		expect((o as { ariaDescription?: string }).ariaDescription).toBe('2024-03');
		expect(violationText(1, 'zh')).toContain('3σ');
		expect(violationText(4, 'en')).toMatch(/8 in a row/);
		expect(o.y?.label).toBe('占比');
		expect(controlChart(pts, { lang: 'en', kind: 'c' }).y?.label).toBe('Tickets');
	});
	it('marks a stage start with a rule', () => {
		const rules = marks(o).filter((m) => m.ariaLabel?.startsWith('rule'));
		expect(rules.map((m) => m.data)).toContainEqual(['2024-04']);
	});
});

describe('crosstab', () => {
	it('fills every cell of two given domains, zeros included', () => {
		const c = completeCells([{ row: 'a', col: 'x', count: 3 }], ['a', 'b'], ['x', 'y']);
		expect(c).toEqual([
			{ row: 'a', col: 'x', count: 3 },
			{ row: 'a', col: 'y', count: 0 },
			{ row: 'b', col: 'x', count: 0 },
			{ row: 'b', col: 'y', count: 0 }
		]);
	});
	it('weekday × hour has all 168 cells, Monday first, labelled per language', () => {
		const o = weekdayHourChart([{ weekday: '7', hour: '23', count: 5 }], { lang: 'zh' });
		const cell = marks(o).find((m) => m.ariaLabel === 'cell')!;
		expect(cell.data).toHaveLength(168);
		expect((cell.data as { row: string; col: string; count: number }[]).find((c) => c.row === '7' && c.col === '23')!.count).toBe(5);
		expect((o.y as { domain: string[] }).domain[0]).toBe('1');
		const fmt = (o.y as { tickFormat: (v: string) => string }).tickFormat;
		expect([fmt('1'), fmt('7')]).toEqual(['周一', '周日']);
		expect((weekdayHourChart([], { lang: 'en' }).y as { tickFormat: (v: string) => string }).tickFormat('6')).toBe('Sat');
	});
	it('stops labelling cells when there are too many to read', () => {
		const many = Array.from({ length: 500 }, (_, i) => ({ row: `r${i % 25}`, col: `c${Math.floor(i / 25)}`, count: i }));
		expect(marks(crosstabChart(many, { lang: 'en' })).some((m) => m.ariaLabel === 'text')).toBe(false);
		expect(marks(crosstabChart(many.slice(0, 10), { lang: 'en' })).some((m) => m.ariaLabel === 'text')).toBe(true);
	});
});

describe('trendChart small multiples', () => {
	it('draws one panel per value, largest first and Other last', () => {
		const rows = [
			{ period: '2024-01', key: 'Other', count: 50 },
			{ period: '2024-01', key: 'A', count: 5 },
			{ period: '2024-01', key: 'B', count: 13 },
			{ period: '2024-02', key: 'A', count: 7 }
		];
		const o = trendChart(rows, { lang: 'en', layout: 'multiples' });
		expect((o.fy as { domain: string[] }).domain).toEqual(['B', 'A', 'Other']);
		expect(trendChart(rows, { lang: 'en' }).fy).toBeUndefined();
	});
});

describe('trendChart stacked', () => {
	it('puts a spike marker on top of its own segment', () => {
		const o = trendChart(
			[
				{ period: '2024-04', key: 'A', count: 10 },
				{ period: '2024-04', key: 'B', count: 30 }
			],
			{ lang: 'en', spikes: [{ period: '2024-04', key: 'B' }] }
		);
		const dot = marks(o).find((m) => m.ariaLabel === 'dot')!;
		expect(dot.data).toMatchObject([{ key: 'B', y1: 10, y2: 40 }]);
	});
});

describe('effectChart', () => {
	const rows = ['2024-03-25', '2024-04-01', '2024-04-08', '2024-04-29', '2024-05-06'].map((period, i) => ({ period, count: i + 1 }));
	it('shades the weeks that overlap each window', () => {
		expect(periodsIn(rows.map((r) => r.period), { from: '2024-04-01', to: '2024-04-30' })).toEqual(['2024-04-01', '2024-04-08', '2024-04-29']);
		// the week of 2024-03-25 ends on 2024-03-31
		expect(periodsIn(rows.map((r) => r.period), { from: '2024-03-31', to: '2024-03-31' })).toEqual(['2024-03-25']);
		const o = effectChart(rows, { lang: 'zh', window: { from: '2024-04-01', to: '2024-04-30' }, baseline: { from: '2024-03-01', to: '2024-03-31' } });
		const bars = (o.marks as { data?: unknown[] }[]).filter((m) => Array.isArray(m.data));
		expect(bars[0].data).toEqual(['2024-03-25']);
		expect(bars[1].data).toEqual(['2024-04-01', '2024-04-08', '2024-04-29']);
	});
});
