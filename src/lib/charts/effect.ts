// A case's effect over time: weekly counts of the effect's tickets, the
// baseline window shaded grey and the analysis window shaded red.
import * as Plot from '@observablehq/plot';
import type { Lang } from '../i18n';
import { keyed } from './keyed';

export interface EffectWindows {
	window?: { from: string; to: string } | null;
	baseline?: { from: string; to: string } | null;
}

/** The periods (week Mondays, 'YYYY-MM-DD') whose week overlaps [from, to]. */
export function periodsIn(periods: string[], w: { from: string; to: string }): string[] {
	return periods.filter((p) => {
		const end = new Date(`${p}T00:00:00Z`);
		end.setUTCDate(end.getUTCDate() + 6);
		return p <= w.to && end.toISOString().slice(0, 10) >= w.from;
	});
}

export function effectChart(rows: { period: string; count: number }[], opts: EffectWindows & { lang: Lang; width?: number }): Plot.PlotOptions {
	const zh = opts.lang === 'zh';
	const periods = rows.map((r) => r.period);
	const max = Math.max(1, ...rows.map((r) => r.count));
	const shade = (w: { from: string; to: string } | null | undefined, fill: string) =>
		w ? [Plot.barY(periodsIn(periods, w), { x: (d: string) => d, y: max * 1.05, fill, fillOpacity: 0.12, insetLeft: -2, insetRight: -2 })] : [];
	return {
		width: opts.width ?? 900,
		height: 240,
		marginBottom: 50,
		x: { type: 'band', domain: periods, label: null, tickRotate: -35, tickFormat: (p: string, i: number) => (periods.length > 26 && i % Math.ceil(periods.length / 13) ? '' : p) },
		y: { label: zh ? '工单数（周）' : 'Tickets per week', grid: true, domain: [0, max * 1.05] },
		marks: [
			...shade(opts.baseline, '#667085'),
			...shade(opts.window, '#b42318'),
			Plot.barY(rows, { x: 'period', y: 'count', fill: '#2456c7', inset: 2, title: (d: { period: string; count: number }) => `${d.period}: ${d.count}`, render: keyed((i) => rows[i].period) }),
			Plot.ruleY([0])
		]
	};
}
