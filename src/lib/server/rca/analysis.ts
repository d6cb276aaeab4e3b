// The data side of a case: the effect's counts, suggested causes (values
// over-represented among the effect's tickets in the window against the
// baseline), a cause's live count, data-comparison verifications, and the effect
// of an action before and after its done date.
import { DIMENSIONS, NULL_VALUE, parseFilterQuery, type Filter } from '../../filters';
import { compareRates, compareShares, rankSuggestions, resultOf, verdictOf, type Figures } from '../../rca/compare';
import { METHODS, RESULTS, statusAfter, type Result } from '../../rca/model';
import type { Store } from '../db';
import { BadRequest, NotFound } from '../errors';
import { control } from '../analytics/control';
import { compile, dimensionSql, scopeFor, type Scope } from '../analytics/scope';
import { shiftDay, windowDays, type Window } from '../analytics/window';
import { checkText, checkWindow, getCase, recordVerification, type Case, type FullCase } from './cases';

const inWindow = (w: Window, f: Filter = { dims: {} }): Filter => ({ ...f, from: w.from, to: w.to, preset: undefined });
const effectOf = (c: Pick<Case, 'effect'>): Filter => parseFilterQuery(c.effect);
/** Effect ∧ another filter (a cause's evidence): dimensions of both, the text of either. */
export function both(a: Filter, b: Filter): Filter {
	const dims = { ...a.dims };
	for (const [k, v] of Object.entries(b.dims)) dims[k] = dims[k] ? dims[k].filter((x) => v.includes(x)) : v;
	const not = { ...(a.not ?? {}) };
	for (const [k, v] of Object.entries(b.not ?? {})) not[k] = [...new Set([...(not[k] ?? []), ...v])];
	return { dims, not, q: b.q ?? a.q, from: a.from ?? b.from, to: a.to ?? b.to };
}

async function countOf(scope: Scope, f: Filter): Promise<number> {
	const c = compile(scope, f);
	// c.where: the compiled Filter, allow-listed columns and $placeholders only
	const r = await scope.store.one<{ n: number }>(`SELECT count(*) AS n FROM tickets WHERE ${c.where}`, c.params);
	return Number(r?.n ?? 0);
}

/** Effect tickets in the window and baseline, and each cause's live count: how many effect tickets in the window it explains. */
export async function caseCounts(store: Store, c: FullCase) {
	const scope = await scopeFor(store, { id: c.datasetId });
	const effect = effectOf(c);
	const window = c.window ? await countOf(scope, inWindow(c.window, effect)) : null;
	const baseline = c.baseline ? await countOf(scope, inWindow(c.baseline, effect)) : null;
	const causes: Record<number, { count: number; share: number | null }> = {};
	const whys: Record<number, { count: number; share: number | null }> = {};
	if (c.window) {
		for (const x of c.causes.filter((x) => x.filter)) {
			const n = await countOf(scope, inWindow(c.window, both(effect, parseFilterQuery(x.filter!))));
			causes[x.id] = { count: n, share: window ? n / window : null };
		}
		for (const x of c.whys.filter((x) => x.filter)) {
			const n = await countOf(scope, inWindow(c.window, both(effect, parseFilterQuery(x.filter!))));
			whys[x.id] = { count: n, share: window ? n / window : null };
		}
	}
	return { window, baseline, causes, whys };
}

/** Dimensions a suggestion may come from: the canonical ones not fixed by the effect, and custom columns. */
function suggestionDims(scope: Scope, effect: Filter): string[] {
	const fixed = new Set(Object.keys(effect.dims));
	// the category above a fixed subcategory says nothing new
	if (fixed.has('subcategory')) fixed.add('category');
	return [...DIMENSIONS.filter((d) => d !== 'status'), 'weekday', 'hour', ...scope.attrs.map((a) => `attr.${a}`)].filter((d) => !fixed.has(d));
}

export async function suggestions(store: Store, caseId: number) {
	const c = await getCase(store, caseId);
	if (!c.window || !c.baseline) throw new BadRequest('Suggestions need the case’s analysis window and baseline window.');
	const scope = await scopeFor(store, { id: c.datasetId });
	const effect = effectOf(c);
	const eff = compile(scope, { ...effect, from: undefined, to: undefined, preset: undefined }, 'e');
	const dims = suggestionDims(scope, effect);
	const parts = dims.map((dim, i) => {
		const d = dimensionSql(scope, dim, `k${i}`);
		return {
			// d.sql: the dimension's allow-listed expression; the dimension's index travels as a parameter
			sql: `SELECT $d${i} AS d, coalesce(${d.sql}, $nullv) AS key, count(*) FILTER (WHERE eff AND w) AS a,
				count(*) FILTER (WHERE eff AND NOT w) AS b, count(*) FILTER (WHERE w AND NOT eff) AS c FROM t GROUP BY 2`,
			params: { ...d.params, [`d${i}`]: String(i) }
		};
	});
	const inW = 'created_at >= CAST($wf AS TIMESTAMP) AND created_at < CAST($wt AS TIMESTAMP) + INTERVAL 1 DAY';
	const inB = 'created_at >= CAST($bf AS TIMESTAMP) AND created_at < CAST($bt AS TIMESTAMP) + INTERVAL 1 DAY';
	// every ticket of the window (effect or not), and the effect's tickets of the baseline;
	// eff.where is the compiled Filter: allow-listed columns and $placeholders only
	const rows = await store.all<{ d: string; key: string; a: number; b: number; c: number }>(
		`WITH t AS (SELECT *, coalesce(${eff.where}, false) AS eff, ${inW} AS w FROM tickets WHERE (${inW}) OR ((${inB}) AND ${eff.where}))
		 ${parts.map((p) => p.sql).join('\nUNION ALL\n')}`,
		Object.assign({ ...eff.params, nullv: NULL_VALUE, wf: c.window.from, wt: c.window.to, bf: c.baseline.from, bt: c.baseline.to }, ...parts.map((p) => p.params))
	);
	const totals = { a: 0, b: 0, c: 0 };
	// every ticket has one value per dimension: the first dimension's rows sum to the totals
	for (const r of rows.filter((r) => r.d === '0')) (totals.a += Number(r.a)), (totals.b += Number(r.b)), (totals.c += Number(r.c));
	const ranked = rankSuggestions(
		rows
			.filter((r) => String(r.key) !== NULL_VALUE)
			.map((r) => ({
				dim: dims[Number(r.d)],
				key: String(r.key),
				count: Number(r.a),
				windowTotal: totals.a,
				baseline: Number(r.b),
				baselineTotal: totals.b,
				background: Number(r.c),
				backgroundTotal: totals.c
			}))
	);
	return { window: totals.a, baseline: totals.b, rows: ranked.map((s) => ({ ...s, filter: `${encodeURIComponent(s.dim)}=${encodeURIComponent(s.key)}` })) };
}

// --- verification ------------------------------------------------------------------

/**
 * presence: among all tickets in the case window, the effect's share where the
 * cause's Filter holds (a) against where it does not (b) — two-proportion z.
 * before_after: effect tickets showing the cause per day, before (a) against after (b) — Poisson rate.
 */
export async function comparison(store: Store, c: FullCase, causeFilter: Filter, compare: Record<string, unknown>): Promise<Figures & { kind: string; windows: Record<string, Window> }> {
	const scope = await scopeFor(store, { id: c.datasetId });
	const effect = effectOf(c);
	if (compare.kind === 'presence') {
		if (!c.window) throw new BadRequest('A presence comparison needs the case’s analysis window.');
		if (Object.keys(causeFilter.dims).length === 0 && !causeFilter.q && !causeFilter.not) throw new BadRequest('This cause has no Filter to compare: give it one first.');
		const all = await countOf(scope, inWindow(c.window));
		const withCause = await countOf(scope, inWindow(c.window, causeFilter));
		const effectWith = await countOf(scope, inWindow(c.window, both(effect, causeFilter)));
		const effectAll = await countOf(scope, inWindow(c.window, effect));
		const f = compareShares({ count: effectWith, exposure: withCause }, { count: effectAll - effectWith, exposure: all - withCause });
		return { ...f, kind: 'presence', windows: { window: c.window } };
	}
	if (compare.kind === 'before_after') {
		const before = checkWindow(compare.before, 'compare.before')!;
		const after = checkWindow(compare.after, 'compare.after')!;
		const f = both(effect, causeFilter);
		const a = await countOf(scope, inWindow(before, f));
		const b = await countOf(scope, inWindow(after, f));
		return { ...compareRates({ count: a, exposure: windowDays(before) }, { count: b, exposure: windowDays(after) }), kind: 'before_after', windows: { before, after } };
	}
	throw new BadRequest("compare is {kind: 'presence'} or {kind: 'before_after', before: {from, to}, after: {from, to}}.");
}

export async function verify(store: Store, causeId: number, body: Record<string, unknown>, who: string | null = null) {
	const cause = await store.one<{ case_id: number; filter: string | null }>('SELECT case_id, filter FROM causes WHERE id = $id', { id: causeId });
	if (!cause) throw new NotFound(`There is no cause ${causeId}.`);
	const method = body.method;
	if (!METHODS.includes(method as never)) throw new BadRequest(`method is one of ${METHODS.join(', ')}.`);
	const c = await getCase(store, Number(cause.case_id));
	let figures: (Figures & { kind: string }) | null = null;
	if (body.compare !== undefined && body.compare !== null) {
		if (method !== 'data_comparison') throw new BadRequest('compare goes with method data_comparison.');
		figures = await comparison(store, c, parseFilterQuery(cause.filter ?? ''), body.compare as Record<string, unknown>);
	} else if (method === 'data_comparison') throw new BadRequest('A data comparison is computed, not typed: send compare: {kind: presence} or {kind: before_after, before, after}.');
	let result: Result;
	if (body.result !== undefined && body.result !== null) {
		if (!RESULTS.includes(body.result as never)) throw new BadRequest(`result is one of ${RESULTS.join(', ')}.`);
		result = body.result as Result;
	} else if (figures) result = resultOf(figures);
	else throw new BadRequest(`result is required for ${String(method)}: ${RESULTS.join(', ')}.`);
	const note = checkText(body.note, 'note', 4000, false);
	return recordVerification(store, causeId, { method: String(method), result, note, figures, who: who ?? checkText(body.who, 'who', 100, false) }, statusAfter(result));
}

// --- the effect of an action ----------------------------------------------------------

/** Days compared on each side of a done date. */
export const EFFECT_DAYS = 28;

export async function actionEffect(store: Store, actionId: number) {
	const a = await store.one<{ case_id: number; done_at: string | null; state: string }>('SELECT case_id, CAST(done_at AS VARCHAR) AS done_at, state FROM actions WHERE id = $id', { id: actionId });
	if (!a) throw new NotFound(`There is no action ${actionId}.`);
	if (!a.done_at) throw new BadRequest('The effect is read before and after the action’s done date: mark it done with doneAt first.');
	const c = await getCase(store, Number(a.case_id));
	const scope = await scopeFor(store, { id: c.datasetId });
	const effect = effectOf(c);
	const last = { d: scope.latestDay };
	const done = a.done_at;
	const afterTo = last?.d && last.d < shiftDay(done, EFFECT_DAYS - 1) ? last.d : shiftDay(done, EFFECT_DAYS - 1);
	if (!last?.d || afterTo < done) throw new BadRequest('There are no tickets after the done date yet: import newer data to read the effect.');
	const after = { from: done, to: afterTo };
	const before = { from: shiftDay(done, -windowDays(after)), to: shiftDay(done, -1) };
	// the effect's share of all tickets, so a busier or quieter month is not mistaken for a fix
	const f = compareShares(
		{ count: await countOf(scope, inWindow(before, effect)), exposure: await countOf(scope, inWindow(before)) },
		{ count: await countOf(scope, inWindow(after, effect)), exposure: await countOf(scope, inWindow(after)) }
	);
	const from = c.baseline?.from && c.baseline.from < before.from ? c.baseline.from : shiftDay(before.from, -56);
	const chart = await control(scope, { dims: {}, from, to: after.to }, 'p', 'week', c.effect, [done]);
	return { before: { ...f.a, ...before }, after: { ...f.b, ...after }, test: f.test, p: f.p, verdict: verdictOf(f), points: chart.points, laney: chart.laney ?? false };
}
