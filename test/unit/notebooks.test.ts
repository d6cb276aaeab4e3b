import { describe, expect, it } from 'vitest';
import { chartOptions } from '../../src/lib/notebooks/chart';
import { parseMarkdown, renderMarkdown } from '../../src/lib/notebooks/markdown';
import { evalRef, formatValue, parseNotebook, parseSpec } from '../../src/lib/notebooks/parse';

const NB = `---
title: Weekly
week: last   # a comment
category: "技术故障"
---

# Heading \${top[0].k}

Prose.

\`\`\`sql name=top
SELECT 1 AS k
\`\`\`

\`\`\`chart
{data: top, mark: barX, x: n, y: k}
\`\`\`

\`\`\`js
not a cell: shown as code
\`\`\`

\`\`\`sql name=hidden_one hidden
SELECT 2
\`\`\`
`;

describe('parseNotebook', () => {
	it('reads the front matter, the cells in order and where each starts', () => {
		const nb = parseNotebook(NB);
		expect(nb.title).toBe('Weekly');
		expect(nb.params).toEqual({ week: 'last', category: '技术故障' });
		expect(nb.cells.map((c) => c.kind)).toEqual(['md', 'sql', 'chart', 'md', 'sql']);
		const sql = nb.cells[1];
		expect(sql).toMatchObject({ kind: 'sql', name: 'top', sql: 'SELECT 1 AS k', line: 12, hidden: false });
		expect(nb.cells[2]).toMatchObject({ kind: 'chart', spec: { data: 'top', mark: 'barX', x: 'n', y: 'k' } });
		expect((nb.cells[3] as { text: string }).text).toContain('not a cell');
		expect(nb.cells[4]).toMatchObject({ name: 'hidden_one', hidden: true });
	});

	it('says what is wrong: an unnamed sql cell, an unclosed cell, a duplicate name', () => {
		expect(() => parseNotebook('```sql\nSELECT 1\n```')).toThrow(/needs a name/);
		expect(() => parseNotebook('x\n```sql name=a\nSELECT 1\n')).toThrow(/line 2 is never closed/);
		expect(() => parseNotebook('```sql name=a\nSELECT 1\n```\n```sql name=a\nSELECT 2\n```')).toThrow(/Two sql cells are named a/);
		expect(() => parseNotebook('---\ntitle: x\n')).toThrow(/never closed/);
	});

	it('keeps a bad chart spec as an error of that cell only', () => {
		const nb = parseNotebook('```chart\n{data: top, mark: }\n```\n\ntext');
		expect(nb.cells[0]).toMatchObject({ kind: 'chart', spec: null });
		expect((nb.cells[0] as { error: string }).error).toMatch(/Chart spec/);
		expect(nb.cells[1].kind).toBe('md');
	});
});

describe('parseSpec', () => {
	it('reads a relaxed object: bare keys and words, numbers, strings, arrays, nested objects', () => {
		expect(parseSpec(`{data: top, mark: barX, x: n, sort: {y: "-x"}, width: 640, fill: '#4269d0', legend: true, marks: [{mark: dot}, {mark: ruleY, y: 0}]}`)).toEqual({
			data: 'top',
			mark: 'barX',
			x: 'n',
			sort: { y: '-x' },
			width: 640,
			fill: '#4269d0',
			legend: true,
			marks: [{ mark: 'dot' }, { mark: 'ruleY', y: 0 }]
		});
		expect(() => parseSpec('[1, 2]')).toThrow(/one object/);
		expect(() => parseSpec('{a: 1} extra')).toThrow(/unexpected text/);
	});
});

describe('evalRef', () => {
	const results = { top: [{ k: '支付失败', n: 12 }], empty: [] };
	it('follows a path into a result and nothing else', () => {
		expect(evalRef('top[0].k', results)).toBe('支付失败');
		expect(evalRef(' top[0]["n"] ', results)).toBe(12);
		expect(evalRef('top.length', results)).toBe(1);
		expect(() => evalRef('empty[0].k', results)).toThrow(/nothing at/);
		expect(() => evalRef('top[3].k', results)).toThrow(/nothing/);
		expect(() => evalRef('nope[0]', results)).toThrow(/no result named nope/);
		expect(() => evalRef('top[0].k.constructor("x")', results)).toThrow(/only \[index\] and \.name/);
		expect(() => evalRef('top[0].constructor', results)).toThrow(/nothing there/);
	});
	it('formats values for prose', () => {
		expect(formatValue(12345)).toBe('12,345');
		expect(formatValue(0.123456)).toBe('0.123');
		expect(formatValue(null)).toBe('—');
		expect(formatValue('2024-04-08T10:30:00')).toBe('2024-04-08 10:30');
	});
});

describe('renderMarkdown', () => {
	it('escapes the source: raw HTML, script and event handlers show as text', () => {
		const html = renderMarkdown('<script>alert(1)</script> <img src=x onerror=alert(1)>\n\n[x](javascript:alert(1))');
		expect(html).not.toMatch(/<script|<img|href="javascript/);
		expect(html).toContain('&lt;script&gt;');
	});
	it('renders headings, lists, emphasis, code, links, tables', () => {
		const html = renderMarkdown('## Title\n\n- **a** and *b*\n- `c<d>`\n\n1. one\n\nSee [docs](https://duckdb.org) and [home](/pareto).\n\n| a | b |\n|---|---|\n| 1 | 2 |');
		expect(html).toContain('<h2>Title</h2>');
		expect(html).toContain('<ul><li><strong>a</strong> and <em>b</em></li><li><code>c&lt;d&gt;</code></li></ul>');
		expect(html).toContain('<ol><li>one</li></ol>');
		expect(html).toContain('<a href="https://duckdb.org">docs</a>');
		expect(html).toContain('<a href="/pareto">home</a>');
		expect(html).toContain('<td>1</td><td>2</td>');
	});
	it('fills inline values, escaped, and shows a bad reference in place', () => {
		const html = renderMarkdown('Top: ${top[0].k}; bad: ${nope}', (e) => (e === 'top[0].k' ? { text: '<b>**x**</b>' } : { error: 'no result named nope' }));
		expect(html).toContain('<span class="nb-value">&lt;b&gt;**x**&lt;/b&gt;</span>');
		expect(html).toContain('nb-inline-error');
		expect(html).toContain('no result named nope');
	});
});

describe('inline values inside a link', () => {
	const value = (e: string) => (e === 'top[0].k' ? { text: '支付失败 & "x" <b>' } : e === 'slash' ? { text: '/evil.example/x' } : { error: `no result named ${e}` });
	it('puts the value into the href, URL-encoded, never a NUL placeholder', () => {
		const blocks = parseMarkdown('See [the tickets](/tickets?subcategory=${top[0].k}&x=1) now.', value);
		const html = renderMarkdown('See [the tickets](/tickets?subcategory=${top[0].k}&x=1) now.', value);
		expect(JSON.stringify(blocks)).not.toContain('\\u0000');
		expect(html).not.toContain('\u0000');
		expect(html).toContain(`<a href="/tickets?subcategory=${encodeURIComponent('支付失败 & "x" <b>')}&amp;x=1">the tickets</a>`);
	});
	it('keeps a path a path: a value cannot turn /… into //other-site', () => {
		const html = renderMarkdown('[x](/${slash})', value);
		expect(html).toContain('href="/%2Fevil.example%2Fx"');
	});
	it('shows a bad reference in a link as the error, with no link', () => {
		const html = renderMarkdown('[x](/a/${nope})', value);
		expect(html).not.toContain('<a ');
		expect(html).not.toContain('\u0000');
		expect(html).toContain('nb-inline-error');
	});
	it('takes a code span in a link target as its text', () => {
		const html = renderMarkdown('[x](/a/`b`)', value);
		expect(html).toContain('href="/a/b"');
		expect(html).not.toContain('\u0000');
	});
});

describe('chartOptions', () => {
	const results = { top: [{ k: '支付失败', n: 12 }, { k: '登录异常', n: 5 }], weekly: [{ week: '2024-04-01', n: 3, total: 10 }, { week: '2024-04-08', n: 5, total: 12 }] };
	it('builds Plot marks from the allow-list over real columns', () => {
		const o = chartOptions({ data: 'top', mark: 'barX', x: 'n', y: 'k', sort: '-x' }, results, 'zh');
		expect(o.marks).toHaveLength(1);
		expect(o.marginLeft).toBeGreaterThan(16);
	});
	it('refuses unknown marks, columns and options with a sentence', () => {
		expect(() => chartOptions({ data: 'top', mark: 'eval', x: 'n' }, results, 'zh')).toThrow(/mark is one of/);
		expect(() => chartOptions({ data: 'top', mark: 'barX', x: 'count' }, results, 'zh')).toThrow(/"count" is not a column of top \(k, n\)/);
		expect(() => chartOptions({ data: 'top', mark: 'barX', x: 'n', onclick: 'x' }, results, 'zh')).toThrow(/unknown option "onclick"/);
		expect(() => chartOptions({ data: 'nope', mark: 'barX' }, results, 'zh')).toThrow(/no result named nope/);
		expect(() => chartOptions({ data: 'top', chart: 'sankey' }, results, 'zh')).toThrow(/pareto, trend and control/);
	});
	it('draws our own pareto, trend and control charts from a result', () => {
		expect(chartOptions({ data: 'top', chart: 'pareto', key: 'k', count: 'n' }, results, 'zh').marks!.length).toBeGreaterThan(2);
		expect(chartOptions({ data: 'weekly', chart: 'trend', period: 'week', count: 'n' }, results, 'zh').marks!.length).toBeGreaterThan(0);
		expect(chartOptions({ data: 'weekly', chart: 'control', kind: 'p', period: 'week', count: 'n', total: 'total' }, results, 'zh').marks!.length).toBeGreaterThan(2);
		expect(() => chartOptions({ data: 'weekly', chart: 'control', kind: 'p', period: 'week', count: 'n' }, results, 'zh')).toThrow(/total is required/);
	});
});
