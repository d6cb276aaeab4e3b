import { describe, expect, it } from 'vitest';
import {
	cleanErrorCode,
	cleanValue,
	contactLast4,
	liftErrorCode,
	maskName,
	maskPhonesInText,
	normalisePriority,
	normaliseSatisfaction,
	normaliseStatus,
	splitCategory
} from '../../src/lib/ingest/values';

describe('values', () => {
	it('treats NULL tokens as missing', () => {
		for (const t of ['', ' ', '?', 'N/A', 'null', 'NULL', '-']) expect(cleanValue(t)).toBeNull();
		expect(cleanValue(' x ')).toBe('x');
	});

	it.each([
		['P0', 'P0'], ['p1', 'P1'], ['P2', 'P2'], ['紧急', 'P0'], ['重要', 'P1'], ['一般', 'P2'], ['非紧急', 'P3'],
		['Urgent', 'P0'], ['High', 'P1'], ['Normal', 'P2'], ['Low', 'P3'], ['Highest', 'P0'], ['Medium', 'P2'], ['Lowest', 'P3'],
		['1 - Critical', 'P0'], ['2 - High', 'P1'], ['3 - Moderate', 'P2'], ['4 - Low', 'P3'], ['Critical', 'P0'], ['?', null], ['whatever', null]
	])('priority %s → %s', (raw, p) => expect(normalisePriority(raw)).toBe(p));

	it.each([
		['待处理', 'open'], ['处理中', 'pending'], ['已解决', 'resolved'], ['已关闭', 'closed'], ['New', 'open'], ['Active', 'pending'],
		['Awaiting User Info', 'pending'], ['Resolved', 'resolved'], ['Closed', 'closed'], ['Pending Customer Response', 'pending'],
		['Open', 'open'], ['处理反馈', 'pending'], ['信息审核', 'open'], ['Cancelled', 'closed'], ['??', null]
	])('status %s → %s', (raw, s) => expect(normaliseStatus(raw)).toBe(s));

	it.each([
		['5', 5], ['3.0', 3], ['9', null], ['满意', 4], ['基本满意', 3], ['不满意', 2], ['非常满意', 5], ['Good', 4], ['Bad', 2],
		['满意，期待师傅上门处理', 4], ['不满意，等太久', 2], ['已解决，感谢', null]
	])('satisfaction %s → %s', (raw, n) => expect(normaliseSatisfaction(raw)).toBe(n));

	it('splits 一级/二级 categories', () => {
		expect(splitCategory('技术故障/登录异常')).toEqual(['技术故障', '登录异常']);
		expect(splitCategory('产品咨询')).toEqual(['产品咨询', null]);
		expect(splitCategory('?')).toEqual([null, null]);
	});

	it('lifts error codes from attachments and descriptions', () => {
		expect(liftErrorCode('截图(错误码:E1002)', null)).toBe('E1002');
		expect(liftErrorCode(null, '支付时提示错误码E2001，无法完成')).toBe('E2001');
		expect(liftErrorCode('录音', 'error code: x-1234 shown')).toBe('X-1234');
		expect(liftErrorCode(null, 'code E3001 again')).toBe('E3001');
		expect(liftErrorCode('订单号DD20240501', 'no code here')).toBeNull();
		expect(cleanErrorCode('J300,O348,')).toBe('J300,O348');
	});

	it('masks names and reduces phones to the last four digits', () => {
		expect(maskName('张三')).toBe('张*');
		expect(maskName('欧阳娜娜')).toBe('欧*');
		expect(maskName('Marisa Obrien')).toBe('M*');
		expect(maskName('*先生5678')).toBe('*先生5678');
		expect(maskName('*女士1593210')).toBe('*女士3210');
		expect(contactLast4('138 1234 5678')).toBe('5678');
		expect(contactLast4('+86-13812345678')).toBe('5678');
		expect(contactLast4('159')).toBe('159');
		expect(contactLast4('carrollallison@example.com')).toBe('***@example.com');
		expect(contactLast4('?')).toBeNull();
	});

	it('masks mobile numbers inside free text', () => {
		expect(maskPhonesInText('请回电13812345678，谢谢')).toBe('请回电*******5678，谢谢');
		expect(maskPhonesInText('13812345678,13998765432')).toBe('*******5678,*******5432');
		expect(maskPhonesInText('+86 138-1234-5678 call')).toBe('*******5678 call');
		expect(maskPhonesInText('order 202405011234567 ok')).toBe('order 202405011234567 ok');
	});
});
