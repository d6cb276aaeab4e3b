import { casePageData } from '$lib/server/rca/page';
import { caseNews, markLooked } from '$lib/server/alerts/news';
import { workspace } from '$lib/server/workspace';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, depends, locals }) => {
	depends('case:data');
	const data = await casePageData(params.id);
	// new tickets since the case opened / since this user last looked; then this look counts
	const store = await workspace();
	const user = locals.user?.name ?? null;
	const news = await caseNews(store, data.case, user);
	if (user) await markLooked(store, data.case.id, user);
	return { ...data, news };
};
