import { headerDatasets } from '$lib/server/datasets';
import { scopeFor } from '$lib/server/analytics/scope';
import { workspace } from '$lib/server/workspace';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals, url }) => {
	const base = { lang: locals.lang, user: locals.user, authOn: locals.authOn };
	// the dataset switcher: only for someone who may read the data
	if (locals.authOn && !locals.user) return { ...base, datasets: [], dataset: null };
	const store = await workspace();
	const scope = await scopeFor(store, url.searchParams.get('dataset')).catch(() => null);
	const dataset = scope?.dataset ? { ...scope.dataset, latestDay: scope.latestDay } : null;
	return { ...base, datasets: await headerDatasets(store), dataset };
};
