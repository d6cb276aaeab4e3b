// Small pure pieces the views share: period windows, SLA limits, view URLs.
import { describe, expect, it } from 'vitest';
import { clipWindow, periodWindow } from '../../src/lib/periods';
import { parseSla, slaSql } from '../../src/lib/sla';
import { valueFilter, withParams } from '../../src/lib/view';

describe('periodWindow', () => {
	it('covers a day, an ISO week and a month (leap February included)', () => {
		expect(periodWindow('2024-04-08', 'day')).toEqual({ from: '2024-04-08', to: '2024-04-08' });
		expect(periodWindow('2024-04-29', 'week')).toEqual({ from: '2024-04-29', to: '2024-05-05' });
		expect(periodWindow('2024-02', 'month')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
		expect(periodWindow('2024-12', 'month')).toEqual({ from: '2024-12-01', to: '2024-12-31' });
	});
	it('clips to the filter window', () => {
		expect(clipWindow({ from: '2024-04-29', to: '2024-05-05' }, { to: '2024-04-30' })).toEqual({ from: '2024-04-29', to: '2024-04-30' });
		expect(clipWindow({ from: '2024-04-29', to: '2024-05-05' }, {})).toEqual({ from: '2024-04-29', to: '2024-05-05' });
	});
});

describe('SLA configuration', () => {
	it('defaults to the seeds: P0 1 h, P1 4 h, P2 24 h', () => {
		expect(parseSla(undefined)).toEqual({ P0: 60, P1: 240, P2: 1440 });
	});
	it('reads minutes, hours and days, and refuses anything else', () => {
		expect(parseSla('P0=30m, P1=2h,P2=1d,P3=3')).toEqual({ P0: 30, P1: 120, P2: 1440, P3: 180 });
		expect(() => parseSla('P0=1 week')).toThrow(/P0=1h/);
		expect(() => parseSla("P0=1h'; DROP TABLE tickets")).toThrow();
	});
	it('writes only numbers into SQL', () => {
		const sql = slaSql({ P0: 60, P1: 240 }, 't.');
		expect(sql).toContain("WHEN 'P0' THEN 60 WHEN 'P1' THEN 240");
		expect(sql).toContain('t.first_response_at');
	});
});

describe('view URLs', () => {
	it('change one parameter and keep the rest', () => {
		expect(withParams(new URLSearchParams('subcategory=a&dim=channel&grain=week'), { dim: 'team', grain: null })).toBe('?subcategory=a&dim=team');
	});
	it('drill into a value, or into "Other" as the shown values excluded', () => {
		const f = { dims: { channel: ['APP'] }, from: '2024-04-01' };
		expect(valueFilter(f, 'subcategory', '支付失败')).toEqual({ ...f, dims: { channel: ['APP'], subcategory: ['支付失败'] } });
		expect(valueFilter(f, 'subcategory', 'Other', ['支付失败', '登录异常', 'Other'])).toEqual({ ...f, not: { subcategory: ['支付失败', '登录异常'] } });
	});
});
