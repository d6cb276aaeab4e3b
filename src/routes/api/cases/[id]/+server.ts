import { getCase, patchCase } from '$lib/server/rca/cases';
import { idParam, readJson, respond } from '$lib/server/respond';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ params }) => respond((store) => getCase(store, idParam(params.id)));
export const PATCH: RequestHandler = ({ params, request }) => respond(async (store) => patchCase(store, idParam(params.id), await readJson(request)));
