// The word view: terms as ranked horizontal bars (length = tickets mentioning the
// term this period), a tick at last period's count, the bar coloured by the
// change (new / rising / falling / steady). Readable where a word cloud is not:
// lengths compare, positions rank, and every term is a click to its tickets.
import * as Plot from '@observablehq/plot';
import type { Lang } from '../i18n';
import { keyed } from './keyed';

export interface WordRow {
	term: string;
	count: number;
	previous: number;
	changePct: number | null;
	status: 'new' | 'up' | 'down' | 'flat';
}

export const WORD_COLOURS: Record<WordRow['status'], string> = { new: '#b42318', up: '#e8590c', down: '#1a7f37', flat: '#9db3e3' };

export function wordsChart(rows: WordRow[], opts: { lang: Lang; width?: number }): Plot.PlotOptions {
	const zh = opts.lang === 'zh';
	const terms = rows.map((r) => r.term);
	const max = Math.max(1, ...rows.map((r) => Math.max(r.count, r.previous)));
	const change = (r: WordRow) => (r.status === 'new' ? (zh ? '新' : 'new') : r.changePct === null ? '' : `${r.changePct > 0 ? '▲' : r.changePct < 0 ? '▼' : ''}${Math.abs(r.changePct).toFixed(0)}%`);
	return {
		width: opts.width ?? 900,
		height: 40 + rows.length * 22,
		marginLeft: Math.min(220, 16 + Math.max(4, ...terms.map((t) => [...t].length)) * 13),
		marginRight: 70,
		x: { domain: [0, max * 1.05], label: zh ? '提到的工单数' : 'Tickets mentioning', grid: true },
		y: { domain: terms, label: null },
		marks: [
			Plot.barX(rows, {
				y: 'term',
				x: 'count',
				fill: (r: WordRow) => WORD_COLOURS[r.status],
				title: (r: WordRow) => `${r.term}\n${r.count} (${zh ? '上期' : 'before'} ${r.previous})`,
				render: keyed((i) => terms[i])
			}),
			Plot.tickX(rows, { y: 'term', x: 'previous', stroke: '#1d2433', strokeWidth: 2 }),
			Plot.text(rows, { y: 'term', x: 'count', text: change, dx: 6, textAnchor: 'start', fill: (r: WordRow) => (r.status === 'flat' ? '#5b6478' : WORD_COLOURS[r.status]) }),
			Plot.ruleX([0])
		]
	};
}
