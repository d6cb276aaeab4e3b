import { auditLog } from '$lib/server/auth/audit';
import { workspace } from '$lib/server/workspace';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => ({ rows: await auditLog(await workspace(), { limit: 200, before: Number(url.searchParams.get('before')) || undefined }) });
