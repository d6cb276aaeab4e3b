// "Investigate": a chart's Filter and window become a draft case — title,
// measurable problem statement, baseline — that the user checks and creates.
import { fail, redirect } from '@sveltejs/kit';
import { filterToQuery, parseFilterQuery } from '$lib/filters';
import { baselineFor, effectLabel, problemStatement, windowLabel } from '$lib/rca/draft';
import { compile } from '$lib/server/analytics/scope';
import { pageScope } from '$lib/server/analytics/page';
import { createCase } from '$lib/server/rca/cases';
import { workspace } from '$lib/server/workspace';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => {
	const effect = parseFilterQuery(url.searchParams.get('effect') ?? '');
	// the case's dataset: the one the page was looking at (?dataset=), else the default
	const scope = await pageScope({ dims: {}, dataset: url.searchParams.get('dataset') ?? effect.dataset });
	const dataset = scope.dataset ? String(scope.dataset.id) : '';
	const from = url.searchParams.get('from');
	const to = url.searchParams.get('to');
	if (!from || !to || !/^\d{4}-\d{2}-\d{2}$/.test(from) || !/^\d{4}-\d{2}-\d{2}$/.test(to))
		return { draft: { title: '', problem: '', effect: filterToQuery({ ...effect, dataset: undefined }), window: null, baseline: null, dataset } };
	const window = { from, to };
	const baseline = baselineFor(window);
	const count = async (w: { from: string; to: string }) => {
		const c = compile(scope, { ...effect, ...w, preset: undefined });
		return Number((await scope.store.one<{ n: number }>(`SELECT count(*) AS n FROM tickets WHERE ${c.where}`, c.params))?.n ?? 0);
	};
	const counts = { window: await count(window), baseline: await count(baseline) };
	return {
		draft: {
			title: `${windowLabel(window)} ${effectLabel(effect)} 上升调查`,
			problem: problemStatement(effect, window, baseline, counts),
			effect: filterToQuery({ ...effect, dataset: undefined }),
			window,
			baseline,
			dataset
		}
	};
};

export const actions: Actions = {
	default: async ({ request }) => {
		const form = await request.formData();
		const get = (k: string) => String(form.get(k) ?? '').trim();
		const win = get('window_from') && get('window_to') ? { from: get('window_from'), to: get('window_to') } : null;
		const base = get('baseline_from') && get('baseline_to') ? { from: get('baseline_from'), to: get('baseline_to') } : null;
		let id: number;
		try {
			id = (await createCase(await workspace(), { title: get('title'), problem: get('problem'), effect: get('effect'), owner: get('owner'), window: win, baseline: base, dataset: get('dataset') || null })).id;
		} catch (e) {
			return fail(400, { error: (e as Error).message });
		}
		redirect(303, `/cases/${id}`);
	}
};
