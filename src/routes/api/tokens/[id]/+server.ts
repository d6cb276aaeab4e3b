import { revokeToken } from '$lib/server/auth/accounts';
import { accountOf } from '$lib/server/auth/guard';
import { idParam, respond } from '$lib/server/respond';
import type { RequestHandler } from './$types';

export const DELETE: RequestHandler = ({ locals, params }) =>
	respond(async (store) => {
		await revokeToken(store, idParam(params.id), accountOf(locals.user));
		return { revoked: Number(params.id) };
	});
