import { listDatasets } from '$lib/server/datasets';
import { listImports } from '$lib/server/ingest/importer';
import { workspace } from '$lib/server/workspace';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
	const store = await workspace();
	const [history, datasets] = await Promise.all([listImports(store), listDatasets(store)]);
	return { history, datasets };
};
