// Spikes: per period and dimension value, a count well above the mean of the
// previous 8 periods (DESIGN.md's rule, in stats.findSpikes).
import type { Filter } from '../../filters';
import { findSpikes } from '../../stats';
import type { Grain, Scope } from './scope';
import { NULL_VALUE } from '../../filters';
import { compile, dimensionSql, periodLabel, periodStart } from './scope';
import { periodAxis } from '../../periods';
import { axisWindow } from './trend';

export const MAX_SPIKES = 500;

export async function spikes(scope: Scope, f: Filter, grain: Grain, dim: string) {
	const c = compile(scope, f);
	const d = dimensionSql(scope, dim);
	// every period present in the filtered data, so a value's silent period counts as 0
	const rows = await scope.store.all<{ period: string; key: string; count: number }>(
		`SELECT ${periodLabel(grain)} AS period, key, n AS count FROM (
			SELECT ${periodStart(grain)} AS p, coalesce(${d.sql}, $nullv) AS key, count(*) AS n FROM ${d.source} WHERE ${c.where} GROUP BY 1, 2)
		 ORDER BY p, key`,
		{ ...c.params, ...d.params, nullv: NULL_VALUE }
	);
	// a period without any ticket is a period of zeros, not skipped over
	const periods = periodAxis([...new Set(rows.map((r) => String(r.period)))], grain, axisWindow(scope, f));
	const found = findSpikes(rows.map((r) => ({ period: String(r.period), key: String(r.key), count: Number(r.count) })), { periods });
	found.sort((a, b) => a.p - b.p || b.count - a.count);
	// a long daily range can flag thousands; the most significant keep the answer small
	return { rows: found.slice(0, MAX_SPIKES), more: Math.max(0, found.length - MAX_SPIKES) };
}
