import { deleteWhy, patchWhy } from '$lib/server/rca/cases';
import { idParam, readJson, respond } from '$lib/server/respond';
import type { RequestHandler } from './$types';

export const PATCH: RequestHandler = ({ params, request }) => respond(async (store) => patchWhy(store, idParam(params.id), await readJson(request)));
export const DELETE: RequestHandler = ({ params }) => respond((store) => deleteWhy(store, idParam(params.id)));
