// Pareto of any dimension: counts (optionally priority-weighted) per value,
// descending, "Other" last, cumulative shares and the vital few.
import { NULL_VALUE, type Filter } from '../../filters';
import { pareto as paretoStats } from '../../stats';
import { compile, dimensionSql, type Scope } from './scope';

export async function pareto(scope: Scope, f: Filter, dim: string, weight: 'none' | 'priority' = 'none') {
	const c = compile(scope, f);
	const d = dimensionSql(scope, dim);
	const rows = await scope.store.all<{ key: string; count: number; p0: number; p1: number; p2: number; p3: number }>(
		`SELECT coalesce(${d.sql}, $nullv) AS key, count(*) AS count,
			count(*) FILTER (WHERE priority = 'P0') AS p0, count(*) FILTER (WHERE priority = 'P1') AS p1,
			count(*) FILTER (WHERE priority = 'P2') AS p2, count(*) FILTER (WHERE priority = 'P3') AS p3
		 FROM tickets WHERE ${c.where} GROUP BY 1`,
		{ ...c.params, ...d.params, nullv: NULL_VALUE }
	);
	const result = paretoStats(
		rows.map((r) => ({ key: String(r.key), count: Number(r.count), priorityCounts: { P0: Number(r.p0), P1: Number(r.p1), P2: Number(r.p2), P3: Number(r.p3) } })),
		{ weight }
	);
	return { total: result.total, rows: result.rows.map(({ key, count, value, share, cumShare, vital }) => ({ key, count, value, share, cumShare, vital })) };
}
