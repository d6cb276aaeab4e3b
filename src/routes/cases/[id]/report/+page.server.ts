import { casePageData } from '$lib/server/rca/page';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ params }) => casePageData(params.id);
