import { listDatasets } from '$lib/server/datasets';
import { respond } from '$lib/server/respond';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = () => respond(async (store) => ({ rows: await listDatasets(store) }));
