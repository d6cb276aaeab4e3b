import { fail } from '@sveltejs/kit';
import { createToken, listTokens, revokeToken } from '$lib/server/auth/accounts';
import { BadRequest, NotFound } from '$lib/server/errors';
import { SESSION_COOKIE } from '$lib/server/auth/mode';
import { changeOwnPassword, type PasswordRefusal } from '$lib/server/auth/password';
import { workspace } from '$lib/server/workspace';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => ({
	// a viewer has no use for upload tokens (the token carries the viewer role, which cannot import)
	tokens: locals.authOn && locals.user && locals.user.role !== 'viewer' ? await listTokens(await workspace(), locals.user.id) : []
});

export const actions: Actions = {
	password: async ({ request, locals, cookies }) => {
		if (!locals.authOn || !locals.user) return fail(400, { password: { field: 'current', key: 'account.off' } as PasswordRefusal });
		const f = await request.formData();
		const refused = await changeOwnPassword(await workspace(), locals.user.id, cookies.get(SESSION_COOKIE), f.get('current'), f.get('next'), f.get('repeat'));
		if (refused) return fail(400, { password: refused });
		return { passwordChanged: true };
	},
	create: async ({ request, locals }) => {
		if (!locals.authOn || !locals.user) return fail(400, { error: 'Accounts are off.' });
		if (locals.user.role === 'viewer') return fail(403, { error: 'A viewer cannot import: an upload token is of no use.' });
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
