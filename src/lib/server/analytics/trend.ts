// Ticket counts per day, week (ISO, from Monday) or month; total or split by a dimension.
import type { Filter } from '../../filters';
import { NULL_VALUE } from '../../filters';
import { compile, dimensionSql, periodSql, type Grain, type Scope } from './scope';

export interface TrendRow {
	period: string;
	key?: string;
	count: number;
}

/** At most this many values of a split dimension get their own series; the rest are "Other". */
export const MAX_SERIES = 12;

export async function trend(scope: Scope, f: Filter, grain: Grain, dim?: string | null): Promise<{ rows: TrendRow[] }> {
	const c = compile(scope, f);
	const period = periodSql(grain);
	if (!dim) {
		const rows = await scope.store.all<{ period: string; count: number }>(
			`SELECT ${period} AS period, count(*) AS count FROM tickets WHERE ${c.where} GROUP BY 1 ORDER BY 1`,
			c.params
		);
		return { rows };
	}
	const d = dimensionSql(scope, dim);
	const rows = await scope.store.all<TrendRow & Record<string, unknown>>(
		`WITH t AS (SELECT ${period} AS period, coalesce(${d.sql}, $nullv) AS key FROM tickets WHERE ${c.where}),
		 top AS (SELECT key FROM t GROUP BY key ORDER BY count(*) DESC, key LIMIT ${MAX_SERIES})
		 SELECT period, CASE WHEN key IN (SELECT key FROM top) THEN key ELSE 'Other' END AS key, count(*) AS count
		 FROM t GROUP BY 1, 2 ORDER BY 1, 2`,
		{ ...c.params, ...d.params, nullv: NULL_VALUE }
	);
	return { rows };
}
