import { listAlerts } from '$lib/server/alerts/evaluate';
import { listRules, publicRule } from '$lib/server/alerts/rules';
import { listNotebooks } from '$lib/server/notebooks/run';
import { dimensions, scopeFor } from '$lib/server/analytics/scope';
import { workspace } from '$lib/server/workspace';
import { getCase } from '$lib/server/rca/cases';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url, locals }) => {
	const store = await workspace();
	const focus = Number(url.searchParams.get('alert')) || null;
	// one dataset's rules and alerts (?dataset=, else the one most recently imported into); rules made before any dataset show everywhere
	// "tell me when this comes back": a rule drafted from a case (its effect, its dataset)
	const caseParam = Number(url.searchParams.get('case')) || null;
	const forCase = caseParam ? await getCase(store, caseParam).catch(() => null) : null;
	const scope = forCase ? await scopeFor(store, { id: forCase.datasetId }) : await scopeFor(store, url.searchParams.get('dataset'));
	const datasetId = scope.dataset?.id ?? null;
	return {
		rules: (await listRules(store)).filter((r) => r.datasetId === null || r.datasetId === datasetId).map(publicRule),
		alerts: await listAlerts(store, { limit: 500, datasetId: datasetId ?? -1 }),
		dims: dimensions(scope),
		dataset: scope.dataset,
		notebooks: listNotebooks().map((n) => n.slug),
		focus,
		forCase: forCase ? { id: forCase.id, title: forCase.title, effect: forCase.effect } : null,
		canEdit: locals.user?.role === 'analyst' || locals.user?.role === 'admin'
	};
};
