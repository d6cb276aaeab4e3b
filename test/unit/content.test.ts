import { describe, expect, it } from 'vitest';
import { detectColumns } from '../../src/lib/ingest/content';
import { dateCandidates, isExcelSerial, parseDate, parseExcelSerial } from '../../src/lib/ingest/dates';
import { detectMapping, headerSaysTwoLevels } from '../../src/lib/ingest/mapping';

const rows = (text: string) => text.trim().split('\n').map((l) => l.split(','));

describe('columns found by their values', () => {
	it('the creation time among several date-times is the one earliest in most rows; later ones are offered', () => {
		const r = rows(`
a1,2024-03-02 10:00,2024-03-01 09:00,2024-03-05 12:00
a2,2024-03-03 11:00,2024-03-02 08:00,2024-03-04 10:00
a3,2024-03-04 12:00,2024-03-03 07:00,2024-03-06 09:00`);
		const d = detectColumns(['k', 'x1', 'x2', 'x3'], r);
		expect(d.mapping.created_at).toBe('x2');
		expect(d.found.created_at).toEqual({ header: 'x2', rule: 'earliest' });
		expect(d.alternatives.resolved_at).toEqual(['x1', 'x3']);
	});

	it('a header named 时间 holding only clocks: the date column is the creation day, the clocks its time', () => {
		const d = detectColumns(['工单号', '日期', '时间'], rows('W1,2024-05-01,09:30\nW2,2024-05-01,14:05:10\nW3,2024-05-02,08:00'));
		expect(d.mapping).toMatchObject({ created_at: '日期', created_time: '时间' });
		expect(d.found.created_at).toMatchObject({ rule: 'combined', other: '时间' });
	});

	it('ids: unique id-like values; a repeating strongly id-like column in an event log', () => {
		expect(detectColumns(['kenn', 'when'], rows('AB-001,2024-01-01\nAB-002,2024-01-02\nAB-003,2024-01-03')).found.ticket_id).toEqual({ header: 'kenn', rule: 'unique' });
		const log = detectColumns(['case', 'when', 'what'], rows('CS1001,2024-01-01 10:00,new\nCS1001,2024-01-02 10:00,closed\nCS1002,2024-01-02 11:00,new'));
		expect(log.found.ticket_id).toEqual({ header: 'case', rule: 'repeating' });
		// amounts and small counts are not ids
		expect(detectColumns(['amount', 'when'], rows('12.50,2024-01-01\n13.75,2024-01-02\n99.10,2024-01-03')).mapping.ticket_id).toBeUndefined();
	});

	it('serial-number columns are dates only when the header says so', () => {
		const r = rows('45123,1\n45124,2\n45125,3');
		expect(detectColumns(['code', 'n'], r).mapping.created_at).toBeUndefined();
		expect(detectColumns(['Logged date', 'n'], r).mapping.created_at).toBe('Logged date');
	});

	it('known words: statuses, priorities, channels; long free text is the description; few values are dimensions', () => {
		const text = '客户反映手机APP支付时提示错误码，扣款成功但订单未生成，要求尽快退款处理';
		const r = Array.from({ length: 12 }, (_, i) => [`N${i}`, `2024-01-${String(i + 1).padStart(2, '0')} 10:00`, ['已解决', '处理中'][i % 2], ['紧急', '一般'][i % 2], ['电话', '微信', 'APP'][i % 3], `${text}${i}`, ['华东', '华北'][i % 2]]);
		const d = detectColumns(['甲', '乙', '丙', '丁', '戊', '己', '庚'], r);
		expect(d.mapping).toMatchObject({ ticket_id: '甲', created_at: '乙', status: '丙', priority: '丁', channel: '戊', description: '己' });
		expect(d.dimensions).toEqual(['庚']);
	});

	it('header synonyms win over values, and a header no list knows still gets a creation time', () => {
		const d = detectColumns(['Created', 'Stamp'], rows('2024-01-05 10:00,2024-01-01 10:00\n2024-01-06 10:00,2024-01-02 10:00'));
		expect(d.mapping.created_at).toBe('Created');
		expect(d.found.created_at).toBeUndefined();
		expect(detectColumns(['zeitpunkt', 'x'], rows('2024-01-05 10:00,a\n2024-01-06 10:00,b')).mapping.created_at).toBe('zeitpunkt');
	});
});

describe('synonyms and two-level categories', () => {
	it('widened synonyms in both languages', () => {
		expect(detectMapping(['Impact', 'Owner', 'Support group', 'Country', 'Received via', 'Reply', 'Reply time'])).toEqual({
			priority: 'Impact',
			assignee: 'Owner',
			team: 'Support group',
			region: 'Country',
			channel: 'Received via',
			resolution: 'Reply',
			first_response_at: 'Reply time'
		});
		expect(detectMapping(['工单号码', '来电时间', '诉求内容', '承办单位', '办理结果', '回复时间', '受理渠道'])).toMatchObject({
			ticket_id: '工单号码',
			created_at: '来电时间',
			description: '诉求内容',
			team: '承办单位',
			resolution: '办理结果',
			first_response_at: '回复时间',
			channel: '受理渠道'
		});
	});

	it('a header says two levels', () => {
		for (const h of ['问题类型（一级/二级）', '问题类型(一级/二级)', 'Category/Subcategory', 'Category / Sub-category', 'Type > Subtype']) expect(headerSaysTwoLevels(h), h).toBe(true);
		for (const h of ['Category', '问题类型', '咨询/问题类型', 'Ticket Type', undefined]) expect(headerSaysTwoLevels(h), String(h)).toBe(false);
	});
});

describe('Excel serial numbers', () => {
	it('in a plausible range they read as dates, rounded to the second', () => {
		expect(isExcelSerial('43563.359259')).toBe(true);
		expect(parseExcelSerial('43563.359259')).toMatchObject({ year: 2019, month: 4, day: 8, hour: 8, minute: 37, second: 20 });
		expect(parseExcelSerial('45292')).toMatchObject({ year: 2024, month: 1, day: 1, hour: 0 });
		for (const v of ['1234', '123456', '12000.5', '99999', 'abc']) expect(isExcelSerial(v), v).toBe(false);
	});

	it('one serial among dates: every candidate reads it too', () => {
		const c = dateCandidates(['2019-04-08 10:00', '43563.359259', '2019-04-09 11:30']);
		expect(c[0].serial).toBe(true);
		expect(parseDate('43563.359259', c[0])).toMatchObject({ day: 8, hour: 8 });
		expect(dateCandidates(['43563.5', '43564.25'])[0]).toMatchObject({ id: 'excel', label: 'Excel serial number' });
	});
});
