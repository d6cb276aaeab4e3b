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
		`WITH g0 AS (SELECT ${r.group} AS r0, ${k.group} AS c0, count(*) AS n FROM tickets WHERE ${c.where} GROUP BY 1, 2),
		 g AS (SELECT coalesce(${r.label('r0')}, $nullv) AS row, coalesce(${k.label('c0')}, $nullv) AS col, n FROM g0),
		 tr AS (SELECT row FROM g GROUP BY row ORDER BY sum(n) DESC, row LIMIT $max),
		 tc AS (SELECT col FROM g GROUP BY col ORDER BY sum(n) DESC, col LIMIT $max)
		 SELECT CASE WHEN row IN (SELECT row FROM tr) THEN row ELSE 'Other' END AS row,
			CASE WHEN col IN (SELECT col FROM tc) THEN col ELSE 'Other' END AS col, sum(n) AS count
		 FROM g GROUP BY 1, 2 ORDER BY 1, 2`,
		{ ...c.params, ...r.params, ...k.params, nullv: NULL_VALUE, max }
	);
	const out = rows.map((x) => ({ row: String(x.row), col: String(x.col), count: Number(x.count) }));
	const totals = (side: 'row' | 'col') => {
		const m = new Map<string, number>();
		for (const x of out) m.set(x[side], (m.get(x[side]) ?? 0) + x.count);
		return [...m.entries()].sort((a, b) => (a[0] === 'Other' ? 1 : b[0] === 'Other' ? -1 : b[1] - a[1] || a[0].localeCompare(b[0]))).map(([key, count]) => ({ key, count }));
	};
	return { rows: out, rowKeys: totals('row'), colKeys: totals('col') };
}
