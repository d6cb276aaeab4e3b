// Pareto chart: bars descending ("Other" last, as the rows come), the cumulative
// share as a line on a 0–100 % right axis, the 80 % line and the vital few marked.
import * as Plot from '@observablehq/plot';
import type { Lang } from '../i18n';
import { keyed } from './keyed';

export interface ParetoChartRow {
	key: string;
	count: number;
	value?: number;
	share: number;
	cumShare: number;
	vital: boolean;
}

export function paretoChart(rows: ParetoChartRow[], opts: { lang: Lang; width?: number; weighted?: boolean }): Plot.PlotOptions {
	const keys = rows.map((r) => r.key);
	const value = (r: ParetoChartRow) => r.value ?? r.count;
	const max = Math.max(1, ...rows.map(value));
	// the cumulative share is drawn on the bars' scale; the right axis labels it 0–100 %
	const toY = (share: number) => share * max;
	const zh = opts.lang === 'zh';
	return {
		width: opts.width ?? 900,
		height: 360,
		marginBottom: 90,
		marginRight: 50,
		x: { domain: keys, label: null, tickRotate: keys.some((k) => k.length > 6) ? -35 : 0 },
		y: { domain: [0, max], label: opts.weighted ? (zh ? '加权数' : 'Weighted') : zh ? '工单数' : 'Tickets', grid: true },
		marks: [
			// the whole column of a bar is its click target: above a short bar, on the cumulative dot (drawn
			// behind the bars, so the bar itself is still what a click on it hits)
			Plot.barY(rows, { x: 'key', y: max, fill: 'white', fillOpacity: 0, className: 'bar-column', ariaHidden: 'true', title: (r: ParetoChartRow) => `${r.key}\n${r.count} (${(r.share * 100).toFixed(1)}%)\n${zh ? '累计' : 'cum.'} ${(r.cumShare * 100).toFixed(1)}%`, render: keyed((i) => keys[i]) }),
			Plot.barY(rows, {
				x: 'key',
				y: value,
				fill: (r: ParetoChartRow) => (r.vital ? 'var(--accent, #2456c7)' : '#9db3e3'),
				title: (r: ParetoChartRow) => `${r.key}\n${r.count} (${(r.share * 100).toFixed(1)}%)\n${zh ? '累计' : 'cum.'} ${(r.cumShare * 100).toFixed(1)}%`,
				render: keyed((i) => keys[i])
			}),
			Plot.ruleY([toY(0.8)], { stroke: '#b42318', strokeDasharray: '4,3' }),
			Plot.text([toY(0.8)], { x: keys[keys.length - 1], y: (d: number) => d, text: () => '80%', dy: -6, textAnchor: 'end', fill: '#b42318' }),
			Plot.lineY(rows, { x: 'key', y: (r: ParetoChartRow) => toY(r.cumShare), stroke: '#1d2433', strokeWidth: 1.5, pointerEvents: 'none' }),
			Plot.dot(rows, { x: 'key', y: (r: ParetoChartRow) => toY(r.cumShare), fill: '#1d2433', r: 3, pointerEvents: 'none' }),
			Plot.axisY({ anchor: 'left', label: opts.weighted ? (zh ? '加权数' : 'Weighted') : zh ? '工单数' : 'Tickets' }),
			Plot.axisY(
				[0, 0.2, 0.4, 0.6, 0.8, 1].map(toY),
				{ anchor: 'right', label: zh ? '累计占比' : 'Cumulative', tickFormat: (d: number) => `${Math.round((d / max) * 100)}%` }
			),
			Plot.ruleY([0])
		]
	};
}
