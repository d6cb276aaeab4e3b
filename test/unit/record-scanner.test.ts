import { describe, expect, it } from 'vitest';
import { RecordScanner } from '../../src/lib/server/ingest/prepare';

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
