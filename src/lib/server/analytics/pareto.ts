// Pareto of any dimension: counts (optionally priority-weighted) per value,
// descending, "Other" last, cumulative shares and the vital few. The ranking and
// the folding of the long tail happen in SQL, so a dimension with a million
// distinct values still returns a few dozen rows.
import { NULL_VALUE, type Filter } from '../../filters';
import { DEFAULT_PRIORITY_WEIGHTS, pareto as paretoStats } from '../../stats';
import { BadRequest, compile, dimensionSql, type Scope } from './scope';

export const DEFAULT_BARS = 20;
export const MAX_BARS = 200;

export function parseTop(v: string | null): number {
	if (v === null || v === '') return DEFAULT_BARS;
	const n = Number(v);
	if (!Number.isInteger(n) || n < 2 || n > MAX_BARS) throw new BadRequest(`top is a whole number from 2 to ${MAX_BARS}, not "${v}".`);
	return n;
}

export async function pareto(scope: Scope, f: Filter, dim: string, weight: 'none' | 'priority' = 'none', maxBars = DEFAULT_BARS) {
	const c = compile(scope, f);
	const d = dimensionSql(scope, dim);
	const w = DEFAULT_PRIORITY_WEIGHTS;
	// P2, P3 and tickets without a priority weigh 1 (stats.pareto's convention)
	const value = weight === 'priority' ? '$w0 * p0 + $w1 * p1 + $w2 * p2 + $w3 * p3 + (count - p0 - p1 - p2 - p3)' : 'count';
	const rows = await scope.store.all<{ key: string; count: number; p0: number; p1: number; p2: number; p3: number }>(
		`WITH g AS (
			SELECT coalesce(${d.sql}, $nullv) AS key, count(*) AS count,
				count(*) FILTER (WHERE priority = 'P0') AS p0, count(*) FILTER (WHERE priority = 'P1') AS p1,
				count(*) FILTER (WHERE priority = 'P2') AS p2, count(*) FILTER (WHERE priority = 'P3') AS p3
			FROM tickets WHERE ${c.where} GROUP BY 1),
		 r AS (SELECT *, row_number() OVER (ORDER BY ${value} DESC, count DESC, key) AS rn FROM g)
		 SELECT key, count, p0, p1, p2, p3 FROM r WHERE rn <= $max_bars
		 UNION ALL
		 SELECT 'Other', sum(count), sum(p0), sum(p1), sum(p2), sum(p3) FROM r WHERE rn > $max_bars HAVING count(*) > 0`,
		{ ...c.params, ...d.params, nullv: NULL_VALUE, max_bars: maxBars, w0: w.P0, w1: w.P1, w2: w.P2, w3: w.P3 }
	);
	const result = paretoStats(
		rows.map((r) => ({ key: String(r.key), count: Number(r.count), priorityCounts: { P0: Number(r.p0), P1: Number(r.p1), P2: Number(r.p2), P3: Number(r.p3) } })),
		{ weight, maxBars }
	);
	// total is always the ticket count; with a weight, shares are of the weighted total
	const total = result.rows.reduce((s, r) => s + r.count, 0);
	return {
		total,
		...(weight === 'priority' ? { totalValue: result.total } : {}),
		rows: result.rows.map(({ key, count, value, share, cumShare, vital }) => ({ key, count, value, share, cumShare, vital }))
	};
}
