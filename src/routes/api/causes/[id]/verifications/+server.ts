import { verify } from '$lib/server/rca/analysis';
import { idParam, readJson, respond } from '$lib/server/respond';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = ({ params, request }) => respond(async (store) => verify(store, idParam(params.id), await readJson(request)), 201);
