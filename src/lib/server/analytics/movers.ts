// Top movers: the values of a dimension whose count changed most between the
// filter's window and the window of the same length just before it.
import { NULL_VALUE, type Filter } from '../../filters';
import { poissonRateTest } from '../../stats';
import { compile, dimensionSql, type Scope } from './scope';
import { currentWindow, previousWindow } from './window';

export async function movers(scope: Scope, f: Filter, dim: string, limit = 20) {
	const cur = await currentWindow(scope, f);
	if (!cur) return { current: null, previous: null, comparable: false, rows: [] };
	const prev = previousWindow(cur);
	const c = compile(scope, { ...f, from: prev.from, to: cur.to, preset: undefined });
	const d = dimensionSql(scope, dim);
	const rows = await scope.store.all<{ key: string; current: number; previous: number }>(
		`SELECT coalesce(${d.sql}, $nullv) AS key,
			count(*) FILTER (WHERE created_at >= CAST($curfrom AS TIMESTAMP)) AS current,
			count(*) FILTER (WHERE created_at < CAST($curfrom AS TIMESTAMP)) AS previous
		 FROM ${d.source} WHERE ${c.where} GROUP BY 1`,
		{ ...c.params, ...d.params, nullv: NULL_VALUE, curfrom: cur.from }
	);
	// no ticket at all in the window before: there is nothing to compare with
	const comparable = rows.some((r) => Number(r.previous) > 0);
	const out = rows
		.map((r) => {
			const current = Number(r.current);
			const previous = Number(r.previous);
			return {
				key: String(r.key),
				current,
				previous,
				changePct: previous === 0 ? null : Math.round(((current - previous) / previous) * 1000) / 10,
				p: poissonRateTest(current, 1, previous, 1).p
			};
		})
		.sort((a, b) => Math.abs(b.current - b.previous) - Math.abs(a.current - a.previous) || a.p - b.p || a.key.localeCompare(b.key))
		.slice(0, limit);
	return { current: { from: cur.from, to: cur.to }, previous: prev, comparable, rows: out };
}
