import { deleteDataset, renameDataset } from '$lib/server/datasets';
import { idParam, readJson, respond } from '$lib/server/respond';
import type { RequestHandler } from './$types';

export const PATCH: RequestHandler = ({ params, request }) => respond(async (store) => renameDataset(store, idParam(params.id), String((await readJson(request)).name ?? '')));
export const DELETE: RequestHandler = ({ params, url }) => respond((store) => deleteDataset(store, idParam(params.id), { force: ['1', 'true'].includes(url.searchParams.get('force') ?? '') }));
