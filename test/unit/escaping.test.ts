// Escaping for the two download formats a user value ends up in outside the app:
// CSV cells (formula-safe) and the case report's Markdown.
import { describe, expect, it } from 'vitest';
import { csvCell } from '../../src/lib/server/csv';
import { md } from '../../src/lib/server/rca/report';

describe('csvCell', () => {
	it.each([
		['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
		['+cmd', "'+cmd"],
		['-2+3', "'-2+3"],
		['@SUM(A1)', "'@SUM(A1)"],
		['|calc', "'|calc"],
		['＝1+1', "'＝1+1"],
		['＋cmd', "'＋cmd"],
		['－1', "'－1"],
		['＠SUM(A1)', "'＠SUM(A1)"],
		['｜calc', "'｜calc"],
		['﹦1+1', "'﹦1+1"],
		['\t=1+1', "'\t=1+1"],
		['\r=1+1', `"'\r=1+1"`],
		['  =1+1', "'  =1+1"],
		['\u3000=1+1', "'\u3000=1+1"],
		['ok\n=1+1', `"'ok\n=1+1"`],
		['line one\nline two', `"'line one\nline two"`]
	])('%j is text: %s', (value, cell) => {
		expect(csvCell(value)).toBe(cell);
	});
	it('leaves ordinary cells alone', () => {
		expect(csvCell('支付失败')).toBe('支付失败');
		expect(csvCell('a, b')).toBe('"a, b"');
		expect(csvCell('E2001')).toBe('E2001');
		expect(csvCell('x=1')).toBe('x=1');
		expect(csvCell(42)).toBe('42');
		expect(csvCell(null)).toBe('');
	});
});

describe('md (the case report)', () => {
	it('leaves no HTML and no way out of a code span', () => {
		const evil = '` <img src=x onerror=alert(1)> `';
		const out = md(evil);
		expect(out).not.toMatch(/<|(^|[^\\])`/);
		expect(out).toBe('\\` &lt;img src=x onerror=alert(1)&gt; \\`');
		expect(md('``<script>alert(1)</script>``')).toBe('\\`\\`&lt;script&gt;alert(1)&lt;/script&gt;\\`\\`');
	});
	it('escapes what would open a link, emphasis, a table cell, a list or a heading', () => {
		expect(md('[x](javascript:alert(1))')).toBe('\\[x\\](javascript:alert(1))');
		expect(md('![i](http://x/i.png)')).toBe('!\\[i\\](http:\\/\\/x/i.png)');
		expect(md('*a* _b_ ~~c~~ | d')).toBe('\\*a\\* \\_b\\_ \\~\\~c\\~\\~ \\| d');
		expect(md('- item')).toBe('\\- item');
		expect(md('1. item')).toBe('1\\. item');
		expect(md('# title')).toBe('\\# title');
		expect(md('> quote')).toBe('&gt; quote');
		expect(md('a\nb\r\nc\u2028d')).toBe('a b c d');
		expect(md('&lt;')).toBe('&amp;lt;');
	});
});

describe('no autolinks in report.md', () => {
	it('a bare URL in user text stays text', () => {
		expect(md('see https://evil.example/a and www.evil.example')).toBe('see https:\\/\\/evil.example/a and www\\.evil.example');
	});
});
