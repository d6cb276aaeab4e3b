// Trend chart: counts per period, total (line) or split by a dimension (stacked
// bars), with spike markers on the periods and values that spiked.
import * as Plot from '@observablehq/plot';
import type { Lang } from '../i18n';
import { keyed } from './keyed';

export interface TrendChartRow {
	period: string;
	key?: string;
	count: number;
}

export function periodDate(period: string): Date {
	return new Date(period.length === 7 ? `${period}-01T00:00:00Z` : `${period}T00:00:00Z`);
}

export function trendChart(
	rows: TrendChartRow[],
	opts: { lang: Lang; width?: number; spikes?: { period: string; key: string }[] }
): Plot.PlotOptions {
	const zh = opts.lang === 'zh';
	const split = rows.some((r) => r.key !== undefined);
	const data = rows.map((r) => ({ ...r, date: periodDate(r.period), key: r.key ?? '' }));
	const spikeSet = new Set((opts.spikes ?? []).map((s) => `${s.period}|${s.key}`));
	const spiking = data.filter((d) => spikeSet.has(`${d.period}|${d.key}`) || (!split && [...spikeSet].some((k) => k.startsWith(`${d.period}|`))));
	const periods = [...new Set(data.map((d) => d.period))];
	return {
		width: opts.width ?? 900,
		height: 320,
		x: { type: 'band', domain: periods, label: null, tickFormat: (p: string, i: number) => (periods.length > 26 && i % Math.ceil(periods.length / 13) ? '' : p), tickRotate: -35 },
		y: { label: zh ? '工单数' : 'Tickets', grid: true },
		color: split ? { legend: true, scheme: 'tableau10' } : undefined,
		marginBottom: 60,
		marks: [
			split
				? Plot.barY(data, { x: 'period', y: 'count', fill: 'key', title: (d: { period: string; key: string; count: number }) => `${d.period} · ${d.key}: ${d.count}`, render: keyed((i) => `${data[i].period}|${data[i].key}`) })
				: Plot.barY(data, { x: 'period', y: 'count', fill: '#2456c7', title: (d: { period: string; count: number }) => `${d.period}: ${d.count}`, render: keyed((i) => data[i].period) }),
			Plot.dot(spiking, { x: 'period', y: 'count', r: 5, fill: '#b42318', stroke: 'white', symbol: 'triangle', title: () => (zh ? '异常上升' : 'Spike') }),
			Plot.ruleY([0])
		]
	};
}
