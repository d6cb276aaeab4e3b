// What the case page and its printable report show: the case, its live counts,
// the effect's weekly trend around the windows, suggestions and action effects.
import { error } from '@sveltejs/kit';
import { parseFilterQuery } from '$lib/filters';
import { dimensions, scopeFor } from '$lib/server/analytics/scope';
import { trend } from '$lib/server/analytics/trend';
import { shiftDay } from '$lib/server/analytics/window';
import { NotFound } from '$lib/server/errors';
import { workspace } from '$lib/server/workspace';
import { actionEffect, caseCounts, suggestions } from './analysis';
import { getCase } from './cases';

export async function casePageData(idParam: string) {
	const store = await workspace();
	const id = Number(idParam);
	if (!Number.isInteger(id)) error(404, `No case ${idParam}`);
	let c;
	try {
		c = await getCase(store, id);
	} catch (e) {
		if (e instanceof NotFound) error(404, e.message);
		throw e;
	}
	const scope = await scopeFor(store, { id: c.datasetId });
	const from = c.baseline?.from ?? (c.window ? shiftDay(c.window.from, -56) : undefined);
	const to = c.window ? shiftDay(c.window.to, 56) : undefined;
	const [counts, effectTrend, sugg] = await Promise.all([
		caseCounts(store, c),
		trend(scope, { ...parseFilterQuery(c.effect), from, to, preset: undefined }, 'week'),
		c.window && c.baseline ? suggestions(store, id).catch(() => null) : null
	]);
	const effects: Record<number, Awaited<ReturnType<typeof actionEffect>> | { error: string }> = {};
	for (const a of c.actions.filter((a) => a.doneAt)) effects[a.id] = await actionEffect(store, a.id).catch((e: Error) => ({ error: e.message }));
	return { case: c, counts, effectTrend: effectTrend.rows, suggestions: sugg, effects, dims: dimensions(scope) };
}
