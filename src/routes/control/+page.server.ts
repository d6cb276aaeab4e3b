import { parseFilterQuery, filterToQuery, isEmptyFilter } from '$lib/filters';
import { control, parseChart } from '$lib/server/analytics/control';
import { pageContext, viewData } from '$lib/server/analytics/page';
import { pareto } from '$lib/server/analytics/pareto';
import { parseGrain } from '$lib/server/analytics/scope';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => {
	const ctx = await pageContext(url);
	const effectQuery = url.searchParams.get('effect') ?? '';
	const effect = parseFilterQuery(effectQuery);
	return viewData(async () => {
		const chart = parseChart(url.searchParams.get('chart') || 'p');
		const grain = parseGrain(url.searchParams.get('grain'));
		const base = { filter: ctx.filter, dims: ctx.dims, tz: ctx.tz, today: ctx.scope.today, chart, grain, effect: filterToQuery(effect) };
		// without an effect, offer the most frequent problems as one-click effects
		if (isEmptyFilter(effect)) return { ...base, result: null, suggestions: (await pareto(ctx.scope, ctx.filter, ctx.scope.primaryDim, 'none', 12)).rows.filter((r) => r.key !== 'Other') };
		return { ...base, result: await control(ctx.scope, ctx.filter, chart, grain, effectQuery), suggestions: [] };
	});
};
