import { patchAction } from '$lib/server/rca/cases';
import { idParam, readJson, respond } from '$lib/server/respond';
import type { RequestHandler } from './$types';

export const PATCH: RequestHandler = ({ params, request }) => respond(async (store) => patchAction(store, idParam(params.id), await readJson(request)));
