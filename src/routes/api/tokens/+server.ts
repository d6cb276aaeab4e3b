import { createToken, listTokens } from '$lib/server/auth/accounts';
import { accountOf } from '$lib/server/auth/guard';
import { readJson, respond } from '$lib/server/respond';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals }) => respond(async (store) => ({ rows: await listTokens(store, accountOf(locals.user).id) }));
/** The token is in this answer only: it is stored as its hash. */
export const POST: RequestHandler = ({ locals, request }) =>
	respond(async (store) => {
		const b = await readJson(request);
		return createToken(store, accountOf(locals.user).id, b.name, b.expiresInDays);
	}, 201);
