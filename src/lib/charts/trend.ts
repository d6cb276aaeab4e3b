// Trend chart: counts per period, total (line) or split by a dimension (stacked
// bars), with spike markers on the periods and values that spiked.
import * as Plot from '@observablehq/plot';
import type { Lang } from '../i18n';
import { keyed } from './keyed';
import { seriesColours } from './palette';

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
	opts: { lang: Lang; width?: number; spikes?: { period: string; key: string }[]; layout?: 'stacked' | 'multiples'; /** The whole axis, empty periods included (else the rows' periods). */ periods?: string[] }
): Plot.PlotOptions {
	const zh = opts.lang === 'zh';
	const split = rows.some((r) => r.key !== undefined);
	// stacked in the order given; each segment knows its bottom and top, so a
	// spike marker sits on its own segment
	const base = new Map<string, number>();
	const data = rows.map((r) => {
		const y1 = base.get(r.period) ?? 0;
		base.set(r.period, y1 + r.count);
		return { ...r, date: periodDate(r.period), key: r.key ?? '', y1, y2: y1 + r.count };
	});
	const spikeSet = new Set((opts.spikes ?? []).map((s) => `${s.period}|${s.key}`));
	const spiking = data.filter((d) => spikeSet.has(`${d.period}|${d.key}`) || (!split && [...spikeSet].some((k) => k.startsWith(`${d.period}|`))));
	const periods = [...new Set([...(opts.periods ?? []), ...data.map((d) => d.period)])].sort();
	const sums = new Map<string, number>();
	for (const d of data) sums.set(d.key, (sums.get(d.key) ?? 0) + d.count);
	// the largest series get the first colours; "Other" last, grey
	const keys = [...sums.keys()].sort((a, b) => (a === 'Other' ? 1 : b === 'Other' ? -1 : sums.get(b)! - sums.get(a)! || a.localeCompare(b)));
	if (split && opts.layout === 'multiples') return multiples(data, spiking, periods, opts);
	return {
		width: opts.width ?? 900,
		height: 320,
		x: { type: 'band', domain: periods, label: null, tickFormat: (p: string, i: number) => (periods.length > 26 && i % Math.ceil(periods.length / 13) ? '' : p), tickRotate: -35 },
		y: { label: zh ? '工单数' : 'Tickets', grid: true },
		color: split ? { legend: true, ...seriesColours(keys) } : undefined,
		marginBottom: 60,
		marks: [
			split
				? Plot.barY(data, { x: 'period', y1: 'y1', y2: 'y2', fill: 'key', title: (d: { period: string; key: string; count: number }) => `${d.period} · ${d.key}: ${d.count}`, render: keyed((i) => `${data[i].period}|${data[i].key}`) })
				: Plot.barY(data, { x: 'period', y: 'count', fill: '#2456c7', title: (d: { period: string; count: number }) => `${d.period}: ${d.count}`, render: keyed((i) => data[i].period) }),
			Plot.dot(spiking, { x: 'period', y: 'y2', r: 5, fill: '#b42318', stroke: 'white', symbol: 'triangle', title: () => (zh ? '异常上升' : 'Spike') }),
			Plot.ruleY([0])
		]
	};
}

/** One small panel per value, largest total first and "Other" last, on a shared period axis. */
function multiples(
	data: { period: string; key: string; count: number }[],
	spiking: { period: string; key: string; count: number }[],
	periods: string[],
	opts: { lang: Lang; width?: number }
): Plot.PlotOptions {
	const totals = new Map<string, number>();
	for (const d of data) totals.set(d.key, (totals.get(d.key) ?? 0) + d.count);
	const keys = [...totals.keys()].sort((a, b) => (a === 'Other' ? 1 : b === 'Other' ? -1 : totals.get(b)! - totals.get(a)! || a.localeCompare(b)));
	const zh = opts.lang === 'zh';
	return {
		width: opts.width ?? 900,
		height: 60 + 70 * keys.length,
		marginLeft: 50,
		marginRight: 110,
		marginBottom: 60,
		x: { type: 'band', domain: periods, label: null, tickRotate: -35, tickFormat: (p: string, i: number) => (periods.length > 26 && i % Math.ceil(periods.length / 13) ? '' : p) },
		y: { label: zh ? '工单数' : 'Tickets', grid: true, ticks: 2 },
		fy: { domain: keys, label: null },
		marks: [
			Plot.barY(data, { x: 'period', y: 'count', fy: 'key', fill: '#2456c7', title: (d: { period: string; key: string; count: number }) => `${d.period} · ${d.key}: ${d.count}`, render: keyed((i) => `${data[i].period}|${data[i].key}`) }),
			Plot.dot(spiking, { x: 'period', y: 'count', fy: 'key', r: 4, fill: '#b42318', stroke: 'white', symbol: 'triangle' }),
			Plot.ruleY([0])
		]
	};
}
