import { listNotebooks, notebooksDir } from '$lib/server/notebooks/run';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = () => ({ notebooks: listNotebooks(), dir: notebooksDir() });
