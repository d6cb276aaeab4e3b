// Control charts for an effect (a Filter inside the page's Filter): p-chart of
// its share of all tickets, c-chart of its count, I-MR of its volume.
import { parseFilterQuery, type Filter } from '../../filters';
import { cChart, imrChart, pChart } from '../../stats';
import { periodAxis, zeroFill } from '../../periods';
import { axisWindow } from './trend';
import { BadRequest, compile, periodLabel, periodStart, type Grain, type Scope } from './scope';

export type ChartKind = 'p' | 'c' | 'imr';

export function parseChart(v: string | null): ChartKind {
	if (v === 'p' || v === 'c' || v === 'imr') return v;
	throw new BadRequest(`chart is p, c or imr, not "${v ?? ''}".`);
}

/** The effect filter: the page's filter with the effect's dimensions and text added. */
export function effectFilter(base: Filter, effectQuery: string): Filter {
	const e = parseFilterQuery(effectQuery);
	return { ...base, dims: { ...base.dims, ...e.dims }, q: e.q ?? base.q, from: e.from ?? base.from, to: e.to ?? base.to };
}

export async function control(scope: Scope, base: Filter, chart: ChartKind, grain: Grain, effectQuery: string, stages: string[] = []) {
	const effect = effectFilter(base, effectQuery);
	const cb = compile(scope, base, 'b');
	const ce = compile(scope, effect, 'e');
	const rows = await scope.store.all<{ period: string; n: number; k: number }>(
		`SELECT ${periodLabel(grain)} AS period, n, k FROM (
			SELECT ${periodStart(grain)} AS p, count(*) AS n, count(*) FILTER (WHERE ${ce.where}) AS k FROM tickets WHERE ${cb.where} GROUP BY 1)
		 ORDER BY p`,
		{ ...cb.params, ...ce.params }
	);
	const found = rows.map((r) => ({ period: String(r.period), n: Number(r.n), count: Number(r.k) }));
	// every period of the window: one without tickets is a zero count (p: no value, a gap in the line)
	const data = found.length ? zeroFill(found, periodAxis(found.map((d) => d.period), grain, axisWindow(scope, effect)), (period) => ({ period, n: 0, count: 0 })) : found;
	// stage boundaries (an action's done date): the first period at or after each date
	const stageStarts = stages.map((s) => data.findIndex((d) => d.period >= s.slice(0, d.period.length))).filter((i) => i > 0);
	if (chart === 'p') {
		const plain = pChart(data, { stages: stageStarts });
		const overdispersed = plain.overdispersion > 1;
		const out = overdispersed ? pChart(data, { stages: stageStarts, laney: true }) : plain;
		return { points: out.points, overdispersion: plain.overdispersion, laney: overdispersed };
	}
	if (chart === 'c') return { points: cChart(data, { stages: stageStarts }).points };
	const imr = imrChart(data.map((d) => ({ period: d.period, value: d.count })), { stages: stageStarts });
	return { points: imr.points, mr: imr.mr };
}
