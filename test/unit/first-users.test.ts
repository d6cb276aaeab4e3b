// The pure logic behind issue 14: time axes with every period (zero-filled),
// p-values as sentences say them, a before/after verdict from the expected
// direction and the finding in words, distinct series colours, what changed
// between two versions of a ticket, password checks, server messages from the
// catalogue, and drafts in both languages.
import { describe, expect, it } from 'vitest';
import { fmtPValue } from '../../src/lib/format';
import { serverMessage, valueLabel } from '../../src/lib/i18n';
import { isoWeekLabel, nextPeriod, periodAxis, periodOf, periodsBetween, shiftWeek, zeroFill } from '../../src/lib/periods';
import { changePct, compareRates, resultForChange, resultOf } from '../../src/lib/rca/compare';
import { findingText } from '../../src/lib/rca/finding';
import { draftTitle, problemStatement } from '../../src/lib/rca/draft';
import { OTHER_COLOUR, seriesColours } from '../../src/lib/charts/palette';
import { changedFields } from '../../src/lib/server/analytics/ticket';
import { checkNewPassword } from '../../src/lib/server/auth/password';
import { trendChart } from '../../src/lib/charts/trend';
import { controlChart } from '../../src/lib/charts/control';

describe('time axes', () => {
	it('names the period of a day by grain', () => {
		expect(periodOf('2024-03-06', 'day')).toBe('2024-03-06');
		expect(periodOf('2024-03-06', 'week')).toBe('2024-03-04'); // Wednesday → Monday
		expect(periodOf('2024-03-10', 'week')).toBe('2024-03-04'); // Sunday → the same Monday
		expect(periodOf('2024-03-06', 'month')).toBe('2024-03');
		expect(nextPeriod('2024-12', 'month')).toBe('2025-01');
		expect(nextPeriod('2024-02-26', 'week')).toBe('2024-03-04');
		expect(nextPeriod('2024-02-28', 'day')).toBe('2024-02-29');
	});

	it('lists every period between two days, leap day and year end included', () => {
		expect(periodsBetween('2024-02-27', '2024-03-01', 'day')).toEqual(['2024-02-27', '2024-02-28', '2024-02-29', '2024-03-01']);
		expect(periodsBetween('2023-11-15', '2024-02-01', 'month')).toEqual(['2023-11', '2023-12', '2024-01', '2024-02']);
		expect(periodsBetween('2024-01-03', '2024-01-22', 'week')).toEqual(['2024-01-01', '2024-01-08', '2024-01-15', '2024-01-22']);
	});

	it('spans the data when the window is open, the window when it is set', () => {
		expect(periodAxis(['2024-01-04', '2024-01-02'], 'day')).toEqual(['2024-01-02', '2024-01-03', '2024-01-04']);
		expect(periodAxis(['2024-03'], 'month', { from: '2024-01-01', to: '2024-04-30' })).toEqual(['2024-01', '2024-02', '2024-03', '2024-04']);
		expect(periodAxis(['2024-01'], 'month')).toEqual(['2024-01']);
		expect(periodAxis([], 'day')).toEqual([]);
	});

	it('fills the empty periods of a gap with zeros, in order', () => {
		const rows = [
			{ period: '2024-01-04', count: 2 },
			{ period: '2024-01-07', count: 5 }
		];
		const filled = zeroFill(rows, periodAxis(rows.map((r) => r.period), 'day'), (period) => ({ period, count: 0 }));
		expect(filled).toEqual([
			{ period: '2024-01-04', count: 2 },
			{ period: '2024-01-05', count: 0 },
			{ period: '2024-01-06', count: 0 },
			{ period: '2024-01-07', count: 5 }
		]);
	});

	it('puts every period of the axis on the trend chart, empty ones too', () => {
		const opts = trendChart([{ period: '2024-01-01', key: 'APP', count: 3 }, { period: '2024-01-04', key: 'APP', count: 1 }], { lang: 'zh', periods: ['2024-01-01', '2024-01-02', '2024-01-03', '2024-01-04'] });
		expect((opts.x as { domain: string[] }).domain).toEqual(['2024-01-01', '2024-01-02', '2024-01-03', '2024-01-04']);
	});

	it('keeps a period without tickets on the control chart axis, as a gap in the line', () => {
		const p = (period: string, value: number) => ({ period, value, cl: 0.1, ucl: 0.2, lcl: 0, violations: [] as number[] });
		const opts = controlChart([p('2024-01', 0.1), p('2024-02', NaN), p('2024-03', 0.12)], { lang: 'en', kind: 'p' });
		expect((opts.x as { domain: string[] }).domain).toEqual(['2024-01', '2024-02', '2024-03']);
	});

	it('labels ISO weeks and steps through them', () => {
		expect(isoWeekLabel('2024-04-08')).toBe('2024-W15');
		expect(isoWeekLabel('2024-12-30')).toBe('2025-W01'); // its Thursday is in 2025
		expect(isoWeekLabel('2021-01-03')).toBe('2020-W53');
		expect(shiftWeek('2024-04-10', -1)).toBe('2024-04-01');
		expect(shiftWeek('2024-12-30', 1)).toBe('2025-01-06');
	});
});

describe('p-values in sentences', () => {
	it('says "p < 0.001", never "p = < 0.001"', () => {
		expect(fmtPValue(0.0000004)).toBe('p < 0.001');
		expect(fmtPValue(0.0421)).toBe('p = 0.042');
		expect(fmtPValue(1)).toBe('p = 1.000');
		expect(fmtPValue(null)).toBe('p = —');
		expect(fmtPValue(0.0004)).not.toContain('= <');
	});
});

describe('before/after verdict from the expected direction', () => {
	// a = the earlier window, b = the later one; counts over days
	const rose = compareRates({ count: 30, exposure: 30 }, { count: 90, exposure: 30 });
	const fell = compareRates({ count: 90, exposure: 30 }, { count: 30, exposure: 30 });
	const flat = compareRates({ count: 30, exposure: 30 }, { count: 32, exposure: 30 });

	it('confirms a rise when a rise is expected (a cause rose in the spike window)', () => {
		expect(resultForChange(rose, 'rise')).toBe('confirmed');
		expect(resultForChange(fell, 'rise')).toBe('refuted');
	});
	it('confirms a fall when a fall is expected (after a fix)', () => {
		expect(resultForChange(fell, 'fall')).toBe('confirmed');
		expect(resultForChange(rose, 'fall')).toBe('refuted');
	});
	it('is inconclusive without a significant change', () => {
		expect(flat.p).toBeGreaterThan(0.05);
		expect(resultForChange(flat, 'rise')).toBe('inconclusive');
		expect(resultForChange(flat, 'fall')).toBe('inconclusive');
	});
	it('keeps the presence rule as it was (higher where the cause holds confirms)', () => {
		expect(resultOf(fell)).toBe('confirmed');
	});
	it('says what was found in words, with the change and the p-value', () => {
		expect(changePct(rose)).toBeCloseTo(200);
		const zh = findingText('zh', { ...rose, kind: 'before_after' });
		expect(zh).toContain('前一段每天 1.00 张（30 张 / 30 天）');
		expect(zh).toContain('后一段每天 3.00 张（90 张 / 30 天）');
		expect(zh).toContain('上升 200%');
		expect(zh).toContain('p < 0.001');
		expect(findingText('en', { ...fell, kind: 'before_after' })).toContain('down 67%');
		expect(findingText('en', { ...flat, kind: 'before_after' })).toMatch(/up 7%, p = 0\.\d{3}/);
	});
});

describe('series colours', () => {
	it('gives twelve series twelve different colours and "Other" grey', () => {
		const keys = [...Array.from({ length: 12 }, (_, i) => `v${i}`), 'Other'];
		const { domain, range } = seriesColours(keys);
		expect(domain).toEqual(keys);
		expect(new Set(range.slice(0, 12)).size).toBe(12);
		expect(range[12]).toBe(OTHER_COLOUR);
		expect(range.slice(0, 12)).not.toContain(OTHER_COLOUR);
	});
});

describe('a ticket across imports', () => {
	it('names the fields that changed, attrs compared as values', () => {
		const a = { status: 'open', resolution: null, attrs: '{"x":"1"}', import_id: 1, source_line: 2 };
		const b = { status: 'resolved', resolution: '已退款', attrs: '{"x":"1"}', import_id: 2, source_line: 9 };
		expect(changedFields(a, b)).toEqual(['status', 'resolution']);
		expect(changedFields(a, { ...a, import_id: 3 })).toEqual([]);
	});
});

describe('messages people can read', () => {
	it('checks a new password before the store is asked', () => {
		expect(checkNewPassword('short', 'short')).toEqual({ field: 'next', key: 'account.tooShort' });
		expect(checkNewPassword('long enough', 'long enougH')).toEqual({ field: 'repeat', key: 'account.mismatch' });
		expect(checkNewPassword('long enough', 'long enough')).toBeNull();
	});

	it('says a server refusal from the catalogue in the UI language, fields and states in words', () => {
		const body = { error: 'title is required.', key: 'err.required', params: { field: 'title' }, field: 'title' };
		expect(serverMessage('zh', body)).toBe('请填写「标题」。');
		expect(serverMessage('en', body)).toBe('Fill in “Title”.');
		const step = { error: 'A case moves one step at a time …', key: 'err.oneStep', params: { from: 'new', to: 'resolved' } };
		expect(serverMessage('zh', step)).toContain('不能从「新建」直接到「已解决」');
		expect(serverMessage('en', { error: 'Plain English.' })).toBe('Plain English.');
		expect(serverMessage('zh', {}, 502)).toBe('保存失败（HTTP 502）。');
		// the raw field name never reaches the page
		expect(serverMessage('zh', { key: 'err.date', params: { field: 'window.from' } })).toBe('「分析窗口」应为日期。');
	});

	it('says ticket statuses in the UI language', () => {
		expect(valueLabel('zh', 'status', 'pending')).toBe('处理中');
		expect(valueLabel('en', 'status', 'closed')).toBe('closed');
		expect(valueLabel('zh', 'status', '某个原值')).toBe('某个原值');
	});

	it('drafts a case in either language', () => {
		const f = { dims: { subcategory: ['支付失败'] } };
		const w = { from: '2024-04-01', to: '2024-04-30' };
		const b = { from: '2024-03-01', to: '2024-03-31' };
		expect(draftTitle(f, w, 'zh')).toBe('2024年4月 支付失败 上升调查');
		expect(draftTitle(f, w, 'en')).toBe('支付失败 rise, 2024-04');
		expect(problemStatement(f, w, b, { window: 60, baseline: 31 }, 'en')).toBe('支付失败 in 2024-04: up 100% on the month before (60 tickets, 31 before)');
		expect(problemStatement(f, w, b, { window: 60, baseline: 31 })).toBe('2024年4月 支付失败 较上月上升100%（60 张，上期 31 张）');
	});
});

describe('the audit log, readable', async () => {
	const { auditAction, auditTarget } = await import('../../src/lib/audit');
	it('decodes targets and names the case', () => {
		expect(auditTarget('/api/cases/12?x=1')).toEqual({ path: '/api/cases/12', query: [['x', '1']], caseId: 12 });
		const t = auditTarget('/cases/new?effect=subcategory%3D%E6%94%AF%E4%BB%98%E5%A4%B1%E8%B4%A5&from=2024-04-01');
		expect(t.query).toEqual([['effect', 'subcategory=支付失败'], ['from', '2024-04-01']]);
		expect(t.caseId).toBeNull();
		expect(auditTarget('/pareto?bad=%E6%94')).toEqual({ path: '/pareto', query: [['bad', '%E6%94']], caseId: null });
		expect(auditAction('zh', 'PATCH /api/cases/[id]')).toBe('修改案例');
		expect(auditAction('en', 'GET /strange')).toBe('GET /strange');
	});
});
