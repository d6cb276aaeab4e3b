// What the tickets say: the most frequent terms of a Filter's tickets, or with a
// baseline Filter (`vs`) the terms over-represented against it (one-sided
// two-proportion z-test per term on the share of tickets mentioning it,
// Benjamini–Hochberg across the terms tested, at least 5 tickets each).
import { isEmptyFilter, parseFilterQuery, type Filter } from '../../filters';
import { findSpikes, overRepresented, poissonRateTest } from '../../stats';
import { BadRequest, compile, type Scope } from './scope';
import { currentWindow, previousWindow } from './window';

export const DEFAULT_TERMS = 50;
export const MAX_TERMS = 500;
export const MIN_TERM_TICKETS = 5;
/** Terms compared against a baseline at most (the most frequent in the Filter). */
const MAX_TESTED = 5000;

export function parseTermTop(v: string | null): number {
	if (v === null || v === '') return DEFAULT_TERMS;
	const n = Number(v);
	if (!Number.isInteger(n) || n < 1 || n > MAX_TERMS) throw new BadRequest(`top is a whole number from 1 to ${MAX_TERMS}, not "${v}".`);
	return n;
}

/** The `vs` parameter: a baseline Filter in its URL form (URL-encoded). */
export function parseVs(v: string | null): Filter | null {
	if (v === null || v.trim() === '') return null;
	return parseFilterQuery(v);
}

export interface TermRow {
	term: string;
	count: number;
	share: number;
	baseline?: number;
	baselineShare?: number;
	lift?: number;
	p?: number;
}

/** SQL: the term ids (one row each) of the tickets the compiled filter keeps (`all`: every ticket of the dataset). */
function termIdsOf(where: string, all = false): string {
	const tickets = all || where === 'TRUE' ? '' : ` AND ticket_id IN (SELECT ticket_id FROM tickets WHERE ${where})`;
	return `SELECT unnest(term_ids) AS tid FROM ticket_terms WHERE dataset_id = CAST($tds AS INTEGER)${tickets}`;
}

/** A Filter that keeps every ticket of its dataset: the term lists need no ticket lookup. */
function wholeDataset(f: Filter): boolean {
	return isEmptyFilter(f);
}

export async function terms(scope: Scope, f: Filter, vs: Filter | null, top = DEFAULT_TERMS): Promise<{ total: number; baselineTotal?: number; rows: TermRow[] }> {
	const c = compile(scope, f, 'a');
	const ds = { tds: String(scope.dataset?.id ?? -1) };
	const count = (where: string, params: Record<string, string>) =>
		scope.store.one<{ n: number }>(`SELECT count(*) AS n FROM tickets WHERE ${where}`, params).then((r) => Number(r?.n ?? 0));
	if (!vs) {
		const [total, rows] = await Promise.all([
			count(c.where, c.params),
			scope.store.all<{ term: string; n: number }>(
				`WITH g AS (SELECT tid, count(*) AS n FROM (${termIdsOf(c.where, wholeDataset(f))}) GROUP BY tid ORDER BY n DESC, tid LIMIT ${top})
				 SELECT v.term, g.n FROM g JOIN text_terms v ON v.dataset_id = CAST($tds AS INTEGER) AND v.id = g.tid ORDER BY g.n DESC, v.term`,
				{ ...c.params, ...ds }
			)
		]);
		return { total, rows: rows.map((r) => ({ term: r.term, count: Number(r.n), share: total ? Number(r.n) / total : 0 })) };
	}
	const b = compile(scope, vs, 'b');
	const [total, baselineTotal, rows] = await Promise.all([
		count(c.where, c.params),
		count(b.where, b.params),
		scope.store.all<{ term: string; a: number; b: number }>(
			`WITH ga AS (SELECT tid, count(*) AS n FROM (${termIdsOf(c.where, wholeDataset(f))}) GROUP BY tid HAVING count(*) >= ${MIN_TERM_TICKETS} ORDER BY n DESC LIMIT ${MAX_TESTED}),
			 gb AS (SELECT tid, count(*) AS n FROM (${termIdsOf(b.where, wholeDataset(vs))}) WHERE tid IN (SELECT tid FROM ga) GROUP BY tid)
			 SELECT v.term, ga.n AS a, coalesce(gb.n, 0) AS b FROM ga LEFT JOIN gb ON gb.tid = ga.tid
			 JOIN text_terms v ON v.dataset_id = CAST($tds AS INTEGER) AND v.id = ga.tid`,
			{ ...c.params, ...b.params, ...ds }
		)
	]);
	const found = overRepresented(
		rows.map((r) => ({ key: r.term, count: Number(r.a), baseline: Number(r.b) })),
		total,
		baselineTotal,
		{ minCount: MIN_TERM_TICKETS }
	);
	return {
		total,
		baselineTotal,
		rows: found.slice(0, top).map((r) => ({ term: r.key, count: r.count, share: r.share, baseline: r.baseline, baselineShare: r.baselineShare, lift: r.lift, p: r.p }))
	};
}

export interface TermChange {
	term: string;
	count: number;
	previous: number;
	changePct: number | null;
	p: number;
	status: 'new' | 'up' | 'down' | 'flat';
}

/**
 * The word view: the most frequent terms of the Filter's window (or the last full week) with
 * their count in the window of the same length before it; a change is `up`/`down` when the
 * two-sided Poisson rate test gives p < 0.05, `new` when the term was absent before.
 */
export async function termChanges(scope: Scope, f: Filter, top = 40) {
	const cur = await currentWindow(scope, f);
	if (!cur) return { current: null, previous: null, total: 0, previousTotal: 0, rows: [] as TermChange[] };
	const prev = previousWindow(cur);
	const c = compile(scope, { ...f, from: prev.from, to: cur.to, preset: undefined }, 'a');
	const params = { ...c.params, tds: String(scope.dataset?.id ?? -1), curfrom: cur.from };
	const [totals, rows] = await Promise.all([
		scope.store.one<{ c: number; p: number }>(
			`SELECT count(*) FILTER (WHERE created_at >= CAST($curfrom AS TIMESTAMP)) AS c, count(*) FILTER (WHERE created_at < CAST($curfrom AS TIMESTAMP)) AS p FROM tickets WHERE ${c.where}`,
			params
		),
		scope.store.all<{ term: string; c: number; p: number }>(
			`WITH ft AS (SELECT ticket_id, created_at >= CAST($curfrom AS TIMESTAMP) AS cur FROM tickets WHERE ${c.where}),
			 x AS (SELECT unnest(tt.term_ids) AS tid, ft.cur FROM ticket_terms tt JOIN ft ON ft.ticket_id = tt.ticket_id WHERE tt.dataset_id = CAST($tds AS INTEGER)),
			 g AS (SELECT tid, count(*) FILTER (WHERE cur) AS c, count(*) FILTER (WHERE NOT cur) AS p FROM x GROUP BY tid),
			 t AS (SELECT * FROM g WHERE c > 0 ORDER BY c DESC, tid LIMIT ${top})
			 SELECT v.term, t.c, t.p FROM t JOIN text_terms v ON v.dataset_id = CAST($tds AS INTEGER) AND v.id = t.tid ORDER BY t.c DESC, v.term`,
			params
		)
	]);
	const total = Number(totals?.c ?? 0);
	const previousTotal = Number(totals?.p ?? 0);
	return {
		current: { from: cur.from, to: cur.to },
		previous: prev,
		total,
		previousTotal,
		rows: rows.map((r): TermChange => {
			const count = Number(r.c);
			const previous = Number(r.p);
			const p = poissonRateTest(count, 1, previous, 1).p;
			const status = previous === 0 && count >= MIN_TERM_TICKETS ? 'new' : p < 0.05 ? (count > previous ? 'up' : 'down') : 'flat';
			return { term: r.term, count, previous, changePct: previous === 0 ? null : Math.round(((count - previous) / previous) * 1000) / 10, p, status };
		})
	};
}

/**
 * Emerging terms: DESIGN.md's spike rule applied to terms (a week's count over the mean of
 * the 8 weeks before, at least 3 present, one-sided Poisson p < 0.01, ≥ 5 tickets), for the
 * weeks from `since` on, over the Filter's history window. Only terms with ≥ 5 tickets in
 * one of those weeks are counted per week, so the answer stays small on a large vocabulary.
 */
export async function emergingTerms(scope: Scope, history: Filter, since: string, limit = 12) {
	const c = compile(scope, history, 'a');
	const params = { ...c.params, tds: String(scope.dataset?.id ?? -1), since };
	const rows = await scope.store.all<{ period: string; tid: number; n: number }>(
		`WITH f AS (SELECT ticket_id, date_trunc('week', created_at) AS p FROM tickets WHERE ${c.where}),
		 x AS (SELECT f.p, unnest(tt.term_ids) AS tid FROM ticket_terms tt JOIN f ON f.ticket_id = tt.ticket_id WHERE tt.dataset_id = CAST($tds AS INTEGER)),
		 cand AS (SELECT DISTINCT tid FROM (SELECT p, tid FROM x WHERE p >= CAST($since AS TIMESTAMP) GROUP BY 1, 2 HAVING count(*) >= 5)),
		 weeks AS (SELECT DISTINCT p FROM f)
		 SELECT strftime(w.p, '%Y-%m-%d') AS period, c.tid, coalesce(g.n, 0) AS n
		 FROM weeks w CROSS JOIN cand c
		 LEFT JOIN (SELECT p, tid, count(*) AS n FROM x WHERE tid IN (SELECT tid FROM cand) GROUP BY 1, 2) g ON g.p = w.p AND g.tid = c.tid`,
		params
	);
	const found = findSpikes(rows.map((r) => ({ period: String(r.period), key: String(r.tid), count: Number(r.n) }))).filter((s) => s.period >= since);
	found.sort((a, b) => a.p - b.p || b.count - a.count);
	const top = found.slice(0, limit);
	if (!top.length) return [];
	const names = await scope.store.all<{ id: number; term: string }>(
		`SELECT id, term FROM text_terms WHERE dataset_id = CAST($tds AS INTEGER) AND list_contains(CAST($ids AS INTEGER[]), id)`,
		{ tds: String(scope.dataset?.id ?? -1), ids: JSON.stringify(top.map((s) => Number(s.key))) }
	);
	const name = new Map(names.map((r) => [Number(r.id), r.term]));
	return top.map((s) => ({ ...s, key: name.get(Number(s.key)) ?? s.key }));
}
