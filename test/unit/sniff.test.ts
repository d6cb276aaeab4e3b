import { describe, expect, it } from 'vitest';
import { RefusedError, detectEncoding, isUtf8, parseRecords, sniffTable, uniqueHeaders } from '../../src/lib/ingest/sniff';

const enc = (s: string) => new TextEncoder().encode(s);

describe('detectEncoding', () => {
	it('reads BOMs', () => {
		expect(detectEncoding(new Uint8Array([0xef, 0xbb, 0xbf, 0x61, 0x2c, 0x62]))).toMatchObject({ encoding: 'utf-8', bom: 3 });
		expect(detectEncoding(new Uint8Array([0xff, 0xfe, 0x61, 0, 0x2c, 0]))).toMatchObject({ encoding: 'utf-16le', bom: 2 });
		expect(detectEncoding(new Uint8Array([0xfe, 0xff, 0, 0x61, 0, 0x2c]))).toMatchObject({ encoding: 'utf-16be', bom: 2 });
	});

	it('tells UTF-8 from GBK', () => {
		expect(detectEncoding(enc('序号,客户姓名\n1,张三\n')).encoding).toBe('utf-8');
		// "序号,客户姓名" in GBK
		const gbk = new Uint8Array([0xd0, 0xf2, 0xba, 0xc5, 0x2c, 0xbf, 0xcd, 0xbb, 0xa7, 0xd0, 0xd5, 0xc3, 0xfb, 0x0a]);
		const g = detectEncoding(gbk);
		expect(g.encoding).toBe('gb18030');
		expect(new TextDecoder(g.encoding).decode(gbk)).toBe('序号,客户姓名\n');
	});

	it('finds UTF-16 without a BOM', () => {
		const le = new Uint8Array([...'id,created\n1,2024-01-01\n'].flatMap((c) => [c.charCodeAt(0), 0]));
		expect(detectEncoding(le).encoding).toBe('utf-16le');
	});

	it('allows a multi-byte character cut at the end of the sample', () => {
		const bytes = enc('a,b\n1,张');
		expect(isUtf8(bytes.subarray(0, bytes.length - 1))).toBe(true);
		expect(isUtf8(new Uint8Array([0x61, 0xff, 0x61]))).toBe(false);
	});

	it('refuses empty and binary files with one sentence', () => {
		expect(() => detectEncoding(new Uint8Array())).toThrow(/empty/);
		expect(() => detectEncoding(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2]))).toThrow(/Excel workbook/);
		const bin = new Uint8Array(1000).map((_, i) => (i * 7) % 32);
		expect(() => detectEncoding(bin)).toThrow(RefusedError);
	});

	it('honours an override', () => {
		expect(detectEncoding(enc('a,b\n'), 'gb18030').encoding).toBe('gb18030');
	});
});

describe('parseRecords', () => {
	it('handles quotes, doubled quotes, newlines in fields and CRLF', () => {
		const { records, lineOfRecord } = parseRecords('a,b\r\n"x, ""y""","multi\nline"\r\nlast,row', ',');
		expect(records).toEqual([
			['a', 'b'],
			['x, "y"', 'multi\nline'],
			['last', 'row']
		]);
		expect(lineOfRecord).toEqual([0, 1, 3]);
	});
});

describe('sniffTable', () => {
	it('skips junk lines before the header (the CFPB file)', () => {
		const text = 'Archive:  /Users/x/complaints.csv.zip\n  inflating: complaints.csv\nDate received,Product,Issue\n2020-03-18,"Credit, reporting",Wrong\n2020-03-19,Card,Fee\n';
		const g = sniffTable(text);
		expect(g.junkLines).toBe(2);
		expect(g.delimiter).toBe(',');
		expect(g.headers).toEqual(['Date received', 'Product', 'Issue']);
		expect(g.rows[0]).toEqual(['2020-03-18', 'Credit, reporting', 'Wrong']);
	});

	it.each([
		[';', 'id;created;text\n1;2024-01-01;a,b\n2;2024-01-02;c\n'],
		['\t', 'id\tcreated\ttext\n1\t2024-01-01\ta;b\n2\t2024-01-02\tc\n'],
		['|', 'id|created|text\n1|2024-01-01|a,b\n2|2024-01-02|c\n']
	])('finds the delimiter %j', (d, text) => {
		expect(sniffTable(text).delimiter).toBe(d);
	});

	it('reads a file with no final newline and an empty first header', () => {
		const g = sniffTable(',id,投诉时间\n0,485773,2020-06-18\n1,485771,2020-06-18', 'auto', 200, true);
		expect(g.headers).toEqual(['column_1', 'id', '投诉时间']);
		expect(g.rows).toHaveLength(2);
	});

	it('refuses text that is no table, or a table without a header', () => {
		expect(() => sniffTable('just some words\nwith no delimiters\n')).toThrow(/No header row/);
		expect(() => sniffTable('1,2024-01-01,5\n2,2024-01-02,6\n3,2024-01-03,7\n')).toThrow(/holds data/);
		expect(() => sniffTable('   \n\n')).toThrow(/empty/);
	});
});

describe('uniqueHeaders', () => {
	it('names empty headers and numbers repeats', () => {
		expect(uniqueHeaders(['', 'a', 'a', ' b '])).toEqual(['column_1', 'a', 'a_2', 'b']);
	});
});
