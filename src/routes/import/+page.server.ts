import { listImports } from '$lib/server/ingest/importer';
import { workspace } from '$lib/server/workspace';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => ({ history: await listImports(await workspace()) });
