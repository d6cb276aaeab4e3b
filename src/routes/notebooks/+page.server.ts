import { listNotebooks, notebooksDir } from '$lib/server/notebooks/run';
import type { PageServerLoad } from './$types';

// The folder's absolute path says where the server lives on disk: admins only.
export const load: PageServerLoad = ({ locals }) => ({ notebooks: listNotebooks(), dir: locals.user?.role === 'admin' ? notebooksDir() : null });
