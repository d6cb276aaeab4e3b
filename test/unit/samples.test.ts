// The bundled sample (data/samples/tickets-2024H1.csv): it is exactly what its
// generator writes, it is the Excel export the seeds describe, and it tells the
// seeds' story — the April 2024 支付失败 spike (E2001, APP) and its fall after the
// fix. Every figure below is computed from the generated text, none is pinned.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { generateSamplesCsv, SAMPLE_PATH } from '../../scripts/generate-samples';

const HEADER = '序号,客户姓名,联系方式,客户编号,问题发生时间,首次响应时间,沟通渠道,问题描述,问题类型（一级/二级）,优先级,客户情绪,附件信息,受理人,转派部门/对接人,处理状态,客户诉求,解决方案,客户反馈,解决时间,产品版本,地区'.split(',');
const PAY = '技术故障/支付失败';
const DAY = 86_400_000;

const text = generateSamplesCsv();
const parsed = Papa.parse<string[]>(text.replace(/^\ufeff/, ''), { header: false, newline: '\r\n', skipEmptyLines: false });
const [header, ...records] = parsed.data;
// the text ends with CRLF, which leaves one empty record behind
const rows = records.at(-1)?.length === 1 && records.at(-1)?.[0] === '' ? records.slice(0, -1) : records;
type Ticket = Record<string, string>;
const tickets: Ticket[] = rows.map((r) => Object.fromEntries(HEADER.map((h, i) => [h, r[i]])));

const created = (t: Ticket) => t['问题发生时间'];
const within = (from: string, to: string) => (t: Ticket) => created(t) >= from && created(t) < to;
const payIn = (from: string, to: string) => tickets.filter((t) => t['问题类型（一级/二级）'] === PAY).filter(within(from, to));
const minutes = (s: string) => Date.parse(`${s.replace(' ', 'T')}:00Z`) / 60_000;

describe('bundled sample data', () => {
	it('is the generator output, byte for byte', () => {
		expect(readFileSync(SAMPLE_PATH).equals(Buffer.from(text, 'utf8'))).toBe(true);
	});

	it('is an Excel export: BOM, CRLF records, RFC 4180 quoting, the seeds header', () => {
		expect(text.startsWith('\ufeff')).toBe(true);
		expect(text.endsWith('\r\n')).toBe(true);
		expect(parsed.errors).toEqual([]);
		expect(header).toEqual(HEADER);
		for (const r of rows) expect(r.length).toBe(HEADER.length);
		// quoting is exercised: commas, quotes and line breaks inside 问题描述 survive the round trip
		expect(tickets.some((t) => t['问题描述'].includes(','))).toBe(true);
		expect(tickets.some((t) => t['问题描述'].includes('"'))).toBe(true);
		expect(tickets.some((t) => t['问题描述'].includes('\n'))).toBe(true);
	});

	it('holds a few thousand tickets from 2024-01-01 to 2024-06-30, numbered in time order, with unique ids', () => {
		expect(tickets.length).toBeGreaterThanOrEqual(3000);
		expect(tickets.length).toBeLessThanOrEqual(5000);
		for (const t of tickets) {
			expect(created(t)).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d$/);
			expect(created(t) >= '2024-01-01 00:00' && created(t) <= '2024-06-30 23:59', created(t)).toBe(true);
		}
		expect(tickets.map((t) => t['序号'])).toEqual(tickets.map((_, i) => String(i + 1)));
		const times = tickets.map(created);
		expect([...times].sort()).toEqual(times);
		const ids = tickets.map((t) => t['客户编号']);
		expect(new Set(ids).size).toBe(ids.length);
		for (const t of tickets) expect(t['客户编号'].slice(1, 9)).toBe(created(t).slice(0, 10).replaceAll('-', ''));
	});

	it('keeps its times consistent: response and resolution after creation, each present only when the status says so', () => {
		for (const t of tickets) {
			const status = t['处理状态'];
			expect(['已解决', '已关闭', '处理中', '待处理']).toContain(status);
			const closed = status === '已解决' || status === '已关闭';
			expect(t['首次响应时间'] === '', t['序号']).toBe(status === '待处理');
			expect(t['解决时间'] !== '', t['序号']).toBe(closed);
			expect(t['客户反馈'] !== '', t['序号']).toBe(closed);
			if (t['首次响应时间']) expect(minutes(t['首次响应时间'])).toBeGreaterThan(minutes(created(t)));
			if (t['解决时间']) expect(minutes(t['解决时间'])).toBeGreaterThan(minutes(t['首次响应时间']));
		}
	});

	it('shows the April 支付失败 spike: at least 2.5× the Jan–Mar monthly mean, mostly E2001 and APP', () => {
		const q1MonthlyMean = payIn('2024-01-01', '2024-04-01').length / 3;
		expect(q1MonthlyMean).toBeGreaterThan(0);
		const april = payIn('2024-04-01', '2024-05-01');
		expect(april.length).toBeGreaterThanOrEqual(2.5 * q1MonthlyMean);
		expect(april.filter((t) => t['附件信息'].includes('E2001')).length).toBeGreaterThanOrEqual(0.6 * april.length);
		expect(april.filter((t) => t['沟通渠道'] === 'APP').length).toBeGreaterThanOrEqual(0.6 * april.length);
	});

	it('shows 支付失败 back within 1.5× the Jan–Mar weekly mean in the weeks after 2024-05-08', () => {
		// 2024-01-01 is a Monday: Jan–Mar is exactly 13 weeks
		const q1WeeklyMean = payIn('2024-01-01', '2024-04-01').length / 13;
		const after = payIn('2024-05-08', '2024-07-01');
		expect(after.length / (54 / 7)).toBeLessThanOrEqual(1.5 * q1WeeklyMean);
		// and each whole week (Monday to Sunday) after it
		for (let monday = Date.UTC(2024, 4, 13); monday < Date.UTC(2024, 6, 1); monday += 7 * DAY) {
			const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
			const week = payIn(day(monday), day(monday + 7 * DAY));
			expect(week.length, `week of ${day(monday)}`).toBeLessThanOrEqual(1.5 * q1WeeklyMean);
		}
	});
});
