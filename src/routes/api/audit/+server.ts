import { auditLog } from '$lib/server/auth/audit';
import { respond } from '$lib/server/respond';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ url }) => respond(async (store) => ({ rows: await auditLog(store, { limit: Number(url.searchParams.get('limit')) || 200, before: Number(url.searchParams.get('before')) || undefined }) }));
