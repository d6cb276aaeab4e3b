import { casePageData } from '$lib/server/rca/page';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ params, depends }) => {
	depends('case:data');
	return casePageData(params.id);
};
