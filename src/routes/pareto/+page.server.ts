import { parseFilter, resolveWindow } from '$lib/filters';
import { pareto } from '$lib/server/analytics/pareto';
import { dimensions } from '$lib/server/analytics/scope';
import { pageScope } from '$lib/server/analytics/page';
import { trend } from '$lib/server/analytics/trend';
import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => {
	const filter = parseFilter(url.searchParams);
	const scope = await pageScope(filter);
	const dims = dimensions(scope);
	const dim = url.searchParams.get('dim') ?? scope.primaryDim;
	if (!dims.includes(dim)) error(400, `Unknown dimension "${dim}"`);
	const weight = url.searchParams.get('weight') === 'priority' ? 'priority' : 'none';
	const [p, tr] = await Promise.all([pareto(scope, filter, dim, weight), trend(scope, filter, 'week')]);
	const w = resolveWindow(filter, scope.today);
	return { filter, dim, dims, weight, pareto: p, trend: tr.rows, tz: scope.tz, window: w.from && w.to ? { from: w.from, to: w.to } : null };
};
