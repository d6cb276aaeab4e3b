import { describe, expect, it } from 'vitest';
import { cellText, looksLikeXlsx, SharedStrings } from '../../src/lib/server/ingest/xlsx';

describe('xlsx cells as CSV text', () => {
	it('date cells as wall-clock times; midnight as the day; a time-only cell as the clock', () => {
		expect(cellText(new Date(Date.UTC(2024, 3, 15, 9, 30, 5)))).toBe('2024-04-15 09:30:05');
		expect(cellText(new Date(Date.UTC(2024, 3, 15)))).toBe('2024-04-15');
		expect(cellText(new Date(Date.UTC(1899, 11, 30, 14, 30)))).toBe('14:30:00');
	});

	it('numbers, booleans, rich text, formulas, errors, shared strings', () => {
		const strings = new SharedStrings();
		strings.push('支付失败');
		strings.push('');
		strings.push('Login, again');
		expect(cellText(43563.5)).toBe('43563.5');
		expect(cellText(true)).toBe('TRUE');
		expect(cellText({ richText: [{ text: 'a' }, { text: 'b' }] })).toBe('ab');
		expect(cellText({ formula: 'A1+1', result: 3 } as never)).toBe('3');
		expect(cellText({ error: '#N/A' } as never)).toBe('');
		expect(cellText({ sharedString: 0 } as never, strings)).toBe('支付失败');
		expect(cellText({ sharedString: 2 } as never, strings)).toBe('Login, again');
		expect(cellText({ sharedString: 9 } as never, strings)).toBe('');
		expect(cellText(null)).toBe('');
	});

	it('shared strings survive growth past their first buffers', () => {
		const s = new SharedStrings();
		for (let i = 0; i < 200_000; i++) s.push(`第${i}条 text ${i}`);
		expect(s.count).toBe(200_000);
		expect(s.get(0)).toBe('第0条 text 0');
		expect(s.get(123_456)).toBe('第123456条 text 123456');
		expect(s.get(199_999)).toBe('第199999条 text 199999');
	});

	it('an .xlsx is a ZIP whose first entries name a workbook part', () => {
		const zip = (name: string) => new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...new Array(26).fill(0), ...Buffer.from(name)]);
		expect(looksLikeXlsx(zip('xl/workbook.xml'))).toBe(true);
		expect(looksLikeXlsx(zip('xl/theme/theme1.xml'))).toBe(true);
		expect(looksLikeXlsx(zip('word/document.xml'))).toBe(false);
		expect(looksLikeXlsx(zip('photos/cat.jpg'))).toBe(false);
		expect(looksLikeXlsx(Buffer.from('id,created\n'))).toBe(false);
	});
});
