import { pageContext, viewData } from '$lib/server/analytics/page';
import { parseGrain } from '$lib/server/analytics/scope';
import { spikes } from '$lib/server/analytics/spikes';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => {
	const ctx = await pageContext(url);
	const dim = ctx.dim('dim', ctx.scope.primaryDim)!;
	return viewData(async () => {
		const grain = parseGrain(url.searchParams.get('grain'));
		const sp = await spikes(ctx.scope, ctx.filter, grain, dim);
		return { filter: ctx.filter, dims: ctx.dims, tz: ctx.tz, today: ctx.scope.today, grain, dim, rows: sp.rows.slice(0, 200), more: sp.more + Math.max(0, sp.rows.length - 200) };
	});
};
