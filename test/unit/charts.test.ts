import { describe, expect, it } from 'vitest';
import { paretoChart } from '../../src/lib/charts/pareto';
import { periodDate, trendChart } from '../../src/lib/charts/trend';

const rows = [
	{ key: '支付失败', count: 50, share: 0.5, cumShare: 0.5, vital: true },
	{ key: '登录异常', count: 30, share: 0.3, cumShare: 0.8, vital: true },
	{ key: '物流查询', count: 12, share: 0.12, cumShare: 0.92, vital: false },
	{ key: 'Other', count: 8, share: 0.08, cumShare: 1, vital: false }
];

describe('paretoChart', () => {
	const o = paretoChart(rows, { lang: 'zh' });
	it('keeps the bars in the given order, Other last', () => {
		expect(o.x?.domain).toEqual(['支付失败', '登录异常', '物流查询', 'Other']);
	});
	it('draws the cumulative share on a 0–100 % axis scaled to the tallest bar, with the 80 % line', () => {
		expect(o.y?.domain).toEqual([0, 50]);
		const marks = o.marks as { ariaLabel?: string; data?: unknown }[];
		const rule = marks.find((m) => Array.isArray(m.data) && (m.data as number[])[0] === 40);
		expect(rule).toBeDefined(); // 0.8 × 50
		const line = marks.find((m) => m.ariaLabel === 'line');
		expect(line).toBeDefined();
	});
	it('labels in the UI language', () => {
		expect(o.y?.label).toBe('工单数');
		expect(paretoChart(rows, { lang: 'en' }).y?.label).toBe('Tickets');
	});
});

describe('trendChart', () => {
	it('reads day, week and month periods', () => {
		expect(periodDate('2024-04').toISOString().slice(0, 10)).toBe('2024-04-01');
		expect(periodDate('2024-04-08').toISOString().slice(0, 10)).toBe('2024-04-08');
	});
	it('orders periods and marks the spikes', () => {
		const o = trendChart(
			[
				{ period: '2024-03', count: 40 },
				{ period: '2024-04', count: 170 },
				{ period: '2024-05', count: 60 }
			],
			{ lang: 'en', spikes: [{ period: '2024-04', key: '支付失败' }] }
		);
		expect(o.x?.domain).toEqual(['2024-03', '2024-04', '2024-05']);
		const dots = (o.marks as { ariaLabel?: string; data?: { period: string }[] }[]).find((m) => m.ariaLabel === 'dot');
		expect(dots?.data?.map((d) => d.period)).toEqual(['2024-04']);
	});
	it('stacks by the split dimension with a legend', () => {
		const o = trendChart(
			[
				{ period: '2024-03', key: 'APP', count: 10 },
				{ period: '2024-03', key: '电话', count: 5 }
			],
			{ lang: 'zh' }
		);
		expect(o.color).toMatchObject({ legend: true });
	});
});

import { wordsChart, WORD_COLOURS } from '../../src/lib/charts/words';
describe('wordsChart', () => {
	it('ranks terms as given, colours by change, and marks last period with a tick', () => {
		const rows = [
			{ term: '活动', count: 100, previous: 0, changePct: null, status: 'new' as const },
			{ term: '支付', count: 80, previous: 40, changePct: 100, status: 'up' as const },
			{ term: '物流', count: 30, previous: 60, changePct: -50, status: 'down' as const }
		];
		const o = wordsChart(rows, { lang: 'zh' });
		expect((o.y as { domain: string[] }).domain).toEqual(['活动', '支付', '物流']);
		expect((o.x as { domain: number[] }).domain[1]).toBeGreaterThanOrEqual(100);
		const marks = o.marks as unknown as { ariaLabel?: string; constructor: { name: string } }[];
		expect(marks.map((m) => m.constructor.name)).toEqual(expect.arrayContaining(['BarX', 'TickX', 'Text']));
		expect(new Set(Object.values(WORD_COLOURS)).size).toBe(4);
		expect(o.height).toBe(40 + 3 * 22);
	});
});
