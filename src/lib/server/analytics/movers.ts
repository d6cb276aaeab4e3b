// Top movers: the values of a dimension whose count changed most between the
// filter's window and the window of the same length just before it.
import { NULL_VALUE, resolveWindow, type Filter } from '../../filters';
import { poissonRateTest } from '../../stats';
import { compile, dimensionSql, type Scope } from './scope';

function shift(day: string, days: number): string {
	const d = new Date(`${day}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() + days);
	return d.toISOString().slice(0, 10);
}

/** The window to compare: the filter's, or else the last full ISO week in the data. */
export async function currentWindow(scope: Scope, f: Filter): Promise<{ from: string; to: string } | null> {
	const w = resolveWindow(f, scope.today);
	if (w.from && w.to) return { from: w.from, to: w.to };
	const c = compile(scope, { ...f, from: undefined, to: undefined, preset: undefined });
	const max = await scope.store.one<{ d: string | null }>(`SELECT strftime(max(created_at), '%Y-%m-%d') AS d FROM tickets WHERE ${c.where}`, c.params);
	if (!max?.d) return null;
	const monday = shift(max.d, -((new Date(`${max.d}T00:00:00Z`).getUTCDay() + 6) % 7));
	// the week holding the last ticket may be partial: use the one before it
	return { from: shift(monday, -7), to: shift(monday, -1) };
}

export async function movers(scope: Scope, f: Filter, dim: string, limit = 20) {
	const cur = await currentWindow(scope, f);
	if (!cur) return { current: null, previous: null, rows: [] };
	const days = Math.round((Date.parse(cur.to) - Date.parse(cur.from)) / 86400000) + 1;
	const prev = { from: shift(cur.from, -days), to: shift(cur.from, -1) };
	const c = compile(scope, { ...f, from: prev.from, to: cur.to, preset: undefined });
	const d = dimensionSql(scope, dim);
	const rows = await scope.store.all<{ key: string; current: number; previous: number }>(
		`SELECT coalesce(${d.sql}, $nullv) AS key,
			count(*) FILTER (WHERE created_at >= CAST($curfrom AS TIMESTAMP)) AS current,
			count(*) FILTER (WHERE created_at < CAST($curfrom AS TIMESTAMP)) AS previous
		 FROM tickets WHERE ${c.where} GROUP BY 1`,
		{ ...c.params, ...d.params, nullv: NULL_VALUE, curfrom: cur.from }
	);
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
	return { current: cur, previous: prev, rows: out };
}
