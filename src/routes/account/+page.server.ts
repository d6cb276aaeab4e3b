import { fail } from '@sveltejs/kit';
import { createToken, listTokens, revokeToken } from '$lib/server/auth/accounts';
import { BadRequest, NotFound } from '$lib/server/errors';
import { workspace } from '$lib/server/workspace';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => ({
	tokens: locals.authOn && locals.user ? await listTokens(await workspace(), locals.user.id) : []
});

export const actions: Actions = {
	create: async ({ request, locals }) => {
		if (!locals.authOn || !locals.user) return fail(400, { error: 'Accounts are off.' });
		const f = await request.formData();
		try {
			return { created: await createToken(await workspace(), locals.user.id, f.get('name'), f.get('expiresInDays')) };
		} catch (e) {
			if (e instanceof BadRequest) return fail(400, { error: e.message });
			throw e;
		}
	},
	revoke: async ({ request, locals }) => {
		if (!locals.authOn || !locals.user) return fail(400, { error: 'Accounts are off.' });
		try {
			await revokeToken(await workspace(), Number((await request.formData()).get('id')), locals.user);
		} catch (e) {
			// someone else's token, or none: the same answer, so ids do not tell which tokens exist
			if (e instanceof NotFound) return fail(404, { error: e.message });
			throw e;
		}
		return { revoked: true };
	}
};
