import { describe, expect, it } from 'vitest';
import { localise, localiseReason } from '../../src/lib/ingest/messages';
import { detectEncoding, sniffTable } from '../../src/lib/ingest/sniff';
import { applyOverrides } from '../../src/lib/ingest/mapping';

const CJK = /[\u4e00-\u9fff]/;
const thrown = (fn: () => unknown) => {
	try {
		fn();
	} catch (e) {
		return (e as Error).message;
	}
	throw new Error('did not throw');
};

describe('importer sentences in Chinese', () => {
	it.each([
		['empty', () => detectEncoding(new Uint8Array())],
		['xlsx', () => detectEncoding(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0]))],
		['pdf', () => detectEncoding(new TextEncoder().encode('%PDF-1.7'))],
		['binary', () => detectEncoding(new Uint8Array(2000).map((_, i) => i % 9))],
		['no table', () => sniffTable('words only\nmore words\n')],
		['data row', () => sniffTable('1,2024-01-01,5\n2,2024-01-02,6\n')],
		['unknown field', () => applyOverrides(['a'], {}, { bogus: 'a' })],
		['unknown column', () => applyOverrides(['a'], {}, { created_at: 'b' })]
	])('translates the %s refusal', (_name, fn) => {
		const msg = thrown(fn);
		expect(localise(msg, 'zh')).toMatch(CJK);
		expect(localise(msg, 'en')).toBe(msg);
	});

	it('translates reject reasons and keeps unknown text as it is', () => {
		expect(localiseReason('expected 10 fields, found 6', 'zh')).toBe('应有 10 个字段，实际 6 个');
		expect(localiseReason('creation time "x" in column "问题发生时间" does not read as yyyy-mm-dd', 'zh')).toBe('“问题发生时间”列的创建时间 "x" 不符合格式 yyyy-mm-dd');
		expect(localise('None of the 3 rows could be imported: line 2, expected 3 fields, found 2.', 'zh')).toBe('3 行都无法导入：第 2 行，应有 3 个字段，实际 2 个。');
		expect(localise('something new', 'zh')).toBe('something new');
	});
});
