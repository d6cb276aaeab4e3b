import { updateUser } from '$lib/server/auth/accounts';
import { idParam, readJson, respond } from '$lib/server/respond';
import type { RequestHandler } from './$types';

export const PATCH: RequestHandler = ({ params, request }) => respond(async (store) => updateUser(store, idParam(params.id), await readJson(request)));
