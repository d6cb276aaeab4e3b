// A cross-tab of two dimensions: ticket counts per (row value, column value).
// Each side keeps its most frequent values and folds the rest into "Other", so
// the answer stays small; weekday × hour is the heatmap.
import { NULL_VALUE, type Filter } from '../../filters';
import { BadRequest, compile, dimensionSql, type Scope } from './scope';

export const CROSSTAB_MAX = 30;

export async function crosstab(scope: Scope, f: Filter, rowDim: string, colDim: string, max = CROSSTAB_MAX) {
	if (rowDim === colDim) throw new BadRequest('rows and cols must be two different dimensions.');
	const c = compile(scope, f);
	const r = dimensionSql(scope, rowDim, 'rowkey');
	const k = dimensionSql(scope, colDim, 'colkey');
	const rows = await scope.store.all<{ row: string; col: string; count: number }>(
		`WITH t AS (SELECT coalesce(${r.sql}, $nullv) AS row, coalesce(${k.sql}, $nullv) AS col FROM tickets WHERE ${c.where}),
		 tr AS (SELECT row FROM t GROUP BY row ORDER BY count(*) DESC, row LIMIT ${max}),
		 tc AS (SELECT col FROM t GROUP BY col ORDER BY count(*) DESC, col LIMIT ${max})
		 SELECT CASE WHEN row IN (SELECT row FROM tr) THEN row ELSE 'Other' END AS row,
			CASE WHEN col IN (SELECT col FROM tc) THEN col ELSE 'Other' END AS col, count(*) AS count
		 FROM t GROUP BY 1, 2 ORDER BY 1, 2`,
		{ ...c.params, ...r.params, ...k.params, nullv: NULL_VALUE }
	);
	const out = rows.map((x) => ({ row: String(x.row), col: String(x.col), count: Number(x.count) }));
	const totals = (side: 'row' | 'col') => {
		const m = new Map<string, number>();
		for (const x of out) m.set(x[side], (m.get(x[side]) ?? 0) + x.count);
		return [...m.entries()].sort((a, b) => (a[0] === 'Other' ? 1 : b[0] === 'Other' ? -1 : b[1] - a[1] || a[0].localeCompare(b[0]))).map(([key, count]) => ({ key, count }));
	};
	return { rows: out, rowKeys: totals('row'), colKeys: totals('col') };
}
