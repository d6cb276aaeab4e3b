// Spikes: per period and dimension value, a count well above the mean of the
// previous 8 periods (DESIGN.md's rule, in stats.findSpikes).
import type { Filter } from '../../filters';
import { findSpikes } from '../../stats';
import type { Grain, Scope } from './scope';
import { NULL_VALUE } from '../../filters';
import { compile, dimensionSql, periodSql } from './scope';

export async function spikes(scope: Scope, f: Filter, grain: Grain, dim: string) {
	const c = compile(scope, f);
	const d = dimensionSql(scope, dim);
	// every period present in the filtered data, so a value's silent period counts as 0
	const rows = await scope.store.all<{ period: string; key: string; count: number }>(
		`SELECT ${periodSql(grain)} AS period, coalesce(${d.sql}, $nullv) AS key, count(*) AS count
		 FROM tickets WHERE ${c.where} GROUP BY 1, 2 ORDER BY 1, 2`,
		{ ...c.params, ...d.params, nullv: NULL_VALUE }
	);
	const found = findSpikes(rows.map((r) => ({ period: String(r.period), key: String(r.key), count: Number(r.count) })));
	return { rows: found.sort((a, b) => a.p - b.p || b.count - a.count) };
}
