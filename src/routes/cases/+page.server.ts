import { error } from '@sveltejs/kit';
import { datasetFor } from '$lib/server/datasets';
import { NotFound } from '$lib/server/errors';
import { listCases } from '$lib/server/rca/cases';
import { caseNews } from '$lib/server/alerts/news';
import { workspace } from '$lib/server/workspace';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url, locals }) => {
	const store = await workspace();
	const dataset = await datasetFor(store, url.searchParams.get('dataset')).catch((e) => {
		if (e instanceof NotFound) error(404, e.message);
		throw e;
	});
	const cases = (await listCases(store, dataset?.id ?? null)).rows;
	const news: Record<number, { sinceOpened: number; sinceLooked: number } | null> = {};
	for (const c of cases) news[c.id] = await caseNews(store, { ...c, causes: [] }, locals.user?.name ?? null);
	return { cases, news };
};
