// Ticket counts per day, week (ISO, from Monday) or month; total or split by a dimension.
import type { Filter } from '../../filters';
import { NULL_VALUE } from '../../filters';
import { compile, dimensionSql, periodLabel, periodStart, type Grain, type Scope } from './scope';

export interface TrendRow {
	period: string;
	key?: string;
	count: number;
}

/** At most this many values of a split dimension get their own series; the rest are "Other". */
export const MAX_SERIES = 12;

export async function trend(scope: Scope, f: Filter, grain: Grain, dim?: string | null): Promise<{ rows: TrendRow[] }> {
	const c = compile(scope, f);
	if (!dim) {
		const rows = await scope.store.all<{ period: string; count: number }>(
			`SELECT ${periodLabel(grain)} AS period, n AS count FROM (SELECT ${periodStart(grain)} AS p, count(*) AS n FROM tickets WHERE ${c.where} GROUP BY 1) ORDER BY p`,
			c.params
		);
		return { rows };
	}
	const d = dimensionSql(scope, dim);
	const rows = await scope.store.all<TrendRow & Record<string, unknown>>(
		`WITH g AS (SELECT ${periodStart(grain)} AS p, coalesce(${d.sql}, $nullv) AS key, count(*) AS n FROM tickets WHERE ${c.where} GROUP BY 1, 2),
		 top AS (SELECT key FROM g GROUP BY key ORDER BY sum(n) DESC, key LIMIT $max_series)
		 SELECT ${periodLabel(grain)} AS period, CASE WHEN key IN (SELECT key FROM top) THEN key ELSE 'Other' END AS key, sum(n) AS count
		 FROM g GROUP BY p, 2 ORDER BY p, 2`,
		{ ...c.params, ...d.params, nullv: NULL_VALUE, max_series: MAX_SERIES }
	);
	return { rows };
}
