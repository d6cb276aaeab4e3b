import { mondayOf, parseFilter } from '$lib/filters';
import { findSpikes } from '$lib/stats';
import { movers } from '$lib/server/analytics/movers';
import { overview } from '$lib/server/analytics/overview';
import { dimensions } from '$lib/server/analytics/scope';
import { pageScope } from '$lib/server/analytics/page';
import { spikes } from '$lib/server/analytics/spikes';
import { trend } from '$lib/server/analytics/trend';
import { emergingTerms } from '$lib/server/analytics/terms';
import { shiftDay, timeless } from '$lib/server/analytics/window';
import type { PageServerLoad } from './$types';

/** Weeks shown in the overview's trend, and the 8 before them that a spike is judged against. */
const SHOWN_WEEKS = 13;
const BASELINE_WEEKS = 8;

export const load: PageServerLoad = async ({ url }) => {
	const filter = parseFilter(url.searchParams);
	const scope = await pageScope(filter);
	const o = await overview(scope, filter);
	if (!o.current) return { filter, dims: dimensions(scope), primaryDim: scope.primaryDim, tz: scope.tz, overview: o, trend: [], trendSpikes: [], movers: null, spikes: [], emerging: [] };
	const lastMonday = mondayOf(o.current.to);
	const history = { ...timeless(filter), from: shiftDay(lastMonday, -7 * (SHOWN_WEEKS + BASELINE_WEEKS - 1)), to: o.current.to };
	const [tr, mv, sp, em] = await Promise.all([
		trend(scope, history, 'week'),
		movers(scope, { ...filter, from: o.current.from, to: o.current.to, preset: undefined }, scope.primaryDim, 10),
		spikes(scope, history, 'week', scope.primaryDim),
		// emerging terms: the spike rule applied to the terms of the tickets
		emergingTerms(scope, history, mondayOf(o.current.from))
	]);
	const firstShown = shiftDay(lastMonday, -7 * (SHOWN_WEEKS - 1));
	const trendSpikes = findSpikes(tr.rows.map((r) => ({ period: r.period, key: '', count: r.count }))).filter((s) => s.period >= firstShown);
	return {
		filter,
		dims: dimensions(scope),
		primaryDim: scope.primaryDim,
		tz: scope.tz,
		overview: o,
		trend: tr.rows.filter((r) => r.period >= firstShown),
		trendSpikes,
		movers: mv,
		spikes: sp.rows.filter((s) => s.period >= mondayOf(o.current!.from)),
		emerging: em
	};
};
