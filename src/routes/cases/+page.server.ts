import { error } from '@sveltejs/kit';
import { datasetFor } from '$lib/server/datasets';
import { NotFound } from '$lib/server/errors';
import { listCases } from '$lib/server/rca/cases';
import { workspace } from '$lib/server/workspace';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => {
	const store = await workspace();
	const dataset = await datasetFor(store, url.searchParams.get('dataset')).catch((e) => {
		if (e instanceof NotFound) error(404, e.message);
		throw e;
	});
	return { cases: (await listCases(store, dataset?.id ?? null)).rows };
};
