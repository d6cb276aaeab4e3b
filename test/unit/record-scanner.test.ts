import { describe, expect, it } from 'vitest';
import { LONG_RECORD, RecordScanner } from '../../src/lib/server/ingest/prepare';

function scanInChunks(text: string, chunk: number, skip = 0) {
	const s = new RecordScanner(skip);
	const bytes = Buffer.from(text, 'utf8');
	const kept: Buffer[] = [];
	for (let i = 0; i < bytes.length; i += chunk) kept.push(s.feed(bytes.subarray(i, i + chunk)));
	s.end();
	return { s, kept: Buffer.concat(kept).toString('utf8') };
}

describe('RecordScanner', () => {
	const text = 'junk line\nmore junk\nid,text\r\n1,"a\r\nb ""q"""\r\n\r\n2,plain\r\n3,"x\ny\nz"';

	it.each([1, 3, 7, 1024])('counts records, blank lines and line breaks inside quotes (chunks of %i bytes)', (chunk) => {
		const { s, kept } = scanInChunks(text, chunk, 2);
		expect(kept.startsWith('id,text')).toBe(true);
		// header + 1 + blank + 2 + 3
		expect(s.records).toBe(5);
		expect(s.multiline).toEqual([
			[1, 1],
			[4, 2]
		]);
		expect(s.blank).toEqual([2]);
	});

	it('counts a last record without a final newline once', () => {
		expect(scanInChunks('a,b\n1,2', 2).s.records).toBe(2);
		expect(scanInChunks('a,b\n1,2\n', 2).s.records).toBe(2);
	});
});

describe('RecordScanner with the table shape', () => {
	// header, a row, a short row, trailing empties, a wide row, a quoted delimiter, a short last row without a newline
	const text = 'a,b,c\r\n1,2,3\r\n4,5\r\n6,7,8,,\r\n9,10,11,x,y\r\n"q,1",2,3\r\nz';
	const evened = 'a,b,c\r\n1,2,3\r\n4,5,,\u2026\r\n6,7,8\r\n9,10,11,\u2026\r\n"q,1",2,3\r\nz,,,\u2026';

	it.each([1, 2, 3, 5, 7, 1024])('cuts wide records and pads short ones for the reader, noting their real widths (chunks of %i bytes)', (chunk) => {
		const s = new RecordScanner(0, { delimiter: 0x2c, width: 3 });
		const bytes = Buffer.from(text, 'utf8');
		const kept: Buffer[] = [];
		for (let i = 0; i < bytes.length; i += chunk) kept.push(s.feed(bytes.subarray(i, i + chunk)));
		kept.push(s.end());
		expect(Buffer.concat(kept).toString('utf8')).toBe(evened);
		expect(s.wide).toEqual([
			[2, 2],
			[4, 5],
			[6, 1]
		]);
		expect(s.records).toBe(7);
	});

	it('keeps LF line ends, and leaves an open quote at the end as it is', () => {
		const s = new RecordScanner(0, { delimiter: 0x2c, width: 3 });
		const out = Buffer.concat([s.feed(Buffer.from('a,b,c\n1,2\n3,4,5,6\n7,"open')), s.end()]).toString();
		expect(out).toBe('a,b,c\n1,2,,\u2026\n3,4,5,\u2026\n7,"open');
		expect(s.wide).toEqual([
			[1, 2],
			[2, 4]
		]);
	});

	it('is linear in the field count: a row of 10^6 fields is cut in milliseconds', () => {
		const s = new RecordScanner(0, { delimiter: 0x2c, width: 6 });
		const row = Buffer.from('a,b,c,d,e,f\n' + 'x,'.repeat(999_999) + 'x\n');
		const t = performance.now();
		const out = Buffer.concat([s.feed(row), s.end()]);
		expect(performance.now() - t).toBeLessThan(500);
		expect(out.toString()).toBe('a,b,c,d,e,f\nx,x,x,x,x,x,\u2026\n');
		expect(s.wide).toEqual([[1, 1_000_000]]);
	});
});

describe('RecordScanner and records longer than the reader takes', () => {
	it.each([false, true])('cuts a record past LONG_RECORD and closes it where it was cut (quoted: %s)', (quoted) => {
		const s = new RecordScanner(0, { delimiter: 0x2c, width: 3 });
		const big = Buffer.alloc(LONG_RECORD + (3 << 20), 'x');
		const parts = [Buffer.from(`a,b,c\n1,2,3\n4,5,${quoted ? '"' : ''}`), big, Buffer.from(`${quoted ? '"' : ''}\n7,8,9\n`)];
		const out: Buffer[] = [];
		for (const p of parts) for (let i = 0; i < p.length; i += 1 << 20) out.push(s.feed(p.subarray(i, i + (1 << 20))));
		out.push(s.end());
		const text = Buffer.concat(out).toString('latin1');
		expect(s.longCount).toBe(1);
		expect(s.records).toBe(4);
		expect(text.length).toBeLessThan(LONG_RECORD + (2 << 20));
		expect(text.length).toBeGreaterThan(LONG_RECORD);
		expect(text.endsWith(`x${quoted ? '"' : ''}\n7,8,9\n`)).toBe(true);
		expect(text.startsWith('a,b,c\n1,2,3\n4,5,')).toBe(true);
	});
});
