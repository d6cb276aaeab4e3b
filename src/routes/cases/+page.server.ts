import { listCases } from '$lib/server/rca/cases';
import { workspace } from '$lib/server/workspace';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => ({ cases: (await listCases(await workspace())).rows });
