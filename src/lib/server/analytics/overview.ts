// The overview's tiles for the review period against the period before it:
// tickets (the seeds' "较上月上升15%"), P0, open backlog, median time to resolve,
// response-time SLA breach rate per priority, satisfaction. Each tile carries the
// Filter of the tickets behind it, so it drills down like a bar.
import { filterToQuery, type Filter } from '../../filters';
import { poissonRateTest, twoProportionZ } from '../../stats';
import { compile, type Scope } from './scope';
import { currentWindow, previousWindow, timeless, type Window } from './window';

export interface Tile {
	id: string;
	current: number | null;
	previous: number | null;
	/** (current − previous) / previous × 100, one decimal; null when there is no baseline. */
	changePct: number | null;
	/** Two-sided p of the change (Poisson rate test for counts, two-proportion z for rates). */
	p: number | null;
	/** For rates: the denominators. */
	n?: { current: number; previous: number };
	/** The tickets behind the current figure, as a Filter query string. */
	drill: string;
}

export interface OverviewData {
	current: (Window & { implicit: boolean }) | null;
	previous: Window | null;
	tiles: Tile[];
}

const change = (cur: number | null, prev: number | null) =>
	cur === null || prev === null || prev === 0 ? null : Math.round(((cur - prev) / prev) * 1000) / 10;

export async function overview(scope: Scope, f: Filter): Promise<OverviewData> {
	const cur = await currentWindow(scope, f);
	if (!cur) return { current: null, previous: null, tiles: [] };
	const prev = previousWindow(cur);
	const base = timeless(f);
	const c = compile(scope, base);
	const slaPriorities = (['P0', 'P1', 'P2', 'P3'] as const).filter((p) => scope.sla[p] !== undefined);
	const breached = compile(scope, { dims: { sla: ['breached'] } }, 's');
	const sla = breached.where;
	const inCur = `created_at >= CAST($cf AS TIMESTAMP) AND created_at < CAST($ct AS TIMESTAMP) + INTERVAL 1 DAY`;
	const inPrev = `created_at >= CAST($pf AS TIMESTAMP) AND created_at < CAST($cf AS TIMESTAMP)`;
	const perPeriod = (name: string, expr: string) => [
		`${expr.replace('$W', inCur)} AS ${name}_c`,
		`${expr.replace('$W', inPrev)} AS ${name}_p`
	];
	const cols = [
		...perPeriod('tickets', 'count(*) FILTER (WHERE $W)'),
		...perPeriod('p0', "count(*) FILTER (WHERE $W AND priority = 'P0')"),
		...perPeriod('ttr', "median(date_diff('minute', created_at, resolved_at)) FILTER (WHERE $W AND resolved_at >= created_at) / 60.0"),
		...perPeriod('sat', 'avg(satisfaction) FILTER (WHERE $W)'),
		...perPeriod('satn', 'count(satisfaction) FILTER (WHERE $W)'),
		...slaPriorities.flatMap((p) => [
			...perPeriod(`sla${p}_n`, `count(*) FILTER (WHERE $W AND priority = $prio_${p} AND coalesce(first_response_at, resolved_at) IS NOT NULL)`),
			...perPeriod(`sla${p}_b`, `count(*) FILTER (WHERE $W AND priority = $prio_${p} AND ${sla})`)
		]),
	];
	// the two periods' figures read only their rows; the backlog reads open tickets up to the end
	const dates = { cf: cur.from, ct: cur.to, pf: prev.from, ...Object.fromEntries(slaPriorities.map((p) => [`prio_${p}`, p])) };
	const [periods, rest] = await Promise.all([
		scope.store.one<Record<string, number | null>>(
			`SELECT ${cols.join(',\n')} FROM tickets
			 WHERE created_at >= CAST($pf AS TIMESTAMP) AND created_at < CAST($ct AS TIMESTAMP) + INTERVAL 1 DAY AND ${c.where}`,
			{ ...c.params, ...breached.params, ...dates }
		),
		scope.store.one<Record<string, number | null>>(
			`SELECT count(*) AS backlog FROM tickets
			 WHERE status IN ('open', 'pending') AND created_at < CAST($ct AS TIMESTAMP) + INTERVAL 1 DAY AND ${c.where}`,
			{ ...c.params, ct: cur.to }
		)
	]);
	const r = { ...periods, ...rest };
	const num = (k: string) => (r[k] === null || r[k] === undefined ? null : Number(r[k]));
	const windowed = (extra: Filter['dims'] = {}): string => filterToQuery({ ...base, from: cur.from, to: cur.to, dims: { ...base.dims, ...extra } });

	const count = (id: string, key: string, drill: string): Tile => {
		const a = num(`${key}_c`) ?? 0;
		const b = num(`${key}_p`) ?? 0;
		return { id, current: a, previous: b, changePct: change(a, b), p: a + b > 0 ? poissonRateTest(a, 1, b, 1).p : null, drill };
	};
	const tiles: Tile[] = [
		count('tickets', 'tickets', windowed()),
		count('p0', 'p0', windowed({ priority: ['P0'] })),
		{ id: 'backlog', current: num('backlog'), previous: null, changePct: null, p: null, drill: filterToQuery({ ...base, to: cur.to, dims: { ...base.dims, status: ['open', 'pending'] } }) },
		{ id: 'ttr', current: num('ttr_c'), previous: num('ttr_p'), changePct: change(num('ttr_c'), num('ttr_p')), p: null, drill: windowed({ status: ['resolved', 'closed'] }) }
	];
	for (const p of slaPriorities) {
		const [nc, np, bc, bp] = [num(`sla${p}_n_c`) ?? 0, num(`sla${p}_n_p`) ?? 0, num(`sla${p}_b_c`) ?? 0, num(`sla${p}_b_p`) ?? 0];
		const rc = nc ? bc / nc : null;
		const rp = np ? bp / np : null;
		tiles.push({
			id: `sla_${p}`,
			current: rc,
			previous: rp,
			changePct: change(rc, rp),
			p: nc && np ? twoProportionZ(bc, nc, bp, np).p : null,
			n: { current: nc, previous: np },
			drill: windowed({ priority: [p], sla: ['breached'] })
		});
	}
	tiles.push({
		id: 'satisfaction',
		current: num('sat_c'),
		previous: num('sat_p'),
		changePct: change(num('sat_c'), num('sat_p')),
		p: null,
		n: { current: num('satn_c') ?? 0, previous: num('satn_p') ?? 0 },
		drill: windowed()
	});
	return { current: cur, previous: prev, tiles };
}
