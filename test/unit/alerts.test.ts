// The alert rule on hand-made series: weekday patterns, spikes, level shifts,
// too little history.
import { describe, expect, it } from 'vitest';
import { detectAlerts, historyOf, periodOf, type CountRow } from '../../src/lib/alerts/detect';
import { poissonUpperTail } from '../../src/lib/stats';

const addDays = (day: string, n: number) => {
	const d = new Date(`${day}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() + n);
	return d.toISOString().slice(0, 10);
};
/** Consecutive days from a Monday, counts from fn(index, weekday 0 = Monday). */
function days(start: string, n: number, fn: (i: number, wd: number) => number, key = 'k'): CountRow[] {
	return Array.from({ length: n }, (_, i) => ({ period: addDays(start, i), key, count: fn(i, i % 7) }));
}
function weeks(start: string, counts: number[], key = 'k'): CountRow[] {
	return counts.map((count, i) => ({ period: addDays(start, 7 * i), key, count }));
}
const periodsOf = (rows: CountRow[]) => [...new Set(rows.map((r) => r.period))];

describe('day grain compares like weekdays', () => {
	// Mondays 30, other days 6, with a little noise: a normal Monday is no spike
	const pattern = (i: number, wd: number) => (wd === 0 ? 30 + (i % 3) : 6 + (i % 2));
	it('a weekday pattern does not alert', () => {
		const rows = days('2024-01-01', 84, pattern);
		expect(detectAlerts({ grain: 'day', present: periodsOf(rows), rows })).toEqual([]);
	});
	it('the same Monday against all previous days would have alerted (the pattern is real)', () => {
		const rows = days('2024-01-01', 84, pattern);
		const mondays = rows.filter((r) => r.period >= '2024-03-18' && new Date(r.period).getUTCDay() === 1);
		const prev7 = rows.filter((r) => r.period >= '2024-03-11' && r.period < '2024-03-18');
		const naive = prev7.reduce((s, r) => s + r.count, 0) / 7;
		expect(poissonUpperTail(mondays[0].count, naive)).toBeLessThan(0.01);
	});
	it('a real spike on a Wednesday alerts once, with the Wednesday baseline', () => {
		const rows = days('2024-01-01', 84, (i, wd) => (i === 79 ? 25 : pattern(i, wd)));
		const found = detectAlerts({ grain: 'day', present: periodsOf(rows), rows });
		expect(found).toHaveLength(1);
		expect(found[0].period).toBe(addDays('2024-01-01', 79));
		expect(new Date(found[0].period).getUTCDay()).toBe(3);
		expect(found[0].baseline).toBeCloseTo(6.5, 0);
		expect(found[0].history).toBe(8);
		expect(found[0].p).toBeLessThan(0.001);
	});
	it('a level shift at day grain alerts once, even through a quiet Sunday', () => {
		// ~1.5 a day, then ~6 a day for four weeks (the sample's April 支付失败), with one Sunday at 3
		const rows = days('2024-01-01', 140, (i) => (i >= 91 && i < 119 ? (i === 104 ? 3 : 6 + (i % 2)) : 1 + (i % 2)));
		const found = detectAlerts({ grain: 'day', present: periodsOf(rows), rows });
		expect(found.map((f) => f.period)).toEqual([addDays('2024-01-01', 91)]);
	});
	it('history is the same weekday over the previous 8 weeks', () => {
		expect(historyOf('2024-04-10')).toEqual(['2024-04-03', '2024-03-27', '2024-03-20', '2024-03-13', '2024-03-06', '2024-02-28', '2024-02-21', '2024-02-14']);
		expect(periodOf('2024-04-10', 'week')).toBe('2024-04-08');
		expect(periodOf('2024-04-14', 'week')).toBe('2024-04-08');
		expect(periodOf('2024-04-14', 'day')).toBe('2024-04-14');
	});
});

describe('week grain: the previous 8 weeks', () => {
	const base = [10, 12, 9, 11, 10, 8, 12, 11, 10, 9];
	it('a spike alerts', () => {
		const rows = weeks('2024-01-01', [...base, 42, 10]);
		const found = detectAlerts({ grain: 'week', present: periodsOf(rows), rows });
		expect(found.map((f) => f.period)).toEqual(['2024-03-11']);
		expect(found[0].count).toBe(42);
		expect(found[0].baseline).toBeCloseTo(10, 5);
		expect(found[0].changePct).toBeCloseTo(320, 5);
	});
	it('noise does not', () => {
		const rows = weeks('2024-01-01', [...base, 15, 7, 13]);
		expect(detectAlerts({ grain: 'week', present: periodsOf(rows), rows })).toEqual([]);
	});
	it('a level shift alerts once, and again only after it has come back down', () => {
		// 10 → 40 for six weeks, then 40 stays (the new normal), then back to 10, then a new spike
		const shift = [...base, 40, 38, 41, 36, 39, 42, 40, 41, 39, 40, 38, 41];
		const rows = weeks('2024-01-01', shift);
		const found = detectAlerts({ grain: 'week', present: periodsOf(rows), rows });
		expect(found.map((f) => f.period)).toEqual(['2024-03-11']);
		// it ends and a later spike is a new alert
		const again = weeks('2024-01-01', [...base, 40, 38, 41, 10, 9, 11, 10, 45]);
		const f2 = detectAlerts({ grain: 'week', present: periodsOf(again), rows: again });
		expect(f2.map((f) => f.period)).toEqual(['2024-03-11', addDays('2024-03-11', 7 * 7)]);
	});
	it('without the quiet rule the shift would have fired again the next weeks', () => {
		// the second and third shifted weeks are still significant against their rolling baseline
		const hist = [12, 11, 10, 9, 10, 11, 10, 9].concat([40]); // 8 weeks before week 2 of the shift
		const baseline = hist.slice(-8).reduce((s, x) => s + x, 0) / 8;
		expect(poissonUpperTail(38, baseline)).toBeLessThan(0.01);
	});
	it('a key with too little history does not alert, however high', () => {
		const rows = weeks('2024-01-01', [3, 4, 60]);
		expect(detectAlerts({ grain: 'week', present: periodsOf(rows), rows })).toEqual([]);
		// a third present week makes enough history
		const more = weeks('2024-01-01', [3, 4, 5, 60]);
		expect(detectAlerts({ grain: 'week', present: periodsOf(more), rows: more }).map((f) => f.count)).toEqual([60]);
	});
	it('periods the dataset does not cover are not history; covered ones without the key count as 0', () => {
		// the key appears only now, the dataset covered 4 weeks: a new value, baseline 0
		const rows = [{ period: '2024-01-29', key: 'E9', count: 12 }];
		const present = ['2024-01-08', '2024-01-15', '2024-01-22', '2024-01-29'];
		const found = detectAlerts({ grain: 'week', present, rows });
		expect(found).toHaveLength(1);
		expect(found[0]).toMatchObject({ baseline: 0, changePct: null, p: 0, history: 3 });
		// gaps in the dataset (not exported weeks) do not count
		expect(detectAlerts({ grain: 'week', present: ['2024-01-01', '2024-01-22', '2024-01-29'], rows })).toEqual([]);
	});
	it('thresholds: minimum count, minimum rise, p', () => {
		const rows = weeks('2024-01-01', [1, 0, 1, 1, 0, 1, 1, 0, 4]);
		const present = periodsOf(rows);
		expect(detectAlerts({ grain: 'week', present, rows })).toEqual([]); // 4 < 5 tickets
		expect(detectAlerts({ grain: 'week', present, rows, thresholds: { minCount: 3 } })).toHaveLength(1);
		const big = weeks('2024-01-01', [1000, 1010, 990, 1005, 995, 1000, 1002, 998, 1200]);
		expect(detectAlerts({ grain: 'week', present: periodsOf(big), rows: big })).toEqual([]); // +20 % < 50 %
		expect(detectAlerts({ grain: 'week', present: periodsOf(big), rows: big, thresholds: { minRisePct: 10 } })).toHaveLength(1);
		const mild = weeks('2024-01-01', [10, 10, 10, 10, 10, 10, 10, 10, 17]);
		expect(detectAlerts({ grain: 'week', present: periodsOf(mild), rows: mild })).toEqual([]); // p ≈ 0.027
		expect(detectAlerts({ grain: 'week', present: periodsOf(mild), rows: mild, thresholds: { p: 0.05 } })).toHaveLength(1);
	});
	it('since: earlier periods are not reported but still start their episodes', () => {
		const rows = weeks('2024-01-01', [...base, 40, 38, 41, 39]);
		expect(detectAlerts({ grain: 'week', present: periodsOf(rows), rows, since: '2024-03-18' })).toEqual([]);
		expect(detectAlerts({ grain: 'week', present: periodsOf(rows), rows, since: '2024-03-11' })).toHaveLength(1);
	});
	it('keys are independent', () => {
		const rows = [...weeks('2024-01-01', [...base, 42], 'a'), ...weeks('2024-01-01', [...base, 11], 'b'), ...weeks('2024-01-01', [...base, 50], 'c')];
		const found = detectAlerts({ grain: 'week', present: periodsOf(rows), rows });
		expect(found.map((f) => f.key)).toEqual(['c', 'a']);
	});
});

import { alertLine, baselineLine, dingtalkBody, feishuBody, mdText, slackBody, wecomBody, alertMessage, type RuleContext } from '../../src/lib/alerts/message';

describe('the message, in the seeds’ style', () => {
	const rule: RuleContext = { id: 1, name: '支付失败', filterLabel: '支付失败', dim: null, grain: 'week', lang: 'zh' };
	const f = { period: '2024-04-08', key: '', count: 42, baseline: 10.25, changePct: 309.8, p: 1e-9, history: 8 };
	it('week, zh and en', () => {
		expect(alertLine(rule, f)).toBe('2024-04-08 周 支付失败 42 张，较基线上升 310%（p < 0.001）');
		expect(baselineLine(rule, f)).toBe('基线：前 8 周均值 10.3 张');
		expect(alertLine({ ...rule, lang: 'en' }, f)).toBe('Week of 2024-04-08, 支付失败: 42 tickets, up 310% on the baseline (p < 0.001)');
	});
	it('day grain names the weekday; a split rule names the value; a new value says so', () => {
		const day = { ...rule, grain: 'day' as const, filterLabel: '', dim: 'channel' };
		expect(alertLine(day, { ...f, key: 'APP', p: 0.004 })).toBe('2024-04-08（周一） APP 42 张，较基线上升 310%（p = 0.004）');
		expect(baselineLine(day, f)).toBe('基线：前 8 个周一均值 10.3 张');
		expect(alertLine(day, { ...f, key: 'APP', changePct: null, baseline: 0 })).toContain('新出现');
	});
	it('ticket values cannot inject markup into chat markdown', () => {
		expect(mdText('[点我](http://x) <font color="warning">')).toBe('\\[点我\\]\\(http://x\\) ＜font color="warning"＞');
		const m = alertMessage({ ...rule, dim: 'error_code', filterLabel: '' }, [{ ...f, id: 9, key: '[x](http://evil)' }], 'http://127.0.0.1/alerts?alert=9');
		const wecom = wecomBody(m, 'zh') as { markdown: { content: string } };
		expect(wecom.markdown.content).not.toContain('[x](http://evil)');
		expect(wecom.markdown.content).toContain('[查看并调查](http://127.0.0.1/alerts?alert=9)');
		const slack = slackBody(m, 'zh') as { text: string; blocks: { text?: { text: string } }[] };
		expect(slack.blocks.at(-1)!.text!.text).toBe('<http://127.0.0.1/alerts?alert=9|查看并调查>');
		expect((dingtalkBody(m, 'zh') as { msgtype: string }).msgtype).toBe('markdown');
		expect(feishuBody(m, 'zh').msg_type).toBe('interactive');
	});
});
