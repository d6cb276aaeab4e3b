import { overview } from '$lib/server/overview';
import { workspace } from '$lib/server/workspace';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => ({ overview: await overview(await workspace()) });
