import { listAlerts } from '$lib/server/alerts/evaluate';
import { listRules, publicRule } from '$lib/server/alerts/rules';
import { listNotebooks } from '$lib/server/notebooks/run';
import { dimensions, scopeFor } from '$lib/server/analytics/scope';
import { workspace } from '$lib/server/workspace';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url, locals }) => {
	const store = await workspace();
	const focus = Number(url.searchParams.get('alert')) || null;
	return {
		rules: (await listRules(store)).map(publicRule),
		alerts: await listAlerts(store, { limit: 500 }),
		dims: dimensions(await scopeFor(store)),
		notebooks: listNotebooks().map((n) => n.slug),
		focus,
		canEdit: locals.user?.role === 'analyst' || locals.user?.role === 'admin'
	};
};
