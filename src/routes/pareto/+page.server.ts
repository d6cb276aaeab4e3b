import { parseFilter, resolveWindow } from '$lib/filters';
import { pareto } from '$lib/server/analytics/pareto';
import { dimensions, scopeFor } from '$lib/server/analytics/scope';
import { trend } from '$lib/server/analytics/trend';
import { workspace } from '$lib/server/workspace';
import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => {
	const scope = await scopeFor(await workspace());
	const filter = parseFilter(url.searchParams);
	const dims = dimensions(scope);
	const dim = url.searchParams.get('dim') ?? 'subcategory';
	if (!dims.includes(dim)) error(400, `Unknown dimension "${dim}"`);
	const weight = url.searchParams.get('weight') === 'priority' ? 'priority' : 'none';
	const [p, tr] = await Promise.all([pareto(scope, filter, dim, weight), trend(scope, filter, 'week')]);
	const w = resolveWindow(filter, scope.today);
	return { filter, dim, dims, weight, pareto: p, trend: tr.rows, tz: scope.tz, window: w.from && w.to ? { from: w.from, to: w.to } : null };
};
