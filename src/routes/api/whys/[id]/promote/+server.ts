import { promoteWhy } from '$lib/server/rca/cases';
import { idParam, readJson, respond } from '$lib/server/respond';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = ({ params, request }) => respond(async (store) => promoteWhy(store, idParam(params.id), await readJson(request)), 201);
