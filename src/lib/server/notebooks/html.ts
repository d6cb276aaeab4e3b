// A rendered notebook as one self-contained HTML file: inline CSS, charts as
// inline SVG, tables and prose escaped, no scripts — readable in any browser and
// mail client, printable to PDF.
import type { Lang } from '../../i18n';
import { chartOptions } from '../../notebooks/chart';
import { escapeHtml, markdownHtml } from '../../notebooks/markdown';
import { formatValue } from '../../notebooks/parse';
import { resultsOf, type RenderedCell, type RenderedNotebook } from '../../notebooks/rendered';
import { plotToSvg } from './svg';

export const TABLE_ROWS = 50;

const CSS = `
body{font-family:system-ui,'Noto Sans CJK SC','PingFang SC','Microsoft YaHei',sans-serif;color:#101828;max-width:960px;margin:2rem auto;padding:0 1.5rem;line-height:1.55}
h1{font-size:1.7rem;margin-bottom:.2rem}h2{margin-top:2rem;border-bottom:1px solid #eaecf0;padding-bottom:.2rem}
.params{color:#475467;font-size:.9rem}.params span{background:#f2f4f7;border-radius:4px;padding:0 .4rem;margin-right:.4rem}
table{border-collapse:collapse;font-size:.85rem;margin:.6rem 0;width:100%}th,td{border-bottom:1px solid #eaecf0;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{color:#475467;font-weight:600}td.num{text-align:right;font-variant-numeric:tabular-nums}
.error{color:#b42318;background:#fef3f2;border:1px solid #fecdca;border-radius:6px;padding:.5rem .7rem;white-space:pre-wrap;font-size:.85rem}
.note{color:#667085;font-size:.8rem}.chart{margin:.8rem 0;overflow-x:auto}.nb-value{font-weight:600}.nb-inline-error{color:#b42318}
code{background:#f2f4f7;padding:0 .25rem;border-radius:3px}pre{background:#f9fafb;padding:.6rem;overflow-x:auto}
@media print{body{margin:0;max-width:none}.chart,table{break-inside:avoid}}
`;

export function cellHtml(c: RenderedCell, results: ReturnType<typeof resultsOf>, lang: Lang): string {
	if (c.kind === 'md') return markdownHtml(c.blocks);
	if (c.kind === 'chart') return c.error || !c.spec ? `<div class="error">${escapeHtml(c.error ?? '')}</div>` : `<div class="chart">${plotToSvg(chartOptions(c.spec, results, lang))}</div>`;
	if (c.error) return `<div class="error"><strong>${escapeHtml(c.name)}</strong> — ${escapeHtml(c.error)}\n<code>${escapeHtml(c.sql)}</code></div>`;
	if (c.hidden) return '';
	if (!c.rows.length) return `<p class="note">${escapeHtml(c.name)}: 无结果 no rows</p>`;
	const shown = c.rows.slice(0, TABLE_ROWS);
	const num = (v: unknown) => typeof v === 'number';
	const head = `<tr>${c.columns.map((k) => `<th>${escapeHtml(k)}</th>`).join('')}</tr>`;
	const body = shown.map((r) => `<tr>${c.columns.map((k) => `<td${num(r[k]) ? ' class="num"' : ''}>${escapeHtml(formatValue(r[k] ?? null))}</td>`).join('')}</tr>`).join('');
	const more = c.rows.length > TABLE_ROWS || c.truncated ? `<p class="note">${TABLE_ROWS} of ${c.truncated ? `more than ${c.rows.length}` : c.rows.length} rows shown.</p>` : '';
	return `<table><thead>${head}</thead><tbody>${body}</tbody></table>${more}`;
}

export function notebookHtml(nb: RenderedNotebook, lang: Lang = 'zh', generatedAt = new Date()): string {
	const results = resultsOf(nb.cells);
	const params = Object.entries(nb.params)
		.map(([k, v]) => `<span>${escapeHtml(k)}: ${escapeHtml(v)}</span>`)
		.join('');
	return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(nb.title)}</title><style>${CSS}</style></head>
<body><p class="params">${params} · Causeway ${escapeHtml(generatedAt.toISOString().slice(0, 16).replace('T', ' '))} UTC</p>
${nb.cells.map((c) => cellHtml(c, results, lang)).join('\n')}
</body></html>
`;
}
