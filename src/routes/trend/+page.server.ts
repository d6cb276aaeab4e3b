import { findSpikes } from '$lib/stats';
import { movers } from '$lib/server/analytics/movers';
import { pageContext, viewData } from '$lib/server/analytics/page';
import { parseGrain } from '$lib/server/analytics/scope';
import { spikes } from '$lib/server/analytics/spikes';
import { trend } from '$lib/server/analytics/trend';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => {
	const ctx = await pageContext(url);
	const split = ctx.dim('split', null);
	const dim = ctx.dim('dim', ctx.scope.primaryDim)!;
	const layout: 'stacked' | 'multiples' = url.searchParams.get('layout') === 'multiples' ? 'multiples' : 'stacked';
	return viewData(async () => {
		const grain = parseGrain(url.searchParams.get('grain'));
		const [tr, mv, sp] = await Promise.all([
			trend(ctx.scope, ctx.filter, grain, split),
			movers(ctx.scope, ctx.filter, dim),
			split ? spikes(ctx.scope, ctx.filter, grain, split) : null
		]);
		const marks = sp ? sp.rows : findSpikes(tr.rows.map((r) => ({ period: r.period, key: '', count: r.count })));
		return { filter: ctx.filter, dims: ctx.dims, tz: ctx.tz, today: ctx.scope.today, grain, split, dim, layout, rows: tr.rows, periods: tr.periods, spikes: marks, movers: mv };
	});
};
